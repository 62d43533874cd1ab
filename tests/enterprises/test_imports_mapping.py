"""The UMKM registry import reads a list the way offices keep it, through the mapping step, into
the same registry rows as its clean template."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises import imports
from enterprises.models import Enterprise, Person
from tests.files import IMPORT_PERMS, PERSONAL, clean_rows, csv_bytes, office_rows, office_xlsx

pytestmark = pytest.mark.django_db

URL = "admin:enterprises_enterprise_import"


@pytest.fixture
def registrar(client, make_staff, serang):
    client.force_login(make_staff("registrar", IMPORT_PERMS + PERSONAL))
    return client


def upload(client, data, name):
    response = client.post(reverse(URL), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.context and response.context["form"].errors
    return response["Location"]


def registry():
    return sorted(
        Enterprise.objects.values_list(
            "name",
            "sector",
            "kecamatan__name",
            "desa__name",
            "owner__full_name",
            "owner__nik",
            "owner__sex",
            "owner__birth_place",
            "owner__birth_date",
            "owner__phone",
            "owner__address",
        )
    )


@pytest.mark.parametrize(
    "name, build",
    [
        ("umkm.xlsx", office_xlsx),
        ("umkm.csv", lambda: csv_bytes(office_rows())),
        ("umkm.csv", lambda: csv_bytes(office_rows(), delimiter=";")),
        ("umkm.csv", lambda: csv_bytes(office_rows(), delimiter="\t")),
    ],
    ids=["xlsx", "csv-comma", "csv-semicolon", "csv-tab"],
)
def test_an_office_list_fills_the_registry_as_the_clean_template_does(registrar, name, build):
    mapping_url = upload(registrar, build(), name)
    assert mapping_url.endswith("/kolom/")
    form = registrar.get(mapping_url).context["form"]
    proposed = {name: field.initial for name, field in form.fields.items() if field.initial}
    preview_url = registrar.post(mapping_url, proposed)["Location"]
    preview = registrar.get(preview_url)
    assert not preview.context["plan"].has_errors, [row.errors for row in preview.context["plan"].rows]
    registrar.post(preview_url)
    office = registry()
    assert len(office) == 4

    Enterprise.objects.all().delete()
    Person.objects.all().delete()
    clean = csv_bytes(clean_rows(imports.ENTERPRISE_LABELS, imports.ENTERPRISE_TEMPLATE), delimiter=";")
    preview_url = upload(registrar, clean, "templat.csv")
    assert not preview_url.endswith("/kolom/")
    registrar.post(preview_url)
    assert registry() == office
