"""Admin screens for a program's papers: attendance sheets, the receipt list, certificates (PDF).

Hook: `class ProgramAdmin(ProgramDocumentsMixin, ...)` adds the URLs; the one button on the
program's page is in templates/admin/programs/program/documents_tool.html, and the page it opens
(templates/admin/programs/program/documents.html) lists the papers. Every document made is
recorded in the ExportLog like an export; NIKs appear only on the receipt list (the form asks for
them) and only for staff holding enterprises.view_personal_identifiers.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.models import ExportLog
from common.permissions import PERSONAL_IDENTIFIERS
from programs import certificates as certificate_services
from programs import documents
from programs.models import Certificate, Official, Participant, Program


def origin(person):
    return ", ".join(str(part) for part in (person.desa and person.desa.name, person.kecamatan.name) if part)


def sheet_rows(program, *, with_identifier):
    rows = []
    for participant in Participant.objects.filter(program=program).for_papers():
        person = participant.person
        represents = participant.enterprise or participant.cooperative
        rows.append(
            documents.Row(
                name=person.full_name,
                origin=origin(person),
                enterprise=represents.name if represents else "",
                identifier=person.nik if with_identifier else "",
            )
        )
    return rows


def signer_for(program):
    official = Official.objects.signing_for(program)
    return documents.Signer(official.name, official.position, official.nip) if official else None


def verification_url(request, certificate):
    return request.build_absolute_uri(reverse("certificate_verify", args=[certificate.code]))


def record(request, *, what, description, rows, personal, filters):
    ExportLog.objects.create(
        user=request.user,
        username=request.user.get_username(),
        what=what,
        description=str(description)[:255],
        file_format=ExportLog.Format.PDF,
        filters=filters,
        personal_included=personal,
        row_count=rows,
        finished=True,
    )


def pdf_response(data, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def file_name(kind, program, day=None):
    """daftar-hadir-<program-slug>-<yyyy-mm-dd>.pdf: the program and the day (or today) in the name."""
    return f"{kind}-{program.slug}-{(day or timezone.localdate()).isoformat()}.pdf"


class ProgramDocumentsMixin:
    """For ProgramAdmin: the papers of one program."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:program_id>/dokumen/", wrap(self.documents_view), name="programs_program_documents"),
            path(
                "<int:program_id>/dokumen/daftar-hadir.pdf",
                wrap(self.attendance_view),
                name="programs_program_attendance_pdf",
            ),
            path(
                "<int:program_id>/dokumen/tanda-terima.pdf",
                wrap(self.receipts_view),
                name="programs_program_receipts_pdf",
            ),
            path(
                "<int:program_id>/dokumen/sertifikat.pdf",
                wrap(self.certificates_view),
                name="programs_program_certificates_pdf",
            ),
            path(
                "<int:program_id>/dokumen/sertifikat/<int:certificate_id>.pdf",
                wrap(self.one_certificate_view),
                name="programs_program_certificate_pdf",
            ),
        ] + super().get_urls()

    def _program(self, request, program_id, *, change=False):
        program = get_object_or_404(Program, pk=program_id)
        allowed = self.has_change_permission(request, program) if change else self.has_view_permission(request, program)
        if not allowed:
            raise PermissionDenied
        return program

    def documents_view(self, request, program_id):
        program = self._program(request, program_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Dokumen %(program)s") % {"program": program.title},
            "program": program,
            "days": [(day, documents.day_and_date(day)) for day in documents.training_days(program)],
            "signer": Official.objects.signing_for(program),
            "taking_part": Participant.objects.filter(program=program).taking_part().count(),
            "completed": program.participants.filter(status=Participant.Status.COMPLETED).count(),
            "certificates": program.certificates.select_related("participant").order_by("serial"),
            "may_issue": self.has_change_permission(request, program),
        }
        return TemplateResponse(request, "admin/programs/program/documents.html", context)

    def attendance_view(self, request, program_id):
        program = self._program(request, program_id)
        days = documents.training_days(program)
        wanted = request.GET.get("hari")
        if wanted:
            try:
                day = datetime.date.fromisoformat(wanted)
            except ValueError:
                day = None
            if day not in days:
                messages.error(request, _("“%(day)s” bukan hari pelatihan ini.") % {"day": wanted[:20]})
                return redirect("admin:programs_program_documents", program.pk)
            days = [day]
        rows = sheet_rows(program, with_identifier=False)
        data = documents.attendance_sheet(program=program, days=days, rows=rows, signer=signer_for(program))
        record(
            request,
            what="daftar-hadir",
            description=_("Daftar hadir %(program)s") % {"program": program},
            rows=len(rows),
            personal=False,
            filters={"program": program.pk, "days": [day.isoformat() for day in days]},
        )
        return pdf_response(data, file_name("daftar-hadir", program, days[0] if len(days) == 1 else None))

    def receipts_view(self, request, program_id):
        program = self._program(request, program_id)
        if not program.allowance:
            messages.error(request, _("Pelatihan ini tidak mencatat uang transport/saku per peserta."))
            return redirect("admin:programs_program_documents", program.pk)
        personal = request.user.has_perm(PERSONAL_IDENTIFIERS)
        rows = sheet_rows(program, with_identifier=personal)
        data = documents.receipt_list(
            program=program,
            rows=rows,
            amount=program.allowance,
            signer=signer_for(program),
            day=program.end_date,
            show_identifier=personal,
        )
        record(
            request,
            what="tanda-terima",
            description=_("Daftar tanda terima %(program)s") % {"program": program},
            rows=len(rows),
            personal=personal,
            filters={"program": program.pk},
        )
        return pdf_response(data, file_name("tanda-terima", program))

    def certificates_view(self, request, program_id):
        """POST: give certificates to those who completed and have none, then the whole cohort's PDF."""
        program = self._program(request, program_id, change=True)
        if request.method != "POST":
            return redirect("admin:programs_program_documents", program.pk)
        try:
            issued = certificate_services.issue_certificates(program=program)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("admin:programs_program_documents", program.pk)
        if not issued:
            messages.warning(request, _("Belum ada peserta berstatus selesai/lulus; tidak ada sertifikat dibuat."))
            return redirect("admin:programs_program_documents", program.pk)
        return self._certificates_pdf(request, program, issued, file_name("sertifikat", program))

    def one_certificate_view(self, request, program_id, certificate_id):
        program = self._program(request, program_id)
        certificate = get_object_or_404(Certificate, program=program, pk=certificate_id)
        slug = certificate.number.replace("/", "-")
        return self._certificates_pdf(request, program, [certificate], f"sertifikat-{program.slug}-{slug}.pdf")

    def _certificates_pdf(self, request, program, issued, filename):
        issued = [certificate for certificate in issued if not certificate.is_revoked]
        if not issued:
            messages.error(request, _("Sertifikat yang dicabut tidak dicetak lagi."))
            return redirect("admin:programs_program_documents", program.pk)
        pages = [
            documents.CertificatePage(
                certificate.holder_name, certificate.number, verification_url(request, certificate)
            )
            for certificate in issued
        ]
        data = documents.certificates(
            program=program, pages=pages, signer=signer_for(program), issued_on=issued[0].issued_on
        )
        record(
            request,
            what="sertifikat",
            description=_("Sertifikat %(program)s") % {"program": program},
            rows=len(pages),
            personal=False,
            filters={"program": program.pk, "certificates": [certificate.pk for certificate in issued][:1000]},
        )
        return pdf_response(data, filename)
