import pytest
from django.core.management import call_command
from django.db.models import Count

from cooperatives.models import Cooperative
from enterprises.models import Enterprise, Person
from enterprises.rules import validate_nik
from markets.models import Market
from programs.models import Participant, Program

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "people": list(Person.objects.values_list("nik", "full_name", "kecamatan_id").order_by("nik")),
        "enterprises": list(Enterprise.objects.values_list("nib", "name", "scale_class").order_by("nib")),
        "participants": Participant.objects.count(),
        "cooperatives": list(Cooperative.objects.values_list("nik_koperasi", "last_rat_book_year").order_by("pk")),
        "markets": list(Market.objects.values_list("name", "revitalised_year").order_by("name")),
        "programs": list(Program.objects.values_list("slug", "quota").order_by("slug")),
    }


@pytest.fixture
def demo(serang):
    call_command("load_demo_data", "--enterprises", "300")


def spread(slug):
    return dict(
        Participant.objects.filter(program__slug=slug)
        .values_list("person__kecamatan__name")
        .annotate(n=Count("pk"))
        .order_by()
    )


def test_the_three_trainings_of_2024_and_2025(demo):
    bdi = Program.objects.get(slug="pelatihan-tas-anyaman-dan-kulit-bdi-denpasar-2024")
    assert (bdi.start_date.isoformat(), bdi.end_date.isoformat(), bdi.city) == ("2024-10-15", "2024-10-19", "Denpasar")
    assert bdi.participants.count() == 20
    assert set(spread(bdi.slug)) == {"Petir", "Cikeusal", "Kramatwatu", "Kragilan"}
    ardelya = Program.objects.get(slug="pelatihan-handmade-ardelya-craft-2025")
    assert ardelya.participants.count() == 20
    assert set(spread(ardelya.slug)) == {
        "Bojonegara",
        "Anyar",
        "Kragilan",
        "Bandung",
        "Petir",
        "Kramatwatu",
        "Cinangka",
    }
    assert {p.name for p in ardelya.partners.all()} >= {"CV Ardelya Kriya Nusantara (Ardelya Craft)"}
    managerial = Program.objects.get(slug="pelatihan-manajerial-umkm-2025")
    assert managerial.participants.count() == 50
    assert len(spread(managerial.slug)) == 10


def test_cooperative_statuses_add_up_to_the_2020_figures(demo):
    assert Cooperative.objects.count() == 819
    assert Cooperative.objects.status_counts() == {"aktif": 612, "kurang_aktif": 98, "tidak_aktif": 109}


def test_the_named_markets(demo):
    assert Market.objects.count() == 13
    assert Market.objects.filter(revitalised_year__isnull=False).count() == 11
    padarincang = Market.objects.get(name="Pasar Padarincang")
    assert padarincang.relocations.count() == 1
    assert Market.objects.get(name="Pasar Dukuh").kecamatan.name == "Ciruas"


def test_synthetic_people_are_obviously_synthetic_with_valid_niks(demo):
    for person in Person.objects.select_related("kecamatan"):
        validate_nik(person.nik)
        assert person.nik.startswith(person.kecamatan.nik_prefix)
        assert " Contoh " in person.full_name or " Peserta " in person.full_name
        assert person.phone.startswith("0800")
        assert person.desa.kecamatan_id == person.kecamatan_id


def test_running_the_demo_again_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo_data", "--enterprises", "300")
    assert snapshot() == before


def test_scaling_up_keeps_the_base_and_adds_participants(demo):
    before = snapshot()
    call_command("load_demo_data", "--enterprises", "400", "--participants", "120")
    after = snapshot()
    assert set(before["enterprises"]) <= set(after["enterprises"])
    assert len(after["enterprises"]) == len(before["enterprises"]) + 100
    assert after["participants"] == before["participants"] + 120
    assert Participant.objects.values("program", "person").distinct().count() == after["participants"]


def test_demo_needs_regions_first(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Load the regions first"):
        call_command("load_demo_data")
