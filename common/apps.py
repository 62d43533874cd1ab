from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """The shared base below every domain app: lists, exports, spreadsheets, admin tools, the
    abstract model and the export log. It imports no domain app."""

    name = "common"
    verbose_name = _("Portal UMKM")

    def ready(self):
        from django.db.backends.signals import connection_created

        from common.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="portal-fold-sqlite")
