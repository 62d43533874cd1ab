"""Messages to applicants (programs.notify): the selection result by e-mail and as the text of a
prepared WhatsApp message."""

from urllib.parse import unquote

import pytest
from django.core import mail

from common.whatsapp import whatsapp_link
from programs import notify
from programs.models import Participant
from tests.factories import ApplicantFactory, ParticipantFactory, PersonFactory

pytestmark = pytest.mark.django_db
S = Participant.Status
AGENCY = "Dinas Koperasi, UMKM, Perindustrian dan Perdagangan Kabupaten Serang"


def test_the_result_reads_line_by_line_with_the_reference_code_on_its_own(open_program, kecamatan):
    applicant = ApplicantFactory(
        program=open_program,
        person=PersonFactory(kecamatan=kecamatan["Petir"], full_name="Siti Terpilih", email="siti@example.org"),
        status=S.SELECTED,
        reference_code="K7QM3XPA",
    )
    lines = notify.selection_message(applicant).split("\n")
    assert lines[0] == "Yth. Siti Terpilih,"
    assert lines[1].startswith("selamat, Anda terpilih sebagai peserta Pelatihan Desain Kemasan Uji mulai ")
    assert lines[2] == "Kode referensi: K7QM-3XPA"
    assert lines[3].startswith(f"{AGENCY} · Telepon (0254) 000000 · WhatsApp ")
    # wa.me carries the line breaks as %0A
    link = whatsapp_link(notify.selection_message(applicant), "6281233334444")
    assert "%0AKode%20referensi%3A%20K7QM-3XPA%0A" in link
    assert notify.send_selection_results([applicant]) == (1, 0)
    body = mail.outbox[0].body
    assert "\nKode referensi: K7QM-3XPA\n" in body and body.startswith("Yth. Siti Terpilih,\nselamat, Anda terpilih")


def test_a_participant_entered_by_staff_gets_no_empty_reference_code_line(open_program, kecamatan):
    entered = ParticipantFactory(
        program=open_program,
        person=PersonFactory(kecamatan=kecamatan["Petir"], full_name="Budi Dimasukkan", email="budi@example.org"),
        status=S.REJECTED,
    )
    assert not entered.reference_code
    text = notify.selection_message(entered)
    assert "Kode referensi" not in text
    assert text.split("\n") == [
        "Yth. Budi Dimasukkan,",
        "mohon maaf, Anda belum terpilih untuk Pelatihan Desain Kemasan Uji. "
        "Silakan mendaftar pada pelatihan berikutnya.",
        text.split("\n")[2],
    ]
    assert text.split("\n")[2].startswith(f"{AGENCY} · Telepon")
    assert "Kode referensi" not in unquote(whatsapp_link(text, "6281233334444"))
    assert notify.send_selection_results([entered]) == (1, 0)
    body = mail.outbox[0].body
    assert "Kode referensi" not in body and f"berikutnya.\n{AGENCY}" in body
