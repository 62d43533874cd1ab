"""Issue 13's journeys at 360 px in real Chromium: an applicant who lost the page recovers the code
by e-mail; a kecamatan office applies for 30 people from one address; hammering status checks
for one code is refused while another code from the same address still works."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from programs.models import Participant
from regions.models import Desa
from tests.browser.conftest import ARTIFACTS
from tests.factories import ApplicantFactory, OpenProgramFactory, PersonFactory, nik_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def program(serang):
    return OpenProgramFactory(title="Pelatihan Kemasan Kantor Kecamatan", slug="pelatihan-kemasan-kantor", quota=50)


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized tab; closing its context is the applicant closing the page."""
    contexts = []

    def open_tab():
        context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def apply(tab, program, desa, *, nik, name, email=""):
    tab.goto(f"/pelatihan/{program.slug}/daftar/")
    tab.check("#id_consent")
    tab.fill("#id_full_name", name)
    tab.fill("#id_nik", nik)
    tab.check("#id_sex_1")
    tab.fill("#id_birth_date", "15/08/1990")
    tab.fill("#id_phone", "0812 3456 7890")
    if email:
        tab.fill("#id_email", email)
    tab.select_option("#id_kecamatan", value=desa.kecamatan_id)
    tab.select_option("#id_desa", value=desa.code)
    tab.fill("#id_enterprise_name", f"Usaha {name}")
    tab.select_option("#id_sector", value="kuliner")
    tab.fill("#id_products", "emping melinjo")
    tab.select_option("#id_turnover_band", value="lt300jt")
    tab.fill("#id_motivation", "Ingin kemasan emping kami layak masuk toko oleh-oleh.")
    tab.click("form.application button:not([name])")
    tab.wait_for_selector("#reference-code, #refusal")
    assert tab.locator("#refusal").count() == 0, tab.inner_text("#refusal")
    return tab.inner_text("#reference-code").strip()


def check_status(tab, code, nik):
    tab.goto("/pelatihan/cek-status/")
    tab.fill("#id_reference_code", code)
    tab.fill("#id_nik", nik)
    tab.click("form.status-check button[type=submit]")
    tab.wait_for_selector("#application-status, .notice.error")


def test_apply_close_the_page_recover_the_code_by_email_and_check_status(phone, program, kecamatan):
    desa = Desa.objects.get(code="36.04.11.2012")  # Tegalmaja, Kragilan
    nik = nik_for(kecamatan["Kragilan"], 9101)
    tab = phone()
    code = apply(tab, program, desa, nik=nik, name="Siti Telepon", email="siti.telepon@example.org")
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert tab.locator("a[href^='https://wa.me/?text=']").count() == 1  # save to WhatsApp
    assert tab.locator("html").get_attribute("lang") == "id"  # an English phone still gets one language
    mail.outbox.clear()
    tab.context.close()  # the applicant closes the page without writing the code down

    tab = phone()
    tab.goto("/pelatihan/cek-status/")
    tab.get_by_role("link", name=re.compile("Kode referensi hilang")).click()
    tab.fill("#id_nik", nik)
    tab.fill("#id_birth_date", "15/08/1990")
    tab.click("form.status-check button[type=submit]")
    tab.wait_for_selector("#recovery-requested")
    assert code not in tab.inner_text("main")  # the code is never shown to someone who knows a NIK
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "recovery-requested-360.png"), full_page=True)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["siti.telepon@example.org"]
    recovered = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", mail.outbox[0].body).group(0)
    assert recovered == code

    check_status(tab, recovered, nik)
    assert "menunggu seleksi" in tab.inner_text("#application-status")


def test_thirty_applicants_from_one_office_apply_in_a_row(phone, program, kecamatan):
    desa = Desa.objects.filter(kecamatan=kecamatan["Kramatwatu"]).order_by("code").first()
    tab = phone()
    codes = {
        apply(tab, program, desa, nik=nik_for(kecamatan["Kramatwatu"], 8000 + n), name=f"Warga {n}") for n in range(30)
    }
    assert len(codes) == 30
    assert Participant.objects.filter(program=program).count() == 30


def test_hammering_one_code_is_refused_while_another_code_still_works(phone, program, kecamatan, settings):
    limit = settings.STATUS_FAILURES_PER_CODE
    target = ApplicantFactory(program=program, reference_code="AAAA2222")
    other = PersonFactory(kecamatan=kecamatan["Petir"], nik=nik_for(kecamatan["Petir"], 4343))
    ApplicantFactory(program=program, person=other, reference_code="BBBB3333")
    tab = phone()
    refused_after = None
    for attempt in range(1, limit + 5):
        check_status(tab, "AAAA-2222", nik_for(kecamatan["Petir"], 100 + attempt))  # guessing NIKs
        if tab.locator("#refusal").count():
            refused_after = attempt
            break
    assert refused_after == limit + 1
    refusal = tab.inner_text("#refusal")
    assert "menit" in refusal and "WhatsApp" in refusal  # when to retry, whom to call
    check_status(tab, "AAAA-2222", target.person.nik)  # even the right NIK waits now
    assert tab.locator("#refusal").count() == 1
    check_status(tab, "BBBB-3333", other.nik)  # another applicant behind the same address
    assert "mendaftar" in tab.inner_text("#application-status")
