"""Reading the lists staff receive: CSV (any delimiter Excel writes, UTF-8 or Windows-1252) and
XLSX, into rows keyed by our field names, matched by heading.

Anything that is not a readable list is refused with ONE Indonesian sentence (SpreadsheetError):
an empty file, a file with only headings, a renamed binary, an old .xls, a formula cell, a file
over the size or row limit. Only the staging of an upload between preview and confirmation (at the
end) touches the database.
"""

import csv
import datetime
import functools
import hashlib
import io
import re
import secrets
import time
import unicodedata
import zipfile
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024  # below DATA_UPLOAD_MAX_MEMORY_SIZE; a 20,000-row list is ~3 MB
MAX_ROWS = 20_000
# What an XLSX may inflate to (the zip members' declared sizes, which bound what zipfile reads):
# 20,000 rows of 30 filled columns, as openpyxl writes them, inflate to 37 MB (Excel's shared
# strings make less). Beyond 40 MB it is a zip bomb, refused before parsing: a 229 KB file that
# inflated to 94 MB kept a worker busy for 30 s.
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024
# A cell longer than this is no name, address or product list; Excel's own limit is 32,767.
MAX_CELL_CHARS = 10_000
# Characters no cell can mean; tab, CR and LF are ordinary text in a cell.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Text written in UTF-8 and read once more as Windows-1252 ("JosÃ©", "â€™"): a lead byte of
# a two-, three- or four-byte sequence followed by continuation bytes, as cp1252 shows them.
_CP1252_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CP1252_CONTINUATION}]{{1,3}}")
# A well-formed UTF-8 sequence of two to four bytes (a file holding one is not plain cp1252).
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
HEADER_SEARCH_ROWS = 10  # lists often carry a title line or two above the headings
CSV_DELIMITERS = [",", ";", "\t", "|"]
# The csv module refuses a field over 128 KB as an error we could only call an unclosed quote;
# let it read any field that fits in an upload, so a long cell is named as such (MAX_CELL_CHARS).
csv.field_size_limit(max(csv.field_size_limit(), 2 * MAX_BYTES))

MAGIC = [
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"%PDF", "PDF"),
    (b"Rar!", "RAR"),
    (b"\x1f\x8b", "GZIP"),
    (b"7z\xbc\xaf", "7Z"),
]
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls / .doc of Office 97-2003
ZIP_MAGIC = b"PK\x03\x04"
# Our own CSV exports write identifiers as ="0123" so spreadsheets keep them as text.
LITERAL_FORMULA = re.compile(r'^="([^"]*)"$')
# A long number as a spreadsheet shows it once it has lost digits: 3.60401E+15, 3,60401E+15.
SCIENTIFIC_NOTATION = re.compile(r"^[0-9](?:[.,][0-9]+)?[eE][+]?[0-9]+$")
# Day 0 of spreadsheet date serials (Excel counts 1900 as a leap year, hence the 30th).
EXCEL_EPOCH = datetime.date(1899, 12, 30)


class Formula(str):
    """A cell holding a formula. Refused only in the columns an import reads, so a computed
    "No." column or a total beside the list does not block the file."""


class SpreadsheetError(Exception):
    """The file cannot be read as a list; `message` is one sentence for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Record:
    number: int  # the row number the user sees in their spreadsheet
    values: dict  # field -> str, date or None

    def get(self, field):
        return self.values.get(field)


@dataclass
class Table:
    records: list
    columns: dict  # field -> the heading found in the file
    ignored_headings: list
    # How the file writes numeric dates (DAY_FIRST or MONTH_FIRST); None when it cannot be told
    # and some dates are ambiguous: `ambiguous_dates` of them, left as AmbiguousDate values.
    date_order: str | None = None
    ambiguous_dates: int = 0


# --- headings ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _normalise(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def normalise_heading(text):
    """'  No. NIK ' -> 'no nik'; 'Desa/Kelurahan' -> 'desa kelurahan'; accents dropped."""
    return _normalise(str(text or ""))


def _heading_index(fields):
    index = {}
    for name, aliases in fields.items():
        for alias in aliases:
            key = normalise_heading(alias)
            index.setdefault(key, name)
            index.setdefault(key.replace(" ", ""), name)
    return index


def _match(row, index):
    """{field: column position} for the cells of `row` that are known headings (first wins)."""
    found = {}
    for position, cell in enumerate(row):
        key = normalise_heading(cell)
        name = index.get(key) or index.get(key.replace(" ", ""))
        if name and name not in found:
            found[name] = position
    return found


# --- reading -----------------------------------------------------------------------------------


def read_table(data, filename, *, fields, required, labels, dates=(), date_order=None):
    """Read an uploaded file into a Table.

    `fields`: {field: [accepted headings]}; `required`: fields whose column must be present;
    `labels`: {field: heading to name in messages}; `dates`: the date fields, read into dates
    in the file's own order of day and month (`read_dates`), or in `date_order` when the user
    chose it."""
    rows = read_rows(data, filename)
    index = _heading_index(fields)
    header_at, best = None, {}
    for position, (_number, row) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = _match(row, index)
        if required <= found.keys():
            header_at, best = position, found
            break
        if len(found) > len(best):
            best = found
    if header_at is None:
        missing = ", ".join(str(labels[name]) for name in fields if name in required and name not in best)
        raise SpreadsheetError(
            _("Kolom wajib %(missing)s tidak ditemukan di baris judul; unduh templat untuk melihat nama kolomnya.")
            % {"missing": missing}
        )
    header = rows[header_at][1]
    columns = {name: str(header[position]).strip() for name, position in best.items()}
    used = set(best.values())
    ignored = [str(cell).strip() for position, cell in enumerate(header) if position not in used and _filled(cell)]
    records = []
    for number, row in rows[header_at + 1 :]:
        values = {name: (row[position] if position < len(row) else None) for name, position in best.items()}
        for name, value in values.items():
            if isinstance(value, Formula):
                raise SpreadsheetError(_formula_message(number, best[name], value))
        if any(_filled(value) for value in values.values()):
            records.append(Record(number=number, values=values))
    if not records:
        raise SpreadsheetError(_("Berkas hanya berisi baris judul; tidak ada baris data untuk diimpor."))
    table = Table(records=records, columns=columns, ignored_headings=ignored)
    present = [name for name in dates if name in best]
    if present:
        read_dates(table, present, chosen=date_order)
    return table


def _filled(value):
    return value is not None and str(value).strip() != ""


def read_rows(data, filename):
    """[(row number, [cells])] of the first sheet, blank rows left out. Every cell is checked:
    no control characters, none longer than MAX_CELL_CHARS."""
    rows = _read_rows(data, filename)
    for number, row in rows:
        for position, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            if len(cell) > MAX_CELL_CHARS:
                raise SpreadsheetError(
                    _(
                        "Sel terlalu panjang di baris %(row)s kolom %(column)s (%(length)s karakter; paling banyak "
                        "%(limit)s); periksa isinya lalu unggah ulang."
                    )
                    % {
                        "row": number,
                        "column": _column_letter(position),
                        "length": number_format(len(cell), force_grouping=True),
                        "limit": number_format(MAX_CELL_CHARS, force_grouping=True),
                    }
                )
            if CONTROL_CHARACTERS.search(cell):
                raise SpreadsheetError(
                    _(
                        "Baris %(row)s kolom %(column)s berisi karakter kendali (misalnya NUL) yang tidak dapat "
                        "disimpan; hapus karakter itu, simpan, lalu unggah ulang."
                    )
                    % {"row": number, "column": _column_letter(position)}
                )
    return rows


def _column_letter(position):
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)


def _read_rows(data, filename):
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB, bagi daftar menjadi beberapa berkas.")
            % {"size": number_format(len(data) / 1024 / 1024, 1), "limit": MAX_BYTES // 1024 // 1024}
        )
    if not data.strip(b" \t\r\n\x00").removeprefix(b"\xef\xbb\xbf").strip():
        raise SpreadsheetError(_("Berkas kosong; tidak ada yang bisa diimpor."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    for magic, kind in MAGIC:
        if data.startswith(magic):
            raise SpreadsheetError(
                _("Berkas ini sebenarnya %(kind)s, bukan daftar CSV atau XLSX; unggah berkas daftarnya.")
                % {"kind": kind}
            )
    if data.startswith(OLE_MAGIC):
        raise SpreadsheetError(
            _("Format Excel lama (.xls) tidak didukung; buka di Excel lalu simpan sebagai .xlsx atau CSV.")
        )
    if data.startswith(ZIP_MAGIC):
        return _xlsx_rows(data)
    if extension in {"xlsx", "xlsm", "xls"}:
        raise SpreadsheetError(
            _("Berkas ini bukan buku kerja Excel yang sah meski namanya .%(ext)s; simpan ulang dari Excel lalu unggah.")
            % {"ext": extension}
        )
    if extension not in {"csv", "txt", ""}:
        raise SpreadsheetError(_("Hanya berkas CSV atau XLSX yang dapat diimpor."))
    return _csv_rows(data)


def decode_text(data):
    """UTF-8 (with or without BOM), UTF-16 with BOM, otherwise Windows-1252, the encoding
    Excel on Windows writes for "CSV (Comma delimited)"."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise SpreadsheetError(_("Berkas teks ini tidak dapat dibaca; simpan sebagai CSV UTF-8.")) from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if UTF8_SEQUENCE.search(data):
            # Mostly UTF-8 with a stray Windows-1252 byte (rows pasted from two sources): read
            # either way, part of the text would come out spoiled.
            raise SpreadsheetError(
                _(
                    "Berkas bercampur pengodean (sebagian UTF-8, sebagian Windows-1252, mulai baris %(row)s); "
                    "simpan ulang sebagai CSV UTF-8."
                )
                % {"row": data[: error.start].count(b"\n") + 1}
            ) from error
        # cp1252 leaves five bytes undefined; latin-1 maps those too, so nothing is lost.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _double_encoded(text):
    """The first stretch of text that is UTF-8 read as Windows-1252 ("Ã©" for "é"), or None."""
    for match in MOJIBAKE.finditer(text):
        try:
            match.group().encode("cp1252").decode("utf-8")
        except UnicodeError:
            continue
        return match
    return None


def _csv_rows(data):
    text = decode_text(data)
    if spoiled := _double_encoded(text):
        raise SpreadsheetError(
            _(
                "Berkas bercampur pengodean: baris %(row)s memuat “%(found)s” untuk “%(meant)s” (teks UTF-8 yang "
                "terbaca sebagai Windows-1252); simpan ulang sebagai CSV UTF-8."
            )
            % {
                "row": text.count("\n", 0, spoiled.start()) + 1,
                "found": spoiled.group(),
                "meant": spoiled.group().encode("cp1252").decode("utf-8"),
            }
        )
    # Binary content is full of control characters from the start; a stray one in a text list
    # is named by row and column in read_rows instead.
    sample = text[:8192]
    controls = len(CONTROL_CHARACTERS.findall(sample))
    if controls >= 16 or controls > len(sample) // 20:
        raise SpreadsheetError(_("Berkas ini bukan teks CSV (berisi data biner); unggah CSV atau XLSX."))
    # The delimiter is the one the widest of the first lines uses most: a title line above the
    # headings ("DAFTAR PESERTA, TAHUN 2026") has few, the heading row many.
    first_lines = [line for line in text.splitlines()[: HEADER_SEARCH_ROWS * 2] if line.strip()] or [""]
    delimiter = max(
        CSV_DELIMITERS,
        key=lambda candidate: (max(line.count(candidate) for line in first_lines), candidate == ","),
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, row in enumerate(reader, start=1):
            if not any(cell.strip() for cell in row):
                continue
            if len(rows) > MAX_ROWS:
                raise SpreadsheetError(_too_many_rows())
            rows.append((number, [_csv_cell(cell) for cell in row]))
    except csv.Error as error:
        raise SpreadsheetError(
            _("Berkas CSV ini rusak (tanda kutip tidak tertutup); simpan ulang dari Excel.")
        ) from error
    return rows


def _csv_cell(text):
    text = text.strip()
    literal = LITERAL_FORMULA.match(text)
    if literal:
        return literal.group(1)
    if text.startswith("="):
        return Formula(text)
    return text


def _too_many_rows():
    return _("Berkas berisi lebih dari %(limit)s baris; bagi menjadi beberapa berkas.") % {
        "limit": number_format(MAX_ROWS, force_grouping=True)
    }


def _formula_message(number, position, formula):
    from openpyxl.utils import get_column_letter

    return _(
        "Baris %(row)s kolom %(column)s berisi rumus (%(formula)s); salin lalu tempel sebagai nilai saja, "
        "simpan, dan unggah ulang."
    ) % {"row": number, "column": get_column_letter(position + 1), "formula": formula[:40]}


def _xlsx_rows(data):
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise SpreadsheetError(_("Berkas XLSX ini rusak dan tidak dapat dibuka; simpan ulang dari Excel.")) from error
    if "xl/workbook.xml" not in names:
        raise SpreadsheetError(_("Berkas ZIP ini bukan buku kerja Excel (.xlsx); unggah daftar dalam CSV atau XLSX."))
    if unzipped > MAX_UNZIPPED_BYTES:
        raise SpreadsheetError(
            _(
                "Isi berkas XLSX ini terlalu besar setelah dibuka (%(size)s MB; batasnya %(limit)s MB untuk "
                "%(rows)s baris); hapus lembar dan kolom yang tidak perlu atau bagi menjadi beberapa berkas."
            )
            % {
                "size": number_format(unzipped / 1024 / 1024, 0, force_grouping=True),
                "limit": MAX_UNZIPPED_BYTES // 1024 // 1024,
                "rows": number_format(MAX_ROWS, force_grouping=True),
            }
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many types for malformed workbooks
        raise SpreadsheetError(_("Berkas XLSX ini rusak dan tidak dapat dibuka; simpan ulang dari Excel.")) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        # values_only is several times faster; with data_only=False a formula comes back as its
        # "=..." text, which _xlsx_cell refuses.
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_xlsx_cell(value) for value in row]
            if not any(_filled(cell) for cell in cells):
                continue
            if len(rows) > MAX_ROWS:
                raise SpreadsheetError(_too_many_rows())
            rows.append((number, cells))
        return _fill_merged(rows, archive, getattr(sheet, "_worksheet_path", ""))
    except SpreadsheetError:
        raise
    except Exception as error:
        raise SpreadsheetError(_("Berkas XLSX ini rusak dan tidak dapat dibaca; simpan ulang dari Excel.")) from error
    finally:
        workbook.close()


MERGED_RANGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})([0-9]+):([A-Z]{1,3})([0-9]+)"')


def _fill_merged(rows, archive, sheet_path):
    """Cells merged down several rows (a kecamatan written once for its group of people) give
    their value to every row of the range, as the person reading the sheet sees it. Merges within
    one row (a title across the columns) are left to their first cell."""
    from openpyxl.utils import column_index_from_string

    try:
        ranges = MERGED_RANGE.findall(archive.read(sheet_path.lstrip("/"))) if sheet_path else []
    except KeyError:
        ranges = []
    if not ranges:
        return rows
    by_number = {number: cells for number, cells in rows}
    for first_column, first_row, last_column, last_row in ranges:
        top, bottom = int(first_row), int(last_row)
        if bottom == top or top not in by_number:
            continue
        left, right = (
            column_index_from_string(first_column.decode()) - 1,
            column_index_from_string(last_column.decode()) - 1,
        )
        value = by_number[top][left] if left < len(by_number[top]) else None
        for number in range(top, bottom + 1):
            cells = by_number.get(number)
            if cells is None:
                continue
            for position in range(left, right + 1):
                while len(cells) <= position:
                    cells.append(None)
                if cells[position] is None:
                    cells[position] = value
    return rows


def _xlsx_cell(value):
    if value is None:
        return None
    if isinstance(value, str) and value.startswith("="):
        literal = LITERAL_FORMULA.match(str(value))
        if literal:  # ="0123": a quoted constant, the form our CSV uses for identifiers
            return literal.group(1)
        return Formula(value)
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int | float):
        return number_text(value)
    return str(value).strip()


def number_text(value):
    """A numeric cell as the text a person would read: 5.0 -> '5'. Numbers of 16 digits or more
    are past Excel's 15 significant digits, so their last digits are already lost: they come
    back in the notation Excel shows (3.60401E+15), which NIK validation names as spoiled."""
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    value = int(value)
    if abs(value) >= 10**15:
        mantissa, exponent = f"{value:.5E}".split("E")
        return f"{mantissa.rstrip('0').rstrip('.')}E+{int(exponent)}"
    return str(value)


# --- cell values -------------------------------------------------------------------------------


def clean_text(value):
    if value is None:
        return ""
    text = str(value).strip()
    # An apostrophe in front of =, +, -, @ is how our CSV export defuses formulas.
    if text.startswith("'") and text[1:2] in {"=", "+", "-", "@"}:
        text = text[1:]
    return re.sub(r"\s+", " ", text)


def clean_identifier(value):
    """An identifier as digits-as-typed: drops the ="..." wrapper, a leading apostrophe (Excel's
    text marker) and inner spaces, dots or dashes people type to group digits."""
    text = clean_text(value)
    literal = LITERAL_FORMULA.match(text)
    if literal:
        text = literal.group(1)
    text = text.lstrip("'").strip()
    if SCIENTIFIC_NOTATION.match(text):
        return text  # left as it is so the validator can say it is spoiled
    if re.fullmatch(r"[0-9][0-9 .\-]*[0-9]", text):
        text = re.sub(r"[ .\-]", "", text)
    return text


def clean_phone(value):
    """A phone number stored one way, digits from 0: '0812-3456-7890', '+62 812 3456 7890',
    '62812…' and '812…' (a number cell that lost its 0) all become '081234567890'. Text that is
    no phone number comes back cleaned but otherwise as typed, for the validator to name."""
    text = clean_text(value)
    literal = LITERAL_FORMULA.match(text)
    if literal:
        text = literal.group(1)
    text = text.lstrip("'").strip()
    if not re.fullmatch(r"\+?\(?[0-9][0-9 .\-()]*[0-9]", text):
        return text
    digits = re.sub(r"[^0-9]", "", text)
    if text.startswith("+62") or (digits.startswith("62") and len(digits) >= 11):
        digits = "0" + digits[2:]
    elif digits.startswith("8") and 9 <= len(digits) <= 13:
        digits = "0" + digits
    return digits


MONTHS = {
    "januari": 1,
    "jan": 1,
    "january": 1,
    "februari": 2,
    "feb": 2,
    "pebruari": 2,
    "february": 2,
    "maret": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "august": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "october": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "desember": 12,
    "des": 12,
    "dec": 12,
    "december": 12,
}
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4}|\d{2})$")
DAY_FIRST, MONTH_FIRST = "dmy", "mdy"
DATE_ORDERS = (DAY_FIRST, MONTH_FIRST)
ISO_DATE = re.compile(r"^(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
NAMED_DATE = re.compile(r"^(\d{1,2})[\s\-/.]+([A-Za-z]+)\.?[\s\-/.]+(\d{4})$")


class AmbiguousDate(str):
    """A numeric date such as 03/12/1990 in a file whose order of day and month cannot be told:
    3 December or 12 March. Never guessed; the import preview asks which order the file uses."""

    def readings(self):
        first, second, year = _numeric_parts(self)
        return [
            day for day in (_date_or_none(year, second, first), _date_or_none(year, first, second)) if day is not None
        ]


def _date_or_none(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _full_year(text):
    """A four-digit year as it is; a two-digit one (90, 05) as the nearest past century's."""
    year = int(text)
    if len(text) == 4:
        return year
    this_year = datetime.date.today().year
    year += (this_year // 100) * 100
    return year - 100 if year > this_year else year


def _numeric_parts(text):
    match = NUMERIC_DATE.match(clean_text(text))
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), _full_year(match.group(3))


def infer_date_order(values):
    """DAY_FIRST or MONTH_FIRST as the file's unambiguous numeric dates show it (31/12/1990 is
    day first, 12/31/1990 month first); None when they show neither, or both."""
    seen = set()
    for value in values:
        if isinstance(value, datetime.date) or value in (None, ""):
            continue
        parts = _numeric_parts(value)
        if parts is None:
            continue
        first, second, _year = parts
        if first > 12 >= second:
            seen.add(DAY_FIRST)
        elif second > 12 >= first:
            seen.add(MONTH_FIRST)
    return seen.pop() if len(seen) == 1 else None


def read_dates(table, fields, *, chosen=None):
    """Turn the date columns of `table` into dates, in the file's own order of day and month.

    The order is the user's choice when given, else what the file's unambiguous dates show
    (infer_date_order). When neither tells, a date whose day and month could be swapped
    (03/12/1990) becomes an AmbiguousDate, counted in `table.ambiguous_dates`, for the preview to ask.

    A spreadsheet program set to the other convention leaves a trace: it turns the dates it can
    read its own way into date cells (03/12/1990 into 12 March for an English, month-first
    profile) and leaves the others as text (31/12/1990). So a column holding both date cells and
    text dates that are unambiguous the other way had its date cells read with day and month
    swapped; they are swapped back (those whose day could be a month).
    """
    values = [record.values.get(name) for record in table.records for name in fields]
    order = chosen if chosen in DATE_ORDERS else infer_date_order(values)
    table.date_order = order
    table.ambiguous_dates = 0
    for name in fields:
        column = [record.values.get(name) for record in table.records]
        cells = [value for value in column if isinstance(value, datetime.date)]
        swap_cells = bool(cells) and infer_date_order(column) is not None and chosen is None
        for record in table.records:
            value = record.values.get(name)
            if isinstance(value, datetime.datetime):
                value = value.date()
            if isinstance(value, datetime.date):
                if swap_cells and value.day <= 12 and value.day != value.month:
                    value = value.replace(month=value.day, day=value.month)
                record.values[name] = value
                continue
            parts = _numeric_parts(value) if value not in (None, "") else None
            if parts is None:
                continue  # empty, ISO, a month name, a serial: parse_date reads those in any order
            first, second, year = parts
            if order is None and first <= 12 and second <= 12 and first != second:
                record.values[name] = AmbiguousDate(clean_text(value))
                table.ambiguous_dates += 1
                continue
            day, month = (second, first) if order == MONTH_FIRST else (first, second)
            record.values[name] = _date_or_none(year, month, day) or clean_text(value)


def parse_date(value, order=DAY_FIRST):
    """A date as people type it: 31/12/1990, 31-12-1990, 31.12.1990, 1990-12-31,
    31 Desember 1990, 31 Des 1990, an Excel date cell, or an Excel serial number left in a CSV.
    Day first, as in Indonesia, unless `order` is MONTH_FIRST (read_dates settles it for a whole
    file). None when it is not a date, or an AmbiguousDate nobody has settled."""
    if value is None or value == "" or isinstance(value, AmbiguousDate):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = clean_text(value)
    try:
        if parts := _numeric_parts(text):
            first, second, year = parts
            day, month = (second, first) if order == MONTH_FIRST else (first, second)
            return datetime.date(year, month, day)
        if match := ISO_DATE.match(text):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := NAMED_DATE.match(text):
            month = MONTHS.get(match.group(2).lower())
            if month:
                return datetime.date(int(match.group(3)), month, int(match.group(1)))
            return None
        if re.fullmatch(r"\d{4,5}", text) and 366 < int(text) < 80000:
            return EXCEL_EPOCH + datetime.timedelta(days=int(text))
    except ValueError:
        return None
    return None


# --- staging an upload between preview and confirmation -----------------------------------------
#
# The uploaded bytes wait in the database (any app server may confirm) under a random token; the
# session remembers the token with the file's SHA-256, its purpose and the user. Confirmation posts only the token:
# the rows are read again from our own copy, checked against the digest, and validated again.
# Nothing the browser sends back is trusted as data.

SESSION_KEY = "staged_imports"
STAGING_MAX_AGE = 6 * 60 * 60
TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


def _staged():
    from common.models import StagedUpload

    return StagedUpload.objects


def stage_upload(request, *, data, filename, purpose):
    """Keep `data` for this session's preview; returns the token that names it. The bytes wait in
    the database (common.models.StagedUpload), so any app server can confirm the preview."""
    _sweep()
    token = secrets.token_urlsafe(24)
    # Stamped from the portal's clock, as the sweep compares (they differ from the database's
    # clock when the process's clock is moved, as the tests do with faketime).
    _staged().create(token=token, data=data, staged_at=timezone.now())
    staged = request.session.get(SESSION_KEY, {})
    staged[token] = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "filename": filename[:200],
        "purpose": purpose,
        "user": request.user.pk,
        "at": time.time(),
    }
    request.session[SESSION_KEY] = staged
    return token


def load_staged(request, token, *, purpose):
    """(bytes, filename) of a staged upload of this session and purpose, or SpreadsheetError."""
    entry = request.session.get(SESSION_KEY, {}).get(token) if TOKEN.match(token or "") else None
    expired = SpreadsheetError(_("Pratinjau ini sudah tidak berlaku; unggah berkasnya sekali lagi."))
    if not entry or entry["purpose"] != purpose or entry["user"] != request.user.pk:
        raise expired
    data = _staged().filter(token=token).values_list("data", flat=True).first()
    if data is None:
        raise expired
    data = bytes(data)  # PostgreSQL gives a memoryview
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise expired
    return data, entry["filename"]


def discard_staged(request, token):
    staged = request.session.get(SESSION_KEY, {})
    if staged.pop(token, None) is not None:
        request.session[SESSION_KEY] = staged
    if TOKEN.match(token or ""):
        _staged().filter(token=token).delete()


def _sweep(max_age=STAGING_MAX_AGE):
    """Forget staged uploads older than `max_age` seconds (abandoned previews); returns how many
    were deleted."""
    limit = timezone.now() - datetime.timedelta(seconds=max_age)
    deleted, _by_model = _staged().filter(staged_at__lt=limit).delete()
    return deleted


def purge_staged(max_age=STAGING_MAX_AGE):
    """Delete staged uploads older than `max_age` seconds, for cron (manage.py
    purge_staged_imports); returns how many were deleted."""
    return _sweep(max_age)
