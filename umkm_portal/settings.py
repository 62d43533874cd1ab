"""Settings for the UMKM district portal, read from the environment (see .env.example).

A wrong environment stops start-up with one sentence rather than a traceback, so the person
deploying sees what to fix.
"""

import datetime
import ipaddress
import warnings
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

problems = []


def _bool(name, default):
    raw = env.str(name, default=None)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    problems.append(f"{name} must be true or false, not {raw!r}.")
    return default


def _int(name, default):
    raw = env.str(name, default=None)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        problems.append(f"{name} must be a whole number, not {raw!r}.")
        return default


DEBUG = _bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-never-use-in-production"
    else:
        problems.append("SECRET_KEY is not set; set it to a long random string (DEBUG is off).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
elif not ALLOWED_HOSTS:
    problems.append(
        "ALLOWED_HOSTS is not set; list the host names the portal answers to, separated by commas (DEBUG is off)."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The district this installation serves (Kemendagri kabupaten code) and the agency's name.
PORTAL_DISTRICT = env.str("PORTAL_DISTRICT", default="36.04")
PORTAL_AGENCY_NAME = env.str(
    "PORTAL_AGENCY_NAME",
    default="Dinas Koperasi, UMKM, Perindustrian dan Perdagangan Kabupaten Serang",
)
PORTAL_AGENCY_SHORT_NAME = env.str("PORTAL_AGENCY_SHORT_NAME", default="Diskoumperindag")
# How to reach the agency: in every page's footer, on every refusal and error page. The defaults
# are placeholders of valid shape (example.org, 0000 numbers) until the agency sets its own.
PORTAL_AGENCY_ADDRESS = env.str("PORTAL_AGENCY_ADDRESS", default="Kabupaten Serang, Banten")
PORTAL_AGENCY_PHONE = env.str("PORTAL_AGENCY_PHONE", default="(0254) 000000")
# WhatsApp number in international form, digits only (wa.me links): 62 then the number without 0.
PORTAL_AGENCY_WHATSAPP = env.str("PORTAL_AGENCY_WHATSAPP", default="6281200000000")
PORTAL_AGENCY_EMAIL = env.str("PORTAL_AGENCY_EMAIL", default="diskoumperindag@example.org")
PORTAL_AGENCY_HOURS = env.str("PORTAL_AGENCY_HOURS", default="Senin–Jumat 08.00–16.00 WIB")
# Social links: "Label|https://…" items separated by commas.
PORTAL_AGENCY_SOCIAL = env.list("PORTAL_AGENCY_SOCIAL", default=[])
# The emblem: a path under the static files (replace the file or point this at another one).
PORTAL_AGENCY_EMBLEM = env.str("PORTAL_AGENCY_EMBLEM", default="img/emblem.svg")
if not PORTAL_AGENCY_WHATSAPP.isdigit():
    problems.append("PORTAL_AGENCY_WHATSAPP must be digits only, in international form (62812…).")

# Public forms. What is counted is what abuse looks like, not what a busy office looks like:
# - applications: successful ones per NIK per day; every submission per address per hour, with a
#   ceiling high enough for a kecamatan office helping its applicants from one connection;
# - status checks and code recovery: failed ones per reference code / per NIK per hour, and every
#   check per address per hour with the same generous ceiling.
# Counted in Django's cache, shared by every app server (CACHE_URL below). 0 = off.
APPLICATIONS_PER_NIK_PER_DAY = _int("APPLICATIONS_PER_NIK_PER_DAY", 5)
APPLICATION_RATE_LIMIT = _int("APPLICATION_RATE_LIMIT", 300)
STATUS_FAILURES_PER_CODE = _int("STATUS_FAILURES_PER_CODE", 10)
STATUS_FAILURES_PER_NIK = _int("STATUS_FAILURES_PER_NIK", 10)
STATUS_CHECK_RATE_LIMIT = _int("STATUS_CHECK_RATE_LIMIT", 300)
CODE_RECOVERIES_PER_NIK = _int("CODE_RECOVERIES_PER_NIK", 5)


# E-mail (reference codes, selection results): SMTP configured by environment; the console in
# development. EMAIL_HOST unset and DEBUG off: the console too, so nothing fails silently.
EMAIL_HOST = env.str("EMAIL_HOST", default="")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = _int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = _bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="") or PORTAL_AGENCY_EMAIL
CERTIFICATE_CHECK_RATE_LIMIT = _int("CERTIFICATE_CHECK_RATE_LIMIT", 60)
# Reverse proxies (addresses or networks) whose X-Forwarded-For names the client; from anyone
# else the header is ignored and the client is the connection's own address (common/network.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError:
        problems.append(f"TRUSTED_PROXIES must list IP addresses or networks (10.0.0.0/8), not {_proxy!r}.")
# Who staff write to when the back office refuses them (a locked login, a lost authenticator).
ADMIN_CONTACT = env.str("ADMIN_CONTACT", default=f"admin {PORTAL_AGENCY_SHORT_NAME} (bidang data dan TI)")

INSTALLED_APPS = [
    "common.admin_site.PortalAdminConfig",  # django.contrib.admin with autocomplete labels
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Layers, lowest first: the shared base, regions, the registries, programs, then the project
    # package that composes them (enforced by `make lint`, see ARCHITECTURE.md).
    "common",
    "regions",
    "enterprises",
    "cooperatives",
    "markets",
    "programs",
    "umkm_portal",
]

MIDDLEWARE = [
    # /healthz and /readyz for probes, answered before host checks and the HTTPS redirect.
    "common.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer (see below).
    "common.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # One language per page: Indonesian unless the visitor picked English with the language switch
    # (the cookie); the browser's Accept-Language is not followed (common.middleware).
    "common.middleware.ExplicitLanguageOnlyMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Control characters in the path, query or form fields: the 400 page, before any view.
    "common.middleware.ControlCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor
    # A staff write that succeeded makes the public pages' cache stale (bulk writes send no signal).
    "common.middleware.StaffWritesRefreshPublicPagesMiddleware",
    # Anonymous public page reads may go to the read replica (DATABASE_REPLICA_URL, common.replicas).
    "common.replicas.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "umkm_portal.urls"
WSGI_APPLICATION = "umkm_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.portal",
            ],
        },
    },
]

# The embedded default is an SQLite file beside manage.py; a postgres:// URL uses psycopg 3.
SUPPORTED_ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    with warnings.catch_warnings():  # our own sentence below replaces django-environ's warning
        warnings.simplefilter("ignore")
        DATABASES = {"default": env.db_url_config(DATABASE_URL)}
except Exception:  # django-environ raises several types for a malformed URL
    DATABASES = {"default": {}}
if DATABASES["default"].get("ENGINE") not in SUPPORTED_ENGINES:
    problems.append("DATABASE_URL cannot be read; use sqlite:///path/to/file.sqlite3 or postgres://user@host/name.")
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and immediate transactions let concurrent requests queue instead of failing "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            # Seconds a request waits for another's write lock before giving up (the 503 page).
            "timeout": _int("DB_BUSY_TIMEOUT", 10),
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = _int("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer gives the 503 page within seconds instead of a hung worker:
    # connecting may take DB_CONNECT_TIMEOUT seconds (libpq's minimum is 2), one statement
    # DB_STATEMENT_TIMEOUT seconds (0 turns it off, e.g. for a long maintenance command).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", _int("DB_CONNECT_TIMEOUT", 5))
    _statement_timeout = _int("DB_STATEMENT_TIMEOUT", 30)
    # PostgreSQL's default random_page_cost (4) prices an index read for spinning disks, so a
    # search matching a few thousand of 100,000 rows reads whole tables instead; the registry is
    # read from memory or SSD, where 1.1 is the usual setting (DB_RANDOM_PAGE_COST).
    _random_page_cost = env.float("DB_RANDOM_PAGE_COST", default=1.1)
    _options["options"] = (
        _options.get("options", "")
        + f" -c statement_timeout={max(_statement_timeout, 0) * 1000} -c random_page_cost={_random_page_cost}"
    ).strip()

# An optional PostgreSQL read replica (streaming replication): anonymous GET/HEAD requests of the
# public pages read it; the admin, forms, logged-in staff and every write use the primary
# (common.replicas). Same engine options and timeouts as the primary; tests mirror "default".
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _replica = env.db_url_config(DATABASE_REPLICA_URL)
    except Exception:  # django-environ raises several types for a malformed URL
        _replica = {}
    if _replica.get("ENGINE") != DATABASES["default"]["ENGINE"]:
        problems.append("DATABASE_REPLICA_URL cannot be read or names another engine than DATABASE_URL.")
    else:
        for _key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
            if _key in DATABASES["default"]:
                _replica[_key] = DATABASES["default"][_key]
        _replica["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), **_replica.get("OPTIONS", {})}
        _replica["TEST"] = {"MIRROR": "default"}
        DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["common.replicas.PrimaryReplicaRouter"]

# Work too long for a request runs on a task queue in the database (django-tasks); its worker is
# `manage.py db_worker` (deploy/systemd/umkm-portal-worker.service). Exports of more rows than
# BACKGROUND_EXPORT_ROWS are built there and downloaded from the progress page (0: never).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BACKGROUND_EXPORT_ROWS = _int("BACKGROUND_EXPORT_ROWS", 20_000)

# /readyz answers 503 when the database and cache have not answered within this many seconds.
READYZ_TIMEOUT = _int("READYZ_TIMEOUT", 3)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every app server and worker (rate limits count across all of them): a table in
# the portal's database by default (created by `migrate`), or Redis/Memcached via CACHE_URL
# (redis://127.0.0.1:6379/1). Sessions live in the database, read through the cache when the
# cache is not the database itself.
CACHE_URL = env.str("CACHE_URL", default="dbcache://portal_cache")
try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        CACHES = {"default": env.cache_url_config(CACHE_URL)}
except Exception:  # django-environ raises several types for an unknown scheme
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    problems.append("CACHE_URL cannot be read; use dbcache://portal_cache or redis://host:6379/1.")
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="umkm")
if "DatabaseCache" in CACHES["default"]["BACKEND"]:
    # Django culls a database cache past 300 entries, a count and a delete inside many writes;
    # the public pages keep a fragment per list URL, so allow more before culling.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20000)
# The public pages' figures and lists' keys: the cache above, read through a per-process memory
# for two seconds (common.caching.TwoLevelCache). Their rendered fragments: each process's own
# memory (cheap to render again; keyed by the data version, read through `public`), so a page
# no one asked for before costs no write to the shared cache. A memory cache (the tests') is the
# same storage under every name, so clearing one clears all.
if "LocMemCache" in CACHES["default"]["BACKEND"]:
    CACHES["public"] = CACHES["fragments"] = dict(CACHES["default"])
else:
    CACHES["public"] = {"BACKEND": "common.caching.TwoLevelCache", "LOCATION": "public"}
    CACHES["fragments"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
# A public value past its time is rebuilt in a thread of the process that noticed, while its
# visitors get the previous one (common.caching.cached); off, that request rebuilds it itself.
PUBLIC_CACHE_REBUILD_IN_BACKGROUND = env.bool("PUBLIC_CACHE_REBUILD_IN_BACKGROUND", default=True)
_shared_memory_cache = any(name in CACHES["default"]["BACKEND"] for name in ("redis", "memcached"))
SESSION_ENGINE = f"django.contrib.sessions.backends.{'cached_db' if _shared_memory_cache else 'db'}"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
# Where a login goes when its `next` is missing or refused as unsafe: the back office, never a 404.
LOGIN_REDIRECT_URL = "admin:index"

# Failed logins, throttled per account and per address (django-axes). Its database handler keeps
# the count in the database, so every app process and server agrees without a shared cache.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = _int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=_int("LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each one locks on its own
AXES_CLIENT_IP_CALLABLE = "common.network.client_address"
AXES_LOCKOUT_CALLABLE = "common.login_guard.lockout_response"
AXES_RESET_ON_SUCCESS = True
# The second factor (django-otp TOTP): superusers always; others by TWO_FACTOR_REQUIRED_FOR
# (superusers | personal_data | all_staff; see common/two_factor.py).
TWO_FACTOR_REQUIRED_FOR = env.str("TWO_FACTOR_REQUIRED_FOR", default="personal_data")
if TWO_FACTOR_REQUIRED_FOR not in {"superusers", "personal_data", "all_staff"}:
    problems.append(
        f"TWO_FACTOR_REQUIRED_FOR must be superusers, personal_data or all_staff, not {TWO_FACTOR_REQUIRED_FOR!r}."
    )
OTP_TOTP_ISSUER = f"Portal UMKM {PORTAL_AGENCY_SHORT_NAME}"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
# Dates day before month in both languages, read and written (umkm_portal/formats/).
FORMAT_MODULE_PATH = ["umkm_portal.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads (participant lists) are read in memory up to this size; larger ones are refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Production hardening, on whenever DEBUG is off; `make serve` turns TLS-only parts off for a
# local preview over plain http.
SECURE_SSL_REDIRECT = _bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = _bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = _bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' HSTS preload list is the domain owner's (the pemda's) decision, not ours.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if _bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles only from our own static files: no inline script, no event handler
# attribute, no style attribute (common.middleware.SecurityHeadersMiddleware sends both).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # An expected 403 (PermissionDenied) is logged in one line, without its traceback.
    "filters": {"expected_refusal_in_one_line": {"()": "common.log_filters.ExpectedRefusalInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["expected_refusal_in_one_line"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes: failures and lockouts (warnings) are worth a line, each successful login is not.
    "loggers": {"axes": {"level": "WARNING"}},
}

if problems:
    # One sentence per problem, no traceback: raised while settings load, before anything runs.
    raise SystemExit("The UMKM portal cannot start: " + " ".join(problems))
