import pytest

from tests.logins import log_in_to_back_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_sees_the_back_office(page, serang, django_user_model, screenshot):
    django_user_model.objects.create_superuser("petugas", "", "rahasia-petugas-123")
    log_in_to_back_office(page, "petugas", "rahasia-petugas-123")
    assert "Back office Portal UMKM" in page.inner_text("#site-name")
    assert page.locator("#content-main a[href='/admin/programs/program/']").count() >= 1
    screenshot("admin-index")
