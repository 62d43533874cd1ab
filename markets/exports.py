"""Prices out of the portal in the long shape of the trade ministry's monitoring (SP2KP): one row
per market, commodity and day with date, market code, market, commodity, unit and price.

The same ExportDefinition serves the public download (`price_export_response`, public figures
with no one's name, so not recorded in the ExportLog) and the admin's logged export actions; the
week import (`markets.imports`) reads this shape back."""

from django.http import StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

from common.exports import ExportDefinition, csv_chunks, in_file_language, xlsx_chunks
from markets.models import PriceObservation

PRICES = ExportDefinition(
    name="harga-pasar",
    model=PriceObservation,
    columns=[
        ("observed_on", _("Tanggal")),
        ("market__code", _("Kode pasar")),
        ("market__name", _("Pasar")),
        ("commodity__name", _("Komoditas")),
        ("commodity__unit", _("Satuan")),
        ("price", _("Harga")),
    ],
    identifiers=frozenset({"market__code"}),
)
ORDER = ("observed_on", "market__name", "commodity__position", "commodity__name")


def price_rows(*, filters, first, last):
    return PriceObservation.objects.filter(observed_on__range=(first, last), **filters).order_by(*ORDER)


def price_export_response(*, filters, first, last, file_format):
    columns = PRICES.columns
    headings = [heading for _path, heading in columns]
    flags = [path in PRICES.identifiers for path, _heading in columns]
    rows = PRICES.rows(price_rows(filters=filters, first=first, last=last), columns)
    if file_format == "csv":
        chunks = csv_chunks(headings, rows, identifier_flags=flags)
        content_type = "text/csv; charset=utf-8"
    else:
        chunks = xlsx_chunks(headings, rows, identifier_flags=flags, sheet_title=PRICES.name)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = StreamingHttpResponse(in_file_language(chunks), content_type=content_type)
    scope = "-".join(obj.slug for obj in filters.values()) or "kabupaten"
    response["Content-Disposition"] = (
        f'attachment; filename="{PRICES.name}-{scope}-{first:%Y%m%d}-{last:%Y%m%d}.{file_format}"'
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
