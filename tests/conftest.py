import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from common.agency import forget_agency
from enterprises.models import Enterprise, Person
from programs.models import Participant
from regions.services import load_district
from tests.factories import ProgramFactory
from tests.files import EXPORT_PERMS, IMPORT_PERMS, PERSONAL, grant, nik
from tests.logins import login_verified
from tests.once import built_once
from umkm_portal.roles import ROLE_NAMES


def pytest_configure(config):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Every staff user a test creates or logs in would otherwise cost a million PBKDF2 rounds;
    # the tests are about permissions, not about password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The demo's market prices: 100 days (the pages show 90) instead of two years, which take
    # seconds a load; tests/umkm_portal/test_demo_prices.py loads the two years once.
    settings.DEMO_PRICE_DAYS = 100


@pytest.fixture(autouse=True)
def default_language():
    """A request in English (Accept-Language) leaves English active in the test thread; start each
    test in the portal's own language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def rebuild_cached_values_in_the_request(settings):
    """A test's rows are in its own transaction, which a thread's connection cannot see: stale
    public values are rebuilt by the request itself (tests/common/test_caching.py proves the
    thread)."""
    settings.PUBLIC_CACHE_REBUILD_IN_BACKGROUND = False


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the public pages keep figures and fragments there
    (common.caching), and a value from an earlier test's rolled-back rows would leak."""
    for each in caches.all():
        each.clear()
    forget_agency()  # what this process last read of the agency, for its error pages
    yield


# --- Regions: loaded once per session ----------------------------------------------------------
# Kabupaten Serang's regions are in the test database from the start, committed, so every test's
# own transaction rolls back to a database that has them. A transactional test (live_server,
# django_db(transaction=True)) empties every table when it ends; its teardown loads them again.

SERANG = "36.04"
_session = {}


def load_serang():
    result = load_district(code=SERANG)
    _session["counts"] = (result.kecamatan_count, result.desa_count)
    return result.kabupaten


def serang_is_loaded():
    from regions.models import Desa, Kecamatan

    return _session.get("counts") == (
        Kecamatan.objects.filter(kabupaten_id=SERANG).count(),
        Desa.objects.filter(kecamatan__kabupaten_id=SERANG).count(),
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, with Serang's regions loaded once."""
    _session["blocker"] = django_db_blocker
    with django_db_blocker.unblock():
        load_serang()


def _empties_the_database(item):
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        arguments = {**dict(zip(("transaction", "reset_sequences"), marker.args, strict=False)), **marker.kwargs}
        if arguments.get("transaction") or arguments.get("reset_sequences"):
            return True
    return bool({"transactional_db", "live_server", "django_db_reset_sequences"} & set(item.fixturenames))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # the test's fixtures are torn down: a transactional test has flushed every table
    blocker = _session.get("blocker")
    # After the last test the session's fixtures are gone too (the test database is dropped).
    if blocker is not None and nextitem is not None and _empties_the_database(item):
        with blocker.unblock():
            if not serang_is_loaded():
                load_serang()


@pytest.fixture
def serang(db):
    """Kabupaten Serang's 29 kecamatan and 326 desa, as the portal loads them."""
    from regions.models import Kabupaten

    if not serang_is_loaded():  # a safety net: the session's load is gone (see above)
        return load_serang()
    return Kabupaten.objects.get(code=SERANG)


@pytest.fixture
def kecamatan(serang):
    from regions.models import Kecamatan

    return {k.name: k for k in Kecamatan.objects.filter(kabupaten=serang)}


def ensure_serang():
    """For data built outside a test (a class- or module-scoped fixture): the regions are there."""
    if not serang_is_loaded():
        load_serang()


def build_demo(*arguments):
    """load_demo_data with these arguments, on Serang's regions."""
    ensure_serang()
    call_command("load_demo_data", *arguments, verbosity=0)


@pytest.fixture
def demo(serang):
    """The demo data set, small registry: 3 finished and 2 future programs, 819 cooperatives, 14 markets."""
    call_command("load_demo_data", "--enterprises", "60")


@pytest.fixture(scope="class")
def shared_demo(django_db_setup, django_db_blocker):
    """The same demo, built once for a class of tests that only read it (tests/once.py). Ask for it
    in the class (`def demo(self, shared_demo)`), never from a test outside a class: its data
    would stay for the module's later tests."""
    with built_once(django_db_blocker, lambda: build_demo("--enterprises", "60")):
        yield


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client (a superuser, a client of its own), logged in with a verified
    second factor as the admin requires of superusers (tests/logins.py)."""
    client = Client()
    login_verified(client, admin_user)
    return client


@pytest.fixture
def roles(db):
    call_command("setup_roles", verbosity=0)
    return {name: Group.objects.get(name=name) for name in ROLE_NAMES}


@pytest.fixture
def staff_in(roles, django_user_model):
    """staff_in("Bidang UMKM") → a logged-in-able staff user who is only in that group."""

    def make(group_name):
        user = django_user_model.objects.create_user(
            username=group_name.lower().replace(" ", "-").replace("(", "").replace(")", ""),
            password="rahasia-petugas-123",
            is_staff=True,
        )
        user.groups.add(roles[group_name])
        return user

    return make


# --- Staff and lists for the exports and imports ----------------------------------------------


@pytest.fixture
def make_staff(django_user_model):
    def make(username, perms=()):
        user = django_user_model.objects.create_user(username=username, password="rahasia-uji-123", is_staff=True)
        return grant(user, perms)

    return make


@pytest.fixture
def officer(make_staff):
    """Staff who may export and import with personal identifiers."""
    return make_staff("petugas", EXPORT_PERMS + IMPORT_PERMS + PERSONAL)


@pytest.fixture
def officer_client(client, officer):
    login_verified(client, officer)
    return client


@pytest.fixture
def make_program(db):
    """make_program(slug): a program with room (quota 50) for the lists exported and imported."""
    return lambda slug="pelatihan-uji", **extra: ProgramFactory(slug=slug, title=f"Pelatihan {slug}", quota=50, **extra)


@pytest.fixture
def make_people(kecamatan):
    """make_people(program, n): n participants of `program`, each with an enterprise."""

    def make(program, count, *, start=1):
        petir = kecamatan["Petir"]
        desa = petir.desa.order_by("code").first()
        created = []
        for index in range(start, start + count):
            person = Person.objects.create(
                full_name=f"Nur 'Aini Ñoño Contoh {index:05d}",
                nik=nik(petir, 41 + index % 28, 1 + index % 12, 1990, index),
                sex="P",
                birth_date=datetime.date(1990, 1 + index % 12, 1 + index % 28),
                birth_year=1990,
                phone=f"0812{index:08d}",
                kecamatan=petir,
                desa=desa,
                address=f"Kp. Contoh No. {index}, RT 001/RW 002",
            )
            enterprise = Enterprise.objects.create(
                name=f"Emping Contoh {index:05d}",
                owner=person,
                sector="kuliner",
                kecamatan=petir,
                desa=desa,
                nib=f"0{index:012d}",
            )
            created.append(
                Participant.objects.create(
                    program=program,
                    person=person,
                    enterprise=enterprise,
                    status=Participant.Status.COMPLETED,
                    attendance_days=3,
                    certificate_number=f"SRT/{index:03d}",
                )
            )
        return created

    return make
