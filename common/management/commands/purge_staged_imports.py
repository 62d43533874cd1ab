"""Delete import uploads left staged by previews nobody confirmed or cancelled. Run it from cron,
e.g. hourly: `manage.py purge_staged_imports`. Uploads also go when confirmed or cancelled, and
each new upload sweeps the old ones, but a quiet week would otherwise keep them."""

from django.core.management.base import BaseCommand

from common.spreadsheets import STAGING_MAX_AGE, purge_staged


class Command(BaseCommand):
    help = "Delete staged import uploads older than --max-age seconds (default: six hours)."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=STAGING_MAX_AGE, help="seconds (default %(default)s)")

    def handle(self, *args, max_age, **options):
        if max_age < 0:
            self.stderr.write("--max-age must be zero or more seconds.")
            raise SystemExit(2)
        deleted = purge_staged(max_age)
        if options["verbosity"]:
            self.stdout.write(f"{deleted} staged import file(s) older than {max_age} seconds deleted.")
