"""Lists out of the portal as CSV and XLSX: declared columns, streamed, guarded, recorded.

An export is an `ExportDefinition`: a model and its columns `[(path, _("Heading")), ...]` where a
path is an ORM lookup (`person__nik`). The rows come from ONE `values_list(...).iterator()`
query whatever the row count, so memory stays flat and the first bytes leave at once.

Two things spreadsheets do to lists that we defend against:

- Identifiers (NIK, NIB, phone, Nomor Induk Koperasi) are digit strings, and a spreadsheet that
  opens a CSV turns them into numbers: a 16-digit NIK loses its last digit (15 significant
  digits) and becomes 3,60401E+15, a phone number loses its leading zero. In CSV we write a
  digits-only identifier as `="3604011201900001"`: Excel shows the text 3604011201900001
  exactly; LibreOffice shows the same with "Evaluate formulas" on and the literal
  `="3604011201900001"` with it off. Both keep every digit, and our own importer reads all
  three forms back (`spreadsheets.clean_identifier`). A leading apostrophe was the other
  candidate, but in a CSV neither program treats it as "text" (it stays visible in both), so it
  buys nothing over `="..."` and looks worse in Excel. The wrapper is only ever put around a
  value we checked to be digits, so it cannot carry a formula. In XLSX identifiers are string
  cells with the text number format "@", which both programs respect.
- Formula injection: any other text cell starting with = + - @ (or a tab/CR) would be run as a
  formula when opened. In CSV it is prefixed with an apostrophe (as defusedcsv/pretix do); in
  XLSX it is written as an explicit string cell, which is never evaluated, so the text stays
  exactly as typed.
"""

import csv
import datetime
import io
import os
import re
import tempfile
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import ForeignObjectRel
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

EXPORT_PERMISSION = "umkm_portal.export_lists"
PERSONAL_PERMISSION = "enterprises.view_personal_identifiers"
CSV_ROWS_PER_CHUNK = 500
FILE_CHUNK_BYTES = 64 * 1024
ITERATOR_CHUNK_SIZE = 2000

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DIGITS = re.compile(r"^[0-9]+$")
# XML 1.0 cannot hold these control characters; openpyxl refuses them, so they are dropped.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class ExportDefinition:
    """What one kind of list contains. `identifiers`: paths written so spreadsheets keep every
    digit; `personal`: paths shown only to staff with the personal-identifiers permission."""

    name: str
    model: type
    columns: list
    identifiers: frozenset = field(default_factory=frozenset)
    personal: frozenset = field(default_factory=frozenset)
    labels: dict = field(default_factory=dict)  # {path: {value: label}} for annotated columns

    def columns_for(self, *, personal):
        return [(path, heading) for path, heading in self.columns if personal or path not in self.personal]

    def rows(self, queryset, columns):
        """Yield one list of Python values per object: choice labels instead of codes, None as ''.
        One query, streamed in chunks from the database."""
        paths = [path for path, _heading in columns]
        converters = [_converter(self.model, path, self.labels.get(path)) for path in paths]
        for row in queryset.values_list(*paths).iterator(chunk_size=ITERATOR_CHUNK_SIZE):
            yield [convert(value) for convert, value in zip(converters, row, strict=True)]


def _field_for(model, path):
    """The model field a lookup path ends on; None for an annotation."""
    field_ = None
    for part in path.split("__"):
        try:
            field_ = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if field_.is_relation and not isinstance(field_, ForeignObjectRel) and field_.related_model:
            model = field_.related_model
    return field_


def _converter(model, path, labels=None):
    field_ = _field_for(model, path)
    if labels is None and getattr(field_, "choices", None):
        labels = dict(field_.flatchoices)
    choices = labels

    def convert(value):
        if value is None:
            return ""
        if choices is not None:
            return str(choices.get(value, value))
        if isinstance(value, bool):
            return _gettext("ya") if value else _gettext("tidak")
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        return value

    return convert


# --- CSV ---------------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write() hands back what it was given (Django's streaming CSV
    how-to): csv.writer formats, we yield."""

    def write(self, value):
        return value


def csv_cell(value, *, identifier=False):
    """One value as CSV text: identifiers kept as text for spreadsheets, formulas defused."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()  # 1990-12-31: read the same way by every locale and by our importer
    text = str(value)
    if identifier and DIGITS.match(text):
        return f'="{text}"'
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_chunks(headings, rows, *, identifier_flags):
    """The CSV as text chunks: the BOM and header row first, before any row is read."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(heading) for heading in headings])
    buffer = []
    for row in rows:
        buffer.append(
            writer.writerow(
                [csv_cell(value, identifier=flag) for value, flag in zip(row, identifier_flags, strict=True)]
            )
        )
        if len(buffer) >= CSV_ROWS_PER_CHUNK:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


# --- XLSX --------------------------------------------------------------------------------------


def xlsx_chunks(headings, rows, *, identifier_flags, sheet_title):
    """The XLSX as byte chunks. openpyxl's write-only mode writes each row to a temporary file as
    it comes (inline strings, no shared-string table), so memory does not grow with the rows;
    the finished file is then read back in 64 KiB chunks. An XLSX is a zip whose directory comes
    last, so its first byte can only leave once every row is written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    header = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=str(heading))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    # Styles are shared objects in openpyxl; assigning the same format string reuses one style.
    for row in rows:
        cells = []
        for value, identifier in zip(row, identifier_flags, strict=True):
            cells.append(_xlsx_cell(sheet, value, identifier))
        sheet.append(cells)
    handle, path = tempfile.mkstemp(prefix="umkm-export-", suffix=".xlsx")
    os.close(handle)
    try:
        workbook.save(path)
        with open(path, "rb") as stream:
            while chunk := stream.read(FILE_CHUNK_BYTES):
                yield chunk
    finally:
        os.unlink(path)


def _xlsx_cell(sheet, value, identifier):
    from openpyxl.cell import WriteOnlyCell

    if value is None or value == "":
        return None
    if isinstance(value, datetime.date | datetime.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY HH:MM" if isinstance(value, datetime.datetime) else "DD/MM/YYYY"
        return cell
    if isinstance(value, int | float) and not identifier:
        return value
    cell = WriteOnlyCell(sheet, value=None)
    cell.value = ILLEGAL_XML.sub("", str(value))
    # A str starting with "=" would become a formula in openpyxl: force a plain string cell.
    cell.data_type = "s"
    if identifier:
        cell.number_format = "@"
    return cell


# --- the response ------------------------------------------------------------------------------


def can_export(user):
    return bool(
        user and user.is_authenticated and user.is_active and user.is_staff and user.has_perm(EXPORT_PERMISSION)
    )


def export_response(*, request, definition, queryset, file_format, description, filters=None):
    """Stream `queryset` as a CSV or XLSX download and record it in the ExportLog.

    Refuses (PermissionDenied) anyone without `umkm_portal.export_lists`; personal-identifier
    columns are included only for holders of `enterprises.view_personal_identifiers`."""
    from umkm_portal.models import ExportLog

    if not can_export(request.user):
        raise PermissionDenied(_("Anda tidak berhak mengekspor daftar."))
    if file_format not in ExportLog.Format.values:
        raise ValueError(file_format)
    personal = request.user.has_perm(PERSONAL_PERMISSION)
    columns = definition.columns_for(personal=personal)
    headings = [heading for _path, heading in columns]
    identifier_flags = [path in definition.identifiers for path, _heading in columns]
    log = ExportLog.objects.create(
        user=request.user,
        username=request.user.get_username(),
        what=definition.name,
        description=str(description)[:255],
        file_format=file_format,
        filters=filters or {},
        personal_included=personal and any(path in definition.personal for path, _heading in columns),
    )
    counter = _Counter(definition.rows(queryset, columns), log)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{definition.name}-{stamp}.{file_format}"
    if file_format == ExportLog.Format.CSV:
        chunks = csv_chunks(headings, counter, identifier_flags=identifier_flags)
        content_type = "text/csv; charset=utf-8"
    else:
        chunks = xlsx_chunks(headings, counter, identifier_flags=identifier_flags, sheet_title=definition.name)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class _Counter:
    """Counts the rows as they stream and writes the count to the log when the stream ends
    (or is cut off: then the log says unfinished)."""

    def __init__(self, rows, log):
        self.rows, self.log = rows, log

    def __iter__(self):
        count, finished = 0, False
        try:
            for row in self.rows:
                count += 1
                yield row
            finished = True
        finally:
            type(self.log).objects.filter(pk=self.log.pk).update(row_count=count, finished=finished)
            self.log.row_count, self.log.finished = count, finished


def export_actions(definition, *, description, queryset_for=None):
    """Two admin actions (CSV, XLSX) exporting the selected objects with `definition`.
    `queryset_for(queryset)` turns the selection into the rows to export (e.g. programs into
    their participants)."""

    def make(file_format, label):
        def action(modeladmin, request, queryset):
            rows = queryset_for(queryset) if queryset_for else queryset
            selected = request.POST.getlist("_selected_action")
            filters = {
                "admin": f"{queryset.model._meta.app_label}.{queryset.model._meta.model_name}",
                "changelist_query": request.GET.urlencode(),
                "select_across": request.POST.get("select_across") == "1",
                "selected_ids": selected[:1000],
                "selected_count": len(selected),
            }
            return export_response(
                request=request,
                definition=definition,
                queryset=rows,
                file_format=file_format,
                description=description,
                filters=filters,
            )

        action.__name__ = f"export_{definition.name.replace('-', '_')}_{file_format}"
        action.short_description = label
        return action

    csv_label = lazy(lambda: _gettext("Ekspor %(what)s terpilih ke CSV") % {"what": description}, str)()
    xlsx_label = lazy(lambda: _gettext("Ekspor %(what)s terpilih ke XLSX (Excel)") % {"what": description}, str)()
    return [make("csv", csv_label), make("xlsx", xlsx_label)]


def template_response(*, name, headings, example, identifier_flags, file_format):
    """A small import template (headings and one example row) as CSV or XLSX. In the XLSX the
    identifier columns are formatted as text, so NIKs typed into it keep every digit."""
    from django.http import HttpResponse

    if file_format == "csv":
        body = "".join(csv_chunks(headings, [example], identifier_flags=identifier_flags)).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    else:
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = name[:31]
        for position, (heading, value, identifier) in enumerate(
            zip(headings, example, identifier_flags, strict=True), start=1
        ):
            letter = get_column_letter(position)
            sheet.cell(row=1, column=position, value=str(heading)).font = Font(bold=True)
            cell = sheet.cell(row=2, column=position)
            cell.value = value
            cell.data_type = "s"
            sheet.column_dimensions[letter].width = max(12, len(str(heading)) + 4, len(str(value)) + 2)
            if identifier:
                cell.number_format = "@"
                for row in range(3, 1002):  # the rows staff will type into
                    sheet.cell(row=row, column=position).number_format = "@"
        buffer = io.BytesIO()
        workbook.save(buffer)
        body = buffer.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="templat-{name}.{file_format}"'
    return response
