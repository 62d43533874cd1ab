"""What an officer checks each morning, for the admin's front page: a fixed number of queries
whatever the size of the registries."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from cooperatives.models import Cooperative
from enterprises.models import Enterprise, Person
from markets.models import Market
from programs.models import Participant, Program
from regions.models import Kecamatan

LIST_LENGTH = 10


@dataclass
class Dashboard:
    today: object
    running: list
    upcoming: list
    open_registrations: list
    rat_overdue: list
    rat_overdue_count: int
    kecamatan_not_reached: list
    kecamatan_total: int
    totals: dict


def build_dashboard(today=None):
    today = today or timezone.localdate()
    current = list(
        Program.objects.filter(end_date__gte=today)
        .with_places_taken()
        .order_by("start_date", "title")[: LIST_LENGTH * 2]
    )
    open_registrations = list(
        Program.objects.open_for_registration(today)
        .annotate(applicants=Count("participants", filter=Q(participants__status=Participant.Status.APPLIED)))
        .order_by("registration_closes_on", "start_date")[:LIST_LENGTH]
    )
    overdue = Cooperative.objects.with_status(today).rat_overdue(today)
    reached = (
        Participant.objects.taking_part().filter(program__start_date__year=today.year).values("person__kecamatan_id")
    )
    district = list(Kecamatan.objects.of_portal_district().order_by("name").values_list("code", "name"))
    reached_codes = set(reached.values_list("person__kecamatan_id", flat=True).distinct())
    # All UMKM on record, and those a public application created that staff have not confirmed yet
    # (the public figures count only the confirmed ones): one query for both.
    enterprises = Enterprise.objects.aggregate(total=Count("pk"), unverified=Count("pk", filter=Q(verified=False)))
    return Dashboard(
        today=today,
        running=[p for p in current if p.start_date <= today][:LIST_LENGTH],
        upcoming=[p for p in current if p.start_date > today][:LIST_LENGTH],
        open_registrations=open_registrations,
        rat_overdue=list(overdue.select_related("kecamatan").order_by("last_rat_book_year", "name")[:LIST_LENGTH]),
        rat_overdue_count=overdue.count(),
        kecamatan_not_reached=[(code, name) for code, name in district if code not in reached_codes],
        kecamatan_total=len(district),
        totals={
            "people": Person.objects.count(),
            "enterprises": enterprises["total"],
            "enterprises_unverified": enterprises["unverified"],
            "cooperatives": Cooperative.objects.count(),
            "markets": Market.objects.count(),
            "programs": Program.objects.count(),
        },
    )
