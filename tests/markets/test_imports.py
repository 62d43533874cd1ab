"""A week's prices from a spreadsheet: the same shape as the export, planned, previewed, then all
rows saved or none; a price already there is replaced with its history."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from markets.models import PriceObservation
from tests.factories import CommodityFactory, MarketFactory, PriceObservationFactory
from tests.files import csv_bytes
from tests.logins import login_verified

pytestmark = pytest.mark.django_db

UPLOAD = "admin:markets_priceobservation_import"
HEADINGS = ["Tanggal", "Kode pasar", "Pasar", "Komoditas", "Satuan", "Harga"]


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def setting(serang, staff_in, client):
    login_verified(client, staff_in("Bidang Perdagangan"))
    market = MarketFactory(name="Pasar Kragilan", code="3604-006")
    rice = CommodityFactory(name="Beras medium")
    chilli = CommodityFactory(name="Cabai rawit merah")
    return client, market, rice, chilli


def upload(client, data, name="harga.csv"):
    response = client.post(reverse(UPLOAD), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_a_week_is_previewed_then_saved_replacing_an_earlier_price_with_history(setting):
    client, market, rice, chilli = setting
    old = PriceObservationFactory(market=market, commodity=rice, observed_on=ago(2), price=12000)
    rows = [HEADINGS]
    for back in range(7):
        rows.append([ago(back).strftime("%d/%m/%Y"), "3604-006", "", "Beras medium", "kg", f"{13000 + back}"])
        rows.append([ago(back).strftime("%d/%m/%Y"), "", "pasar kragilan", "cabai rawit merah", "", "55.000"])
    preview = upload(client, csv_bytes(rows))
    text = client.get(preview).content.decode()
    assert text.count("harga baru") >= 13 and "mengganti harga yang sudah ada" in text
    assert PriceObservation.objects.count() == 1  # nothing saved by the preview
    done = client.post(preview)
    assert done.status_code == 302 and done["Location"] == reverse("admin:markets_priceobservation_changelist")
    assert PriceObservation.objects.count() == 14
    old.refresh_from_db()
    assert old.price == 13002
    [latest] = old.history.order_by("-history_date")[:1]
    assert latest.history_change_reason.startswith("Diimpor dari harga.csv")


def test_rows_with_errors_are_named_and_nothing_is_saved(setting):
    client, market, rice, chilli = setting
    rows = [
        HEADINGS,
        [ago(1).strftime("%d/%m/%Y"), "3604-006", "", "Beras medium", "kg", "13000"],
        [ago(-3).strftime("%d/%m/%Y"), "3604-006", "", "Beras medium", "kg", "13000"],
        [ago(1).strftime("%d/%m/%Y"), "9999", "", "Beras medium", "kg", "13000"],
        [ago(1).strftime("%d/%m/%Y"), "3604-006", "", "Kopi", "kg", "13000"],
        [ago(1).strftime("%d/%m/%Y"), "3604-006", "", "Cabai rawit merah", "liter", "13,5"],
        [ago(1).strftime("%d/%m/%Y"), "3604-006", "", "Beras medium", "kg", "13100"],
    ]
    preview = upload(client, csv_bytes(rows))
    text = client.get(preview).content.decode()
    assert "Baris 3, kolom Tanggal: tanggal" in text and "belum tiba" in text
    assert "Baris 4, kolom Kode pasar: kode pasar 9999 tidak dikenal." in text
    assert "Baris 5, kolom Komoditas: komoditas “Kopi” tidak dikenal." in text
    assert "Baris 6, kolom Satuan: satuan Cabai rawit merah adalah kg" in text
    assert "Baris 6, kolom Harga" in text
    assert re.search(r"Baris 7: pasar, komoditas dan tanggal ini sudah ada di baris 2", text)
    assert "Simpan semua baris" not in text
    client.post(preview)
    assert not PriceObservation.objects.exists()


def test_the_export_reimports_as_is(setting, client):
    staff, market, rice, chilli = setting
    PriceObservationFactory(market=market, commodity=rice, observed_on=ago(1), price=13000)
    exported = b"".join(staff.get("/pasar/harga/ekspor.xlsx").streaming_content)
    preview = upload(staff, exported, "harga-pasar.xlsx")
    assert "sama dengan yang sudah ada" in staff.get(preview).content.decode()


def test_only_who_may_add_prices_sees_the_import(serang, staff_in, client):
    login_verified(client, staff_in("Bidang UMKM"))
    assert client.get(reverse(UPLOAD)).status_code == 403
    login_verified(client, staff_in("Bidang Perdagangan"))
    assert client.get(reverse(UPLOAD)).status_code == 200
    assert client.get(reverse("admin:markets_priceobservation_template", args=["xlsx"])).status_code == 200
