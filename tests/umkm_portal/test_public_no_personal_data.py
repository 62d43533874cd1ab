"""Done-when: walk every public URL and prove no person's NIK, phone, address (or name) leaks."""

import html
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from cooperatives.models import Cooperative
from enterprises.models import Enterprise, Person
from markets.models import Commodity, Market
from programs.certificates import issue_certificates
from programs.models import Program
from umkm_portal.figures import FIGURES

pytestmark = pytest.mark.django_db

LISTS = ["/pelatihan/", "/koperasi/", "/pasar/", "/umkm/"]
WINDOW = 8  # every secret is longer than this


class SecretFinder:
    """Finds any of many literal strings in a text in one pass (a window index, not N scans)."""

    def __init__(self, secrets):
        self.by_window = {}
        for secret in secrets:
            for form in {secret, html.escape(secret)}:
                assert len(form) > WINDOW, form
                self.by_window.setdefault(form[:WINDOW], set()).add(form)

    def find(self, text):
        found = set()
        for start in range(len(text) - WINDOW + 1):
            candidates = self.by_window.get(text[start : start + WINDOW])
            if candidates:
                found.update(secret for secret in candidates if text.startswith(secret, start))
        return found


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def every_public_url(client):
    urls = ["/", reverse("figures"), "/halaman-yang-tidak-ada/", reverse("privacy")]
    urls += [reverse("programs:application_status")]
    urls += [reverse("programs:apply", args=[slug]) for slug in Program.objects.values_list("slug", flat=True)]
    urls += [reverse("figures_csv", args=[slug]) for slug in FIGURES]
    for list_url in LISTS:
        response = client.get(list_url)
        urls += [f"{list_url}?page={n}" for n in response.context["page"].paginator.page_range]
        for name, field in response.context["filter"].form.fields.items():
            for value, _label in getattr(field, "choices", []):
                if value not in ("", None):
                    urls.append(f"{list_url}?{urlencode({name: str(value)})}")
    urls += ["/pelatihan/?q=Peserta", "/umkm/?q=Contoh", "/koperasi/?q=Koperasi"]
    urls += [reverse("programs:detail", args=[slug]) for slug in Program.objects.values_list("slug", flat=True)]
    urls += [reverse("cooperatives:detail", args=[pk]) for pk in Cooperative.objects.values_list("pk", flat=True)]
    urls += [reverse("markets:detail", args=[slug]) for slug in Market.objects.values_list("slug", flat=True)]
    urls += [
        reverse("enterprises:catalogue_detail", args=[pk])
        for pk in Enterprise.objects.filter(catalogue_consent=True).values_list("pk", flat=True)
    ]
    urls += [reverse("markets:prices"), reverse("programs:recover_code")]
    urls += [
        reverse("markets:commodity_prices", args=[slug]) for slug in Commodity.objects.values_list("slug", flat=True)
    ]
    urls += [reverse("markets:market_prices", args=[slug]) for slug in Market.objects.values_list("slug", flat=True)]
    return urls


def test_no_public_url_shows_a_persons_nik_phone_address_or_name(client, demo):
    people = list(Person.objects.values_list("nik", "phone", "address", "full_name"))
    assert len(people) > 100
    finder = SecretFinder({value for person in people for value in person if value})
    urls = every_public_url(client)
    checked = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        leaked = finder.find(body(response))
        assert not leaked, f"{url} shows personal data: {sorted(leaked)[:3]}"
        checked += 1
    # the walk really covered the site: every program, cooperative, market and catalogue entry
    assert checked > Cooperative.objects.count() + Market.objects.count() + Program.objects.count()
    assert any("/umkm/" in url and url.rstrip("/").split("/")[-1].isdigit() for url in urls)


def test_a_certificate_page_names_its_holder_and_nothing_else_of_theirs(client, demo):
    """Verification shows the holder's name (that is what is verified), never the NIK, phone or address."""
    program = Program.objects.get(slug="pelatihan-tas-anyaman-dan-kulit-bdi-denpasar-2024")
    certificates = issue_certificates(program=program)
    people = Person.objects.filter(participations__program=program).values_list("nik", "phone", "address")
    finder = SecretFinder({value for person in people for value in person if value})
    for certificate in certificates:
        text = body(client.get(reverse("certificate_verify", args=[certificate.code])))
        assert certificate.participant.person.full_name in text
        assert not finder.find(text), certificate.code


def test_the_finder_finds_what_it_looks_for():
    finder = SecretFinder(["3604114101800001", "080000000012", "Kampung Contoh No. 5, RT 001/RW 002"])
    assert finder.find("x 3604114101800001 y") == {"3604114101800001"}
    assert finder.find("tel:080000000012") == {"080000000012"}
    assert finder.find("<p>Kampung Contoh No. 5, RT 001/RW 002</p>") == {"Kampung Contoh No. 5, RT 001/RW 002"}
    assert finder.find("360411410180000 and 08000000001") == set()
