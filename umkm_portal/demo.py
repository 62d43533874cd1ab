"""A deterministic Kabupaten Serang demo data set built from the articles' facts.

Every synthetic person is obviously synthetic ("… Contoh 00012", phone numbers starting 0800),
with a NIK of valid shape for their kecamatan. Each entity is generated from its own index by
seeded random streams, so the first N entities are the same whatever scale is asked for, and
running the build again inserts nothing new (natural keys + ignore_conflicts).

The demo is dated from the day it is loaded (`build_demo(today=...)`): the real trainings of 2024
and 2025 keep their real dates, while the upcoming ones (one open for registration, one coming
later) and the cooperatives' RAT book years are placed relative to that day. Loading it again on a
later day moves them forward in place: same programs (found by their slug), same applicants, same
cooperatives, with their last RAT book year and RAT records brought up to date.
"""

import datetime
import operator
import random
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection, models, transaction
from django.utils import formats, timezone, translation
from simple_history.utils import bulk_update_with_history

from common.caching import bump_data_version
from common.choices import FundingSource
from common.history import add_initial_history
from common.imports import LOOKUP_CHUNK, in_chunks
from cooperatives.models import Cooperative, CooperativeKind, RatRecord
from cooperatives.rules import latest_due_book_year
from cooperatives.services import refresh_last_rat_book_years
from enterprises.models import AnnualReport, Enterprise, Person, Sector
from enterprises.rules import nik_birth_date, nik_sex, scale_class
from enterprises.services import refresh_scale_classes
from markets.models import Market, Relocation
from programs.models import Bidang, Official, Participant, Partner, Program, TargetGroup, Theme
from regions.models import Desa, Kecamatan
from umkm_portal.demo_prices import build_prices

DISTRICT = "36.04"
DEMO_HISTORY_REASON = "Dimuat dari data demo"
BATCH = 2000
DEFAULT_ENTERPRISES = 600
# A first load of at least this many enterprises builds the registry's indexes after its rows
# (PostgreSQL, `_indexes_built_after`); at 10,000 that gains nothing, at 50,000 a fifth.
REBUILD_INDEXES_FROM = 50_000

GIVEN_NAMES_F = ["Siti", "Nur", "Dewi", "Rina", "Yanti", "Euis", "Iis", "Lilis", "Ratna", "Wati", "Enok", "Neneng"]
GIVEN_NAMES_M = ["Ahmad", "Budi", "Agus", "Dedi", "Asep", "Ujang", "Hendra", "Rudi", "Jaja", "Iwan", "Maman", "Sahrul"]
PRODUCTS = {
    Sector.KULINER: ["emping melinjo", "sate bandeng", "keripik singkong", "kue gapit", "kopi bubuk", "sambal kemasan"],
    Sector.KRIYA: ["tas anyaman pandan", "tas kulit", "kerajinan bambu", "gerabah", "batik Banten", "suvenir kayu"],
    Sector.FESYEN: ["busana muslim", "kerudung bordir", "sepatu kulit", "kaos sablon"],
    Sector.PERTANIAN: ["beras organik", "ikan asin", "madu hutan", "bibit tanaman"],
    Sector.PERDAGANGAN: ["toko kelontong", "warung sembako", "agen pulsa"],
    Sector.JASA: ["penjahit", "bengkel motor", "laundry", "percetakan"],
    Sector.LAINNYA: ["daur ulang plastik", "sabun herbal"],
}
SECTOR_WEIGHTS = {
    Sector.KULINER: 40,
    Sector.KRIYA: 12,
    Sector.FESYEN: 10,
    Sector.PERTANIAN: 10,
    Sector.PERDAGANGAN: 15,
    Sector.JASA: 10,
    Sector.LAINNYA: 3,
}

# Kabupaten Serang, 2020: 819 koperasi, 612 aktif, 98 kurang aktif, 109 tidak aktif.
COOPERATIVE_STATUS_COUNTS = {"aktif": 612, "kurang_aktif": 98, "tidak_aktif": 109}
MERAH_PUTIH_COUNT = 20  # formed 2025 (Inpres 9/2025), counted among the active ones

MARKETS = [
    # name, kecamatan, revitalised year, funding, kios, los, traders, market days
    ("Pasar Anyar", "Anyar", 2018, FundingSource.APBN, 120, 80, 230, ""),
    ("Pasar Banjarsari", "Cikande", 2019, FundingSource.APBD, 96, 60, 170, "2,5"),
    ("Pasar Bojonegara", "Bojonegara", 2017, FundingSource.APBN, 88, 64, 160, ""),
    ("Pasar Ciomas", "Ciomas", 2020, FundingSource.APBD, 72, 40, 120, "1,4"),
    ("Pasar Dukuh", "Ciruas", 2021, FundingSource.APBN, 64, 48, 110, "3,6"),
    ("Pasar Kragilan", "Kragilan", 2018, FundingSource.APBD_PROVINSI, 150, 90, 280, ""),
    ("Pasar Padarincang", "Padarincang", 2022, FundingSource.APBN, 110, 70, 200, ""),
    ("Pasar Petir", "Petir", 2019, FundingSource.APBD, 80, 56, 140, "1,5"),
    ("Pasar Serdang", "Kramatwatu", None, "", 60, 40, 95, "2,6"),
    ("Pasar Sukajaya", "Cikande", 2023, FundingSource.APBD, 70, 44, 115, ""),
    ("Pasar Tirtayasa", "Tirtayasa", 2021, FundingSource.APBD, 66, 38, 100, "4,7"),
    ("Pasar Kopo", "Kopo", 2020, FundingSource.APBN, 90, 60, 150, ""),
    ("Pasar Tunjungteja", "Tunjung Teja", None, "", 48, 30, 70, "3,7"),
    # The agency oversees 14 markets, 11 revitalised; the article names 13. The fourteenth here
    # stands for the one it does not name (illustrative, not revitalised).
    ("Pasar Baros", "Baros", None, "", 52, 36, 85, "2,5"),
]

PARTNERS = [
    ("Balai Diklat Industri (BDI) Denpasar", Partner.Kind.TRAINING_CENTRE),
    ("CV Ardelya Kriya Nusantara (Ardelya Craft)", Partner.Kind.COMPANY),
    ("Dinas Perdagangan dan Perindustrian Kota Bandung", Partner.Kind.GOVERNMENT),
]


def _monday_on_or_after(day):
    return day + datetime.timedelta(days=-day.weekday() % 7)


@dataclass
class ProgramSpec:
    slug: str
    title: str
    theme: str
    bidang: str
    venue: str
    city: str
    quota: int
    funding: str
    target: str
    description: str
    # A training that took place has its real dates. An upcoming one has none: it starts on the
    # first Monday at least `starts_after_days` after the day the demo is loaded, lasts
    # `duration_days`, and (if registration is open) registration closes `closes_days_before` it.
    start: datetime.date | None = None
    end: datetime.date | None = None
    starts_after_days: int | None = None
    duration_days: int = 1
    closes_days_before: int | None = None
    partners: list = field(default_factory=list)
    # kecamatan name -> number of participants (whose enterprises are in that kecamatan)
    cohort: dict = field(default_factory=dict)
    # The desa (Kemendagri code) every participant lives in, when a source names one; without it
    # each lives in the kecamatan of their enterprise.
    home_desa: str = ""
    participant_status: str = Participant.Status.COMPLETED
    certificate_prefix: str = ""
    registration_open: bool = False
    published: bool = True
    # Slugs an earlier demo gave this program (renamed in place rather than created anew).
    former_slugs: tuple = ()
    # What the participants' enterprises make, when a source says (all crafts, sector kriya): the
    # cohort's enterprises take these in turn. Without it, each gets the registry's random sector.
    crafts: tuple = ()
    # What an applicant asks before applying (Program.eligibility, fee, schedule, contact_person,
    # results_announcement). `schedule`: one line per day from the start, prefixed with that
    # day's date; `results`: a sentence whose {date} is `results_days_before_start` before the start.
    eligibility: str = ""
    fee: int = 0
    schedule: tuple = ()
    contact_person: str = ""
    results: str = ""
    results_days_before_start: int = 0

    def dates(self, today):
        """(start, end, registration closes on) when the demo is loaded on `today`."""
        if self.starts_after_days is None:
            return self.start, self.end, None
        start = _monday_on_or_after(today + datetime.timedelta(days=self.starts_after_days))
        end = start + datetime.timedelta(days=self.duration_days - 1)
        closes = start - datetime.timedelta(days=self.closes_days_before) if self.registration_open else None
        return start, end, closes

    def applicant_facts(self, today):
        """The program's fields for applicants, their dates written out in Indonesian."""
        start, _end, _closes = self.dates(today)
        days = (start + datetime.timedelta(days=day) for day in range(len(self.schedule)))
        schedule = "\n".join(f"{_indonesian_date(day)}, {line}" for day, line in zip(days, self.schedule, strict=True))
        results_day = start - datetime.timedelta(days=self.results_days_before_start)
        return {
            "eligibility": self.eligibility,
            "fee": self.fee,
            "schedule": schedule,
            "contact_person": self.contact_person,
            "results_announcement": self.results.format(date=_indonesian_date(results_day)) if self.results else "",
        }


def _indonesian_date(day):
    """A day as "Senin, 18 Januari 2027": the demo's content is Indonesian whatever language is active."""
    with translation.override("id"):
        return formats.date_format(day, "l, j F Y")


PROGRAMS = [
    ProgramSpec(
        slug="pelatihan-tas-anyaman-dan-kulit-bdi-denpasar-2024",
        title="Pelatihan Pembuatan Tas Anyaman dan Tas Kulit di BDI Denpasar",
        theme=Theme.CRAFT,
        bidang=Bidang.PERINDUSTRIAN,
        venue="Balai Diklat Industri (BDI) Denpasar",
        city="Denpasar",
        start=datetime.date(2024, 10, 15),
        end=datetime.date(2024, 10, 19),
        quota=20,
        funding=FundingSource.APBD,
        target=TargetGroup.ARTISANS,
        description=(
            "Pelatihan lanjutan bagi perajin tas anyaman dan tas kulit yang sudah terampil, "
            "sekaligus memperkenalkan produk perajin Kabupaten Serang di pasar Bali."
        ),
        partners=["Balai Diklat Industri (BDI) Denpasar"],
        # The article says both: the crafters are "dari Kecamatan Petir Desa Tegal Maja", and the
        # 20 come "dari empat kecamatan". Tegalmaja is in Kragilan in the official region data
        # (regions/data/SOURCE.md), not in Petir. So all 20 live in Desa Tegalmaja (their NIKs are
        # Kragilan's), and their workshops are in the four kecamatan the article names.
        cohort={"Petir": 5, "Cikeusal": 5, "Kramatwatu": 5, "Kragilan": 5},
        home_desa="36.04.11.2012",
        # "keahlian di bidang anyaman dan pembuatan tas dari kulit": bag-makers, both kinds
        crafts=("tas anyaman pandan", "tas kulit", "tas anyaman mendong", "tas kulit sapi", "tas anyaman bambu"),
        certificate_prefix="BDI-DPS/2024/",
    ),
    ProgramSpec(
        slug="pelatihan-handmade-ardelya-craft-2025",
        title="Pelatihan Kerajinan Tangan (Handmade) bersama Ardelya Craft",
        theme=Theme.CRAFT,
        bidang=Bidang.PERINDUSTRIAN,
        venue="Hotel di Kota Bandung",
        city="Bandung",
        start=datetime.date(2025, 8, 22),
        end=datetime.date(2025, 8, 26),
        quota=20,
        funding=FundingSource.PARTNER,
        target=TargetGroup.ARTISANS,
        description=(
            "Peningkatan kapasitas perajin dari empat komunitas handmade, penguatan komunitas, "
            "dan persiapan menembus pasar global."
        ),
        partners=["CV Ardelya Kriya Nusantara (Ardelya Craft)", "Dinas Perdagangan dan Perindustrian Kota Bandung"],
        cohort={"Bojonegara": 3, "Anyar": 3, "Kragilan": 3, "Bandung": 3, "Petir": 3, "Kramatwatu": 3, "Cinangka": 2},
        # "kerajinan buatan tangan (handmade)": the four communities' crafts
        crafts=("tas rajut", "kerajinan manik-manik", "suvenir kayu", "kerajinan bambu", "boneka flanel"),
        certificate_prefix="ARD/2025/",
    ),
    ProgramSpec(
        slug="pelatihan-manajerial-umkm-2025",
        title="Pelatihan Manajerial UMKM: Kapasitas Produksi, Strategi Pemasaran dan Kemasan",
        theme=Theme.MANAGEMENT,
        bidang=Bidang.UMKM,
        venue="Hotel di Cikande",
        city="Kabupaten Serang",
        start=datetime.date(2025, 10, 20),
        end=datetime.date(2025, 10, 20),
        quota=50,
        funding=FundingSource.APBD,
        target=TargetGroup.UMKM,
        description=(
            "Lima puluh UMKM terpilih dari sepuluh kecamatan belajar meningkatkan kapasitas produksi, "
            "menyusun strategi pemasaran dan memperbaiki desain kemasan."
        ),
        cohort={
            "Cikande": 5,
            "Kibin": 5,
            "Jawilan": 5,
            "Kopo": 5,
            "Ciruas": 5,
            "Kragilan": 5,
            "Pontang": 5,
            "Baros": 5,
            "Cikeusal": 5,
            "Anyar": 5,
        },
        certificate_prefix="MNJ/2025/",
    ),
    # Open for registration: registration closes four to five weeks after the load day, the
    # training starts two weeks later (loaded on 2 December 2026: closes 4 January, 18-20 January 2027).
    ProgramSpec(
        slug="pelatihan-kemasan-dan-label-pangan",
        former_slugs=("pelatihan-kemasan-dan-label-pangan-2027",),
        title="Pelatihan Desain Kemasan dan Label Produk Pangan",
        theme=Theme.PACKAGING,
        bidang=Bidang.UMKM,
        venue="Aula Diskoumperindag Kabupaten Serang",
        city="Kabupaten Serang",
        starts_after_days=42,
        duration_days=3,
        closes_days_before=14,
        quota=30,
        funding=FundingSource.APBD,
        target=TargetGroup.UMKM,
        description="Merancang kemasan dan label yang memenuhi ketentuan PIRT dan halal untuk UMKM pangan.",
        cohort={"Kragilan": 4, "Ciruas": 4, "Petir": 4},
        participant_status=Participant.Status.APPLIED,
        registration_open=True,
        eligibility=(
            "Pelaku usaha mikro atau kecil pangan olahan (makanan atau minuman dalam kemasan) yang berdomisili "
            "di Kabupaten Serang, berusia 18–60 tahun, dan produknya sudah dijual.\n"
            "Diutamakan yang sudah memiliki NIB dan yang belum pernah mengikuti pelatihan kemasan Diskoumperindag.\n"
            "Satu usaha mengirim satu orang: pemilik atau penanggung jawab produksi."
        ),
        schedule=(
            "08.00–16.00 WIB: pembukaan; isi label pangan yang wajib (nama produk, komposisi, berat bersih, "
            "nomor PIRT, label halal, tanggal kedaluwarsa)",
            "08.00–16.00 WIB: merek dan desain kemasan; praktik membuat label dengan aplikasi desain di ponsel",
            "08.00–14.00 WIB: memilih bahan kemasan yang aman untuk pangan; konsultasi kemasan produk "
            "masing-masing (bawa contoh produk dan kemasan yang dipakai sekarang); penutupan",
        ),
        contact_person="Rina Contoh, Bidang UMKM Diskoumperindag: telepon/WhatsApp 0800-1000-0101 (Senin–Jumat)",
        results=(
            "Hasil seleksi diumumkan paling lambat {date} lewat WhatsApp ke nomor yang didaftarkan, dan dapat "
            "dicek di halaman Cek status pendaftaran dengan kode referensi."
        ),
        results_days_before_start=10,  # four days after registration closes
    ),
    # Coming, registration not yet open: about three months after the load day (loaded on
    # 2 December 2026: 8-10 March 2027).
    ProgramSpec(
        slug="pendampingan-sertifikasi-halal",
        former_slugs=("pendampingan-sertifikasi-halal-2027",),
        title="Pendampingan Sertifikasi Halal bagi UMKM Pangan",
        theme=Theme.HALAL,
        bidang=Bidang.UMKM,
        venue="Aula Kecamatan Kramatwatu",
        city="Kabupaten Serang",
        starts_after_days=91,
        duration_days=3,
        quota=40,
        funding=FundingSource.APBN,
        target=TargetGroup.UMKM,
        description="Pendampingan pengajuan sertifikat halal BPJPH melalui jalur pernyataan pelaku usaha.",
        eligibility=(
            "Pelaku usaha mikro pangan olahan di Kabupaten Serang yang sudah memiliki NIB dan belum memiliki "
            "sertifikat halal, dengan bahan yang sudah pasti halal (bukan daging sembelihan) dan proses "
            "produksi sederhana.\n"
            "Satu usaha mengirim satu orang: pemilik atau penanggung jawab produksi."
        ),
        schedule=(
            "08.00–15.00 WIB: kewajiban sertifikat halal dan jalur pernyataan pelaku usaha (self declare)",
            "08.00–15.00 WIB: menyiapkan dokumen (NIB, daftar bahan dan pemasoknya, alur produksi) dan akun SIHALAL",
            "08.00–15.00 WIB: mengisi permohonan sertifikat halal didampingi Pendamping Proses Produk Halal (PPH)",
        ),
        contact_person="Agus Contoh, Bidang UMKM Diskoumperindag: telepon/WhatsApp 0800-1000-0102 (Senin–Jumat)",
        results=(
            "Pendaftaran dibuka di halaman ini sekitar dua bulan sebelum pendampingan. Hasil seleksi diumumkan "
            "paling lambat {date} lewat WhatsApp ke nomor yang didaftarkan dan di halaman Cek status pendaftaran."
        ),
        results_days_before_start=10,
    ),
]


@dataclass
class DemoResult:
    kecamatan: int = 0
    people: int = 0
    enterprises: int = 0
    cooperatives: int = 0
    markets: int = 0
    programs: int = 0
    participants: int = 0


class _Regions:
    def __init__(self):
        self.kecamatan = list(Kecamatan.objects.filter(kabupaten_id=DISTRICT).order_by("code"))
        if not self.kecamatan:
            raise RuntimeError("Load the regions first: python manage.py load_regions 36.04")
        self.by_name = {k.name: k for k in self.kecamatan}
        self.by_code = {k.code: k for k in self.kecamatan}
        self.desa = {k.code: [] for k in self.kecamatan}
        for code, kecamatan_code in (
            Desa.objects.filter(kecamatan__kabupaten_id=DISTRICT).values_list("code", "kecamatan_id").order_by("code")
        ):
            self.desa[kecamatan_code].append(code)


class _PersonMaker:
    """Synthetic people with unique NIKs of valid shape; deterministic by index."""

    def __init__(self, regions):
        self.regions = regions
        self.used_niks = set()

    def make(self, index, kecamatan=None, tag="Contoh"):
        rng = random.Random(f"person-{tag}-{index}")
        kecamatan = kecamatan or rng.choice(self.regions.kecamatan)
        female = rng.random() < 0.55
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 42))
        day = birth.day + (40 if female else 0)
        birth = birth.replace(year=birth.year + index // 10000) if (birth.month, birth.day) != (2, 29) else birth
        serial = index % 10000
        nik = f"{kecamatan.nik_prefix}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"
        while nik in self.used_niks:  # a rare clash: the next serial; same order every run, so deterministic
            serial = (serial + 1) % 10000
            nik = nik[:12] + f"{serial:04d}"
        self.used_niks.add(nik)
        given = rng.choice(GIVEN_NAMES_F if female else GIVEN_NAMES_M)
        desa_codes = self.regions.desa[kecamatan.code]
        birth_date = nik_birth_date(nik)
        return _row(
            Person,
            full_name=f"{given} {tag} {index:05d}",
            nik=nik,
            sex=nik_sex(nik),
            birth_date=birth_date,
            birth_year=birth_date.year,
            phone=f"0800{index:08d}",
            kecamatan_id=kecamatan.code,
            desa_id=rng.choice(desa_codes) if desa_codes else None,
            address=f"Kampung Contoh No. {index % 200 + 1}, RT {rng.randint(1, 9):03d}/RW {rng.randint(1, 9):03d}",
        )


_DEFAULTS = {}


def _row(model, **values):
    """A row for `_bulk`: the model's defaults with `values`, as plain attributes. A model
    instance costs ten times as much to make, and the registry's million rows need none of it."""
    defaults = _DEFAULTS.get(model)
    if defaults is None:
        defaults = _DEFAULTS[model] = {field.attname: field.get_default() for field in model._meta.concrete_fields}
    return SimpleNamespace(**{**defaults, **values})


def _bulk(model, objects, key=None):
    """INSERT … ON CONFLICT DO NOTHING in batches, on SQLite and PostgreSQL alike. With `key` (a
    unique field), returns {key: id} for the objects' rows, inserted now or there before.

    Django's bulk_create spends most of its time preparing each value; at 100,000 rows that
    is most of a minute, so the demo writes plain rows (its values are already clean).
    """
    objects = list(objects)
    if not objects:
        return {}
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or getattr(objects[0], f.attname) is not None]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING".format(  # noqa: UP032
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    adapt = {
        f.attname: (lambda value, f=f: f.get_db_prep_save(value, connection))
        for f in fields
        if isinstance(f, models.DateField)  # DateTimeField is a DateField too
    }
    stamped = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    now = models.DateTimeField().get_db_prep_save(now, connection)
    getters = [
        (lambda obj, now=now: now)
        if f.attname in stamped
        else (lambda obj, name=f.attname, a=adapt[f.attname]: None if (v := getattr(obj, name)) is None else a(v))
        if f.attname in adapt
        else operator.attrgetter(f.attname)
        for f in fields
    ]
    rows = ([get(obj) for get in getters] for obj in objects)
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        return _ids_by(model, key, [getattr(obj, key) for obj in objects]) if key else {}
    # PostgreSQL: COPY into a scratch table, then one INSERT … SELECT … ON CONFLICT DO NOTHING;
    # row-by-row inserts spend most of their time in round trips and per-statement work.
    columns = ", ".join(quote(f.column) for f in fields)
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE demo_rows AS SELECT {columns} FROM {table} WITH NO DATA")
        with cursor.cursor.copy(f"COPY demo_rows ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM demo_rows ON CONFLICT DO NOTHING")
        ids = {}
        if key:
            # One join with the scratch table, rather than ten thousand keys sent back as parameters.
            column = quote(model._meta.get_field(key).column)
            pk = quote(model._meta.pk.column)
            cursor.execute(f"SELECT t.{column}, t.{pk} FROM {table} t JOIN demo_rows d ON d.{column} = t.{column}")
            ids = dict(cursor.fetchall())
        cursor.execute("DROP TABLE demo_rows")
    return ids


@contextmanager
def _indexes_built_after(models):
    """PostgreSQL: drop the plain (non-unique) indexes of `models` and their history tables, and
    the foreign keys between those tables; create them again, as they were, once the rows are in.

    Maintaining a GIN trigram index and a dozen b-trees row by row, and checking each row's keys
    to the other loaded tables at commit, costs several times building each index once over the
    full table and validating each key in one join. The unique indexes stay: ON CONFLICT and the
    id lookups need them. The foreign keys to other tables (regions, users) stay too, as dropping
    one would lock that table, and with it most of the portal, for the whole load; their checks,
    deferred to the commit, run before the builds instead (CREATE INDEX refuses a table with
    checks pending).

    The definitions are read back from the catalogue, so they come back exactly as the migrations
    made them. Everything happens in the caller's transaction: an error rolls the drops back with
    the rows, and the code after `yield` does not run."""
    tables = [table for model in models for table in (model._meta.db_table, model.history.model._meta.db_table)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format('DROP INDEX %%s', indexrelid::regclass), pg_get_indexdef(indexrelid) "
            "FROM pg_index WHERE indrelid = ANY(%s::regclass[]) AND NOT indisunique",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT confrelid = ANY(%s::regclass[]), condeferred, conname, "
            "format('ALTER TABLE %%s DROP CONSTRAINT %%I', conrelid::regclass, conname), "
            "format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', conrelid::regclass, conname, pg_get_constraintdef(oid)) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables, tables],
        )
        constraints = cursor.fetchall()
        foreign_keys = [(drop, create) for between, _, _, drop, create in constraints if between]
        checked_at_commit = ", ".join(
            quote(name) for between, deferred, name, _, _ in constraints if deferred and not between
        )
        for drop, _create in foreign_keys + indexes:
            cursor.execute(drop)
    yield
    with connection.cursor() as cursor:
        if checked_at_commit:
            cursor.execute(f"SET CONSTRAINTS {checked_at_commit} IMMEDIATE")  # runs the pending checks now
            cursor.execute(f"SET CONSTRAINTS {checked_at_commit} DEFERRED")  # as declared, for what follows
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # each build sorts in memory, not on disk
        for _drop, create in indexes + foreign_keys:
            cursor.execute(create)


def _ids_by(model, key, values):
    return dict(in_chunks(model.objects.values_list(key, "id"), key, values))


def _enterprise_for(rng, person, index, registry_index=None):
    sector = rng.choices(list(SECTOR_WEIGHTS), weights=list(SECTOR_WEIGHTS.values()))[0]
    product = rng.choice(PRODUCTS[sector])
    consent = rng.random() < 0.3
    number = registry_index if registry_index is not None else index
    return _row(
        Enterprise,
        name=f"Usaha {product.title()} Contoh {number:05d}",
        owner_id=person.id,
        sector=sector,
        products=product,
        kecamatan_id=person.kecamatan_id,
        desa_id=person.desa_id,
        # Participants' enterprises hold 9000000500001 on (their index + 500,000): registry numbers
        # past 500,000 (load-test sets only) take the prefix 7, so that neither loses its row.
        nib=f"{7 if index == registry_index and index > 500_000 else 9}{index:012d}",
        pirt_number=f"P-IRT 2{index % 1000:03d}3604{index:06d}"
        if sector == Sector.KULINER and rng.random() < 0.4
        else "",
        halal_certificate_number=f"ID36110{index:09d}" if sector == Sector.KULINER and rng.random() < 0.2 else "",
        employees=rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 8, 12]),
        catalogue_consent=consent,
        public_contact=f"Instagram @usaha_contoh_{number:05d}" if consent else "",
    )


def _reports_for(rng):
    """Two to three years of figures; some businesses grow a class ('naik kelas')."""
    base = rng.choice([40, 80, 150, 300, 450, 600, 900, 1200]) * 1_000_000
    growth = rng.choice([1.0, 1.1, 1.25, 1.6])
    if rng.random() < 0.03:
        base = rng.choice([2500, 6000, 14000]) * 1_000_000  # a few small and medium enterprises
    figures = []
    for offset, year in enumerate((2023, 2024, 2025)):
        if year == 2023 and rng.random() < 0.5:
            continue
        figures.append((year, int(base * growth**offset) // 1000 * 1000, rng.choice([None, base // 2])))
    return figures


def _build_people_and_enterprises(regions, makers, specs, home_desa="", move_in_place=False, crafts=()):
    """`specs`: list of (index, kecamatan or None, tag). Creates persons (living in `home_desa`
    when given), one enterprise each, and their annual reports. Returns the people (with ids) and
    their enterprises' ids, in order. With `crafts`, the enterprises make those crafts in turn
    (sector kriya), and an earlier demo's enterprises are corrected to them in place."""
    people = [makers.make(index, kecamatan, tag) for index, kecamatan, tag in specs]
    for person in people:
        person.desa_id = home_desa or person.desa_id
    if move_in_place:
        _move_in_place(people)
    ids = _bulk(Person, people, key="nik")
    for person in people:
        person.id = ids[person.nik]
    enterprises, reports_by_nib = [], {}
    for (index, _kecamatan, tag), person in zip(specs, people, strict=True):
        rng = random.Random(f"enterprise-{tag}-{index}")
        offset = 0 if tag == "Contoh" else 500_000
        enterprise = _enterprise_for(rng, person, index + offset, registry_index=index)
        if crafts:
            # After the random draws, so each enterprise keeps its size, consent and figures.
            _make_craft(enterprise, crafts[len(enterprises) % len(crafts)], number=index)
        figures = _reports_for(rng)
        latest = figures[-1]
        enterprise.scale_class = scale_class(annual_turnover=latest[1], business_capital=latest[2]) or ""
        enterprises.append(enterprise)
        reports_by_nib[enterprise.nib] = figures
    enterprise_ids = _bulk(Enterprise, enterprises, key="nib")
    if crafts:
        _correct_crafts_in_place(enterprises, enterprise_ids)
    reports = [
        _row(
            AnnualReport,
            enterprise_id=enterprise_ids[nib],
            year=year,
            annual_turnover=turnover,
            business_capital=capital,
        )
        for nib, figures in reports_by_nib.items()
        for year, turnover, capital in figures
    ]
    _bulk(AnnualReport, reports)
    return people, [enterprise_ids[e.nib] for e in enterprises]


CRAFT_FIELDS = ["name", "sector", "products", "pirt_number", "halal_certificate_number"]


def _make_craft(enterprise, product, *, number):
    enterprise.sector = Sector.KRIYA
    enterprise.products = product
    enterprise.name = f"Usaha {product.title()} Contoh {number:05d}"
    enterprise.pirt_number = enterprise.halal_certificate_number = ""  # food permits: not for crafts


def _correct_crafts_in_place(enterprises, enterprise_ids):
    """An earlier demo gave these crafters random businesses (a food stall, a grocery): the same
    rows now make their crafts, with a history row saying so. A fresh or current demo: no write."""
    wanted = {enterprise_ids[e.nib]: e for e in enterprises}
    stale = []
    for row in Enterprise.objects.filter(pk__in=wanted).only("pk", *CRAFT_FIELDS).order_by("pk"):
        craft = wanted[row.pk]
        if any(getattr(row, name) != getattr(craft, name) for name in CRAFT_FIELDS):
            for name in CRAFT_FIELDS:
                setattr(row, name, getattr(craft, name))
            row.updated_at = timezone.now()
            stale.append(row)
    if stale:
        bulk_update_with_history(
            stale, Enterprise, [*CRAFT_FIELDS, "updated_at"], default_change_reason=DEMO_HISTORY_REASON
        )


def _move_in_place(people):
    """Bring people an earlier demo gave another home up to date, rather than add them again.

    A demo person is known by name and phone (both from their index). Their NIK begins with their
    kecamatan's code, so a new home is a new NIK: the same row gets it, and keeps its enterprise
    and participations.
    """
    wanted = {(p.full_name, p.phone): p for p in people}
    earlier = Person.objects.filter(phone__in=[p.phone for p in people]).exclude(nik__in=[p.nik for p in people])
    for pk, full_name, phone in earlier.values_list("pk", "full_name", "phone"):
        person = wanted.get((full_name, phone))
        if person is not None:
            Person.objects.filter(pk=pk).update(
                nik=person.nik,
                sex=person.sex,
                birth_date=person.birth_date,
                birth_year=person.birth_year,
                kecamatan_id=person.kecamatan_id,
                desa_id=person.desa_id,
            )


def _upsert_program(spec, today):
    """The spec's program, created or brought up to date; saved only when something differs, so a
    second run on the same day writes nothing (not even a history record)."""
    start, end, closes = spec.dates(today)
    values = {
        "title": spec.title,
        "theme": spec.theme,
        "bidang": spec.bidang,
        "venue": spec.venue,
        "city": spec.city,
        "start_date": start,
        "end_date": end,
        "quota": spec.quota,
        "funding_source": spec.funding,
        "target_group": spec.target,
        "description": spec.description,
        "publication_state": Program.PublicationState.PUBLISHED if spec.published else Program.PublicationState.DRAFT,
        "registration_open": spec.registration_open,
        "registration_closes_on": closes,
        **spec.applicant_facts(today),
    }
    program = Program.objects.filter(slug=spec.slug).first()
    if program is None and spec.former_slugs:
        program = Program.objects.filter(slug__in=spec.former_slugs).order_by("pk").first()
    if program is None:
        return Program.objects.create(slug=spec.slug, **values)
    changed = {name: value for name, value in {"slug": spec.slug, **values}.items() if getattr(program, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(program, name, value)
        program.save()
    return program


def _build_programs(regions, makers, today):
    partners = {}
    for name, kind in PARTNERS:
        partners[name], _ = Partner.objects.get_or_create(name=name, defaults={"kind": kind})
    participants = []
    person_index = 0
    for spec in PROGRAMS:
        program = _upsert_program(spec, today)
        program.partners.set([partners[name] for name in spec.partners])
        home_kecamatan = regions.by_code[spec.home_desa[:8]] if spec.home_desa else None
        cohort_specs, workshops = [], []
        for kecamatan_name, count in spec.cohort.items():
            for _ in range(count):
                person_index += 1
                workshops.append(regions.by_name[kecamatan_name])
                cohort_specs.append((person_index, home_kecamatan or workshops[-1], "Peserta"))
        if not cohort_specs:
            continue
        people, enterprise_ids = _build_people_and_enterprises(
            regions, makers, cohort_specs, home_desa=spec.home_desa, move_in_place=True, crafts=spec.crafts
        )
        if home_kecamatan:
            # A workshop in the home kecamatan is in the home desa; elsewhere, in one of its desa.
            for number, (enterprise_id, workshop) in enumerate(zip(enterprise_ids, workshops, strict=True)):
                desa_codes = regions.desa[workshop.code]
                desa = spec.home_desa if workshop == home_kecamatan else desa_codes[number % len(desa_codes)]
                Enterprise.objects.filter(pk=enterprise_id).exclude(kecamatan_id=workshop.code, desa_id=desa).update(
                    kecamatan_id=workshop.code, desa_id=desa
                )
        start, end, _closes = spec.dates(today)
        for number, (person, enterprise_id) in enumerate(zip(people, enterprise_ids, strict=True), start=1):
            finished = spec.participant_status == Participant.Status.COMPLETED
            participants.append(
                Participant(
                    program=program,
                    person_id=person.id,
                    enterprise_id=enterprise_id,
                    status=spec.participant_status,
                    attendance_days=(end - start).days + 1 if finished else None,
                    certificate_number=f"{spec.certificate_prefix}{number:03d}" if finished else "",
                )
            )
    _bulk(Participant, participants)


def _build_cooperatives(regions, today):
    due = latest_due_book_year(today)
    kinds = list(CooperativeKind.values)
    cooperatives, rat_plan = [], {}
    index = 0
    for status, count in COOPERATIVE_STATUS_COUNTS.items():
        for n in range(count):
            index += 1
            rng = random.Random(f"cooperative-{index}")
            kecamatan = regions.kecamatan[index % len(regions.kecamatan)]
            desa_codes = regions.desa[kecamatan.code]
            merah_putih = status == "aktif" and n < MERAH_PUTIH_COUNT
            founded = (
                datetime.date(2025, 7, 1) + datetime.timedelta(days=n)
                if merah_putih
                else datetime.date(1985, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 30))
            )
            if status == "aktif":
                last_rat = due if founded.year <= due else None
                runs_business = True
            elif status == "kurang_aktif":
                last_rat = due - 1 if n % 3 else due - 3  # missed one year, or long overdue but still trading
                runs_business = True
            else:
                last_rat = due - 2 - n % 4
                runs_business = False
            desa_code = rng.choice(desa_codes) if desa_codes else None
            kind = CooperativeKind.SIMPAN_PINJAM if merah_putih else kinds[index % len(kinds)]
            label = (
                "Koperasi Desa Merah Putih"
                if merah_putih
                else f"Koperasi {CooperativeKind(kind).label.split(' (')[0].title()}"
            )
            nik_koperasi = f"3604{index:012d}"
            cooperatives.append(
                Cooperative(
                    name=f"{label} Contoh {index:03d}",
                    kind=kind,
                    is_merah_putih=merah_putih,
                    legal_entity_number=f"{index:03d}/BH/XI/{founded.year}",
                    founded_on=founded,
                    nik_koperasi=nik_koperasi,
                    kecamatan=kecamatan,
                    desa_id=desa_code,
                    members=rng.randint(20, 900),
                    chair_name=f"Ketua Contoh {index:03d}",
                    runs_business=runs_business,
                    last_rat_book_year=last_rat,
                )
            )
            held = () if last_rat is None else (last_rat - 1, last_rat)
            rat_plan[nik_koperasi] = [year for year in held if year >= founded.year]
    _bulk(Cooperative, cooperatives)
    _bring_cooperatives_to(cooperatives)
    ids = _ids_by(Cooperative, "nik_koperasi", rat_plan)
    _bulk(
        RatRecord,
        [
            RatRecord(cooperative_id=ids[nik], book_year=year, held_on=datetime.date(year + 1, 3, 15), attendees=None)
            for nik, years in rat_plan.items()
            for year in years
        ],
    )


def _bring_cooperatives_to(cooperatives):
    """A demo loaded on an earlier day: set each cooperative's last RAT book year to today's plan
    (its statuses are relative to the day), and drop RAT records of book years after it (loaded
    on a later day before). On a fresh load, or again on the same day, this only reads."""
    planned = {c.nik_koperasi: c.last_rat_book_year for c in cooperatives}
    stale = {}
    existing = Cooperative.objects.values_list("nik_koperasi", "last_rat_book_year")
    for nik, last_rat in in_chunks(existing, "nik_koperasi", planned):
        if last_rat != planned[nik]:
            stale.setdefault(planned[nik], []).append(nik)
    now = timezone.now()
    for last_rat, niks in stale.items():
        for start in range(0, len(niks), LOOKUP_CHUNK):
            chunk = niks[start : start + LOOKUP_CHUNK]
            Cooperative.objects.filter(nik_koperasi__in=chunk).update(last_rat_book_year=last_rat, updated_at=now)
            later = RatRecord.objects.filter(cooperative__nik_koperasi__in=chunk)
            (later if last_rat is None else later.filter(book_year__gt=last_rat)).delete()


def _build_markets(regions):
    for name, kecamatan_name, year, funding, kios, los, traders, days in MARKETS:
        market, _ = Market.objects.update_or_create(
            name=name,
            defaults={
                "slug": name.lower().replace(" ", "-"),
                "kecamatan": regions.by_name[kecamatan_name],
                "revitalised_year": year,
                "revitalisation_funding": funding,
                "kiosk_count": kios,
                "los_count": los,
                "trader_count": traders,
                "market_days": days,
            },
        )
        if name == "Pasar Padarincang":
            Relocation.objects.get_or_create(
                market=market,
                moved_on=datetime.date(2023, 1, 9),
                defaults={
                    "from_location": "Pasar Padarincang lama",
                    "to_location": "Gedung Pasar Rakyat Padarincang yang baru",
                    "notes": "Pedagang direlokasi dari pasar lama ke pasar yang direvitalisasi.",
                },
            )


def _build_synthetic_participants(count, registry_size):
    """Extra finished programs of 50, filled from the registry's owners, for load tests."""
    if not count:
        return
    per_program = 50
    owners = list(
        Enterprise.objects.filter(nib__startswith="9").order_by("nib").values_list("owner_id", "id")[:registry_size]
    )
    if len(owners) < per_program:
        raise RuntimeError("--participants needs at least 50 registry enterprises")
    programs_needed = -(-count // per_program)
    themes = list(Theme.values)
    participants = []
    for number in range(1, programs_needed + 1):
        rng = random.Random(f"program-{number}")
        year = 2019 + number % 7
        start = datetime.date(year, 1 + number % 12, 1 + number % 27)
        program, _ = Program.objects.get_or_create(
            slug=f"pelatihan-contoh-{number:05d}",
            defaults={
                "title": f"Pelatihan Contoh {number:05d}",
                "theme": themes[number % len(themes)],
                "bidang": Bidang.UMKM,
                "venue": "Aula Contoh",
                "city": "Kabupaten Serang",
                "start_date": start,
                "end_date": start + datetime.timedelta(days=2),
                "quota": per_program,
                "funding_source": FundingSource.APBD,
                "target_group": TargetGroup.UMKM,
                "publication_state": Program.PublicationState.PUBLISHED,
            },
        )
        size = min(per_program, count - (number - 1) * per_program)
        for owner_id, enterprise_id in rng.sample(owners, size):
            participants.append(
                Participant(
                    program_id=program.id,
                    person_id=owner_id,
                    enterprise_id=enterprise_id,
                    status=Participant.Status.COMPLETED,
                    attendance_days=3,
                )
            )
        if len(participants) >= BATCH * 5:
            _bulk(Participant, participants)
            participants = []
    _bulk(Participant, participants)


# The officials who sign each bidang's papers (programs.documents): invented names, NIPs of the right shape.
DEMO_OFFICIALS = {
    Bidang.KOPERASI: ("Drs. Ahmad Contoh", "Kepala Bidang Koperasi", "197203151998031004"),
    Bidang.UMKM: ("Siti Rahmawati Contoh, S.E.", "Kepala Bidang UMKM", "197805202005012009"),
    Bidang.PERINDUSTRIAN: ("Ir. Budi Santoso Contoh, M.T.", "Kepala Bidang Perindustrian", "197001011996031002"),
    Bidang.PERDAGANGAN: ("Dewi Lestari Contoh, S.H.", "Kepala Bidang Perdagangan", "198011122006042011"),
}


def _build_officials():
    for bidang, (name, position, nip) in DEMO_OFFICIALS.items():
        Official.objects.get_or_create(bidang=bidang, nip=nip, defaults={"name": name, "position": position})


def build_demo(*, enterprises=DEFAULT_ENTERPRISES, participants=0, today=None, price_days=None):
    """Build (or complete) the demo data set; running it again changes nothing."""
    today = today or timezone.localdate()
    regions = _Regions()
    makers = _PersonMaker(regions)
    registry = (Person, Enterprise, AnnualReport)
    first_big_load = (
        connection.vendor == "postgresql"
        and enterprises >= REBUILD_INDEXES_FROM
        and not any(model.objects.exists() for model in registry)
    )
    indexes = _indexes_built_after(registry) if first_big_load else nullcontext()
    with transaction.atomic(), indexes:
        _build_programs(regions, makers, today)
        _build_officials()
        for start in range(1, enterprises + 1, BATCH * 5):
            stop = min(enterprises, start + BATCH * 5 - 1)
            _build_people_and_enterprises(regions, makers, [(i, None, "Contoh") for i in range(start, stop + 1)])
        _build_cooperatives(regions, today)
        _build_markets(regions)
        build_prices(today, days=price_days)
        _build_synthetic_participants(participants, enterprises)
        # The rows above were written in bulk, around save(): derive the stored columns by the
        # same functions every other write path uses, and give each record its first history
        # row, so that the first edit of any record shows what changed.
        refresh_scale_classes()
        refresh_last_rat_book_years()
        for model in (Person, Enterprise, AnnualReport, Participant, Cooperative, RatRecord):
            add_initial_history(model, reason=DEMO_HISTORY_REASON)
    bump_data_version()  # rows written in bulk send no signal: the public pages' cache is stale
    return DemoResult(
        kecamatan=len(regions.kecamatan),
        people=Person.objects.count(),
        enterprises=Enterprise.objects.count(),
        cooperatives=Cooperative.objects.count(),
        markets=Market.objects.count(),
        programs=Program.objects.count(),
        participants=Participant.objects.count(),
    )
