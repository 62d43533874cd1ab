from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """`migrate` also creates the database cache's table (CACHE_URL=dbcache://…, the default), so
    every way of setting up a database (make setup, a deployment, the test database) has it.
    createcachetable does nothing for other cache backends or when the table exists."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CommonConfig(AppConfig):
    """The shared base below every domain app: lists, exports, spreadsheets, admin tools, the
    abstract model and the export log. It imports no domain app."""

    name = "common"
    verbose_name = _("Portal UMKM")

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="common.create_cache_table")
        from django.db.backends.signals import connection_created

        from common.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="portal-fold-sqlite")
