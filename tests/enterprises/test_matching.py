"""One way to find a person and an enterprise (enterprises.matching), for the forms and imports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.matching import EnterpriseIndex, fold_name, match_enterprise, people_by_nik
from tests.factories import EnterpriseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_fold_name_casefolds_and_collapses_spaces():
    assert fold_name("  Emping   BU\tSiti ") == "emping bu siti"
    assert fold_name("STRASSE") == fold_name("straße")  # casefold, not lower
    assert fold_name(None) == ""


def test_nib_first_then_owner_and_folded_name(serang):
    owner = PersonFactory()
    named = EnterpriseFactory(owner=owner, name="Emping  Bu Siti", nib=None)
    with_nib = EnterpriseFactory(owner=owner, name="Lain", nib="9000000000017")
    assert match_enterprise(nib="9000000000017", owner=owner, name="Emping Bu Siti").enterprise_id == with_nib.pk
    assert match_enterprise(nib=None, owner=owner, name="EMPING BU  SITI").enterprise_id == named.pk
    assert match_enterprise(nib=None, owner=owner, name="Keripik").enterprise_id is None


def test_another_owners_nib_is_flagged_and_linked_only_when_asked(serang):
    owner, stranger = PersonFactory(), PersonFactory()
    theirs = EnterpriseFactory(owner=owner, nib="9000000000017")
    match = match_enterprise(nib="9000000000017", owner=stranger, name="Usaha Saya")
    assert (match.enterprise_id, match.nib_registered, match.nib_of_other_owner) == (None, True, True)
    anyone = match_enterprise(nib="9000000000017", owner=stranger, name="Usaha Saya", nib_of_any_owner=True)
    assert anyone.enterprise_id == theirs.pk and anyone.nib_of_other_owner


def test_the_index_answers_thousands_of_rows_in_a_few_queries(serang):
    owners = [PersonFactory() for _ in range(5)]
    for i, owner in enumerate(owners):
        EnterpriseFactory(owner=owner, name=f"Usaha {i}")
    with CaptureQueriesContext(connection) as queries:
        index = EnterpriseIndex(nibs=[f"{i:013d}" for i in range(2000)], owner_ids=[o.pk for o in owners])
        people_by_nik([f"{i:016d}" for i in range(2000)])
    assert len(queries) == 3 + 1 + 3  # NIBs and NIKs in chunks of 900, owners in one
    assert index.match(nib=None, owner_id=owners[2].pk, name="usaha  2").enterprise_id is not None
