import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_stale_form_gets_a_portal_page_in_indonesian(serang):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    assert "Formulir tidak dapat dikirim" in response.text
    assert "Tidak ada data yang tersimpan" in response.text
    assert 'class="site-header"' in response.text
