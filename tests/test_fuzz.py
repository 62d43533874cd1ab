"""Every URL the portal answers, public and admin, with hostile input: the answer is never a 500.

The URL patterns come from the resolver (so a new page is fuzzed without touching this file);
path parameters are filled with ids of objects built here, then with hostile values; the query
parameters are the ones each page reads (the admin's list filters, search, ordering, paging and
date hierarchy; the public filtersets' fields) plus unknown ones. Forms are posted with hostile
values: the public application and status check, every admin add form, the changelist actions
and the import uploads. The values come from tests/fuzz_corpus.txt.

The combinations are sampled, not multiplied out: every (pattern, user) pair gets a fixed number
of requests, each parameter taking corpus values in a seeded rotation, so a run is repeatable
and takes well under a minute.
"""

import json
import random
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from cooperatives.filters import CooperativeFilter
from enterprises.filters import CatalogueFilter
from markets.filters import MarketFilter
from programs.filters import ProgramFilter
from programs.forms import ApplicationForm, StatusCheckForm
from tests.factories import (
    ApplicantFactory,
    CooperativeFactory,
    EnterpriseFactory,
    MarketFactory,
    ParticipantFactory,
    PartnerFactory,
)
from tests.logins import login_verified

pytestmark = pytest.mark.django_db

CORPUS_FILE = Path(__file__).with_name("fuzz_corpus.txt")
SEED = 20250610
# Requests per (pattern, user): each known parameter alone, a few hostile path values, all
# parameters at once, and unknown parameters.
PARAMETERS_PER_REQUEST = 4
PATH_SAMPLES = 1
EXTRA_PARAMETERS = ["zz", "q", "o", "p", "e", "_popup", "_to_field", "all", "page", "_changelist_filters", "\x00"]
PUBLIC_FILTERSETS = [ProgramFilter, CooperativeFilter, CatalogueFilter, MarketFilter]


# --- the corpus -----------------------------------------------------------------------------------


class Raw(str):
    """A value already percent-encoded, put into the URL as it is."""


def load_corpus():
    values = []
    for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        raw = line.startswith("raw:")
        if raw:
            line = line[4:]
        repeat = 1
        if match := re.fullmatch(r'(".*")\s*\*\s*(\d+)', line):
            line, repeat = match.group(1), int(match.group(2))
        value = json.loads(line) * repeat
        values.append(Raw(value) if raw else value)
    return values


CORPUS = load_corpus()
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]|%0[0-9a-f]|%1[0-9a-f]|%7f", re.IGNORECASE)
CONTROL = [value for value in CORPUS if CONTROL_CHARACTERS.search(value)]
ORDINARY = [value for value in CORPUS if not CONTROL_CHARACTERS.search(value)]


def encode(value):
    return str(value) if isinstance(value, Raw) else quote(value, safe="")


def query_string(pairs):
    return "&".join(f"{encode(key)}={encode(value)}" for key, value in pairs)


def form_value(value):
    """A corpus value as a browser would post it: raw sequences are decoded the way Django reads
    them, lone surrogates replaced."""
    if isinstance(value, Raw):
        from urllib.parse import unquote

        return unquote(value, errors="replace")
    return value


# --- the URL patterns ------------------------------------------------------------------------------


def _template(pattern):
    """The pattern as a path with {name} holes, and the alternatives of regex groups."""
    text = str(pattern.pattern)
    choices = {}
    if pattern.pattern.__class__.__name__ == "RegexPattern":
        text = text.lstrip("^").rstrip("$")
        counter = iter(range(10))

        def named(match):
            name, body = match.group(1), match.group(2)
            if re.fullmatch(r"[\w|]+", body):
                choices[name] = body.split("|")
            return "{" + name + "}"

        text = re.sub(r"\(\?P<(\w+)>([^)]*)\)", named, text)
        text = re.sub(r"\([^)]*\)", lambda _m: f"{{arg{next(counter)}}}", text)
    else:
        text = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)
    return text, choices


def all_patterns():
    """[(path template with holes, url name, regex choices)] for every pattern of the project."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                text, _choices = _template(entry)
                walk(entry.url_patterns, prefix + text, entry.namespace or namespace)
            elif isinstance(entry, URLPattern):
                text, choices = _template(entry)
                found.append(("/" + prefix + text, f"{namespace}:{entry.name}" if namespace else entry.name, choices))

    walk(get_resolver().url_patterns, "", "")
    return found


def admin_model_of(template):
    match = re.match(r"^/admin/(\w+)/(\w+)/", template)
    if not match:
        return None
    try:
        return apps.get_model(match.group(1), match.group(2))
    except LookupError:
        return None


# --- the world the requests run against ----------------------------------------------------------


@pytest.fixture
def world(serang):
    call_command("setup_roles", verbosity=0)
    participant = ParticipantFactory()
    applicant = ApplicantFactory()
    enterprise = EnterpriseFactory()
    cooperative = CooperativeFactory()
    market = MarketFactory()
    PartnerFactory()
    return {
        "program": participant.program,
        "open_program": applicant.program,
        "enterprise": enterprise,
        "cooperative": cooperative,
        "market": market,
    }


@pytest.fixture
def users(django_user_model):
    superuser = django_user_model.objects.create_superuser("fuzz-admin", "a@example.org", "pw")
    staff = django_user_model.objects.create_user("fuzz-staff", "s@example.org", "pw", is_staff=True)
    # A bidang clerk: reads every registry, edits programs, may not see personal data.
    staff.groups.add(Group.objects.get(name="Bidang Perindustrian"))
    return {"anonymous": None, "staff": staff, "superuser": superuser}


def legit_values(template, name, world, users):
    """A real value for each hole of the template: ids of existing objects, known slugs."""
    model = admin_model_of(template)
    instance = model._default_manager.order_by("pk").first() if model else None
    values = {}
    for hole in re.findall(r"{(\w+)}", template):
        if hole in {"object_id", "arg0", "id"}:
            values[hole] = str(instance.pk) if instance else "1"
        elif hole == "arg1":
            history = getattr(model, "history", None) if model else None
            record = history.filter(pk=instance.pk).first() if history is not None and instance else None
            values[hole] = str(record.history_id) if record else "1"
        elif hole == "program_id":
            values[hole] = str(world["open_program"].pk)
        elif hole == "content_type_id":
            values[hole] = str(ContentType.objects.get_for_model(world["program"]).pk)
        elif hole == "file_format":
            values[hole] = "csv"
        elif hole == "token":
            values[hole] = "A" * 32
        elif hole == "slug":
            if name.startswith("programs:"):
                values[hole] = world["open_program"].slug
            elif name.startswith("markets:"):
                values[hole] = world["market"].slug
            else:
                values[hole] = "umkm-per-kecamatan"
        elif hole == "pk":
            values[hole] = str(world["cooperative" if name.startswith("cooperatives:") else "enterprise"].pk)
        elif hole == "url":
            values[hole] = "tidak-ada/"
        else:
            values[hole] = "1"
    return values


def fill(template, values):
    return re.sub(r"{(\w+)}", lambda m: values[m.group(1)], template)


def admin_parameters(model, superuser):
    """The query parameters a model's changelist reads: every list filter's, the date
    hierarchy's, search, ordering and paging."""
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        return []
    request = RequestFactory().get("/")
    request.user = superuser
    from django.contrib.messages.storage.fallback import FallbackStorage

    request.session = {}
    request._messages = FallbackStorage(request)
    parameters = ["q", "o", "p", "e", "all", "_popup", "_to_field"]
    changelist = model_admin.get_changelist_instance(request)
    for spec in changelist.filter_specs:
        parameters += spec.expected_parameters()
    if model_admin.date_hierarchy:
        parameters += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return list(dict.fromkeys(parameters))


PUBLIC_PARAMETERS = sorted({name for filterset in PUBLIC_FILTERSETS for name in filterset.base_filters} | {"page"})
AUTOCOMPLETE_PARAMETERS = ["term", "app_label", "model_name", "field_name", "page"]


def parameters_for(template, name, superuser):
    if name == "admin:autocomplete":
        return AUTOCOMPLETE_PARAMETERS
    if name and name.endswith("_changelist"):
        return admin_parameters(admin_model_of(template), superuser)
    if template.startswith("/admin/"):
        return ["q", "_changelist_filters", "_popup", "next"]
    return PUBLIC_PARAMETERS


# --- the requests ---------------------------------------------------------------------------------


class Fuzzer:
    def __init__(self, client, label):
        self.client, self.label = client, label
        self.failures, self.count = [], 0
        self.random = random.Random(f"{SEED}:{label}")
        self.address = 0

    def value(self, *, control=False):
        """A corpus value; control=True one with control characters (refused early by the
        middleware, so they go alone and do not hide what the other values would find)."""
        return self.random.choice(CONTROL if control else ORDINARY)

    def send(self, method, url, data=None, **extra):
        self.count += 1
        self.address += 1
        extra.setdefault(
            "REMOTE_ADDR", f"10.{self.address // 65536 % 256}.{self.address // 256 % 256}.{self.address % 256}"
        )
        try:
            if method == "GET":
                response = self.client.get(url, **extra)
            else:
                response = self.client.post(url, data or {}, **extra)
        except Exception as error:  # noqa: BLE001 - every exception is a finding
            self.failures.append(f"{method} {url[:200]} [{self.label}] {type(error).__name__}: {str(error)[:200]}")
            return None
        if response.status_code >= 500:
            self.failures.append(f"{method} {url[:200]} [{self.label}] {response.status_code}")
        return response

    def get_pattern(self, template, choices, legit, parameters):
        holes = re.findall(r"{(\w+)}", template)
        variants = [legit]
        for hole, alternatives in choices.items():
            variants += [{**legit, hole: alternative} for alternative in alternatives]
        for _ in range(PATH_SAMPLES if holes else 0):
            variants.append({**legit, self.random.choice(holes): encode(self.value())})
        if holes:
            variants.append({**legit, self.random.choice(holes): encode(self.value(control=True))})
        for values in variants:
            self.send("GET", fill(template, values))
        path = fill(template, legit)
        # Every known parameter gets a hostile value, PARAMETERS_PER_REQUEST at a time.
        shuffled = self.random.sample(parameters, len(parameters))
        for start in range(0, len(shuffled), PARAMETERS_PER_REQUEST):
            group = shuffled[start : start + PARAMETERS_PER_REQUEST]
            self.send("GET", f"{path}?{query_string([(p, self.value()) for p in group])}")
        if parameters:
            self.send("GET", f"{path}?{query_string([(self.random.choice(parameters), self.value(control=True))])}")
        extra = [(self.random.choice(EXTRA_PARAMETERS), self.value()) for _ in range(2)]
        extra.append((self.value(), "1"))
        self.send("GET", f"{path}?{query_string(extra)}")

    def post_form(self, url, fields, rounds=2):
        for round_ in range(rounds):
            control = round_ == rounds - 1
            self.send("POST", url, {field: form_value(self.value(control=control)) for field in fields})


def admin_form_fields(model_admin, superuser, obj=None):
    request = RequestFactory().get("/")
    request.user = superuser
    form = model_admin.get_form(request, obj)
    fields = list(form.base_fields)
    for formset, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset.get_default_prefix()
        fields += [f"{prefix}-TOTAL_FORMS", f"{prefix}-INITIAL_FORMS", f"{prefix}-MAX_NUM_FORMS"]
        fields += [f"{prefix}-0-{name}" for name in formset.form.base_fields]
    return fields


@pytest.mark.parametrize("who", ["anonymous", "staff", "superuser"])
def test_no_url_answers_hostile_input_with_a_500(who, world, users):
    client = Client()
    if users[who] is not None:
        login_verified(client, users[who])
    fuzzer = Fuzzer(client, who)
    patterns = all_patterns()
    for template, name, choices in patterns:
        legit = legit_values(template, name or "", world, users)
        parameters = parameters_for(template, name or "", users["superuser"])
        fuzzer.get_pattern(template, choices, legit, parameters)

    # Forms: the public application and status check, every admin add form, the changelist
    # actions with hostile selections, the import uploads.
    fuzzer.post_form(f"/pelatihan/{world['open_program'].slug}/daftar/", list(ApplicationForm.base_fields), rounds=6)
    fuzzer.post_form("/pelatihan/cek-status/", list(StatusCheckForm.base_fields), rounds=4)
    fuzzer.post_form("/i18n/setlang/", ["language", "next"])
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        fuzzer.post_form(base + "add/", admin_form_fields(model_admin, users["superuser"]))
        actions = [name for name, *_rest in model_admin._get_base_actions()]
        for action in actions:
            fuzzer.send("POST", base, {"action": action, "_selected_action": form_value(fuzzer.value()), "index": "0"})
    for url in [
        f"/admin/programs/program/{world['program'].pk}/peserta/impor/",
        "/admin/enterprises/enterprise/impor/",
    ]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        for _ in range(2):
            content = form_value(fuzzer.value()).encode("utf-8", "surrogatepass")
            upload = SimpleUploadedFile(form_value(fuzzer.value())[:100] or "x.csv", content or b"x")
            fuzzer.send("POST", url, {"file": upload})

    print(f"{who}: {len(patterns)} patterns, {fuzzer.count} requests, {len(fuzzer.failures)} failures")
    assert not fuzzer.failures, f"{len(fuzzer.failures)} of {fuzzer.count} requests failed:\n" + "\n".join(
        fuzzer.failures[:60]
    )
