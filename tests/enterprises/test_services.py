"""Enterprise.scale_class stays what enterprises.services.refresh_scale_classes computes, and
that is the PP 7/2021 rule (enterprises.rules.scale_class) on the latest annual report, whatever
path wrote the reports: save/delete, the admin form with its inline, the import, the bulk querysets."""

import pytest
from django.contrib import admin
from django.urls import reverse

from enterprises.imports import import_enterprises
from enterprises.models import AnnualReport, Enterprise
from enterprises.rules import BILLION, scale_class
from enterprises.services import refresh_scale_classes
from tests.enterprises.test_imports import ROWS, table_of
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def from_scratch():
    """{enterprise id: class} by the rule in Python, from the latest report of each."""
    latest = {}
    for report in AnnualReport.objects.order_by("enterprise_id", "year"):
        latest[report.enterprise_id] = report
    return {
        pk: (scale_class(annual_turnover=r.annual_turnover, business_capital=r.business_capital) or "")
        if (r := latest.get(pk))
        else ""
        for pk in Enterprise.objects.values_list("pk", flat=True)
    }


def assert_in_step():
    stored = dict(Enterprise.objects.values_list("pk", "scale_class"))
    assert stored == from_scratch()
    refresh_scale_classes()  # and the function itself, run over every row, changes nothing
    assert dict(Enterprise.objects.values_list("pk", "scale_class")) == stored


def test_save_and_delete(serang):
    enterprise = EnterpriseFactory()
    report = AnnualReport.objects.create(enterprise=enterprise, year=2024, annual_turnover=300_000_000)
    assert_in_step()
    AnnualReport.objects.create(enterprise=enterprise, year=2025, annual_turnover=3 * BILLION)
    assert_in_step()
    assert Enterprise.objects.get().scale_class == "kecil"
    report.business_capital, report.annual_turnover = 20 * BILLION, None
    report.save()
    assert_in_step()
    enterprise.annual_reports.get(year=2025).delete()
    assert_in_step()
    assert Enterprise.objects.get().scale_class == "besar"
    other = EnterpriseFactory()
    report.enterprise = other  # moved to another enterprise: both are refreshed
    report.save()
    assert_in_step()
    assert dict(Enterprise.objects.values_list("pk", "scale_class")) == {enterprise.pk: "", other.pk: "besar"}


def test_bulk_querysets(serang):
    enterprises = EnterpriseFactory.create_batch(4)
    # the ceilings and one past each, by turnover and by capital alone
    figures = [
        (2 * BILLION, None),
        (2 * BILLION + 1, None),
        (15 * BILLION, None),
        (15 * BILLION + 1, None),
        (50 * BILLION, None),
        (50 * BILLION + 1, None),
        (None, 1 * BILLION),
        (None, 1 * BILLION + 1),
        (None, 5 * BILLION),
        (None, 5 * BILLION + 1),
        (None, 10 * BILLION),
        (None, 10 * BILLION + 1),
        (0, 20 * BILLION),
    ]
    for year, (turnover, capital) in enumerate(figures, start=2000):
        AnnualReport.objects.bulk_create(
            [AnnualReport(enterprise=enterprises[0], year=year, annual_turnover=turnover, business_capital=capital)]
        )
        assert_in_step()
    AnnualReport.objects.bulk_create(
        [AnnualReport(enterprise=e, year=2024, annual_turnover=n * 7 * BILLION) for n, e in enumerate(enterprises)]
    )
    assert_in_step()
    AnnualReport.objects.filter(year=2024).update(annual_turnover=16 * BILLION)
    assert_in_step()
    reports = list(AnnualReport.objects.filter(year=2024))
    for report in reports:
        report.annual_turnover = 1
    AnnualReport.objects.bulk_update(reports, ["annual_turnover"])
    assert_in_step()
    AnnualReport.objects.filter(enterprise=enterprises[0], year__gte=2005).delete()
    assert_in_step()
    AnnualReport.objects.filter(enterprise=enterprises[1]).update(enterprise=enterprises[2], year=2030)
    assert_in_step()
    AnnualReport.objects.all().delete()
    assert_in_step()
    assert set(Enterprise.objects.values_list("scale_class", flat=True)) == {""}
    # There is no admin list of annual reports, so no bulk delete action to cover; were one
    # registered, its delete_queryset() deletes through the queryset above.
    assert not admin.site.is_registered(AnnualReport)


def enterprise_form(enterprise, reports):
    data = {
        "name": enterprise.name,
        "owner": enterprise.owner_id,
        "sector": enterprise.sector,
        "products": enterprise.products,
        "kecamatan": enterprise.kecamatan_id,
        "desa": "",
        "address": enterprise.address,
        "nib": "",
        "pirt_number": "",
        "halal_certificate_number": "",
        "employees": 0,
        "public_contact": "",
        "annual_reports-TOTAL_FORMS": len(reports),
        "annual_reports-INITIAL_FORMS": sum(1 for r in reports if r.get("id")),
        "annual_reports-MIN_NUM_FORMS": 0,
        "annual_reports-MAX_NUM_FORMS": 1000,
    }
    for i, report in enumerate(reports):
        for key, value in report.items():
            data[f"annual_reports-{i}-{key}"] = value
        data[f"annual_reports-{i}-enterprise"] = enterprise.pk
    return data


def test_admin_form_with_its_inline(admin_client, serang):
    enterprise = EnterpriseFactory()
    url = reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])
    response = admin_client.post(
        url,
        enterprise_form(
            enterprise,
            [
                {"year": 2024, "annual_turnover": 900_000_000, "business_capital": ""},
                {"year": 2025, "annual_turnover": 16 * BILLION, "business_capital": ""},
            ],
        ),
    )
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert_in_step()
    assert Enterprise.objects.get().scale_class == "menengah"
    reports = {r.year: r for r in enterprise.annual_reports.all()}
    response = admin_client.post(
        url,
        enterprise_form(
            enterprise,
            [
                {"id": reports[2024].pk, "year": 2024, "annual_turnover": 900_000_000, "business_capital": ""},
                {"id": reports[2025].pk, "year": 2025, "annual_turnover": 16 * BILLION, "DELETE": "on"},
            ],
        ),
    )
    assert response.status_code == 302
    assert_in_step()
    assert Enterprise.objects.get().scale_class == "mikro"


def test_import(serang):
    EnterpriseFactory()
    import_enterprises(table=table_of(ROWS))
    assert Enterprise.objects.count() == 4
    assert_in_step()
