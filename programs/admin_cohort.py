"""The cohort-entry screen of a program ("Isi angkatan"): a grid in the admin's look, reached from
the program's page. Typing a NIK and Enter fills a known person, or what the NIK says of an
unknown one; rows pasted from a spreadsheet become pending rows; saving takes every valid row in
one transaction. The rules are in `programs.cohort_entry`; the keyboard in
static/programs/cohort_entry.js. Without JavaScript the grid is a plain form (one row per save)
and the program page's inline form still works.

Hook: `class ProgramAdmin(CohortEntryMixin, ...)` adds the URLs; the link is in
templates/admin/programs/program/change_form_object_tools.html.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from programs import cohort_entry
from programs.models import Participant, Program
from regions.models import Desa

ENTRY_PERMISSIONS = ("programs.add_participant", "enterprises.add_person")


class CohortEntryMixin:
    """For ProgramAdmin: the cohort-entry screen and its two small JSON endpoints."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:program_id>/angkatan/", wrap(self.cohort_entry_view), name="programs_program_cohort_entry"),
            path(
                "<int:program_id>/angkatan/nik/",
                wrap(require_GET(self.cohort_lookup_view)),
                name="programs_program_cohort_lookup",
            ),
            path(
                "<int:program_id>/angkatan/periksa/",
                wrap(require_POST(self.cohort_check_view)),
                name="programs_program_cohort_check",
            ),
        ] + super().get_urls()

    def _entry_program(self, request, program_id):
        program = get_object_or_404(Program, pk=program_id)
        if not self.has_change_permission(request, program):
            raise Http404
        if not request.user.has_perms(ENTRY_PERMISSIONS):
            raise PermissionDenied
        return program

    def cohort_lookup_view(self, request, program_id):
        program = self._entry_program(request, program_id)
        return JsonResponse(
            cohort_entry.lookup_nik(nik=request.GET.get("nik", "")[:40], program=program, user=request.user)
        )

    def cohort_check_view(self, request, program_id):
        """Rows pasted (`paste`: the clipboard's text) or typed (`row-<n>-<field>`), checked."""
        program = self._entry_program(request, program_id)
        if "paste" in request.POST:
            pasted = cohort_entry.read_paste(request.POST["paste"][:200_000])
            rows, notes = [row.values for row in pasted], [row.notes for row in pasted]
        else:
            rows = cohort_entry.rows_from_post(request.POST)
            notes = [[] for _row in rows]
        checked = cohort_entry.check_rows(program=program, rows=rows)
        return JsonResponse(
            {"rows": [{**row.as_json(), "notes": row_notes} for row, row_notes in zip(checked, notes, strict=True)]}
        )

    def cohort_entry_view(self, request, program_id):
        program = self._entry_program(request, program_id)
        left, refused = [], ""
        if request.method == "POST":
            rows = cohort_entry.rows_from_post(request.POST)
            result = cohort_entry.save_rows(program=program, rows=rows, user=request.user)
            if result.saved:
                message = ngettext("%(count)s peserta disimpan.", "%(count)s peserta disimpan.", result.saved) % {
                    "count": result.saved
                }
                messages.success(request, message)
            if result.already:
                messages.info(
                    request,
                    _("%(count)s baris sudah peserta pelatihan ini; tidak diubah.") % {"count": result.already},
                )
            if not result.left:
                return redirect("admin:programs_program_cohort_entry", program.pk)
            left, refused = result.left, result.refused
        cohort = (
            Participant.objects.filter(program=program, status__in=Participant.TAKING_PART)
            .select_related("person__kecamatan", "person__desa", "enterprise", "cooperative")
            .order_by("person__full_name", "pk")
        )
        context = {
            **self.admin_site.each_context(request),
            "is_nav_sidebar_enabled": False,  # the grid needs the whole width of a laptop
            "title": _("Isi angkatan: %(program)s") % {"program": program},
            "opts": self.model._meta,
            "original": program,
            "program": program,
            "cohort": cohort,
            "columns": [(name, cohort_entry.GRID_LABELS[name]) for name in cohort_entry.GRID_FIELDS],
            "pending": [_grid_row(number, row.values, row) for number, row in enumerate(left)],
            "blank": _grid_row(len(left), cohort_entry.blank_row()),
            "template_row": _grid_row("__n__", cohort_entry.blank_row()),
            "refused": refused,
            "desa_names": sorted(
                set(
                    Desa.objects.filter(kecamatan__kabupaten_id=settings.PORTAL_DISTRICT).values_list("name", flat=True)
                )
            ),
            "urls": {
                "lookup": reverse("admin:programs_program_cohort_lookup", args=[program.pk]),
                "check": reverse("admin:programs_program_cohort_check", args=[program.pk]),
                "back": reverse("admin:programs_program_change", args=[program.pk]),
                "participants": reverse("admin:programs_participant_changelist") + f"?program={program.pk}",
            },
        }
        return TemplateResponse(request, "admin/programs/program/cohort_entry.html", context)


def _grid_row(number, values, checked=None):
    return {
        "number": number,
        "cells": [(name, label, values.get(name, "")) for name, label in cohort_entry.GRID_LABELS.items()],
        "carried": [(name, values.get(name, "")) for name in cohort_entry.CARRIED_FIELDS],
        "errors": checked.errors if checked else [],
        "warnings": checked.warnings if checked else [],
    }
