"""The cooperative status rule.

The agency counts a cooperative *tidak aktif* when it runs no business **and** has held no RAT
(Rapat Anggota Tahunan) for two consecutive years. We read the rule as follows:

- A RAT closes a book year and is due by 30 June of the next year (six months after the book
  year ends). On a given day, the *latest due book year* is last year's once 30 June has
  passed, otherwise the year before.
- *Missed years* counts the due book years after the last one closed by a RAT (0 when the
  latest due book year had its RAT). A cooperative founded after the latest due book year owes
  no RAT yet and has missed nothing.
- aktif: missed 0. tidak aktif: missed 2 or more and no business activity. kurang aktif:
  everything between (missed 1, or missed 2+ while still running a business).
- A staff override, with its reason, wins over the derivation.

`derive_status` is the rule. `status_expression` states the same rule in SQL so lists of
thousands of cooperatives can filter and count by status; a test holds the two equal.
"""

import datetime

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

RAT_DUE_MONTH_DAY = (6, 30)
MISSED_YEARS_FOR_INACTIVE = 2


class Status(models.TextChoices):
    AKTIF = "aktif", _("aktif")
    KURANG_AKTIF = "kurang_aktif", _("kurang aktif")
    TIDAK_AKTIF = "tidak_aktif", _("tidak aktif")


def latest_due_book_year(today):
    due_this_year = datetime.date(today.year, *RAT_DUE_MONTH_DAY)
    return today.year - 1 if today > due_this_year else today.year - 2


def missed_years(*, last_rat_book_year, founded_on, today):
    due = latest_due_book_year(today)
    if last_rat_book_year is not None:
        return max(0, due - last_rat_book_year)
    if founded_on is not None and founded_on.year > due:
        return 0
    if founded_on is not None:
        return due - founded_on.year + 1
    return MISSED_YEARS_FOR_INACTIVE  # never held a RAT and founding unknown: long overdue


def derive_status(*, last_rat_book_year, founded_on, runs_business, today, override=""):
    """Returns (status, reason) for one cooperative on `today`."""
    if override:
        return Status(override), _("ditetapkan petugas")
    missed = missed_years(last_rat_book_year=last_rat_book_year, founded_on=founded_on, today=today)
    due = latest_due_book_year(today)
    if missed == 0:
        return Status.AKTIF, _("RAT tahun buku %(year)s sudah dilaksanakan atau belum jatuh tempo") % {"year": due}
    if missed >= MISSED_YEARS_FOR_INACTIVE and not runs_business:
        return Status.TIDAK_AKTIF, _("tidak menjalankan usaha dan tidak RAT %(missed)s tahun berturut-turut") % {
            "missed": missed
        }
    if missed >= MISSED_YEARS_FOR_INACTIVE:
        return Status.KURANG_AKTIF, _("tidak RAT %(missed)s tahun, tetapi masih menjalankan usaha") % {"missed": missed}
    return Status.KURANG_AKTIF, _("RAT tahun buku %(year)s belum dilaksanakan") % {"year": due}


def status_expression(today):
    """`derive_status` as an SQL expression over Cooperative's columns, for annotate/filter."""
    due = latest_due_book_year(today)
    missed_nothing = Q(last_rat_book_year__gte=due) | Q(last_rat_book_year__isnull=True, founded_on__year__gt=due)
    missed_enough = (
        Q(last_rat_book_year__lte=due - MISSED_YEARS_FOR_INACTIVE)
        | Q(last_rat_book_year__isnull=True, founded_on__isnull=True)
        | Q(last_rat_book_year__isnull=True, founded_on__year__lte=due - MISSED_YEARS_FOR_INACTIVE + 1)
    )
    return Case(
        When(~Q(status_override=""), then=F("status_override")),
        When(missed_nothing, then=Value(Status.AKTIF.value)),
        When(missed_enough & Q(runs_business=False), then=Value(Status.TIDAK_AKTIF.value)),
        default=Value(Status.KURANG_AKTIF.value),
        output_field=models.CharField(),
    )


def rat_overdue_condition(today):
    """The RAT of the latest due book year has not been held (missed_years > 0), as a filter."""
    due = latest_due_book_year(today)
    return Q(last_rat_book_year__lt=due) | Q(
        Q(founded_on__isnull=True) | Q(founded_on__year__lte=due), last_rat_book_year__isnull=True
    )
