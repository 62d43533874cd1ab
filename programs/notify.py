"""Messages to applicants: the reference code by e-mail, its recovery by NIK and birth date, and
prepared WhatsApp messages (wa.me links: the phone opens WhatsApp with the text filled in, no
gateway needed).

E-mail goes through Django's mail (SMTP configured by environment, the console in development).
A failed send is logged and never loses the application: the code is also on the page.
"""

import logging
from urllib.parse import quote

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from enterprises.models import Person
from programs.models import Participant

logger = logging.getLogger(__name__)


def whatsapp_link(text, number=""):
    """A wa.me link that opens WhatsApp with `text` ready to send, to `number` (international
    digits) or, without one, to a contact the user picks (e.g. themself, to keep the code)."""
    return f"https://wa.me/{number}?text={quote(str(text))}"


def whatsapp_number(phone):
    """An Indonesian phone number as wa.me wants it: 0812… → 62812…; '' when it is not one."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits if digits.startswith("62") and len(digits) >= 9 else ""


def _send(*, to, subject_template, body_template, context):
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(subject_template, context).split())
        body = render_to_string(body_template, context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:  # a mail server that is down must not turn an application into an error page
        logger.exception("Sending %s failed", subject_template)
        return False
    return True


def send_reference_code(*, participant, status_url):
    """E-mail the applicant their reference code, when they gave an e-mail. Returns whether sent."""
    email = participant.person.email
    if not email:
        return False
    context = {"participations": [participant], "status_url": status_url, "agency": _agency()}
    return _send(
        to=email,
        subject_template="programs/email/reference_code_subject.txt",
        body_template="programs/email/reference_code.txt",
        context=context,
    )


def send_recovered_codes(*, nik, birth_date, status_url):
    """Recovering lost codes: when a person with this NIK AND birth date has applied and has an
    e-mail on file, every reference code of theirs is sent to that e-mail. Returns whether a
    message went out; the page never says which (it would tell a stranger that a NIK applied)."""
    person = Person.objects.filter(nik=nik, birth_date=birth_date).exclude(email="").only("pk", "email").first()
    if person is None:
        return False
    participations = list(
        Participant.objects.filter(person=person, reference_code__isnull=False)
        .select_related("program")
        .only("reference_code", "status", "program__title", "program__start_date")
        .order_by("-applied_at")
    )
    if not participations:
        return False
    context = {"participations": participations, "status_url": status_url, "agency": _agency(), "recovered": True}
    return _send(
        to=person.email,
        subject_template="programs/email/reference_code_subject.txt",
        body_template="programs/email/reference_code.txt",
        context=context,
    )


RESULT_STATUSES = (Participant.Status.SELECTED, Participant.Status.REJECTED)


def selection_message(participant):
    """The selection result as a short message to the applicant, in the portal's language; ''
    while the applicant is not yet selected or rejected."""
    if participant.status not in RESULT_STATUSES:
        return ""
    context = {"participant": participant, "agency": _agency()}
    with translation.override(settings.LANGUAGE_CODE):
        return " ".join(render_to_string("programs/email/selection_result.txt", context).split())


def send_selection_results(participants):
    """E-mail each selected or rejected applicant with an e-mail on file their result. Returns
    (sent, not sent: no e-mail, not yet decided, or the mail server refused)."""
    sent = skipped = 0
    for participant in participants:
        email = participant.person.email
        if participant.status not in RESULT_STATUSES or not email:
            skipped += 1
            continue
        context = {"participant": participant, "agency": _agency()}
        ok = _send(
            to=email,
            subject_template="programs/email/selection_result_subject.txt",
            body_template="programs/email/selection_result.txt",
            context=context,
        )
        sent, skipped = (sent + 1, skipped) if ok else (sent, skipped + 1)
    return sent, skipped


def _agency():
    from common.context_processors import agency

    return agency()
