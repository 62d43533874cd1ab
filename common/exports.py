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
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import ForeignObjectRel
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from common.permissions import EXPORT_LISTS, PERSONAL_IDENTIFIERS
from common.personal import reaches_personal_field
from common.spreadsheets import EXCEL_EPOCH

CSV_ROWS_PER_CHUNK = 500
FILE_CHUNK_BYTES = 64 * 1024
ITERATOR_CHUNK_SIZE = 2000
# The export log records the rows sent every this many rows while a list streams out.
LOG_EVERY_ROWS = CSV_ROWS_PER_CHUNK

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DIGITS = re.compile(r"^[0-9]+$")
# XML 1.0 cannot hold these control characters; openpyxl refuses them, so they are dropped.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# Every ExportDefinition by its name, for the worker that builds large exports in the background.
DEFINITIONS = {}


@dataclass(frozen=True)
class ExportDefinition:
    """What one kind of list contains. `identifiers`: paths written so spreadsheets keep every
    digit; `personal`: paths shown only to staff with the personal-identifiers permission, besides
    those reaching a field the models declare personal (Person.PERSONAL_FIELDS: birth year too)."""

    name: str
    model: type
    columns: list
    identifiers: frozenset = field(default_factory=frozenset)
    personal: frozenset = field(default_factory=frozenset)
    labels: dict = field(default_factory=dict)  # {path: {value: label}} for annotated columns

    def __post_init__(self):
        DEFINITIONS.setdefault(self.name, self)

    def is_personal(self, path):
        """Declared personal here, or reaching a field the models declare personal (common.personal)."""
        return path in self.personal or reaches_personal_field(self.model, path)

    def columns_for(self, *, personal):
        return [(path, heading) for path, heading in self.columns if personal or not self.is_personal(path)]

    def width(self, path, heading):
        """A column width (in characters) that fits the column's content: the field's longest
        value (max_length, the longest choice label, a date), at least the heading. Known before
        any row is read, as a streamed sheet declares its columns first."""
        field_ = _field_for(self.model, path)
        content = 12
        if getattr(field_, "choices", None):
            content = max((len(str(label)) for _value, label in field_.flatchoices), default=12)
        elif isinstance(field_, models.DateTimeField):
            content = 16
        elif isinstance(field_, models.DateField):
            content = 10
        elif getattr(field_, "max_length", None):
            content = field_.max_length
        return max(8, min(50, max(content, len(str(heading))) + 2))

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
#
# openpyxl's write-only mode keeps memory flat, but it writes about 2,000 rows a second on this
# machine (its XML writer is pure Python: 100,000 participants took 44 s, measured with
# benchmarks/export_participants.py) and an XLSX can only leave once openpyxl has zipped the
# whole sheet, so nothing arrives for the first 44 s and gunicorn's 30 s worker timeout cuts
# the download. So the export writes the few fixed parts of the package itself and streams
# the sheet row by row through zipfile, which writes a zip to an unseekable stream with data
# descriptors: constant memory, bytes from the first rows, ten times faster. openpyxl still
# reads every file we write (the tests open them with it) and writes the import templates.

_XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XLSX_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XLSX_STATIC = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_XLSX_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_XLSX_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_XLSX_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_XLSX_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_XLSX_REL}/styles" Target="styles.xml"/>'
        "</Relationships>"
    ),
    # Cell styles by index: 0 plain, 1 bold heading, 2 text "@" (numFmtId 49), 3 date, 4 date-time.
    # Dates show as 1990-03-12: a spreadsheet that saves the list as CSV writes what it shows,
    # and 12/03/1990 would then be 12 March or 3 December depending on who reads it.
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<styleSheet xmlns="{_XLSX_MAIN}">'
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
        '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="5">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}
_STYLE_HEADING, _STYLE_TEXT, _STYLE_DATE, _STYLE_DATETIME = 1, 2, 3, 4
_EXCEL_EPOCH_START = datetime.datetime.combine(EXCEL_EPOCH, datetime.time())
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class _Sink:
    """An unseekable file for zipfile: collects what it writes, handed out by take()."""

    def __init__(self):
        self.parts, self.size, self.position = [], 0, 0

    def write(self, data):
        self.parts.append(bytes(data))
        self.size += len(data)
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def flush(self):
        pass

    def take(self):
        data, self.parts, self.size = b"".join(self.parts), [], 0
        return data


def _column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _xml_text(text):
    text = ILLEGAL_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xlsx_row(number, row, letters, text_styles):
    cells = []
    for value, letter, text_style in zip(row, letters, text_styles, strict=True):
        if value is None or value == "":
            continue
        ref = f"{letter}{number}"
        if isinstance(value, datetime.datetime):
            serial = (value - _EXCEL_EPOCH_START).total_seconds() / 86400
            cells.append(f'<c r="{ref}" s="{_STYLE_DATETIME}"><v>{serial!r}</v></c>')
        elif isinstance(value, datetime.date):
            serial = (value - EXCEL_EPOCH).days
            cells.append(f'<c r="{ref}" s="{_STYLE_DATE}"><v>{serial}</v></c>')
        elif isinstance(value, int | float) and not isinstance(value, bool) and text_style == 0:
            cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
        else:
            # An inline string is never evaluated, whatever it starts with: no formula injection.
            style = f' s="{text_style}"' if text_style else ""
            text = _xml_text(str(value))
            cells.append(f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{text}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def xlsx_chunks(headings, rows, *, identifier_flags, sheet_title, widths=None, title_lines=(), numbered=False):
    """The XLSX as byte chunks, streamed while the rows are read (see the note above).
    Identifier cells are text with number format "@"; so are the identifier columns, so what
    staff type into them later stays text too. `widths`: characters per column (else from the
    headings); `title_lines`: a title block above the headings; `numbered`: a "No." column first.
    The sheet prints on A4 landscape, fitted to the page's width, the headings on every page."""
    headings = [str(heading) for heading in headings]
    widths = list(widths) if widths else [max(12, min(45, len(heading) + 4)) for heading in headings]
    identifier_flags = list(identifier_flags)
    if numbered:
        headings, widths, identifier_flags = ["No."] + headings, [6] + widths, [False] + identifier_flags
        rows = ([number, *row] for number, row in enumerate(rows, start=1))
    letters = [_column_letter(index) for index in range(len(headings))]
    text_styles = [_STYLE_TEXT if flag else 0 for flag in identifier_flags]
    header_row = len(title_lines) + 2 if title_lines else 1
    sink = _Sink()
    archive = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5)
    title = _xml_text(_SHEET_NAME_FORBIDDEN.sub("-", sheet_title)[:31] or "Sheet1").replace('"', "&quot;")
    for name, content in _XLSX_STATIC.items():
        archive.writestr(name, content)
    quoted = title.replace("'", "''")
    archive.writestr(
        "xl/workbook.xml",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_XLSX_MAIN}" xmlns:r="{_XLSX_REL}">'
        f'<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/></sheets>'
        f'<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'
        f"'{quoted}'!${header_row}:${header_row}</definedName></definedNames></workbook>",
    )
    columns = "".join(
        f'<col min="{index}" max="{index}" width="{width}" customWidth="1"'
        + (f' style="{_STYLE_TEXT}"' if flag else "")
        + "/>"
        for index, (width, flag) in enumerate(zip(widths, identifier_flags, strict=True), start=1)
    )
    top = "".join(
        _xlsx_row(number, [str(line)], letters[:1], [_STYLE_HEADING if number == 1 else 0])
        for number, line in enumerate(title_lines, start=1)
    )
    with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
        sheet.write(
            (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<worksheet xmlns="{_XLSX_MAIN}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
                '<sheetViews><sheetView workbookViewId="0">'
                f'<pane ySplit="{header_row}" topLeftCell="A{header_row + 1}" activePane="bottomLeft" state="frozen"/>'
                "</sheetView></sheetViews>"
                f'<sheetFormatPr defaultRowHeight="15"/><cols>{columns}</cols><sheetData>'
                + top
                + _xlsx_row(header_row, headings, letters, [_STYLE_HEADING] * len(headings))
            ).encode()
        )
        yield sink.take()
        buffer = []
        for number, row in enumerate(rows, start=header_row + 1):
            buffer.append(_xlsx_row(number, row, letters, text_styles))
            if len(buffer) >= CSV_ROWS_PER_CHUNK:
                sheet.write("".join(buffer).encode())
                buffer = []
                if sink.size >= FILE_CHUNK_BYTES:
                    yield sink.take()
        sheet.write(
            (
                "".join(buffer) + "</sheetData>"
                '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>'
                '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
                "</worksheet>"
            ).encode()
        )
    archive.close()
    yield sink.take()


# --- the response ------------------------------------------------------------------------------


def can_export(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_staff and user.has_perm(EXPORT_LISTS))


def export_response(
    *, request, definition, queryset, file_format, description, filters=None, file_stem=None, title_lines=()
):
    """Stream `queryset` as a CSV or XLSX download and record it in the ExportLog.

    `file_stem`: the file's name without extension (default `<list>-<yyyymmdd-hhmm>`);
    `title_lines`: an XLSX gets them as a title block above a numbered list (CSV stays data only).

    Refuses (PermissionDenied) anyone without `common.export_lists`; personal-identifier
    columns are included only for holders of `enterprises.view_personal_identifiers`."""
    from common import background_exports
    from common.models import ExportLog

    if not can_export(request.user):
        raise PermissionDenied(_("Anda tidak berhak mengekspor daftar."))
    if file_format not in ExportLog.Format.values:
        raise ValueError(file_format)
    personal = request.user.has_perm(PERSONAL_IDENTIFIERS)
    columns = definition.columns_for(personal=personal)
    log = ExportLog.objects.create(
        user=request.user,
        username=request.user.get_username(),
        what=definition.name,
        description=str(description)[:255],
        file_format=file_format,
        filters=filters or {},
        personal_included=personal and any(definition.is_personal(path) for path, _heading in columns),
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{file_stem or f'{definition.name}-{stamp}'}.{file_format}"
    if background_exports.wanted(queryset):
        return background_exports.enqueue(
            user=request.user,
            definition=definition,
            queryset=queryset,
            log=log,
            personal=personal,
            filename=filename,
            title_lines=title_lines,
        )
    counter = _Counter(definition.rows(queryset, columns), log)
    chunks, content_type = file_chunks(file_format, definition, columns, counter, title_lines=title_lines)
    response = StreamingHttpResponse(in_file_language(chunks), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def file_chunks(file_format, definition, columns, rows, *, title_lines=()):
    """(chunks, content type) of `rows` written as `file_format` with `definition`'s columns: one
    writer for the streamed download and the background export, so both give the same file."""
    from common.models import ExportLog

    headings = [heading for _path, heading in columns]
    identifier_flags = [path in definition.identifiers for path, _heading in columns]
    if file_format == ExportLog.Format.CSV:
        return csv_chunks(headings, rows, identifier_flags=identifier_flags), "text/csv; charset=utf-8"
    chunks = xlsx_chunks(
        headings,
        rows,
        identifier_flags=identifier_flags,
        sheet_title=definition.name,
        widths=[definition.width(path, heading) for path, heading in columns],
        title_lines=title_lines,
        numbered=bool(title_lines),
    )
    return chunks, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Counter:
    """Counts the rows as they stream and writes the count to the log as it goes: the log row
    exists before the first byte, its count is brought up to date every LOG_EVERY_ROWS rows, and
    the final count (finished or cut off) is written when the stream ends. A worker killed in the
    middle (kill -9: no `finally`) still leaves a log that says how many rows had been handed to
    the writer, short of the truth by at most LOG_EVERY_ROWS plus what sat in the last chunk."""

    def __init__(self, rows, log):
        self.rows, self.log = rows, log

    def _record(self, **values):
        type(self.log).objects.filter(pk=self.log.pk).update(**values)
        for name, value in values.items():
            setattr(self.log, name, value)

    def __iter__(self):
        count, finished = 0, False
        try:
            for row in self.rows:
                if count and count % LOG_EVERY_ROWS == 0:
                    # Asked for the next row: the rows counted so far have left in earlier chunks.
                    self._record(row_count=count)
                count += 1
                yield row
            finished = True
        finally:
            self._record(row_count=count, finished=finished)


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
        # Offered only to staff who may export: the admin asks has_export_lists_permission().
        action.allowed_permissions = ("export_lists",)
        return action

    csv_label = lazy(lambda: _gettext("Ekspor %(what)s terpilih ke CSV") % {"what": description}, str)()
    xlsx_label = lazy(lambda: _gettext("Ekspor %(what)s terpilih ke XLSX (Excel)") % {"what": description}, str)()
    return [make("csv", csv_label), make("xlsx", xlsx_label)]


def in_file_language(chunks):
    """Headings and choice labels in the portal's own language whatever the staff member's screen
    language: a list goes back in through the importer, which reads the Indonesian headings."""
    with translation.override(settings.LANGUAGE_CODE):
        yield from chunks


def template_response(*, name, headings, example, identifier_flags, file_format):
    """A small import template (headings and one example row) as CSV or XLSX. In the XLSX the
    identifier columns are formatted as text, so NIKs typed into it keep every digit."""
    from django.http import HttpResponse

    with translation.override(settings.LANGUAGE_CODE):
        headings = [str(heading) for heading in headings]
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
