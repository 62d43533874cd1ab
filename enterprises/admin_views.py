"""Admin screens for importing enterprises into the registry, built on `common.admin_imports`.

Hook: `class EnterpriseAdmin(EnterpriseImportMixin, admin.ModelAdmin)` adds the URLs.
"""

from django.urls import path, reverse
from django.utils.translation import gettext as _

from common.admin_imports import ImportFlow
from common.permissions import PERSONAL_IDENTIFIERS
from enterprises import imports


class EnterpriseImportFlow(ImportFlow):
    purpose = "umkm"
    fields = imports.ENTERPRISE_FIELDS
    required = imports.ENTERPRISE_REQUIRED
    labels = imports.ENTERPRISE_LABELS
    template = imports.ENTERPRISE_TEMPLATE
    choices = imports.ENTERPRISE_CHOICES
    permissions = ("enterprises.add_enterprise", "enterprises.add_person", PERSONAL_IDENTIFIERS)

    def place_names(self):
        return imports.place_names()

    def title(self, target):
        return _("Impor UMKM ke registri")

    def plan(self, target, table):
        return imports.plan_enterprise_import(table=table)

    def save(self, target, table, *, user, source):
        return imports.import_enterprises(table=table, user=user, source=source)

    def done_url(self, target):
        return reverse("admin:enterprises_enterprise_changelist")

    def urls(self, target):
        return {
            "upload": reverse("admin:enterprises_enterprise_import"),
            "mapping": lambda token: reverse("admin:enterprises_enterprise_import_mapping", args=[token]),
            "preview": lambda token: reverse("admin:enterprises_enterprise_import_preview", args=[token]),
            "template_csv": reverse("admin:enterprises_enterprise_import_template", args=["csv"]),
            "template_xlsx": reverse("admin:enterprises_enterprise_import_template", args=["xlsx"]),
            "back": reverse("admin:enterprises_enterprise_changelist"),
        }


class EnterpriseImportMixin:
    """For EnterpriseAdmin: the import screens under /admin/enterprises/enterprise/impor/."""

    def get_urls(self):
        flow = EnterpriseImportFlow(self)
        wrap = self.admin_site.admin_view
        return [
            path("impor/", wrap(flow.upload_view), name="enterprises_enterprise_import"),
            path("impor/<str:token>/", wrap(flow.preview_view), name="enterprises_enterprise_import_preview"),
            path("impor/<str:token>/kolom/", wrap(flow.mapping_view), name="enterprises_enterprise_import_mapping"),
            path(
                "impor-templat.<str:file_format>",
                wrap(flow.template_view),
                name="enterprises_enterprise_import_template",
            ),
        ] + super().get_urls()
