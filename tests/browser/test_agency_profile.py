"""An administrator sets the agency's contact and emblem in the back office, in real Chromium, and
a visitor on a phone sees them in the header and footer at once."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from PIL import Image

from tests.browser.conftest import ARTIFACTS
from tests.logins import log_in_to_back_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_changes_the_contact_and_emblem_and_the_public_sees_them(
    page, browser, live_server, serang, tmp_path, django_user_model
):
    call_command("setup_roles", verbosity=0)
    admin = django_user_model.objects.create_user("admin-dinas", password="rahasia-petugas-123", is_staff=True)
    admin.groups.add(Group.objects.get(name="Administrator"))
    emblem = tmp_path / "lambang-kabupaten.png"
    Image.new("RGB", (120, 120), (200, 30, 30)).save(emblem, format="PNG")

    log_in_to_back_office(page, "admin-dinas", "rahasia-petugas-123")
    page.get_by_role("link", name="Identitas dan kontak dinas").click()
    assert page.input_value("#id_phone") == "(0254) 000000"  # the installation's placeholder, until saved
    page.fill("#id_phone", "(0254) 280123")
    page.fill("#id_whatsapp", "0812 9000 1122")
    page.fill("#id_office_hours", "Senin–Jumat 07.30–16.00 WIB")
    page.set_input_files("#id_emblem_file", str(emblem))
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    phone = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 780})
    visitor = phone.new_page()
    visitor.goto("/pelatihan/")
    footer = visitor.inner_text("footer")
    assert "(0254) 280123" in footer and "+6281290001122" in footer and "07.30–16.00" in footer
    header_emblem = visitor.locator(".brand img")
    assert header_emblem.get_attribute("src").startswith("/lambang/")
    assert visitor.evaluate("document.querySelector('.brand img').naturalWidth") == 120  # it loaded
    ARTIFACTS.mkdir(exist_ok=True)
    visitor.screenshot(path=str(ARTIFACTS / "agency-contact-360.png"))
    phone.close()
