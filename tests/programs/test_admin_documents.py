"""The papers of the BDI Denpasar training (20 people, 5 days, October 2024) made from the admin:
the PDFs' text is extracted with pypdf and checked line by line."""

import datetime
import io
import re

import pypdfium2
import pytest
import zxingcpp
from django.urls import reverse
from pypdf import PdfReader

from common.models import ExportLog
from programs.models import Certificate, Official, Participant
from tests.factories import EnterpriseFactory, ParticipantFactory, PersonFactory, ProgramFactory
from tests.files import PERSONAL, grant
from tests.logins import login_verified

pytestmark = pytest.mark.django_db

BDI_TITLE = "Pelatihan Pembuatan Tas Anyaman dan Tas Kulit di BDI Denpasar"
NIP = "197001011990031002"
NAMES = [f"Peserta BDI {n:02d}" for n in range(1, 21)]


@pytest.fixture
def bdi(kecamatan):
    program = ProgramFactory(
        title=BDI_TITLE,
        slug="tas-anyaman-bdi-denpasar-2024",
        bidang="perindustrian",
        venue="Balai Diklat Industri (BDI) Denpasar",
        city="Denpasar",
        start_date=datetime.date(2024, 10, 15),
        end_date=datetime.date(2024, 10, 19),
        quota=20,
        allowance=150000,
    )
    petir = kecamatan["Petir"]
    desa = petir.desa.order_by("code").first()
    for index, name in enumerate(NAMES):
        person = PersonFactory(full_name=name, kecamatan=petir, desa=desa)
        ParticipantFactory(
            program=program,
            person=person,
            enterprise=EnterpriseFactory(owner=person, name=f"Anyaman {name[-2:]}"),
            status=Participant.Status.COMPLETED if index < 18 else Participant.Status.ATTENDED,
        )
    Official.objects.create(
        bidang="perindustrian", name="Ir. I Made Contoh, M.T.", position="Kepala Bidang Perindustrian", nip=NIP
    )
    return program


@pytest.fixture
def clerk(make_staff):
    return make_staff("juru-dokumen", ["programs.view_program", "programs.change_program"])


def pdf_pages(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, [page.extract_text() for page in reader.pages]


def test_attendance_sheet_for_each_day_lists_every_participant_with_the_officers_block(client, clerk, bdi):
    login_verified(client, clerk)
    response = client.get(reverse("admin:programs_program_attendance_pdf", args=[bdi.pk]))
    assert re.fullmatch(
        r'attachment; filename="daftar-hadir-tas-anyaman-bdi-denpasar-2024-\d{4}-\d{2}-\d{2}\.pdf"',
        response["Content-Disposition"],
    )
    reader, pages = pdf_pages(response)
    text = "\n".join(pages)
    days = [
        "Selasa, 15 Oktober 2024",
        "Rabu, 16 Oktober 2024",
        "Kamis, 17 Oktober 2024",
        "Jumat, 18 Oktober 2024",
        "Sabtu, 19 Oktober 2024",
    ]
    # One section per day, in order, each with its title block.
    assert text.count("DAFTAR HADIR PESERTA") == 5
    assert [day for day in days if day in text] == days
    assert all(f"{n} dari 5" in text for n in range(1, 6))
    assert text.count(BDI_TITLE) >= 5
    assert text.count("Balai Diklat Industri (BDI) Denpasar, Denpasar") == 5
    # Every participant on every day, numbered 1-20, with origin and enterprise; then 5 blank rows.
    for name in NAMES:
        assert text.count(name) == 5
    assert text.count("Petir") >= 20 * 5
    assert text.count("Anyaman 07") == 5
    for number in range(1, 26):
        assert len(re.findall(rf"(?m)^{number}\. \.+", text)) == 5, number  # the signature place
    assert not re.search(r"(?m)^26\. ", text)
    # The headings repeat on every page, the closing block once per day.
    assert len(pages) == 5  # 25 rows and the closing block fit one A4 page a day
    for page in pages:
        assert "No." in page and "Nama" in page and "Tanda tangan" in page
    assert text.count(f"NIP. {NIP}") == 5
    assert text.count("Kepala Bidang Perindustrian") == 5
    assert "Denpasar, 19 Oktober 2024" in text
    assert "Ir. I Made Contoh, M.T." in text
    log = ExportLog.objects.get()
    assert (log.what, log.file_format, log.row_count, log.personal_included) == ("daftar-hadir", "pdf", 20, False)


def test_one_day_sheet_and_a_day_outside_the_program(client, clerk, bdi):
    login_verified(client, clerk)
    url = reverse("admin:programs_program_attendance_pdf", args=[bdi.pk])
    response = client.get(url, {"hari": "2024-10-17"})
    assert 'filename="daftar-hadir-tas-anyaman-bdi-denpasar-2024-2024-10-17.pdf"' in response["Content-Disposition"]
    _reader, pages = pdf_pages(response)
    text = "\n".join(pages)
    assert "Kamis, 17 Oktober 2024" in text and "Rabu, 16 Oktober 2024" not in text
    assert text.count("Peserta BDI 20") == 1
    for wrong in ("2024-10-20", "17/10/2024", "x"):
        response = client.get(url, {"hari": wrong}, follow=True)
        assert response.status_code == 200
        assert "bukan hari pelatihan ini" in response.content.decode()


def test_receipt_list_shows_nik_only_to_staff_who_may_see_it(client, clerk, bdi):
    login_verified(client, clerk)
    url = reverse("admin:programs_program_receipts_pdf", args=[bdi.pk])
    _reader, pages = pdf_pages(client.get(url))
    text = "\n".join(pages)
    assert "DAFTAR TANDA TERIMA" in text
    assert text.count("Rp150.000") == 1 + 20 and "Rp3.000.000" in text
    assert all(name in text for name in NAMES)
    niks = list(bdi.participants.values_list("person__nik", flat=True))
    assert not any(nik in text for nik in niks)
    assert not ExportLog.objects.get().personal_included

    login_verified(client, grant(clerk, PERSONAL))
    _reader, pages = pdf_pages(client.get(url))
    text = "\n".join(pages)
    assert all(nik in text for nik in niks)
    assert ExportLog.objects.filter(what="tanda-terima", personal_included=True).count() == 1


def test_receipt_list_needs_an_allowance(client, clerk, bdi):
    bdi.allowance = None
    bdi.save()
    login_verified(client, clerk)
    response = client.get(reverse("admin:programs_program_receipts_pdf", args=[bdi.pk]), follow=True)
    assert "tidak mencatat uang transport" in response.content.decode()
    assert not ExportLog.objects.exists()


def test_certificates_for_those_who_completed_with_number_and_qr_link(client, clerk, bdi):
    login_verified(client, clerk)
    url = reverse("admin:programs_program_certificates_pdf", args=[bdi.pk])
    assert client.get(url).status_code == 302  # issuing writes: POST only
    response = client.post(url)
    reader, pages = pdf_pages(response)
    assert len(pages) == 18  # the two who only attended get none
    certificates = list(Certificate.objects.order_by("holder_name"))
    assert [c.holder_name for c in certificates] == NAMES[:18]
    assert len({c.code for c in certificates}) == 18
    for page_text, page, certificate in zip(pages, reader.pages, certificates, strict=True):
        assert "SERTIFIKAT" in page_text
        assert certificate.holder_name in page_text
        assert f"Nomor: {certificate.number}" in page_text
        assert BDI_TITLE in page_text
        assert "15 Oktober 2024 – 19 Oktober 2024" in page_text
        assert "Balai Diklat Industri (BDI) Denpasar, Denpasar" in page_text
        assert f"NIP. {NIP}" in page_text
        verification = f"http://testserver/sertifikat/{certificate.code}/"
        assert verification in page_text
        links = [annotation.get_object()["/A"]["/URI"] for annotation in page["/Annots"]]
        assert links == [verification]
    # The QR code itself, rendered and scanned (pdfium draws the page, zxing-cpp reads it).
    rendered = pypdfium2.PdfDocument(response.content)
    for index in (0, 17):
        image = rendered[index].render(scale=2).to_pil()
        assert [code.text for code in zxingcpp.read_barcodes(image)] == [
            f"http://testserver/sertifikat/{certificates[index].code}/"
        ]
    numbers = [c.number for c in Certificate.objects.order_by("serial")]
    assert numbers == [f"SERT/2024/{bdi.pk}/{n:03d}" for n in range(1, 19)]
    assert sorted(
        bdi.participants.exclude(certificate_number="").values_list("certificate_number", flat=True)
    ) == sorted(numbers)
    assert ExportLog.objects.get().what == "sertifikat"

    # Again: nothing new is numbered; one person's certificate alone.
    client.post(url)
    assert Certificate.objects.count() == 18
    one = certificates[0]
    response = client.get(reverse("admin:programs_program_certificate_pdf", args=[bdi.pk, one.pk]))
    _reader, pages = pdf_pages(response)
    assert len(pages) == 1 and one.holder_name in pages[0]


def test_documents_page_offers_every_paper(client, clerk, bdi):
    login_verified(client, clerk)
    page = client.get(reverse("admin:programs_program_documents", args=[bdi.pk])).content.decode()
    assert "?hari=2024-10-15" in page and "?hari=2024-10-19" in page
    assert reverse("admin:programs_program_receipts_pdf", args=[bdi.pk]) in page
    assert "Ir. I Made Contoh" in page
    change = client.get(reverse("admin:programs_program_change", args=[bdi.pk])).content.decode()
    assert reverse("admin:programs_program_documents", args=[bdi.pk]) in change


def test_papers_need_the_program_permissions(client, make_staff, bdi):
    login_verified(client, make_staff("tamu", []))
    for name in ("programs_program_documents", "programs_program_attendance_pdf", "programs_program_receipts_pdf"):
        assert client.get(reverse(f"admin:{name}", args=[bdi.pk])).status_code == 403
    reader = make_staff("pembaca", ["programs.view_program"])
    login_verified(client, reader)
    assert client.post(reverse("admin:programs_program_certificates_pdf", args=[bdi.pk])).status_code == 403
    assert not Certificate.objects.exists()
