import pytest
from django.core.management import CommandError, call_command

from regions.models import Desa, Kecamatan
from regions.services import load_district

pytestmark = pytest.mark.django_db


def test_serang_has_29_kecamatan_and_326_desa():
    result = load_district(code="36.04")
    assert result.kabupaten.name == "Kabupaten Serang"
    assert result.kabupaten.province_name == "Banten"
    assert Kecamatan.objects.filter(kabupaten_id="36.04").count() == 29
    assert Desa.objects.filter(kecamatan__kabupaten_id="36.04").count() == 326
    assert not Desa.objects.filter(kecamatan__kabupaten_id="36.04", kind=Desa.Kind.KELURAHAN).exists()


def test_tegalmaja_lies_in_kragilan_not_petir():
    load_district(code="36.04")
    tegalmaja = Desa.objects.get(code="36.04.11.2012")
    assert tegalmaja.name == "Tegalmaja"
    assert tegalmaja.kecamatan.name == "Kragilan"
    assert not Desa.objects.filter(kecamatan__name="Petir", name__icontains="tegal").exists()


def test_batang_has_15_kecamatan_and_248_desa_and_kelurahan():
    load_district(code="33.25")
    assert Kecamatan.objects.filter(kabupaten_id="33.25").count() == 15
    desa = Desa.objects.filter(kecamatan__kabupaten_id="33.25")
    assert desa.count() == 248
    assert desa.filter(kind=Desa.Kind.KELURAHAN).count() == 9


def test_loading_twice_changes_nothing():
    call_command("load_regions", "36.04", "33.25")
    before = list(Desa.objects.values_list("code", "name", "kecamatan_id", "kind").order_by("code"))
    call_command("load_regions", "36.04", "33.25")
    after = list(Desa.objects.values_list("code", "name", "kecamatan_id", "kind").order_by("code"))
    assert before == after
    assert Kecamatan.objects.count() == 29 + 15


def test_a_renamed_desa_is_refreshed():
    load_district(code="36.04")
    Desa.objects.filter(code="36.04.20.2001").update(name="Tanjung Teja")  # the 2022 spelling
    load_district(code="36.04")
    assert Desa.objects.get(code="36.04.20.2001").name == "Tunjung Teja"


def test_district_without_desa_file_loads_its_kecamatan(capsys):
    call_command("load_regions", "36.01")
    assert Kecamatan.objects.filter(kabupaten_id="36.01").count() > 0
    assert "No desa list is shipped for 36.01" in capsys.readouterr().err


def test_unknown_district_is_a_clear_error():
    with pytest.raises(CommandError, match="No kabupaten/kota has the code '99.99'"):
        call_command("load_regions", "99.99")


def test_nik_prefix_is_the_kecamatan_code_without_dots():
    load_district(code="36.04")
    assert Kecamatan.objects.get(code="36.04.11").nik_prefix == "360411"
