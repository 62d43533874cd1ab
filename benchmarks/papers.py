"""How long the papers of a training take to draw (programs/documents.py), with no database:
an attendance sheet (all days in one file), the receipt list, and the cohort's certificates,
for cohorts of 20, 100 and 500. Prints seconds, pages and size.

    .venv/bin/python benchmarks/papers.py
"""

import datetime
import io
import time
from types import SimpleNamespace

from _setup import django_setup


def main():
    django_setup()
    from pypdf import PdfReader

    from programs import documents

    program = SimpleNamespace(
        title="Pelatihan Pembuatan Tas Anyaman dan Tas Kulit di BDI Denpasar",
        venue="Balai Diklat Industri (BDI) Denpasar",
        city="Denpasar",
        start_date=datetime.date(2024, 10, 15),
        end_date=datetime.date(2024, 10, 19),
    )
    signer = documents.Signer("Ir. I Made Contoh, M.T.", "Kepala Bidang Perindustrian", "197001011990031002")
    days = documents.training_days(program)
    print(f"{'paper':<28}{'people':>7}{'pages':>7}{'seconds':>9}{'KiB':>8}")
    for people in (20, 100, 500):
        rows = [
            documents.Row(f"Peserta Contoh {n:04d}", "Petir, Petir", f"Usaha {n}", f"3604194202{n:06d}")
            for n in range(people)
        ]
        pages = [
            documents.CertificatePage(
                row.name, f"SERT/2024/1/{n:03d}", f"https://umkm.example.go.id/sertifikat/{n:024d}/"
            )
            for n, row in enumerate(rows, start=1)
        ]
        papers = {
            "daftar hadir (5 hari)": lambda rows=rows: documents.attendance_sheet(
                program=program, days=days, rows=rows, signer=signer
            ),
            "daftar tanda terima": lambda rows=rows: documents.receipt_list(
                program=program, rows=rows, amount=150000, signer=signer, day=program.end_date, show_identifier=True
            ),
            "sertifikat": lambda pages=pages: documents.certificates(
                program=program, pages=pages, signer=signer, issued_on=program.end_date
            ),
        }
        for name, make in papers.items():
            started = time.perf_counter()
            data = make()
            seconds = time.perf_counter() - started
            count = len(PdfReader(io.BytesIO(data)).pages)
            print(f"{name:<28}{people:>7}{count:>7}{seconds:>9.2f}{len(data) / 1024:>8.0f}")


if __name__ == "__main__":
    main()
