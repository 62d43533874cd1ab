"""Fixtures for applying and selecting (issue 6): an open program and valid form data."""

import pytest
from django.core.cache import cache

from regions.models import Desa
from tests.factories import OpenProgramFactory, nik_for


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_program(serang):
    return OpenProgramFactory(title="Pelatihan Desain Kemasan Uji", slug="pelatihan-kemasan-uji", quota=3)


@pytest.fixture
def kragilan_desa(kecamatan):
    return Desa.objects.filter(kecamatan=kecamatan["Kragilan"]).order_by("code").first()


@pytest.fixture
def form_data(kecamatan, kragilan_desa):
    """A complete, valid application as the browser posts it."""
    return {
        "full_name": "Siti Uji Pendaftar",
        "nik": nik_for(kecamatan["Kragilan"], 9001),
        "sex": "P",
        "birth_date": "1990-08-15",
        "phone": "0812 3456 7890",
        "kecamatan": kecamatan["Kragilan"].code,
        "desa": kragilan_desa.code,
        "enterprise_name": "Emping Bu Siti",
        "sector": "kuliner",
        "products": "emping melinjo, keripik",
        "nib": "",
        "turnover_band": "lt300jt",
        "motivation": "Ingin memperbaiki kemasan emping agar bisa masuk minimarket.",
        "consent": "on",
        "website": "",
    }


@pytest.fixture
def apply_url(open_program):
    return f"/pelatihan/{open_program.slug}/daftar/"
