"""The agency's identity and contact: its name, address, phone, WhatsApp, e-mail, office hours,
social links and emblem, in every page's header and footer, on every refusal and error page, in
the e-mails to applicants and on the PDFs.

Staff keep them in the back office (common.models.AgencyProfile, one row). Until that row is
first saved, the installation's settings stand in (PORTAL_AGENCY_*, .env.example), so a fresh
install shows its own placeholders and nothing breaks before anyone fills the form in.

Pages read the identity from the public cache (common.caching.TwoLevelCache): no query once
read. A save replaces it there, so every worker shows the change within its LOCAL_SECONDS.
The error pages touch neither the database nor the cache (either may be what failed): they use
what this process last read, else the settings.
"""

import hashlib
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.whatsapp import whatsapp_number

CACHE_KEY = "portal:agency"
EMBLEM_MAX_BYTES = 512 * 1024
# What browsers show in an <img> on every phone; SVG only as the standalone document it is.
EMBLEM_TYPES = {
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
_last_read = None


@dataclass(frozen=True)
class Agency:
    name: str
    short_name: str
    address: str
    phone: str
    whatsapp: str  # international digits, as wa.me wants them
    email: str
    hours: str
    social: tuple  # ((label, https URL), …)
    emblem_static: str  # a path under the static files, used while no emblem is uploaded
    emblem_digest: str = ""
    emblem_type: str = ""

    @property
    def phone_link(self):
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")

    @property
    def whatsapp_display(self):
        return "+" + self.whatsapp

    @property
    def emblem_url(self):
        if self.emblem_digest:
            return reverse("agency_emblem", args=[self.emblem_digest])
        return static(self.emblem_static)

    @property
    def icon_url(self):
        """The browser tab's icon: the uploaded emblem, else the portal's own."""
        return self.emblem_url if self.emblem_digest else static("img/favicon.svg")

    @property
    def share_image_url(self):
        """og:image: WhatsApp and Facebook show PNG or JPEG only, so an SVG emblem is not one."""
        if self.emblem_digest and self.emblem_type in EMBLEM_TYPES.values():
            return self.emblem_url
        return static("img/share.png")

    @property
    def icon_type(self):
        return self.emblem_type if self.emblem_digest else "image/svg+xml"


def social_links(text):
    """ "Label | https://…" lines (or items) as ((label, url), …); anything but an https address is
    left out, so a typo can never become a javascript: link on every page."""
    lines = text.splitlines() if isinstance(text, str) else text
    links = []
    for line in lines:
        label, _sep, url = line.partition("|")
        label, url = label.strip(), url.strip()
        if label and url.startswith("https://") and " " not in url:
            links.append((label, url))
    return tuple(links)


def clean_social_links(text):
    """Raises ValidationError naming the lines that are not "label | https://…"."""
    wrong = [line.strip() for line in text.splitlines() if line.strip() and not social_links([line])]
    if wrong:
        raise ValidationError(
            _("Tulis satu per baris sebagai nama | https://…; baris ini tidak terbaca: %(lines)s"),
            params={"lines": "; ".join(wrong)},
        )


def clean_whatsapp(value):
    """The WhatsApp number in international digits (0812… → 62812…), or ValidationError."""
    number = whatsapp_number(value)
    if not number:
        raise ValidationError(_("Tulis nomor WhatsApp Indonesia, misalnya 0812 3456 7890 atau 6281234567890."))
    return number


def read_emblem(data):
    """(bytes, content type) of an uploaded emblem: PNG, JPEG or SVG of at most 512 KB, told by
    its content, not its name. Raises ValidationError with a sentence for staff otherwise."""
    if len(data) > EMBLEM_MAX_BYTES:
        raise ValidationError(_("Berkas lambang terlalu besar: paling besar 512 KB."))
    for signature, content_type in EMBLEM_TYPES.items():
        if data.startswith(signature):
            return data, content_type
    if _is_svg(data):
        return data, "image/svg+xml"
    raise ValidationError(_("Lambang harus berupa gambar PNG, JPEG atau SVG."))


def _is_svg(data):
    head = data[:2048].lower()
    if b"<svg" not in head or b"<!doctype" in head or b"<!entity" in data.lower():
        return False  # no DTDs: entity expansion is how an XML file eats a server
    try:
        return ElementTree.fromstring(data).tag == SVG_NAMESPACE + "svg"
    except ElementTree.ParseError:
        return False


def emblem_digest(data):
    return hashlib.sha256(data).hexdigest()[:16]


def profile_from_settings():
    """An unsaved AgencyProfile holding the installation's settings (no query)."""
    from common.models import AgencyProfile

    return AgencyProfile(
        id=AgencyProfile.SINGLETON_ID,
        name=settings.PORTAL_AGENCY_NAME,
        short_name=settings.PORTAL_AGENCY_SHORT_NAME,
        address=settings.PORTAL_AGENCY_ADDRESS,
        phone=settings.PORTAL_AGENCY_PHONE,
        whatsapp=settings.PORTAL_AGENCY_WHATSAPP,
        email=settings.PORTAL_AGENCY_EMAIL,
        office_hours=settings.PORTAL_AGENCY_HOURS,
        social_links="\n".join(settings.PORTAL_AGENCY_SOCIAL),  # "Label|https://…" items, as lines
    )


def from_settings():
    return from_profile(profile_from_settings())


def from_profile(profile):
    return Agency(
        name=profile.name,
        short_name=profile.short_name,
        address=profile.address,
        phone=profile.phone,
        whatsapp=profile.whatsapp,
        email=profile.email,
        hours=profile.office_hours,
        social=social_links(profile.social_links),
        emblem_static=settings.PORTAL_AGENCY_EMBLEM,
        emblem_digest=profile.emblem_digest,
        emblem_type=profile.emblem_type,
    )


def current_agency():
    """The agency as staff last saved it (or the settings): one query when the cache is cold."""
    global _last_read
    from common.models import AgencyProfile

    public = caches["public"]
    agency = public.get(CACHE_KEY)
    if agency is None:
        profile = AgencyProfile.objects.defer("emblem").filter(pk=AgencyProfile.SINGLETON_ID).first()
        agency = from_profile(profile) if profile else from_settings()
        public.set(CACHE_KEY, agency, None)
    _last_read = agency
    return agency


def agency_for_error_pages():
    """For the 500 and 503 pages, which must not depend on the database or the cache."""
    return _last_read or from_settings()


def forget_agency():
    """After a save: the next read takes the new values (common.apps connects it)."""
    global _last_read
    _last_read = None
    caches["public"].delete(CACHE_KEY)
