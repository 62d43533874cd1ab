"""A week's prices from a spreadsheet, in the export's long shape (date, market code, market,
commodity, unit, price), through the shared import machinery: every row planned and checked,
a preview, then all rows saved or none (`record_observations`, with history)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.imports import ImportPlan, ImportRejected, RowErrors, RowPlan
from common.spreadsheets import clean_identifier, clean_text, normalise_heading, parse_date
from markets import rules
from markets.models import Commodity, Market, PriceObservation
from markets.services import record_observations

PRICE_FIELDS = {
    "observed_on": ["tanggal", "tgl", "date"],
    "market_code": ["kode pasar", "kode"],
    "market": ["pasar", "nama pasar"],
    "commodity": ["komoditas", "nama komoditas", "barang"],
    "unit": ["satuan"],
    "price": ["harga", "harga (rp)", "harga rp"],
}
PRICE_LABELS = {
    "observed_on": gettext_lazy("Tanggal"),
    "market_code": gettext_lazy("Kode pasar"),
    "market": gettext_lazy("Pasar"),
    "commodity": gettext_lazy("Komoditas"),
    "unit": gettext_lazy("Satuan"),
    "price": gettext_lazy("Harga"),
}
PRICE_REQUIRED = {"observed_on", "commodity", "price"}
PRICE_TEMPLATE = [
    ("observed_on", "02/12/2026"),
    ("market_code", ""),
    ("market", "Pasar Kragilan"),
    ("commodity", "Beras medium"),
    ("unit", "kg"),
    ("price", "13500"),
]
MAX_ROWS = 7 * 14 * 40  # a week of every market and commodity, with room


class PriceAction(models.TextChoices):
    NEW = "baru", gettext_lazy("harga baru")
    REPLACE = "ganti", gettext_lazy("mengganti harga yang sudah ada")
    SAME = "sama", gettext_lazy("sama dengan yang sudah ada, tidak diubah")
    ERROR = "galat", gettext_lazy("galat")


def plan_price_import(*, table, today):
    """What importing `table` would do, row by row; reads only, a fixed number of queries."""
    markets = list(Market.objects.values_list("pk", "name", "code"))
    by_code = {clean_identifier(code): pk for pk, _name, code in markets if code}
    by_name = {normalise_heading(name): pk for pk, name, _code in markets}
    names = {pk: name for pk, name, _code in markets}
    commodities = list(Commodity.objects.values_list("pk", "name", "unit", "retired_on"))
    commodity_by_name = {normalise_heading(name): (pk, unit, retired) for pk, name, unit, retired in commodities}
    rows, seen = [], {}
    if len(table.records) > MAX_ROWS:
        row = RowPlan(number=table.records[MAX_ROWS].number, action=PriceAction.ERROR)
        RowErrors(row, table.columns, PRICE_LABELS).add_row(
            _("berkas terlalu panjang untuk impor harga (paling banyak %(max)s baris); bagi per minggu.")
            % {"max": MAX_ROWS}
        )
        return ImportPlan(rows=[row], action_labels=dict(PriceAction.choices), columns=table.columns)
    for record in table.records:
        row = RowPlan(number=record.number)
        errors = RowErrors(row, table.columns, PRICE_LABELS)
        day = parse_date(record.get("observed_on"))
        if day is None:
            errors.add("observed_on", _("tulis tanggal seperti 31/12/2026."))
        elif day > today:
            errors.add("observed_on", _("tanggal %(day)s belum tiba.") % {"day": day.strftime("%d/%m/%Y")})
        code = clean_identifier(record.get("market_code"))
        market_name = clean_text(record.get("market"))
        market_id = by_code.get(code) if code else by_name.get(normalise_heading(market_name))
        if market_id is None:
            if code:
                errors.add("market_code", _("kode pasar %(value)s tidak dikenal.") % {"value": code})
            else:
                errors.add("market", _("pasar “%(value)s” tidak ada di registri.") % {"value": market_name})
        commodity_text = clean_text(record.get("commodity"))
        commodity = commodity_by_name.get(normalise_heading(commodity_text))
        if commodity is None:
            errors.add("commodity", _("komoditas “%(value)s” tidak dikenal.") % {"value": commodity_text})
        else:
            unit = clean_text(record.get("unit"))
            if unit and normalise_heading(unit) != normalise_heading(commodity[1]):
                errors.add(
                    "unit",
                    _("satuan %(commodity)s adalah %(unit)s, bukan “%(value)s”.")
                    % {"commodity": commodity_text, "unit": commodity[1], "value": unit},
                )
            if commodity[2] and day and day >= commodity[2]:
                errors.add("commodity", _("komoditas ini tidak dipantau lagi sejak %(day)s.") % {"day": commodity[2]})
        price_text = clean_text(record.get("price"))
        price = rules.parse_rupiah(price_text.removesuffix(".0"))
        if price is None or not 0 < price <= rules.MAX_PRICE:
            errors.add("price", _("tulis harga dalam rupiah tanpa desimal, bukan “%(value)s”.") % {"value": price_text})
        key = (market_id, commodity and commodity[0], day)
        if not row.errors:
            if key in seen:
                errors.add_row(_("pasar, komoditas dan tanggal ini sudah ada di baris %(row)s.") % {"row": seen[key]})
            seen[key] = row.number
        row.name = names.get(market_id, market_name)
        row.detail = f"{commodity_text} · {day.strftime('%d/%m/%Y') if day else ''} · {price_text}"
        row.data = {"key": key, "price": price}
        rows.append(row)
    existing = {}
    keys = [row.data["key"] for row in rows if not row.errors]
    if keys:
        days = [key[2] for key in keys]
        for market_id, commodity_id, day, price in PriceObservation.objects.filter(
            observed_on__range=(min(days), max(days)), market_id__in={key[0] for key in keys}
        ).values_list("market_id", "commodity_id", "observed_on", "price"):
            existing[(market_id, commodity_id, day)] = price
    for row in rows:
        if row.errors:
            row.action = PriceAction.ERROR
        elif row.data["key"] not in existing:
            row.action = PriceAction.NEW
        elif existing[row.data["key"]] == row.data["price"]:
            row.action = PriceAction.SAME
        else:
            row.action = PriceAction.REPLACE
    return ImportPlan(
        rows=rows,
        action_labels=dict(PriceAction.choices),
        columns=table.columns,
        ignored_headings=table.ignored_headings,
    )


def import_prices(*, table, today, user=None, reason=""):
    """Save every row, or nothing (ImportRejected) if any row has an error."""
    plan = plan_price_import(table=table, today=today)
    if plan.has_errors:
        raise ImportRejected(plan)
    try:
        record_observations(
            rows=[(*row.data["key"], row.data["price"]) for row in plan.rows if row.action != PriceAction.SAME],
            user=user,
            reason=reason,
        )
    except ValidationError as error:
        raise ImportRejected(plan, " ".join(error.messages)) from error
    return plan
