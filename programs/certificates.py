"""Giving and revoking certificates: the one home of the rules the admin screens call.

- A certificate goes to a participant who completed (status lulus), once.
- Its number is the participant's certificate number when staff gave one (programs.cohort), else
  `SERT/<year>/<program>/<serial>`; the serial counts up per program and the rows are never
  deleted, so a number is never given twice, even after a participant is removed.
- Its verification code is random (120 bits, base32) and distinct from the number: the QR code
  and `/sertifikat/<code>/` use it, and nobody can walk the codes.
"""

import base64
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import Certificate, Participant, Program

CODE_BYTES = 15  # 120 random bits, 24 base32 characters


def new_code():
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode().lower()


def generated_number(program, serial):
    return f"SERT/{program.start_date:%Y}/{program.pk}/{serial:03d}"


def issue_certificates(*, program, today=None):
    """Certificates for every participant of `program` who completed and has none yet; returns
    all of the program's certificates held by completed participants, in name order. One
    transaction under the program's row lock, so two clicks never number twice."""
    today = today or timezone.localdate()
    with transaction.atomic():
        Program.objects.select_for_update().filter(pk=program.pk).first()
        completed = (
            Participant.objects.filter(program=program, status=Participant.Status.COMPLETED)
            .select_related("person", "certificate")
            .order_by("person__full_name", "pk")
        )
        waiting = [participant for participant in completed if not hasattr_certificate(participant)]
        serial = program.certificates.aggregate(last=Max("serial"))["last"] or 0
        used = set(program.certificates.values_list("number", flat=True))
        for participant in waiting:
            serial += 1
            number = participant.certificate_number or generated_number(program, serial)
            if number in used:
                raise ValidationError(
                    _("Nomor sertifikat %(number)s sudah pernah dipakai di pelatihan ini; beri %(name)s nomor lain.")
                    % {"number": number, "name": participant.person.full_name}
                )
            used.add(number)
            Certificate.objects.create(
                program=program,
                participant=participant,
                holder_name=participant.person.full_name,
                serial=serial,
                number=number,
                code=new_code(),
                issued_on=today,
            )
            if participant.certificate_number != number:
                Participant.objects.filter(pk=participant.pk).update(certificate_number=number)
    return list(
        Certificate.objects.filter(program=program, participant__status=Participant.Status.COMPLETED)
        .select_related("program")
        .order_by("holder_name", "serial")
    )


def hasattr_certificate(participant):
    try:
        return participant.certificate is not None
    except Certificate.DoesNotExist:
        return False


def revoke_certificate(*, certificate, reason, now=None):
    """Mark `certificate` revoked with `reason` (required). Its page then says revoked and when;
    the number stays used."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tulis alasan pencabutan sertifikat."))
    if certificate.is_revoked:
        raise ValidationError(_("Sertifikat ini sudah dicabut."))
    certificate.revoked_at = now or timezone.now()
    certificate.revoked_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    return certificate
