"""Admin screens for a program's participant list: export (CSV/XLSX), import (upload -> preview
-> confirm) and the import template.

Hook: `class ProgramAdmin(ProgramListsMixin, admin.ModelAdmin)` adds the URLs; the buttons are
in templates/admin/programs/program/change_form_object_tools.html.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.admin_imports import ImportFlow
from common.agency import current_agency
from common.exports import export_response
from common.permissions import PERSONAL_IDENTIFIERS
from enterprises.imports import PERSON_DATE_FIELDS, place_names
from programs import imports
from programs.documents import date_span, long_date
from programs.exports import PARTICIPANTS
from programs.models import Program


class ParticipantImportFlow(ImportFlow):
    purpose = "peserta"
    fields = imports.PARTICIPANT_FIELDS
    required = imports.PARTICIPANT_REQUIRED
    labels = imports.PARTICIPANT_LABELS
    template = imports.PARTICIPANT_TEMPLATE
    choices = imports.PARTICIPANT_CHOICES
    skipped_headings = ("Pelatihan",)  # the program column of our own participant export
    dates = PERSON_DATE_FIELDS
    permissions = ("programs.add_participant", "enterprises.add_person", PERSONAL_IDENTIFIERS)
    upload_template = "admin/programs/import_upload.html"
    mapping_template = "admin/programs/import_mapping.html"
    preview_template = "admin/programs/import_preview.html"

    def target(self, request, program_id=None):
        program = get_object_or_404(Program, pk=program_id)
        if not self.modeladmin.has_change_permission(request, program):
            raise Http404
        return program

    def place_names(self):
        return place_names()

    def title(self, target):
        return _("Impor peserta ke %(program)s") % {"program": target}

    def plan(self, target, table):
        return imports.plan_participant_import(program=target, table=table)

    def save(self, target, table, *, user, source):
        return imports.import_participants(program=target, table=table, user=user, source=source)

    def done_url(self, target):
        return reverse("admin:programs_program_change", args=[target.pk])

    def urls(self, target):
        return {
            "upload": reverse("admin:programs_program_import_participants", args=[target.pk]),
            "mapping": lambda token: reverse("admin:programs_program_import_mapping", args=[target.pk, token]),
            "preview": lambda token: reverse("admin:programs_program_import_preview", args=[target.pk, token]),
            "template_csv": reverse("admin:programs_program_participant_template", args=["csv"]),
            "template_xlsx": reverse("admin:programs_program_participant_template", args=["xlsx"]),
            "back": reverse("admin:programs_program_change", args=[target.pk]),
        }


class ProgramListsMixin:
    """For ProgramAdmin: participants in and out of one program."""

    def get_urls(self):
        flow = ParticipantImportFlow(self)
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:program_id>/peserta/ekspor.<str:file_format>",
                wrap(self.export_participants_view),
                name="programs_program_export_participants",
            ),
            path(
                "<int:program_id>/peserta/impor/",
                wrap(flow.upload_view),
                name="programs_program_import_participants",
            ),
            path(
                "<int:program_id>/peserta/impor/<str:token>/",
                wrap(flow.preview_view),
                name="programs_program_import_preview",
            ),
            path(
                "<int:program_id>/peserta/impor/<str:token>/kolom/",
                wrap(flow.mapping_view),
                name="programs_program_import_mapping",
            ),
            path(
                "peserta/templat.<str:file_format>",
                wrap(lambda request, file_format: flow.template_view(request, file_format)),
                name="programs_program_participant_template",
            ),
        ] + super().get_urls()

    def export_participants_view(self, request, program_id, file_format):
        program = get_object_or_404(Program, pk=program_id)
        if file_format not in ("csv", "xlsx") or not self.has_view_permission(request, program):
            raise Http404
        return export_response(
            request=request,
            definition=PARTICIPANTS,
            queryset=program.participants.all(),
            file_format=file_format,
            description=_("Peserta %(program)s") % {"program": program},
            filters={"program": program.pk},
            file_stem=participants_file_stem(program),
            title_lines=participants_title(program),
        )


def participants_file_stem(program, today=None):
    """peserta-<program-slug>-<yyyy-mm-dd>: two programs' lists never share a name."""
    return f"peserta-{program.slug}-{(today or timezone.localdate()).isoformat()}"


def participants_title(program):
    """The title block of a program's printed list, in the file's language (Indonesian)."""
    with translation.override(settings.LANGUAGE_CODE):
        return [
            _("DAFTAR PESERTA %(program)s") % {"program": program.title.upper()},
            _("%(dates)s, %(place)s")
            % {
                "dates": date_span(program.start_date, program.end_date),
                "place": f"{program.venue}, {program.city}",
            },
            _("%(agency)s; diunduh %(day)s")
            % {
                "agency": current_agency().name,
                "day": long_date(timezone.localdate()),
            },
        ]
