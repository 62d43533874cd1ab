"""Every validation rule of the public application form, as the applicant meets it: the page comes
back with an Indonesian sentence beside the field, typed values kept, an invalid NIK cleared, and
nothing written."""

import datetime
import re

import pytest
from django.utils import timezone

from enterprises.models import Enterprise, Person
from programs.models import Participant
from regions.models import Desa
from tests.programs.helpers import field_errors, input_value

pytestmark = pytest.mark.django_db


def post(client, url, data, **changes):
    return client.post(url, {**data, **changes})


def assert_nothing_written():
    assert Participant.objects.count() == 0
    assert Person.objects.count() == 0
    assert Enterprise.objects.count() == 0


REQUIRED = {
    "full_name": "Isi nama lengkap Anda.",
    "nik": "Isi NIK Anda (16 digit).",
    "sex": "Pilih jenis kelamin.",
    "birth_date": "Isi tanggal lahir Anda.",
    "phone": "Isi nomor telepon yang bisa dihubungi.",
    "kecamatan": "Pilih kecamatan tempat tinggal Anda.",
    "desa": "Pilih desa/kelurahan tempat tinggal Anda.",
    "enterprise_name": "Isi nama usaha Anda.",
    "sector": "Pilih sektor usaha.",
    "products": "Sebutkan produk atau jasa usaha Anda.",
    "turnover_band": "Pilih kisaran omzet setahun.",
    "motivation": "Tuliskan motivasi Anda mengikuti pelatihan ini.",
    "consent": "Pendaftaran hanya dapat diproses bila Anda menyetujui pemrosesan data pribadi.",
}


@pytest.mark.parametrize(("field", "message"), REQUIRED.items())
def test_each_required_field_is_asked_for_beside_it(client, apply_url, form_data, field, message):
    data = {k: v for k, v in form_data.items() if k != field}
    response = client.post(apply_url, data)
    assert response.status_code == 200
    assert field_errors(response, field) == [message]
    assert "Ada isian yang perlu diperbaiki" in response.text
    # every other field kept what was typed
    assert input_value(response, "full_name") == (None if field == "full_name" else "Siti Uji Pendaftar")
    if field != "nik":
        assert input_value(response, "nik") == form_data["nik"]
    assert_nothing_written()


def test_an_empty_form_lists_every_required_field(client, apply_url):
    response = client.post(apply_url, {})
    for field, message in REQUIRED.items():
        assert field_errors(response, field) == [message], field
        assert f'<a href="#id_{field}">' in response.text  # the summary at the top links to it


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("36041155089", "NIK harus 16 digit angka; yang diisi 11 karakter."),
        ("36041155089000012", "NIK harus 16 digit angka; yang diisi 17 karakter."),
        ("3604115508900A01", "NIK harus 16 digit angka; yang diisi 16 karakter."),
        ("3,60412E+15", "notasi ilmiah"),
        ("3604119913900001", "Digit 7–12 NIK bukan tanggal lahir"),
    ],
)
def test_an_invalid_nik_is_explained_and_kept_in_its_field(client, apply_url, form_data, nik, message):
    """The applicant sees the 16 digits they typed beside the error, and corrects one digit
    instead of typing them all again (issue 13)."""
    response = post(client, apply_url, form_data, nik=nik)
    errors = field_errors(response, "nik")
    assert len(errors) == 1 and message in errors[0]
    assert input_value(response, "nik") == nik
    assert input_value(response, "full_name") == "Siti Uji Pendaftar"
    assert input_value(response, "enterprise_name") == "Emping Bu Siti"
    assert_nothing_written()


def test_a_nik_typed_with_spaces_is_accepted(client, apply_url, form_data):
    spaced = " ".join(form_data["nik"][i : i + 4] for i in range(0, 16, 4))
    response = post(client, apply_url, form_data, nik=spaced)
    assert response.status_code == 302
    assert Person.objects.get().nik == form_data["nik"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("kemarin", "Tanggal lahir tidak terbaca; tulis tanggal/bulan/tahun seperti 31/12/1980."),
        ("31/02/1990", "Tanggal lahir tidak terbaca; tulis tanggal/bulan/tahun seperti 31/12/1980."),
        ("future", "Tanggal lahir harus sebelum hari ini."),
        ("young", "Pendaftar pelatihan paling muda berumur 15 tahun."),
        ("1900-01-01", "Periksa tahun lahir: lebih dari 100 tahun yang lalu."),
    ],
)
def test_birth_date_rules(client, apply_url, form_data, value, message):
    today = timezone.localdate()
    value = {
        "future": (today + datetime.timedelta(days=1)).isoformat(),
        "young": (today - datetime.timedelta(days=365 * 14)).isoformat(),
    }.get(value, value)
    response = post(client, apply_url, form_data, birth_date=value)
    assert field_errors(response, "birth_date") == [message]
    assert input_value(response, "birth_date") == value
    assert input_value(response, "nik") == form_data["nik"]  # a valid NIK is kept
    assert_nothing_written()


def test_birth_date_in_indonesian_order_is_accepted(client, apply_url, form_data):
    response = post(client, apply_url, form_data, birth_date="15/08/1990")
    assert response.status_code == 302
    assert Person.objects.get().birth_date == datetime.date(1990, 8, 15)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "12345", "Nama harus berisi huruf."),
        ("full_name", "A" * 151, "Nama paling panjang 150 huruf."),
        ("phone", "telepon saya", "Nomor telepon hanya berisi angka, spasi atau tanda hubung."),
        ("phone", "12", "Nomor telepon terlalu pendek: tulis nomor lengkap, misalnya 0812 3456 7890."),
        ("phone", "123456", "Nomor telepon terlalu pendek: tulis nomor lengkap, misalnya 0812 3456 7890."),
        ("sex", "X", "Pilih jenis kelamin."),
        ("kecamatan", "32.01.01", "Pilih kecamatan dari daftar."),
        ("desa", "99.99.99.9999", "Pilih desa/kelurahan dari daftar."),
        ("sector", "tambang", "Pilih sektor dari daftar."),
        ("products", "x" * 501, "Tulis produk paling panjang 500 karakter."),
        ("nib", "12345", "NIB harus 13 digit angka."),
        ("turnover_band", "banyak", "Pilih kisaran omzet dari daftar."),
        ("motivation", "Ingin ikut.", "Ceritakan sedikit lebih panjang (paling sedikit 20 karakter)."),
        ("motivation", "m" * 1001, "Motivasi paling panjang 1.000 karakter."),
        ("enterprise_name", "U" * 201, "Nama usaha paling panjang 200 huruf."),
    ],
)
def test_field_rules(client, apply_url, form_data, field, value, message):
    response = post(client, apply_url, form_data, **{field: value})
    assert message in field_errors(response, field)
    assert_nothing_written()


def test_a_desa_outside_the_chosen_kecamatan_is_refused(client, apply_url, form_data, kecamatan):
    petir_desa = Desa.objects.filter(kecamatan=kecamatan["Petir"]).first()
    response = post(client, apply_url, form_data, desa=petir_desa.code)
    assert field_errors(response, "desa") == ["Pilih desa/kelurahan dari daftar."]
    # the list came back narrowed to Kragilan, so the Petir desa is not even offered
    assert f'value="{petir_desa.code}"' not in response.text
    assert_nothing_written()


def test_the_desa_rule_holds_in_the_form_itself(form_data, kecamatan):
    """Without the narrowed list (a crafted POST) the server still checks desa against kecamatan."""
    from programs.forms import ApplicationForm

    petir_desa = Desa.objects.filter(kecamatan=kecamatan["Petir"]).first()
    form = ApplicationForm({**form_data, "desa": petir_desa.code})
    form.fields["desa"].choices = [(petir_desa.code, petir_desa.name), (form_data["desa"], "Kragilan")]
    assert not form.is_valid()
    assert form.errors["desa"] == ["Desa/kelurahan ini tidak berada di kecamatan yang dipilih."]


def test_without_a_kecamatan_the_desa_list_is_grouped_by_kecamatan(client, apply_url, serang):
    response = client.get(apply_url)
    assert response.status_code == 200
    assert response.text.count("<optgroup") == 29
    assert '<optgroup label="Kragilan">' in response.text


def test_the_show_desa_button_narrows_the_list_without_javascript(client, apply_url, form_data, kecamatan):
    data = {**form_data, "show_desa": "1", "desa": ""}
    response = client.post(apply_url, data)
    assert response.status_code == 200
    assert "<optgroup" not in response.text
    kragilan = set(Desa.objects.filter(kecamatan=kecamatan["Kragilan"]).values_list("code", flat=True))
    desa_select = response.text.split('name="desa"')[1].split("</select>")[0]
    offered = set(re.findall(r'value="([0-9.]+)"', desa_select))
    assert offered == kragilan
    assert "errorlist" not in response.text  # narrowing is not a failed submission
    assert input_value(response, "full_name") == "Siti Uji Pendaftar"
    assert_nothing_written()


def test_the_honeypot_refuses_the_form(client, apply_url, form_data):
    response = post(client, apply_url, form_data, website="http://spam.example")
    assert response.status_code == 200
    assert "Formulir ini tidak dapat diproses" in response.text
    assert_nothing_written()


def test_the_honeypot_is_hidden_from_people(client, apply_url):
    response = client.get(apply_url)
    assert '<div class="hp" aria-hidden="true">' in response.text


def test_the_form_has_csrf_protection(apply_url, form_data):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert 'name="csrfmiddlewaretoken"' in strict.get(apply_url).text
    response = strict.post(apply_url, form_data)
    assert response.status_code == 403
    assert_nothing_written()


def test_consent_links_to_the_privacy_notice(client, apply_url):
    response = client.get(apply_url)
    assert 'href="/privasi/"' in response.text
    notice = client.get("/privasi/")
    assert notice.status_code == 200
    assert "UU" in notice.text or "Undang-Undang Nomor 27 Tahun 2022" in notice.text
    assert "Hak Anda" in notice.text


@pytest.mark.parametrize("typed", ["15/08/1990", "15-08-1990", "15.08.1990", "15 08 1990", "15081990", "1990-08-15"])
def test_the_birth_date_is_read_day_first_however_it_is_written(client, apply_url, form_data, typed):
    assert client.post(apply_url, {**form_data, "birth_date": typed}).status_code == 302
    assert Person.objects.get().birth_date == datetime.date(1990, 8, 15)


def test_the_birth_date_is_a_text_box_in_day_month_year_whatever_the_phone_language(client, apply_url, form_data):
    data = {**form_data, "birth_date": "15/08/1990", "motivation": "pendek"}
    response = client.post(apply_url, data, HTTP_ACCEPT_LANGUAGE="en-US")
    assert input_value(response, "birth_date") == "15/08/1990"  # kept as typed beside the other error
    assert 'type="date"' not in response.text and 'placeholder="DD/MM/YYYY"' in response.text


def test_required_fields_are_marked_and_consent_comes_first_as_a_large_label(client, apply_url):
    text = client.get(apply_url).text
    assert '<label for="id_full_name" class="required">' in text
    assert '<label for="id_nib">' in text and '<label for="id_email">' in text  # optional: unmarked
    consent = text.index('name="consent"')
    assert consent < text.index('name="full_name"')
    label = text.rindex("<label", 0, consent)
    assert text[label:consent].startswith('<label for="id_consent">')  # the whole sentence is the target
