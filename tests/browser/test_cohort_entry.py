"""The 2024 BDI Denpasar cohort entered in the back office without leaving the program's page:
people picked by autocomplete, new people (with their enterprise) created in the "+" popup, the
count and kecamatan spread shown on saving, and the change visible in the audit trail."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from enterprises.models import Person
from programs.models import Participant
from tests.factories import ProgramFactory
from tests.logins import log_in_to_back_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COHORT = {"Petir": 5, "Cikeusal": 5, "Kramatwatu": 5, "Kragilan": 5}
CREATED_IN_POPUP = [("Euis Perajin Baru", "P", "Petir"), ("Asep Perajin Baru", "L", "Kragilan")]


@pytest.fixture
def bdi_program(serang):
    # The demo's program (umkm_portal/demo.py): 20 places, an empty cohort.
    return ProgramFactory(title="Pelatihan Pembuatan Tas Anyaman dan Tas Kulit di BDI Denpasar", quota=20)


@pytest.fixture
def registered_artisans(kecamatan):
    """18 artisans already in the registry; the other 2 are new and entered through the popup."""
    people = []
    popup_kecamatan = [k for _name, _sex, k in CREATED_IN_POPUP]
    for name, count in COHORT.items():
        for n in range(count - popup_kecamatan.count(name)):
            people.append(
                Person.objects.create(
                    full_name=f"Perajin {name} {n + 1}", sex="P" if n % 2 else "L", kecamatan=kecamatan[name]
                )
            )
    return people


@pytest.fixture
def administrator(django_user_model):
    call_command("setup_roles", verbosity=0)
    user = django_user_model.objects.create_user("petugas", password="rahasia-petugas-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Administrator"))
    return user


def pick(page, row, field, search, option_text):
    page.click(f"#participants-{row} .field-{field} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", search)
    page.click(f".select2-results__option:has-text('{option_text}')")


def test_staff_enters_the_bdi_denpasar_cohort_on_the_program_page(
    page, bdi_program, registered_artisans, administrator, screenshot
):
    log_in_to_back_office(page, "petugas", "rahasia-petugas-123")
    page.goto(f"/admin/programs/program/{bdi_program.pk}/change/")
    assert page.inner_text("#cohort-count") == "0/20"

    add_row = page.locator("#participants-group .add-row a")
    row = 0
    for name, sex, kecamatan_name in CREATED_IN_POPUP:
        add_row.click()
        with page.expect_popup() as popup_info:
            page.click(f"#add_id_participants-{row}-person")
        popup = popup_info.value
        popup.fill("#id_full_name", name)
        popup.select_option("#id_sex", sex)
        popup.click(".field-kecamatan .select2-selection")
        popup.fill(".select2-container--open .select2-search__field", kecamatan_name)
        popup.click(f".select2-results__option:has-text('{kecamatan_name}')")
        popup.fill("#id_enterprises-0-name", f"Tas Anyaman {name}")
        popup.select_option("#id_enterprises-0-sector", "kriya")
        with popup.expect_event("close"):
            popup.click("input[name=_save]")
        assert name in page.inner_text(f"#participants-{row} .field-person")
        row += 1
    for person in registered_artisans:
        add_row.click()
        pick(page, row, "person", person.full_name, person.full_name)
        row += 1

    page.click("input[name=_continue]")
    page.wait_for_selector("#cohort-count")
    assert page.inner_text("#cohort-count") == "20/20"
    spread = page.inner_text("#cohort-by-kecamatan")
    for name, count in COHORT.items():
        assert f"{name}\t{count}" in spread
    screenshot("cohort-entered")

    # Both new people were created once, with their enterprise, which the participant records.
    assert Participant.objects.filter(program=bdi_program).count() == 20
    new = Participant.objects.get(program=bdi_program, person__full_name="Euis Perajin Baru")
    assert new.enterprise.name == "Tas Anyaman Euis Perajin Baru"
    assert new.status == Participant.Status.SELECTED

    page.click("a.historylink")
    trail = page.inner_text("#child-history-1")
    assert "Euis Perajin Baru" in trail and "Perajin Petir 1" in trail
    assert "ditambahkan" in trail and "petugas" in trail
    screenshot("history")
