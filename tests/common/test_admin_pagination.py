"""The admin's lists count and page from one read of their first keys (common.lists.CappedPaginator):
a search runs once per page, and past the cap the list says "lebih dari"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from markets.models import Market
from tests.factories import PersonFactory
from tests.logins import login_verified

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("people", [3, 60])  # one page (Django would read it again), several pages
def test_an_admin_search_is_run_once_for_the_count_and_the_page(client, admin_user, serang, people):
    for n in range(people):
        PersonFactory(full_name=f"Siti Uji {n:03d}")
    PersonFactory(full_name="Budi Lain")
    login_verified(client, admin_user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/enterprises/person/", {"q": "siti"})
    searched = [q["sql"] for q in captured.captured_queries if "siti" in q["sql"].lower()]
    assert len(searched) == 1, searched
    assert response.context["cl"].result_count == people
    assert len(response.context["cl"].result_list) == min(people, 50)
    assert "Budi Lain" not in response.text


def test_an_admin_list_past_the_cap_says_more_than(client, admin_user, kecamatan, monkeypatch):
    import common.lists

    monkeypatch.setattr(common.lists.CappedPaginator.__init__, "__kwdefaults__", {"cap": 20, "keep_in_cache": True})
    Market.objects.bulk_create(
        Market(name=f"Pasar Uji {n:02d}", slug=f"pasar-uji-{n:02d}", kecamatan=kecamatan["Petir"]) for n in range(25)
    )
    login_verified(client, admin_user)
    page = client.get("/admin/markets/market/").text
    assert "lebih dari 20 pasar" in page.lower()
    few = client.get("/admin/markets/market/", {"q": "Uji 0"}).text
    assert "12 pasar rakyat" in few.lower() and "lebih dari" not in few.lower()  # 00-09, 10, 20
