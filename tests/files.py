"""File builders and readers for the list exports and imports, and the permission names the
staff fixtures of tests/conftest.py grant. Plain functions: import what you need."""

import csv
import io

from django.contrib.auth.models import Permission
from openpyxl import Workbook, load_workbook

EXPORT_PERMS = ["common.export_lists"]
IMPORT_PERMS = [
    "programs.add_participant",
    "programs.change_program",
    "programs.view_program",
    "programs.view_participant",
    "enterprises.add_person",
    "enterprises.add_enterprise",
    "enterprises.view_enterprise",
    "enterprises.view_person",
    "cooperatives.view_cooperative",
]
PERSONAL = ["enterprises.view_personal_identifiers"]


def grant(user, names):
    for name in names:
        app_label, codename = name.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return type(user).objects.get(pk=user.pk)  # fresh: the permission cache is per instance


def nik(kecamatan, day, month, year, serial):
    return f"{kecamatan.nik_prefix}{day:02d}{month:02d}{year % 100:02d}{serial:04d}"


# --- files built for real ------------------------------------------------------------------------


def csv_bytes(rows, *, delimiter=",", encoding="utf-8-sig"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, *, merged=()):
    """An XLSX as Excel would save it: numbers stay numbers, dates dates; `merged`: ranges such as
    "A1:F1" merged as offices merge a title or a kecamatan written once for its group."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(data):
    workbook = load_workbook(io.BytesIO(data))
    return workbook.active


def read_csv(data):
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def streamed(response):
    return b"".join(chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in response.streaming_content)


# --- a list the way district offices keep them ---------------------------------------------------
#
# Four people, written the way a kecamatan office types its list (title rows, upper-case headings,
# a numbering row, place and date of birth in one column, RT/RW apart from the address, "Kec." and
# "Desa/Kel." prefixes, phones in four styles, sectors in everyday words, a remark column), and
# the same four people as the portal's clean template has them.

OFFICE_HEADINGS = [
    "NO",
    "NAMA LENGKAP",
    "NIK",
    "L/P",
    "TEMPAT, TGL. LAHIR",
    "ALAMAT",
    "RT/RW",
    "DESA/KEL.",
    "KEC.",
    "NO. HP/WA",
    "JENIS USAHA",
    "NAMA USAHA",
    "KETERANGAN",
]
OFFICE_PEOPLE = [
    ["1", "SITI NUR'AINI", "3604 1155 0890 0001", "Perempuan", "SERANG, 15 Agustus 1990", "Kampung Contoh", "1/2",
     "Desa Silebu", "Kec. Kragilan", "0812-3456-7890", "Kerajinan", "Anyaman Bambu Siti", "ketua kelompok"],
    ["2", "BUDI O'NEIL", "3604.1101.0185.0002", "LAKI-LAKI", "Serang, 01-01-1985", "Jl. Raya Kragilan No. 5",
     "003/004", "Kel. Undar Andir", "Kec. Kragilan", "+62 813 1111 2222", "Makanan", "Keripik Budi", ""],
    ["3", "DEWI BINTI AHMAD", "3604116012950003", "P", "Pandeglang, 1995-12-20", "Kampung Pematang", "RT 2 RW 1",
     "Desa/Kel. Pematang", "Kec. Kragilan", "6285711112222", "Makanan dan Minuman", "Dodol Dewi", ""],
    ["4", "AHMAD FAUZI", "3604190303800004", "L", "Serang, 3/3/1980", "Kampung Petir", "5/6", "Cirangkong",
     "Kec. Petir", "81299998888", "Konveksi", "Konveksi Fauzi", "pindah dari Cikande"],
]  # fmt: skip
CLEAN_PEOPLE = [
    {"full_name": "Siti Nur'aini", "nik": "3604115508900001", "sex": "P", "birth_place": "Serang",
     "birth_date": "15/08/1990", "phone": "081234567890", "address": "Kampung Contoh RT 001/RW 002",
     "kecamatan": "Kragilan", "desa": "Silebu", "sector": "kriya", "enterprise_name": "Anyaman Bambu Siti"},
    {"full_name": "Budi O'Neil", "nik": "3604110101850002", "sex": "L", "birth_place": "Serang",
     "birth_date": "01/01/1985", "phone": "081311112222", "address": "Jl. Raya Kragilan No. 5 RT 003/RW 004",
     "kecamatan": "Kragilan", "desa": "Undar Andir", "sector": "kuliner", "enterprise_name": "Keripik Budi"},
    {"full_name": "Dewi binti Ahmad", "nik": "3604116012950003", "sex": "P", "birth_place": "Pandeglang",
     "birth_date": "20/12/1995", "phone": "085711112222", "address": "Kampung Pematang RT 002/RW 001",
     "kecamatan": "Kragilan", "desa": "Pematang", "sector": "kuliner", "enterprise_name": "Dodol Dewi"},
    {"full_name": "Ahmad Fauzi", "nik": "3604190303800004", "sex": "L", "birth_place": "Serang",
     "birth_date": "03/03/1980", "phone": "081299998888", "address": "Kampung Petir RT 005/RW 006",
     "kecamatan": "Petir", "desa": "Cirangkong", "sector": "fesyen", "enterprise_name": "Konveksi Fauzi"},
]  # fmt: skip
OFFICE_TITLE = ["DAFTAR CALON PESERTA PELATIHAN PENGEMASAN PRODUK"]
OFFICE_SUBTITLE = ["KECAMATAN KRAGILAN DAN PETIR, TAHUN ANGGARAN 2026"]


def office_rows():
    """The office list as rows of text (the CSV a kecamatan saves)."""
    numbering = [str(number) for number in range(1, len(OFFICE_HEADINGS) + 1)]
    return [
        list(OFFICE_TITLE),
        list(OFFICE_SUBTITLE),
        [],
        list(OFFICE_HEADINGS),
        numbering,
        *[list(row) for row in OFFICE_PEOPLE],
    ]


def office_xlsx():
    """The office list as its XLSX: titles merged across, the kecamatan merged down over the three
    people of Kragilan, the last phone a number cell (its leading 0 lost)."""
    rows = office_rows()
    kecamatan = OFFICE_HEADINGS.index("KEC.")
    for row in rows[6:8]:
        row[kecamatan] = None
    rows[8][OFFICE_HEADINGS.index("NO. HP/WA")] = 81299998888
    rows[2] = [None]  # an empty row between the titles and the headings
    column = chr(ord("A") + kecamatan)
    last = chr(ord("A") + len(OFFICE_HEADINGS) - 1)
    return xlsx_bytes(rows, merged=[f"A1:{last}1", f"A2:{last}2", f"{column}6:{column}8"])


def clean_rows(labels, template):
    """The same people in the portal's clean template (`template`: [(field, example)])."""
    names = [name for name, _example in template]
    return [[str(labels[name]) for name in names]] + [
        [person.get(name, "") for name in names] for person in CLEAN_PEOPLE
    ]
