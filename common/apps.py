from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """The shared base below every domain app: lists, exports, spreadsheets, admin tools, the
    abstract model and the export log. It imports no domain app."""

    name = "common"
    verbose_name = _("Portal UMKM")
