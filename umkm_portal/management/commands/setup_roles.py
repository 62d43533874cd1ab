from django.core.management.base import BaseCommand

from umkm_portal.roles import ensure_roles


class Command(BaseCommand):
    help = "Create or update the staff groups per bidang (Koperasi, UMKM, Perindustrian, Perdagangan, …)."

    def handle(self, *args, **options):
        for name, count in ensure_roles().items():
            self.stdout.write(f"{name}: {count} permissions")
