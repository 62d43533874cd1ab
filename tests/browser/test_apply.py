"""Done-when journey in real headless Chromium: apply, confirmation, status; staff select; status."""

import pytest

from programs.models import Participant
from regions.models import Desa
from tests.factories import OpenProgramFactory
from tests.logins import log_in_to_back_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIK = "3604115508909001"


@pytest.fixture
def program(serang):
    return OpenProgramFactory(title="Pelatihan Kemasan untuk Peramban", slug="pelatihan-kemasan-peramban", quota=20)


def fill_application(page, kragilan_desa, *, with_javascript=True, screenshot=None):
    page.fill("#id_full_name", "Siti Peramban")
    page.fill("#id_nik", NIK)
    page.check("#id_sex_1")
    page.fill("#id_birth_date", "1990-08-15")
    page.fill("#id_phone", "0812 3456 7890")
    page.select_option("#id_kecamatan", label="Kragilan")
    if not with_javascript:
        page.click("button[name=show_desa]")  # the server narrows the desa list
        page.wait_for_selector("#id_desa")
        assert page.locator("#id_desa optgroup").count() == 0
    page.select_option("#id_desa", value=kragilan_desa.code)
    page.fill("#id_enterprise_name", "Emping Peramban")
    page.select_option("#id_sector", value="kuliner")
    page.fill("#id_products", "emping melinjo")
    page.select_option("#id_turnover_band", value="lt300jt")
    page.fill("#id_motivation", "Ingin kemasan emping kami layak masuk toko oleh-oleh.")
    page.check("#id_consent")
    if screenshot:
        screenshot("form-filled")
    page.click("form.application button:not([name])")


def check_status(page, code):
    page.goto("/pelatihan/cek-status/")
    page.fill("#id_reference_code", code)
    page.fill("#id_nik", NIK)
    page.click("form.status-check button[type=submit]")
    return page.inner_text("#application-status")


def test_apply_check_status_get_selected_check_again(page, program, kecamatan, django_user_model, screenshot):
    kragilan_desa = Desa.objects.filter(kecamatan=kecamatan["Kragilan"]).order_by("name").first()
    page.goto(f"/pelatihan/{program.slug}/daftar/")
    # with JavaScript, choosing a kecamatan hides the other kecamatan's desa
    page.select_option("#id_kecamatan", label="Kragilan")
    assert page.locator("#id_desa optgroup[label=Petir]").is_hidden()
    fill_application(page, kragilan_desa, screenshot=screenshot)

    page.wait_for_selector("#reference-code")
    code = page.inner_text("#reference-code").strip()
    assert len(code) == 9 and code[4] == "-"
    body = page.inner_text("main")
    assert NIK not in body and "Siti Peramban" not in body and "0812" not in body
    assert "/daftar/selesai/" in page.url and NIK not in page.url
    screenshot("confirmation")

    status = check_status(page, code)
    assert "mendaftar" in status and "menunggu seleksi" in status
    screenshot("status-applied")

    django_user_model.objects.create_superuser("petugas", "", "rahasia-petugas-123")
    log_in_to_back_office(page, "petugas", "rahasia-petugas-123")
    page.goto(f"/admin/programs/applicant/?program__id__exact={program.pk}")
    row = page.locator("#result_list tbody tr", has_text="Siti Peramban")
    assert "Kragilan" in row.inner_text()
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", value="select_applicants")
    page.click("button[name=index]")
    page.wait_for_selector(".messagelist")
    assert "1 pendaftar dipilih." in page.inner_text(".messagelist")
    screenshot("admin-selected")

    status = check_status(page, code)
    assert "terpilih" in status and "Selamat" in status
    assert Participant.objects.get(person__nik=NIK).status == Participant.Status.SELECTED
    screenshot("status-selected")


def test_apply_without_javascript(browser, live_server, program, kecamatan):
    kragilan_desa = Desa.objects.filter(kecamatan=kecamatan["Kragilan"]).order_by("name").first()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"/pelatihan/{program.slug}/daftar/")
        fill_application(page, kragilan_desa, with_javascript=False)
        page.wait_for_selector("#reference-code")
        assert Participant.objects.filter(program=program, person__nik=NIK).exists()
    finally:
        context.close()
