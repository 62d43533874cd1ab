from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from regions.services import UnknownDistrict, load_district


class Command(BaseCommand):
    help = "Load a district's kecamatan and desa by its Kemendagri code (default: PORTAL_DISTRICT)."

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="*", help="kabupaten codes such as 36.04 or 33.25")

    def handle(self, *args, codes, **options):
        for code in codes or [settings.PORTAL_DISTRICT]:
            try:
                result = load_district(code=code)
            except UnknownDistrict:
                raise CommandError(f"No kabupaten/kota has the code {code!r} (expected e.g. 36.04).") from None
            self.stdout.write(
                f"{result.kabupaten.name} ({code}): {result.kecamatan_count} kecamatan, "
                f"{result.desa_count} desa/kelurahan"
            )
            if not result.has_desa_file:
                self.stderr.write(
                    f"No desa list is shipped for {code}; add regions/data/desa_{code}.csv "
                    "from the same Kemendagri source to load its desa."
                )
