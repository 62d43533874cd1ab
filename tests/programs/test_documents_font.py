"""The papers print every name the registry can hold: the shipped font (Liberation Sans, OFL)
has Latin-1, Latin Extended and typographic apostrophes, and is embedded in the PDF."""

import datetime
import io

from pypdf import PdfReader

from programs import documents
from tests.factories import ProgramFactory

NAMES = ["Ñoman Élisa", "Ni Putu Sri’ani", "Āisyah Şükriye", "Đặng Ōta"]


def test_names_outside_latin_1_print_and_read_back(db):
    program = ProgramFactory.build(
        title="Pelatihan Kemasan", start_date=datetime.date(2024, 10, 15), end_date=datetime.date(2024, 10, 15)
    )
    signer = documents.Signer(name="Dewi Contoh", position="Kepala Bidang", nip="198011122006042011")
    rows = [documents.Row(name=name, origin="Tegalmaja, Kragilan", enterprise="Tas Anyaman") for name in NAMES]
    pdf = documents.attendance_sheet(program=program, days=[program.start_date], rows=rows, signer=signer)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for name in NAMES:
        assert name in text
    # The shipped font, embedded (a subset, TrueType): nothing depends on the reader's fonts.
    # (reportlab also names Helvetica in every page's preamble; no text is drawn in it.)
    embedded = {str(font["/BaseFont"]).split("+")[-1] for font in _fonts(reader) if "/FontDescriptor" in font}
    assert embedded == {"LiberationSans", "LiberationSans-Bold"}
    assert all("/FontFile2" in font["/FontDescriptor"] for font in _fonts(reader) if "/FontDescriptor" in font)


def _fonts(reader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            yield font.get_object()
