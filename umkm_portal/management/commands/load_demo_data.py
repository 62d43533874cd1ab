import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from umkm_portal.demo import DEFAULT_ENTERPRISES, build_demo


class Command(BaseCommand):
    help = (
        "Build the Kabupaten Serang demo data set (idempotent). Scale it up for load tests with "
        "--enterprises 100000 --participants 50000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=DEFAULT_ENTERPRISES, help="registry enterprises")
        parser.add_argument("--participants", type=int, default=0, help="extra participants in synthetic programs")
        parser.add_argument(
            "--price-days", type=int, default=None, help="days of market prices up to yesterday (default 730)"
        )

    def handle(self, *args, enterprises, participants, price_days, **options):
        if enterprises < 0 or participants < 0 or (price_days or 0) < 0:
            raise CommandError("--enterprises, --participants and --price-days take a whole number of 0 or more.")
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            # The portal's statement timeout (DB_STATEMENT_TIMEOUT) guards requests; a million
            # rows written in one statement (the search index, the history) take longer.
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        try:
            result = build_demo(enterprises=enterprises, participants=participants, price_days=price_days)
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Demo data: {result.enterprises} enterprises, {result.people} people, {result.programs} programs, "
            f"{result.participants} participants, {result.cooperatives} cooperatives, {result.markets} markets "
            f"({time.perf_counter() - started:.1f} s)"
        )
