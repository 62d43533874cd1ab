"""The registration window is one Q (programs.models.registration_window): the row check, the
list filters and the phase agree on every combination."""

import datetime
import itertools

import pytest
from django.db.models import Q

from programs.models import Program, registration_window
from programs.rules import q_holds
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2024, 3, 10)
DAY = datetime.timedelta(days=1)


def test_the_row_check_the_filters_and_the_phase_agree(serang):
    programs = []
    combos = itertools.product(
        ["terbit", "draf"], [True, False], [TODAY - DAY, TODAY, TODAY + DAY], [None, "past", "today", "future"]
    )
    for i, (state, switch, start, closes) in enumerate(combos):
        closes_on = {None: None, "past": TODAY - DAY, "today": TODAY, "future": start - DAY}[closes]
        programs.append(
            ProgramFactory(
                slug=f"jendela-{i}",
                publication_state=state,
                registration_open=switch,
                start_date=start,
                end_date=start + 3 * DAY,
                registration_closes_on=closes_on,
            )
        )
    in_sql = set(Program.objects.open_for_registration(TODAY).values_list("pk", flat=True))
    assert in_sql == set(Program.objects.filter(registration_window(TODAY)).values_list("pk", flat=True))
    assert in_sql == {p.pk for p in programs if p.is_registration_open(TODAY)}
    assert in_sql == set(Program.objects.in_phase(Program.Phase.OPEN, TODAY).values_list("pk", flat=True))
    assert in_sql  # some are open, some not
    assert len(in_sql) < len(programs)


def test_q_holds_refuses_a_lookup_it_cannot_read():
    with pytest.raises(ValueError, match="icontains"):
        q_holds(Q(title__icontains="x"), Program(title="x"))
    assert q_holds(~Q(quota__gt=5), Program(quota=3))
