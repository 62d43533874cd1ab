"""Importing a 10,000-row participant list (CSV and XLSX): time to read the file, to build the
preview (validate every row against the database), to confirm (one transaction), and to import
the same file again (nothing changes). With --memory the run is repeated under tracemalloc
for the peak of Python allocations (tracemalloc slows Python down, so times come from the
plain run).

Run against the scratch database built for export_participants.py (it needs the regions and
benefits from a large registry to match against):

    DATABASE_URL=sqlite:////tmp/umkm_bench5.sqlite3 DEBUG=true .venv/bin/python benchmarks/import_participants.py

Everything happens inside a transaction that is rolled back at the end, so the scratch
database is left as it was and the script can be run again.
"""

import argparse
import csv
import datetime
import io
import random
import time
import tracemalloc

from _setup import bench_user, django_setup, max_rss_mib

HEADER = ["Nama", "NIK", "L/P", "Tgl. Lahir", "No HP", "Alamat", "Kecamatan", "Desa/Kelurahan", "Nama Usaha", "Status"]


def build_rows(count):
    from regions.models import Desa, Kecamatan

    rng = random.Random(5)
    kecamatan = list(Kecamatan.objects.of_portal_district().order_by("code"))
    desa = {k.code: list(Desa.objects.filter(kecamatan=k).values_list("name", flat=True)) for k in kecamatan}
    date_formats = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d {month} %Y"]
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
              "November", "Desember"]  # fmt: skip
    rows = []
    for index in range(1, count + 1):
        place = kecamatan[index % len(kecamatan)]
        birth = datetime.date(2003, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 2))
        female = index % 2 == 0
        day = birth.day + (40 if female else 0)
        nik = f"{place.nik_prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}{index % 10000:04d}"
        fmt = date_formats[index % len(date_formats)].replace("{month}", months[birth.month - 1])
        rows.append(
            [
                f"Peserta Impor {index:05d}",
                nik,
                "P" if female else "L",
                birth.strftime(fmt),
                f"0811{index:08d}",
                f"Kp. Impor {index}",
                place.name,
                rng.choice(desa[place.code]) if desa[place.code] else "",
                f"Usaha Impor {index:05d}",
                "terpilih",
            ]
        )
    return rows


def as_csv(rows):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";").writerows([HEADER, *rows])
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(rows):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in [HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(label, function):
    started = time.perf_counter()
    result = function()
    print(f"  {label}: {time.perf_counter() - started:.2f} s")
    return result


def run(kind, data, memory):
    from django.db import transaction

    from common.spreadsheets import read_table
    from programs.imports import (
        PARTICIPANT_FIELDS,
        PARTICIPANT_LABELS,
        PARTICIPANT_REQUIRED,
        import_participants,
        plan_participant_import,
    )
    from programs.models import Program

    print(f"{kind}: {len(data) / 1024 / 1024:.1f} MiB" + (" (under tracemalloc)" if memory else ""))
    if memory:
        tracemalloc.start()
    with transaction.atomic():
        user = bench_user()
        program = Program.objects.create(
            title="Benchmark impor", slug=f"benchmark-impor-{kind}", theme="kemasan", bidang="umkm", venue="Aula",
            city="Serang", start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2027, 1, 2), quota=10000,
            funding_source="apbd", target_group="umkm",
        )  # fmt: skip

        def read():
            return read_table(
                data, f"peserta.{kind}", fields=PARTICIPANT_FIELDS, required=PARTICIPANT_REQUIRED,
                labels=PARTICIPANT_LABELS,
            )  # fmt: skip

        table = timed("read the file", read)
        plan = timed("preview (validate every row)", lambda: plan_participant_import(program=program, table=table))
        print(f"    {len(plan.rows)} rows, {plan.error_count} with errors; {plan.counts()}")
        timed(
            "confirm (re-read, validate, save in one transaction)",
            lambda: import_participants(program=program, table=read(), user=user, source=f"peserta.{kind}"),
        )
        again = timed(
            "same file again",
            lambda: import_participants(program=program, table=read(), user=user, source=f"peserta.{kind}"),
        )
        print(f"    second time: {again.counts()}; participants in program: {program.participants.count()}")
        transaction.set_rollback(True)
    if memory:
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        print(f"  peak Python memory (tracemalloc, whole run): {peak:.0f} MiB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--memory", action="store_true", help="also run under tracemalloc for peak memory")
    args = parser.parse_args()
    django_setup()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    rows = build_rows(args.rows)
    files = {"csv": as_csv(rows), "xlsx": as_xlsx(rows)}
    for kind, data in files.items():
        run(kind, data, memory=False)
    if args.memory:
        for kind, data in files.items():
            run(kind, data, memory=True)
    print(f"peak RSS of the process: {max_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
