"""Messages to applicants: the reference code by e-mail and its recovery by NIK and birth date
(the prepared WhatsApp messages are wa.me links, common.whatsapp).

E-mail goes through Django's mail (SMTP configured by environment, the console in development).
A failed send is logged and never loses the application: the code is also on the page.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from common.agency import current_agency
from enterprises.models import Person
from programs.models import Participant

logger = logging.getLogger(__name__)


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
    context = {"participations": [participant], "status_url": status_url, "agency": current_agency()}
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
    context = {
        "participations": participations,
        "status_url": status_url,
        "agency": current_agency(),
        "recovered": True,
    }
    return _send(
        to=person.email,
        subject_template="programs/email/reference_code_subject.txt",
        body_template="programs/email/reference_code.txt",
        context=context,
    )


RESULT_STATUSES = (Participant.Status.SELECTED, Participant.Status.REJECTED)


def selection_message(participant):
    """The selection result as a short message to the applicant, in the portal's language, one
    line per line of the e-mail (a wa.me link carries them as %0A); '' while the applicant is not
    yet selected or rejected."""
    if participant.status not in RESULT_STATUSES:
        return ""
    context = {"participant": participant, "agency": current_agency()}
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("programs/email/selection_result.txt", context)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def send_selection_results(participants):
    """E-mail each selected or rejected applicant with an e-mail on file their result. Returns
    (sent, not sent: no e-mail, not yet decided, or the mail server refused)."""
    sent = skipped = 0
    for participant in participants:
        email = participant.person.email
        if participant.status not in RESULT_STATUSES or not email:
            skipped += 1
            continue
        context = {"participant": participant, "agency": current_agency()}
        ok = _send(
            to=email,
            subject_template="programs/email/selection_result_subject.txt",
            body_template="programs/email/selection_result.txt",
            context=context,
        )
        sent, skipped = (sent + 1, skipped) if ok else (sent, skipped + 1)
    return sent, skipped
