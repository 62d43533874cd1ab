from django.apps import AppConfig
from django.core.signals import setting_changed
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """`migrate` also creates the database cache's table (CACHE_URL=dbcache://…, the default), so
    every way of setting up a database (make setup, a deployment, the test database) has it.
    createcachetable does nothing for other cache backends or when the table exists."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


def agency_saved(sender, **kwargs):
    """A saved identity shows on the next page, cached fragments included (a program's contact)."""
    from django.db import transaction

    from common.agency import forget_agency
    from common.caching import bump_data_version

    forget_agency()
    transaction.on_commit(forget_agency)  # a page read meanwhile may have cached the uncommitted row
    bump_data_version()


def agency_setting_changed(setting, **kwargs):
    if setting.startswith("PORTAL_AGENCY_"):  # tests that override_settings
        from common.agency import forget_agency

        forget_agency()


class CommonConfig(AppConfig):
    """The shared base below every domain app: lists, exports, spreadsheets, admin tools, the
    abstract model and the export log. It imports no domain app."""

    name = "common"
    verbose_name = _("Portal UMKM")

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="common.create_cache_table")
        post_save.connect(agency_saved, sender=self.get_model("AgencyProfile"), dispatch_uid="common.agency_saved")
        setting_changed.connect(agency_setting_changed, dispatch_uid="common.agency_setting_changed")
        from django.db.backends.signals import connection_created

        from common.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="portal-fold-sqlite")
