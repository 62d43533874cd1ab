"""Writes across models for applying to a program and selecting its cohort.

The public form and the admin call these functions; they validate, run in one transaction and
leave nothing half-saved. Concurrency is settled by the database: the `participant_once_per_program`
constraint for duplicate applications, a row lock on the program for the quota.
"""

import datetime
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.matching import match_enterprise, people_by_nik
from enterprises.models import Enterprise, Person
from programs import places, rules
from programs.models import Participant, Program
from programs.places import QuotaExceeded  # noqa: F401  (raised by select; callers catch it here)
from programs.rules import new_reference_code

# Statuses counted as "trained" when judging earlier trainings.
TRAINED = [Participant.Status.ATTENDED, Participant.Status.COMPLETED]
SELECTABLE = [Participant.Status.APPLIED, Participant.Status.REJECTED]
REJECTABLE = [Participant.Status.APPLIED, Participant.Status.SELECTED]


class ApplicationRefused(Exception):
    """The application was not recorded; `message` says why, kindly, in the user's language."""

    message = ""

    def __str__(self):
        return str(self.message)


class RegistrationClosed(ApplicationRefused):
    message = _("Pendaftaran pelatihan ini sudah ditutup, sehingga formulir Anda tidak diproses.")


class AlreadyApplied(ApplicationRefused):
    message = _(
        "NIK ini sudah terdaftar di pelatihan ini, jadi pendaftaran tidak perlu diulang. "
        "Gunakan kode referensi yang Anda terima saat mendaftar untuk mengecek statusnya, "
        "atau minta dikirim ulang lewat halaman «Kode referensi hilang»."
    )


@dataclass(frozen=True)
class Application:
    """What the public form collects, already validated (programs.forms.ApplicationForm)."""

    full_name: str
    nik: str
    sex: str
    birth_date: datetime.date
    phone: str
    kecamatan_id: str
    desa_id: str
    enterprise_name: str
    sector: str
    products: str
    nib: str | None
    turnover_band: str
    motivation: str
    consent: bool  # explicit consent to processing the personal data (UU 27/2022)
    email: str = ""  # where the reference code and the selection result are sent, when given


class _ReferenceClash(Exception):
    pass


def apply(*, program, application, now=None):
    """Record `application` for `program` with status "applied" and a fresh reference code.

    The person is matched by NIK, the enterprise by NIB or by owner and name; either is created
    when missing. Raises RegistrationClosed (also for a form posted after closing) or AlreadyApplied
    (also when two submissions race: the database constraint decides and the loser's writes are
    rolled back). Returns the Participant.
    """
    if not application.consent:
        raise ValueError("An application is recorded only with the applicant's consent (UU 27/2022).")
    now = now or timezone.now()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return _apply_once(program.pk, application, now)
        except _ReferenceClash:
            continue
    raise RuntimeError("Five reference codes in a row were taken; the code space is exhausted.")


def _apply_once(program_id, application, now):
    program = Program.objects.get(pk=program_id)  # read afresh: the form may be older than a close
    if not program.is_registration_open(timezone.localdate(now)):
        raise RegistrationClosed
    person = _person_for(application)
    if Participant.objects.filter(program=program, person=person).exists():
        raise AlreadyApplied
    participant = Participant(
        program=program,
        person=person,
        enterprise=_enterprise_for(person, application),
        nib_given=application.nib or "",
        status=Participant.Status.APPLIED,
        reference_code=new_reference_code(),
        applied_at=now,
        consent_given_at=now,
        motivation=application.motivation,
        turnover_band=application.turnover_band,
    )
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError:
        # A simultaneous submission with the same NIK committed first (participant_once_per_program);
        # raising here rolls back everything this one wrote. Otherwise the reference code clashed.
        if Participant.objects.filter(program=program, person=person).exists():
            raise AlreadyApplied from None
        raise _ReferenceClash from None
    return participant


def _person_for(application):
    person = people_by_nik([application.nik]).get(application.nik)
    if person is None:
        person = Person(
            full_name=application.full_name,
            nik=application.nik,
            sex=application.sex,
            birth_date=application.birth_date,
            birth_year=application.birth_date.year,
            phone=application.phone,
            email=application.email,
            kecamatan_id=application.kecamatan_id,
            desa_id=application.desa_id,
            verified=False,  # a public form's record waits for staff (enterprises.services.confirm_verified)
        )
        person.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError:  # the same NIK was registered a moment ago by another request
            person = Person.objects.get(nik=application.nik)
        return person
    # A known person: the registry is the staff's record, so the public form only fills gaps.
    changed = []
    if not person.phone:
        person.phone, changed = application.phone, [*changed, "phone"]
    if not person.email and application.email:
        person.email, changed = application.email, [*changed, "email"]
    if not person.birth_date:
        person.birth_date, person.birth_year = application.birth_date, application.birth_date.year
        changed += ["birth_date", "birth_year"]
    if not person.desa_id and person.kecamatan_id == application.kecamatan_id:
        person.desa_id, changed = application.desa_id, [*changed, "desa"]
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    return person


def _enterprise_for(person, application):
    """The applicant's enterprise (enterprises.matching): by NIB when it is theirs, else by their
    enterprise of the same name, else a new one. A NIB that belongs to another owner's enterprise
    is not linked (anyone may type a NIB); the participant keeps it as given (`nib_given`) and the
    selection desk shows the conflict."""
    nib = application.nib
    match = match_enterprise(nib=nib, owner=person, name=application.enterprise_name)
    if match.enterprise_id is not None:
        enterprise = Enterprise.objects.get(pk=match.enterprise_id)
        if nib and not enterprise.nib and not match.nib_registered:
            enterprise.nib = nib
            enterprise.save(update_fields=["nib", "updated_at"])
        return enterprise
    enterprise = Enterprise(
        name=application.enterprise_name,
        owner=person,
        sector=application.sector,
        products=application.products,
        kecamatan_id=application.kecamatan_id,
        desa_id=application.desa_id,
        nib=None if match.nib_registered else nib,
        verified=False,
    )
    enterprise.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError:  # the same NIB was registered a moment ago by another request
        taken = Enterprise.objects.get(nib=nib)
        if taken.owner_id == person.pk:
            return taken
        enterprise.pk, enterprise.nib = None, None
        enterprise.save()
    return enterprise


def find_application(*, reference_code, nik):
    """The participation with this reference code AND this NIK, or None; never says which one failed."""
    if not reference_code or not nik:
        return None
    return (
        Participant.objects.select_related("program")
        .filter(reference_code=reference_code, person__nik=nik)
        .only("status", "reference_code", "program__title", "program__start_date", "program__end_date")
        .first()
    )


# --- Selecting the cohort -------------------------------------------------------------------


@dataclass
class SelectionResult:
    selected: int = 0
    unchanged: int = 0


def select(*, participant_ids, now=None):
    """Mark these applicants selected, all or nothing: when any program's quota would be exceeded,
    QuotaExceeded is raised and nothing changes. The programs' rows are locked first, in
    primary-key order (so two staff selecting across the same programs cannot deadlock), then each
    program's places are given through places.give_places. Participants not in an applied/rejected
    status are left as they are and counted as unchanged."""
    now = now or timezone.now()
    ids = list(participant_ids)
    result = SelectionResult()
    with transaction.atomic():
        program_ids = set(Participant.objects.filter(pk__in=ids).values_list("program_id", flat=True))
        programs = list(Program.objects.select_for_update().filter(pk__in=program_ids).order_by("pk"))
        for program in programs:
            candidates = Participant.objects.filter(pk__in=ids, program=program, status__in=SELECTABLE)
            result.selected += places.give_places(
                program=program,
                changes=[(pk, Participant.Status.SELECTED) for pk in candidates.values_list("pk", flat=True)],
                write=lambda _locked, candidates=candidates: candidates.update(
                    status=Participant.Status.SELECTED, updated_at=now
                ),
            )
    result.unchanged = len(set(ids)) - result.selected
    return result


def reject(*, participant_ids, now=None):
    """Mark applied or selected applicants "not selected" (a selected one frees a place). Returns
    how many changed."""
    now = now or timezone.now()
    with transaction.atomic():
        return Participant.objects.filter(pk__in=list(participant_ids), status__in=REJECTABLE).update(
            status=Participant.Status.REJECTED, updated_at=now
        )


# --- The spread helper ------------------------------------------------------------------------


@dataclass
class SpreadPick:
    participant: Participant
    kecamatan_reached_before: bool
    trained_before: bool
    round: int  # 1 = the first of its kecamatan in this cohort, 2 = the second, ...


@dataclass
class SpreadProposal:
    program: Program
    places_left: int
    picks: list = field(default_factory=list)
    waiting: int = 0  # applicants left for staff to consider


def propose_spread(*, program):
    """Propose whom to select for the places left, for reach across the district's kecamatan.

    Applicants are taken one at a time, always the best by, in order:
      1. fewest people already in the cohort from their kecamatan (selected so far, plus those
         proposed before them): one per kecamatan before a second from any;
      2. a kecamatan no earlier program reached (attended or completed, program started before
         this one) before one already reached;
      3. a person never trained before (attended or completed another program) before one who was;
      4. earlier application first (then the order of records).
    Nothing is written: staff review the proposal, confirm it through `select` and then adjust.
    """
    taken = Participant.objects.taking_part().filter(program=program)
    places_left = rules.places_left(quota=program.quota, taken=taken.count())
    if places_left is None:  # no quota: propose every applicant
        places_left = Participant.objects.filter(program=program, status=Participant.Status.APPLIED).count()
    in_cohort = Counter(taken.order_by().values_list("person__kecamatan_id", flat=True))
    reached_before = set(
        Participant.objects.filter(status__in=TRAINED, program__start_date__lt=program.start_date)
        .exclude(program=program)
        .order_by()
        .values_list("person__kecamatan_id", flat=True)
        .distinct()
    )
    trained = Participant.objects.filter(person=OuterRef("person"), status__in=TRAINED).exclude(program=program)
    candidates = list(
        Participant.objects.filter(program=program, status=Participant.Status.APPLIED)
        .select_related("person__kecamatan")
        .annotate(trained_before=Exists(trained))
        .order_by(F("applied_at").asc(nulls_last=True), "id")
    )
    # Rules 3 and 4 order people within a kecamatan; rules 1 and 2 choose between kecamatan. So each
    # kecamatan keeps a queue, and each pick compares only the heads of the queues.
    queues = defaultdict(deque)
    for position, candidate in sorted(enumerate(candidates), key=lambda pc: (pc[1].trained_before, pc[0])):
        queues[candidate.person.kecamatan_id].append((position, candidate))
    proposal = SpreadProposal(program=program, places_left=places_left, waiting=len(candidates))
    while queues and len(proposal.picks) < places_left:
        kecamatan = min(
            queues,
            key=lambda k: (in_cohort[k], k in reached_before, queues[k][0][1].trained_before, queues[k][0][0]),
        )
        _position, best = queues[kecamatan].popleft()
        if not queues[kecamatan]:
            del queues[kecamatan]
        in_cohort[kecamatan] += 1
        proposal.waiting -= 1
        proposal.picks.append(
            SpreadPick(
                participant=best,
                kecamatan_reached_before=kecamatan in reached_before,
                trained_before=best.trained_before,
                round=in_cohort[kecamatan],
            )
        )
    return proposal
