"""The papers a training needs, as PDF (reportlab): attendance sheets (daftar hadir), the receipt
list of an allowance (daftar tanda terima), and certificates with a QR code to their public
verification page.

The functions take what to print and return the PDF bytes; who may print what, and the record in
the ExportLog, are the admin view's (programs.admin_documents). The papers are in the portal's own
language (Indonesian), like exported lists, whatever the screen language of the staff member.

Font: Liberation Sans, shipped in `programs/fonts/` under the SIL Open Font License (see
LICENSE-OFL.txt there) and embedded in each PDF, so a fresh machine needs no font package and
every name prints: Latin-1, Latin Extended ("Ñoman", "Élisa", "Ā"), typographic apostrophes.
"""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from common.agency import current_agency
from common.templatetags.portal_format import rupiah

WALK_IN_ROWS = 5
FONT, BOLD = "PortalSans", "PortalSans-Bold"
FONT_DIRECTORY = Path(__file__).resolve().parent / "fonts"
registerFont(TTFont(FONT, FONT_DIRECTORY / "LiberationSans-Regular.ttf"))
registerFont(TTFont(BOLD, FONT_DIRECTORY / "LiberationSans-Bold.ttf"))

_BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11)
_TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER)
_SUBTITLE = ParagraphStyle("subtitle", fontName=BOLD, fontSize=11, leading=14, alignment=TA_CENTER)
_HEAD = ParagraphStyle("head", fontName=BOLD, fontSize=9, leading=11, alignment=TA_CENTER)


@dataclass(frozen=True)
class Row:
    """One line of a list: what the sheet prints of a participant."""

    name: str
    origin: str  # "desa, kecamatan"
    enterprise: str
    identifier: str = ""  # the NIK, only on forms that need it and for staff who may see it


@dataclass(frozen=True)
class Signer:
    name: str
    position: str
    nip: str


def long_date(day):
    with translation.override(settings.LANGUAGE_CODE):
        return formats.date_format(day, "j F Y")


def day_and_date(day):
    with translation.override(settings.LANGUAGE_CODE):
        return formats.date_format(day, "l, j F Y")


def date_span(start, end):
    if start == end:
        return long_date(start)
    return f"{long_date(start)} – {long_date(end)}"


def training_days(program):
    """The program's days, first to last."""
    return [
        program.start_date + datetime.timedelta(days=n) for n in range((program.end_date - program.start_date).days + 1)
    ]


def _text(value, style=_BODY):
    return Paragraph(escape(str(value or "")), style)


def _cell(value, width):
    """A table cell: plain text when it fits on one line (fast), else a Paragraph that wraps."""
    text = str(value or "")
    if stringWidth(text, FONT, _BODY.fontSize) <= width - 12:  # the cell's padding, 6 pt a side
        return text
    return _text(text)


def _footer(title):
    def draw(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(doc.leftMargin, 10 * mm, title[:110])
        canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 10 * mm, _("Halaman %(page)s") % {"page": doc.page})
        canvas.restoreState()

    return draw


def _title_block(heading, program, lines, width):
    block = [Paragraph(escape(heading), _TITLE), Paragraph(escape(program.title), _SUBTITLE), Spacer(1, 3 * mm)]
    rows = [[_text(label), ":", _text(value)] for label, value in lines]
    table = Table(rows, colWidths=[30 * mm, 4 * mm, width - 34 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (1, 0), (1, -1), FONT, 9),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return [*block, table, Spacer(1, 4 * mm)]


def _closing_block(program, signer, day):
    """Place and date, the official's position, room to sign, name and NIP; on the right."""
    lines = [
        _text(f"{program.city}, {long_date(day)}"),
        _text(signer.position if signer else _("Pejabat penandatangan")),
        Spacer(1, 18 * mm),
        Paragraph(
            f"<u>{escape(signer.name if signer else '.' * 40)}</u>", ParagraphStyle("name", parent=_BODY, fontName=BOLD)
        ),
        _text(f"NIP. {signer.nip}" if signer and signer.nip else "NIP. " + "." * 30),
    ]
    table = Table([["", list(lines)]], colWidths=[None, 80 * mm], style=[("FONT", (0, 0), (-1, -1), FONT, 9)])
    return KeepTogether([Spacer(1, 6 * mm), table])


def _signature_cells(number):
    """The staggered signature places: odd numbers on the left half, even on the right."""
    mark = f"{number}. " + "." * 14
    return [mark, ""] if number % 2 else ["", mark]


_GRID = [
    ("FONT", (0, 0), (-1, -1), FONT, 9),
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
    ("TOPPADDING", (0, 1), (-1, -1), 3.5),
    ("BOTTOMPADDING", (0, 1), (-1, -1), 3.5),
]


def _document(buffer, *, title, pagesize=A4):
    return SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=current_agency().name,
        creator="Portal UMKM",
    )


def attendance_sheet(*, program, days, rows, signer, walk_ins=WALK_IN_ROWS):
    """Daftar hadir: one section (starting on a new page) per day in `days`; each with the title
    block, the numbered list with staggered signature places, `walk_ins` blank numbered rows, and
    the official's closing block. Headings repeat on every page."""
    from reportlab.platypus import PageBreak

    with translation.override(settings.LANGUAGE_CODE):
        buffer = io.BytesIO()
        title = _("Daftar hadir %(program)s") % {"program": program.title}
        doc = _document(buffer, title=title)
        width = doc.width
        all_days = training_days(program)
        story = []
        for position, day in enumerate(days):
            if position:
                story.append(PageBreak())
            day_number = all_days.index(day) + 1 if day in all_days else None
            lines = [
                (_("Hari/tanggal"), day_and_date(day)),
                (_("Hari ke"), _("%(n)s dari %(total)s") % {"n": day_number, "total": len(all_days)})
                if day_number
                else None,
                (_("Tempat"), f"{program.venue}, {program.city}"),
                (_("Penyelenggara"), current_agency().name),
            ]
            story += _title_block(_("DAFTAR HADIR PESERTA"), program, [line for line in lines if line], width)
            heading = [
                _text(_("No."), _HEAD),
                _text(_("Nama"), _HEAD),
                _text(_("Asal (desa, kecamatan)"), _HEAD),
                _text(_("Nama usaha"), _HEAD),
                _text(_("Tanda tangan"), _HEAD),
                "",
            ]
            data = [heading]
            for number, row in enumerate(rows, start=1):
                data.append(
                    [str(number), _text(row.name), _text(row.origin), _text(row.enterprise), *_signature_cells(number)]
                )
            for number in range(len(rows) + 1, len(rows) + walk_ins + 1):
                data.append([str(number), "", "", "", *_signature_cells(number)])
            widths = [10 * mm, 0.27 * width, 0.24 * width, 0.19 * width]
            rest = width - sum(widths)
            table = LongTable(data, colWidths=[*widths, rest / 2, rest / 2], repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        *_GRID,
                        ("SPAN", (4, 0), (5, 0)),
                        ("ALIGN", (0, 0), (0, -1), "CENTER"),
                        # the two halves of the signature column read as one column
                        ("LINEAFTER", (4, 1), (4, -1), 0.25, colors.lightgrey),
                    ]
                )
            )
            story.append(table)
            story.append(_closing_block(program, signer, day))
        doc.build(story, onFirstPage=_footer(title), onLaterPages=_footer(title))
        return buffer.getvalue()


def receipt_list(*, program, rows, amount, signer, day, show_identifier):
    """Daftar tanda terima: who received the allowance, the amount each, the total, signatures."""
    with translation.override(settings.LANGUAGE_CODE):
        buffer = io.BytesIO()
        title = _("Daftar tanda terima %(program)s") % {"program": program.title}
        doc = _document(buffer, title=title)
        width = doc.width
        lines = [
            (_("Tanggal"), date_span(program.start_date, program.end_date)),
            (_("Tempat"), f"{program.venue}, {program.city}"),
            (_("Uraian"), _("Uang transport/saku peserta, %(amount)s per orang") % {"amount": rupiah(amount)}),
            (_("Penyelenggara"), current_agency().name),
        ]
        story = _title_block(_("DAFTAR TANDA TERIMA"), program, lines, width)
        heading = [_text(_("No."), _HEAD), _text(_("Nama"), _HEAD), _text(_("Asal (desa, kecamatan)"), _HEAD)]
        if show_identifier:
            heading.append(_text(_("NIK"), _HEAD))
        heading += [_text(_("Jumlah"), _HEAD), _text(_("Tanda tangan"), _HEAD), ""]
        if show_identifier:
            widths = [10 * mm, 0.23 * width, 0.18 * width, 0.19 * width, 0.12 * width]
        else:
            widths = [10 * mm, 0.3 * width, 0.27 * width, 0.14 * width]
        data = [heading]
        for number, row in enumerate(rows, start=1):
            cells = [str(number), _cell(row.name, widths[1]), _cell(row.origin, widths[2])]
            if show_identifier:
                cells.append(row.identifier)  # a plain cell: 16 digits never wrap
            data.append([*cells, rupiah(amount), *_signature_cells(number)])
        total_label = _text(_("Jumlah seluruhnya"), ParagraphStyle("total", parent=_BODY, fontName=BOLD))
        amount_column = len(heading) - 3
        data.append(["", total_label, *[""] * (amount_column - 2), rupiah(amount * len(rows)), "", ""])
        rest = width - sum(widths)
        table = LongTable(data, colWidths=[*widths, rest / 2, rest / 2], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    *_GRID,
                    ("SPAN", (amount_column + 1, 0), (amount_column + 2, 0)),
                    ("SPAN", (1, -1), (amount_column - 1, -1)),
                    ("ALIGN", (0, 0), (0, -1), "CENTER"),
                    ("ALIGN", (amount_column, 1), (amount_column, -1), "RIGHT"),
                    ("LINEAFTER", (amount_column + 1, 1), (amount_column + 1, -2), 0.25, colors.lightgrey),
                ]
            )
        )
        story.append(table)
        story.append(_closing_block(program, signer, day))
        doc.build(story, onFirstPage=_footer(title), onLaterPages=_footer(title))
        return buffer.getvalue()


@dataclass(frozen=True)
class CertificatePage:
    holder_name: str
    number: str
    url: str  # the public verification page the QR code links to


def certificates(*, program, pages, signer, issued_on):
    """Certificates, one A4 landscape page each: agency, SERTIFIKAT, the number, the holder, the
    program with its dates and place, the official's signing block, and a QR code (with the
    address printed under it and a link on it) to the verification page."""
    with translation.override(settings.LANGUAGE_CODE):
        buffer = io.BytesIO()
        size = landscape(A4)
        canvas = pdf_canvas.Canvas(buffer, pagesize=size)
        canvas.setTitle(_("Sertifikat %(program)s") % {"program": program.title})
        canvas.setAuthor(current_agency().name)
        canvas.setCreator("Portal UMKM")
        for page in pages:
            _certificate_page(canvas, size, program=program, page=page, signer=signer, issued_on=issued_on)
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()


def _centered(canvas, text, y, font, size, width):
    """Centred text, shrunk to fit the page's width."""
    while size > 8 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    canvas.setFont(font, size)
    canvas.drawCentredString(canvas._pagesize[0] / 2, y, text)


def _certificate_page(canvas, size, *, program, page, signer, issued_on):
    width, height = size
    canvas.setStrokeColor(colors.Color(0.1, 0.3, 0.5))
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    text_width = width - 50 * mm
    canvas.setFillColor(colors.black)
    _centered(canvas, current_agency().name.upper(), height - 30 * mm, BOLD, 12, text_width)
    canvas.setFillColor(colors.Color(0.1, 0.3, 0.5))
    _centered(canvas, _("SERTIFIKAT"), height - 52 * mm, BOLD, 36, text_width)
    canvas.setFillColor(colors.black)
    _centered(canvas, _("Nomor: %(number)s") % {"number": page.number}, height - 62 * mm, FONT, 12, text_width)
    _centered(canvas, _("diberikan kepada"), height - 78 * mm, FONT, 13, text_width)
    _centered(canvas, page.holder_name, height - 92 * mm, BOLD, 26, text_width)
    _centered(canvas, _("atas partisipasinya sebagai peserta"), height - 106 * mm, FONT, 13, text_width)
    _centered(canvas, program.title, height - 117 * mm, BOLD, 16, text_width)
    held = _("yang diselenggarakan pada %(dates)s di %(place)s") % {
        "dates": date_span(program.start_date, program.end_date),
        "place": f"{program.venue}, {program.city}",
    }
    _centered(canvas, held, height - 127 * mm, FONT, 12, text_width)

    # The signing block, right.
    x = width - 95 * mm
    canvas.setFont(FONT, 11)
    canvas.drawString(x, 62 * mm, f"{program.city}, {long_date(issued_on)}")
    canvas.drawString(x, 56 * mm, (signer.position if signer else _("Pejabat penandatangan"))[:60])
    canvas.setFont(BOLD, 11)
    name = signer.name if signer else "." * 40
    canvas.drawString(x, 32 * mm, name)
    canvas.line(x, 31 * mm, x + canvas.stringWidth(name, BOLD, 11), 31 * mm)
    canvas.setFont(FONT, 11)
    canvas.drawString(x, 26 * mm, f"NIP. {signer.nip}" if signer and signer.nip else "NIP. " + "." * 30)

    # The QR code, left, linking to the verification page.
    side = 32 * mm
    left, bottom = 24 * mm, 26 * mm
    _draw_qr(canvas, page.url, left, bottom, side)
    canvas.linkURL(page.url, (left, bottom, left + side, bottom + side), relative=0)
    canvas.setFont(FONT, 7)
    canvas.drawString(left, bottom - 4 * mm, _("Periksa keaslian sertifikat ini:"))
    canvas.drawString(left, bottom - 7.5 * mm, page.url)


def _draw_qr(canvas, url, left, bottom, side):
    """The QR code (segno, error correction M) as filled squares: sharp at any zoom, no image."""
    qr = segno.make(url, error="m", micro=False)
    matrix = list(qr.matrix)
    border = 2
    count = len(matrix) + 2 * border
    module = side / count
    canvas.setFillColor(colors.white)
    canvas.rect(left, bottom, side, side, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        y = bottom + side - (row_index + border + 1) * module
        start = None
        for column_index, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = column_index
            elif not dark and start is not None:  # one rectangle per run of dark modules
                path.rect(left + (start + border) * module, y, (column_index - start) * module, module)
                start = None
    canvas.drawPath(path, stroke=0, fill=1)
