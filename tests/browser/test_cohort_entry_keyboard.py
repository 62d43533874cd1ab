"""A cohort of 20 entered at spreadsheet speed on the cohort-entry screen, with the keyboard only:
12 new people and 8 already in the registry, 5 of them pasted from a spreadsheet. Every key press
and mouse click on the page is recorded; beyond the characters of the data itself, a new person
costs at most 12 key presses and a known one at most 4, and there is no mouse click at all."""

import datetime
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from enterprises.models import Person
from programs.models import Participant
from regions.models import Desa
from tests.factories import EnterpriseFactory, PersonFactory, ProgramFactory, nik_for
from tests.logins import confirmed_device, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_KEYS_NEW, MAX_KEYS_KNOWN = 12, 4

# Every key press and pointer press, in every document of the tab, reported to the test. A click
# Enter gives a button has event.detail 0; a mouse click has 1 or more.
RECORDER = """
(() => {
  const key = (e) => window.__record({kind: "key", key: e.key, ctrl: e.ctrlKey || e.metaKey});
  document.addEventListener("keydown", key, true);
  document.addEventListener("pointerdown", () => window.__record({kind: "mouse"}), true);
  document.addEventListener("mousedown", () => window.__record({kind: "mouse"}), true);
  document.addEventListener("click", (e) => { if (e.detail > 0) window.__record({kind: "mouse"}); }, true);
})();
"""


class Recorder:
    def __init__(self):
        self.events = []

    def __call__(self, source, event):
        self.events.append(event)

    def mark(self):
        return len(self.events)

    def since(self, mark):
        """(data characters, other key presses) since `mark`."""
        keys = [e for e in self.events[mark:] if e["kind"] == "key"]
        data = [e for e in keys if len(e["key"]) == 1 and not e["ctrl"]]
        return len(data), len(keys) - len(data)

    @property
    def mouse(self):
        return sum(1 for e in self.events if e["kind"] == "mouse")


@pytest.fixture
def administrator(django_user_model):
    call_command("setup_roles", verbosity=0)
    user = django_user_model.objects.create_user("petugas", password="rahasia-petugas-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Administrator"))
    return user


@pytest.fixture
def cohort(kecamatan):
    """8 people in the registry (each with an enterprise) and 12 new ones, from four kecamatan."""
    places = ["Petir", "Cikeusal", "Kramatwatu", "Kragilan"]
    known = []
    for n in range(8):
        person = PersonFactory(full_name=f"Perajin Terdaftar {n + 1}", kecamatan=kecamatan[places[n % 4]])
        EnterpriseFactory(owner=person, name=f"Anyaman Terdaftar {n + 1}")
        known.append(person)
    new = []
    for n in range(12):
        place = kecamatan[places[n % 4]]
        female = n % 2 == 0
        nik = nik_for(place, 7000 + n, female=female, birth=datetime.date(1980 + n, 1 + n % 12, 3 + n))
        desa = Desa.objects.filter(kecamatan=place).order_by("code")[n // 4].name
        new.append(
            {
                "nik": nik,
                "full_name": f"Perajin Baru {n + 1}",
                "desa": desa,
                "phone": f"08129000{n:04d}",
                "enterprise_name": f"Tas Kulit Baru {n + 1}",
                "sex": "P" if female else "L",
                "kecamatan": place.name,
            }
        )
    return known, new


def wait_until(page, expression, arg=None, timeout=15):
    """page.wait_for_function, polling with page.evaluate: the portal's CSP has no 'unsafe-eval',
    and Playwright's wait_for_function evaluates its predicate again as a string on every poll."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(50)


def wait_for_focus(page, field, *, row_not=None):
    """Until the cursor is in `field` (of another row than `row_not`, a data-number)."""
    wait_until(
        page,
        """([field, rowNot]) => {
            const el = document.activeElement;
            if (!el || el.dataset.field !== field) return false;
            return rowNot === null || el.closest("tbody").dataset.number !== rowNot;
        }""",
        arg=[field, row_not],
    )


def current_row(page):
    return page.evaluate("document.activeElement.closest('tbody').dataset.number")


def test_a_cohort_of_20_entered_with_the_keyboard_only(browser, live_server, administrator, cohort, serang):
    known, new = cohort
    program = ProgramFactory(title="Pelatihan Tas Anyaman dan Tas Kulit", quota=20)
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1366, "height": 768})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    recorder = Recorder()
    context.expose_binding("__record", recorder)
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        # Logging in is not part of the measure (its key presses are left out below).
        page.goto("/admin/login/")
        page.fill("#id_username", "petugas")
        page.fill("#id_password", "rahasia-petugas-123")
        page.fill("#id_otp_token", current_code(confirmed_device(get_user_model().objects.get(username="petugas"))))
        page.press("#id_otp_token", "Enter")
        page.wait_for_url("**/admin/")
        # The screen is reached from the program's page.
        page.goto(f"/admin/programs/program/{program.pk}/change/")
        entry_url = page.get_attribute("a:has-text('Isi angkatan')", "href")
        page.goto(entry_url)
        wait_for_focus(page, "nik")
        start = recorder.mark()
        clicks_before = recorder.mouse

        typed_data, per_person = 0, []
        # 7 new people typed: NIK + Enter fills sex, birth date and kecamatan; then the clerk types
        # name, desa, phone and the business, Enter after each.
        for person in new[:7]:
            mark, row = recorder.mark(), current_row(page)
            page.keyboard.type(person["nik"])
            page.keyboard.press("Enter")
            wait_for_focus(page, "full_name")
            for field in ("full_name", "desa", "phone", "enterprise_name"):
                page.keyboard.type(person[field])
                page.keyboard.press("Enter")
            wait_for_focus(page, "nik", row_not=row)
            data, keys = recorder.since(mark)
            typed_data += data
            per_person.append(("new", keys))
            assert data == sum(len(person[f]) for f in ("nik", "full_name", "desa", "phone", "enterprise_name"))
        # 6 known people typed: NIK + Enter fills the row and moves to the next NIK.
        for person in known[:6]:
            mark, row = recorder.mark(), current_row(page)
            page.keyboard.type(person.nik)
            page.keyboard.press("Enter")
            wait_for_focus(page, "nik", row_not=row)
            data, keys = recorder.since(mark)
            assert data == len(person.nik)
            per_person.append(("known", keys))
        # 5 more (3 new, 2 known) pasted from a spreadsheet with its headings, in its own order.
        lines = ["Nama\tNo. KTP\tNo HP\tDesa/Kelurahan\tNama Usaha"]
        for person in new[7:10]:
            lines.append("\t".join(person[f] for f in ("full_name", "nik", "phone", "desa", "enterprise_name")))
        for person in known[6:8]:
            lines.append(f"{person.full_name}\t{person.nik}\t\t\t{person.enterprises.get().name}")
        page.evaluate("text => navigator.clipboard.writeText(text)", "\n".join(lines) + "\n")
        mark = recorder.mark()
        page.keyboard.press("Control+V")
        wait_until(page, "document.querySelectorAll('tbody.cohort-row').length >= 13 + 5 + 1")
        wait_for_focus(page, "nik")
        data, keys = recorder.since(mark)
        per_person += [("pasted", keys / 5)] * 5
        # The last 2 new people typed after the pasted rows.
        for person in new[10:12]:
            mark, row = recorder.mark(), current_row(page)
            page.keyboard.type(person["nik"])
            page.keyboard.press("Enter")
            wait_for_focus(page, "full_name")
            for field in ("full_name", "desa", "phone", "enterprise_name"):
                page.keyboard.type(person[field])
                page.keyboard.press("Enter")
            wait_for_focus(page, "nik", row_not=row)
            per_person.append(("new", recorder.since(mark)[1]))

        # Every row checked by the server, none with an error; then no sideways scrolling at 1366 px.
        wait_until(page, "document.querySelectorAll('tbody.cohort-row[data-state=\"orang_baru\"]').length == 12")
        assert page.locator("tbody.cohort-row.has-errors").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366

        mark = recorder.mark()
        with page.expect_navigation():
            page.keyboard.press("Control+S")
        save_keys = recorder.since(mark)[1]
        assert "20 peserta disimpan" in page.inner_text("ul.messagelist")
        data, all_keys = recorder.since(start)

        print(f"key presses beyond the data: {per_person}; all: {all_keys}, save: {save_keys}")
        # The budget: control keys (Enter, Tab, Esc, Ctrl+V, Ctrl+S) per person.
        for kind, keys in per_person:
            assert keys <= (MAX_KEYS_KNOWN if kind == "known" else MAX_KEYS_NEW), per_person
        assert all_keys <= 12 * MAX_KEYS_NEW + 8 * MAX_KEYS_KNOWN
        assert save_keys == 2  # Control, S
        assert recorder.mouse == clicks_before == 0

        # The participant list of the program holds the 20.
        page.goto(f"/admin/programs/participant/?program={program.pk}")
        listing = page.inner_text("#result_list")
        for person in new:
            assert person["full_name"] in listing
        for person in known:
            assert person.full_name in listing
        assert Participant.objects.filter(program=program, status="terpilih").count() == 20
        siti = Person.objects.get(nik=new[0]["nik"])
        assert (siti.sex, siti.kecamatan.name, siti.desa.name) == (new[0]["sex"], new[0]["kecamatan"], new[0]["desa"])
        assert Participant.objects.get(program=program, person=known[7]).enterprise.name == "Anyaman Terdaftar 8"

        # The program page with its 20 participants fits 1366 px too.
        page.goto(f"/admin/programs/program/{program.pk}/change/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    finally:
        context.close()


def test_a_bad_nik_is_told_in_place_and_esc_cancels_the_row(browser, live_server, administrator, serang):
    program = ProgramFactory(quota=5)
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/admin/login/")
        page.fill("#id_username", "petugas")
        page.fill("#id_password", "rahasia-petugas-123")
        page.fill("#id_otp_token", current_code(confirmed_device(get_user_model().objects.get(username="petugas"))))
        page.press("#id_otp_token", "Enter")
        page.wait_for_url("**/admin/")
        page.goto(f"/admin/programs/program/{program.pk}/angkatan/")
        wait_for_focus(page, "nik")
        page.keyboard.type("3604 1155")
        page.keyboard.press("Enter")
        page.wait_for_selector("tbody.cohort-row.has-errors")
        assert "16 digit" in page.inner_text("tbody.cohort-row tr.row-notes")
        page.keyboard.press("Escape")
        wait_until(page, "!document.querySelector('tbody.cohort-row.has-errors')")
        assert page.input_value("tbody.cohort-row .cell-nik") == ""
        wait_for_focus(page, "nik")
        # A known-shape NIK of a woman: sex, birth date and kecamatan come from the NIK itself.
        page.keyboard.type("3604115508900001")
        page.keyboard.press("Enter")
        wait_for_focus(page, "full_name")
        assert page.input_value(".cell-sex") == "P"
        assert page.input_value(".cell-birth_date") == "15/08/1990"
        assert page.input_value(".cell-kecamatan") == "Kragilan"
    finally:
        context.close()
