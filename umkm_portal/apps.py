from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

# The records the public pages read (figures, lists, filter choices): saving or deleting one
# makes every cached public value stale (common.caching).
PUBLIC_MODELS = [
    "enterprises.Enterprise",
    "enterprises.AnnualReport",
    "cooperatives.Cooperative",
    "cooperatives.RatRecord",
    "markets.Market",
    "markets.Relocation",
    "programs.Program",
    "programs.Participant",
    "programs.Partner",
    "regions.Kabupaten",
    "regions.Kecamatan",
    "regions.Desa",
]


class PortalConfig(AppConfig):
    name = "umkm_portal"
    verbose_name = _("Portal UMKM")

    def ready(self):
        from common.caching import bump_data_version

        for label in PUBLIC_MODELS:
            model = self.apps.get_model(label)
            post_save.connect(bump_data_version, sender=model, dispatch_uid=f"public-cache-save-{label}")
            post_delete.connect(bump_data_version, sender=model, dispatch_uid=f"public-cache-delete-{label}")
        partners = self.apps.get_model("programs.Program").partners.through
        m2m_changed.connect(bump_data_version, sender=partners, dispatch_uid="public-cache-partners")
