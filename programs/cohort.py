"""A program's cohort in the back office: its summary at a glance, and the status changes and
certificate numbers staff give many participants at once.

(Selecting and rejecting applicants, with the quota, belongs to the applications module.)
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from enterprises.models import Sex
from programs import places
from programs.models import Participant, Program, TargetGroup
from programs.rules import attendance_days_so_far, before_start_problem, places_left

Status = Participant.Status

# Bulk status changes staff may make, and the statuses they may start from.
ALLOWED_FROM = {
    Status.ATTENDED: {Status.SELECTED, Status.ATTENDED},
    Status.COMPLETED: {Status.SELECTED, Status.ATTENDED, Status.COMPLETED},
    Status.DROPPED: {Status.APPLIED, Status.SELECTED, Status.ATTENDED},
}


@dataclass
class CohortSummary:
    quota: int
    in_cohort: int = 0
    applied: int = 0
    dropped_or_rejected: int = 0
    by_kecamatan: list = field(default_factory=list)  # [(kecamatan name, count)], most first
    by_sex: list = field(default_factory=list)  # [(label, count)]
    by_group: list = field(default_factory=list)  # [(label, count)]

    @property
    def places_left(self):
        return places_left(quota=self.quota, taken=self.in_cohort)

    @property
    def over_quota(self):
        return bool(self.quota) and self.in_cohort > self.quota


def cohort_summary(program):
    """Count against quota, spread over kecamatan, sex and target group: two aggregate queries."""
    in_cohort = Q(status__in=Participant.TAKING_PART)
    figures = program.participants.aggregate(
        in_cohort=Count("pk", filter=in_cohort),
        applied=Count("pk", filter=Q(status=Status.APPLIED)),
        dropped_or_rejected=Count("pk", filter=Q(status__in=[Status.DROPPED, Status.REJECTED])),
        n_male=Count("pk", filter=in_cohort & Q(person__sex=Sex.MALE)),
        n_female=Count("pk", filter=in_cohort & Q(person__sex=Sex.FEMALE)),
        n_umkm=Count("pk", filter=in_cohort & Q(enterprise__isnull=False)),
        n_cooperative=Count("pk", filter=in_cohort & Q(cooperative__isnull=False)),
        n_individual=Count("pk", filter=in_cohort & Q(enterprise__isnull=True, cooperative__isnull=True)),
    )
    by_kecamatan = list(
        program.participants.filter(in_cohort)
        .values_list("person__kecamatan__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "person__kecamatan__name")
    )
    return CohortSummary(
        quota=program.quota,
        in_cohort=figures["in_cohort"],
        applied=figures["applied"],
        dropped_or_rejected=figures["dropped_or_rejected"],
        by_kecamatan=by_kecamatan,
        by_sex=[(Sex.FEMALE.label, figures["n_female"]), (Sex.MALE.label, figures["n_male"])],
        by_group=[
            (TargetGroup.UMKM.label, figures["n_umkm"]),
            (TargetGroup.COOPERATIVE_MANAGERS.label, figures["n_cooperative"]),
            (_("perorangan"), figures["n_individual"]),
        ],
    )


@dataclass
class StatusChange:
    changed: int
    skipped: int


def set_status(*, participants, status, user=None):
    """Gives `status` to every participant allowed to move to it (ALLOWED_FROM); the others are
    left as they are and counted. Recorded in the audit trail as `user`'s change. Goes through
    places.give_places for each program (locked in primary-key order before the participants'
    rows), so a status that holds a place is never given beyond the quota: QuotaExceeded, and
    nothing changes."""
    if status not in ALLOWED_FROM:
        raise ValidationError(_("Status ini tidak dapat diberikan secara massal."))
    with transaction.atomic():
        program_ids = sorted(set(participants.order_by().values_list("program_id", flat=True)))
        list(Program.objects.select_for_update().filter(pk__in=program_ids).order_by("pk").values_list("pk"))
        rows = list(participants.select_for_update())
        already = sum(1 for p in rows if p.status == status)
        movable = [p for p in rows if p.status in ALLOWED_FROM[status] and p.status != status]
        programs = {program.pk: program for program in Program.objects.filter(pk__in=program_ids).order_by("pk")}
        _refuse_before_start(programs.values(), {p.program_id for p in movable}, status=status)
        for program in programs.values():
            places.give_places(program=program, changes=[(p.pk, status) for p in movable if p.program_id == program.pk])
        now = timezone.now()
        fields = ["status", "updated_at"]
        for participant in movable:
            participant.status = status
            participant.updated_at = now
        if status == Status.ATTENDED:
            # Marked present: the days held so far, unless staff counted them already.
            fields.append("attendance_days")
            for participant in movable:
                if participant.attendance_days is None:
                    program = programs[participant.program_id]
                    participant.attendance_days = attendance_days_so_far(
                        start_date=program.start_date, end_date=program.end_date
                    )
        if movable:
            bulk_update_with_history(movable, Participant, fields, default_user=user)
    return StatusChange(changed=len(movable), skipped=len(rows) - len(movable) - already)


def _refuse_before_start(programs, program_ids, *, status="", certificate=False):
    """ValidationError naming the programs among `program_ids` that have not started, where
    `status` or a certificate number would record them as held (rules.before_start_problem)."""
    problems = []
    for program in programs:
        if program.pk not in program_ids:
            continue
        problem = before_start_problem(
            start_date=program.start_date,
            status=status,
            certificate_number="-" if certificate else "",
            status_label=Status(status).label if status else "",
        )
        if problem:
            problems.append(f"{program.title}: {problem}")
    if problems:
        raise ValidationError(" ".join(problems))


def certificate_number(prefix, number, digits=3):
    return f"{prefix}{number:0{digits}d}"


def assign_certificate_numbers(*, participants, prefix, start, digits=3, user=None):
    """Numbers the certificates of completed participants of one program in sequence
    (prefix + zero-padded number), in alphabetical order of their names. All or nothing."""
    if start < 1:
        raise ValidationError(_("Nomor awal paling kecil 1."))
    with transaction.atomic():
        rows = list(participants.select_related("person").order_by("person__full_name", "pk").select_for_update())
        if not rows:
            raise ValidationError(_("Pilih setidaknya satu peserta."))
        program_ids = {p.program_id for p in rows}
        if len(program_ids) > 1:
            raise ValidationError(
                _("Nomor sertifikat diberikan per pelatihan; pilih peserta dari satu pelatihan saja.")
            )
        _refuse_before_start(Program.objects.filter(pk__in=program_ids), program_ids, certificate=True)
        not_completed = [p.person.full_name for p in rows if p.status != Status.COMPLETED]
        if not_completed:
            raise ValidationError(
                _("Nomor sertifikat hanya untuk peserta yang lulus. Belum lulus: %(names)s."),
                params={"names": ", ".join(not_completed)},
            )
        numbers = [certificate_number(prefix, start + offset, digits) for offset in range(len(rows))]
        taken = list(
            Participant.objects.filter(program_id=rows[0].program_id, certificate_number__in=numbers)
            .exclude(pk__in=[p.pk for p in rows])
            .values_list("certificate_number", flat=True)
        )
        if taken:
            raise ValidationError(
                _("Nomor sertifikat %(numbers)s sudah dipakai peserta lain di pelatihan ini; mulai dari nomor lain."),
                params={"numbers": ", ".join(sorted(taken))},
            )
        # Cleared first so that renumbering within the selection never meets itself in the unique index.
        Participant.objects.filter(pk__in=[p.pk for p in rows]).update(certificate_number="")
        now = timezone.now()
        for participant, number in zip(rows, numbers, strict=True):
            participant.certificate_number = number
            participant.updated_at = now
        bulk_update_with_history(rows, Participant, ["certificate_number", "updated_at"], default_user=user)
    return numbers
