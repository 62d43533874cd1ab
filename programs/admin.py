import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin_tools import PortalHistoryAdmin, PortalKecamatanFilter, SafeRelatedFields, whole_number
from programs import (
    admin_certificates,  # noqa: F401  (signing officials and certificates, issue 12)
    cohort,
    places,
)
from programs.admin_cohort import CohortEntryMixin
from programs.admin_documents import ProgramDocumentsMixin
from programs.admin_views import ProgramListsMixin
from programs.exports import participant_export_actions, program_export_actions
from programs.models import Participant, Partner, Program
from programs.rules import STATUSES_AFTER_START, before_start_problem


@admin.register(Partner)
class PartnerAdmin(PortalHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    sortable_by = ["name"]


class ChosenObject(forms.Widget):
    """The object a saved row already points at, shown by name and posted back unchanged."""

    def __init__(self, chosen, attrs=None):
        super().__init__(attrs)
        self.chosen = chosen

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<input type="hidden" name="{}" value="{}"><span class="chosen-object">{}</span>',
            name,
            "" if value is None else value,
            self.chosen if self.chosen is not None else "–",
        )


class QuickSelect(forms.Select):
    """A select built in Python rather than from a template per option: one per row of a long inline."""

    def render(self, name, value, attrs=None, renderer=None):
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if str(key) == str(value) else "", label) for key, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


def check_before_start(form, program):
    """Refuse, on the form's own fields, a status or certificate number the program's start date
    makes impossible (programs.rules.before_start_problem); asked only when the row is new or its
    status or certificate number changes."""
    if program is None or not (form.instance.pk is None or {"status", "certificate_number"} & set(form.changed_data)):
        return
    status = form.cleaned_data.get("status", form.instance.status)
    number = form.cleaned_data.get("certificate_number", form.instance.certificate_number)
    problem = before_start_problem(
        start_date=program.start_date,
        status=status,
        certificate_number=number,
        status_label=Participant.Status(status).label if status in Participant.Status.values else status,
    )
    if problem:
        form.add_error("status" if status in STATUSES_AFTER_START else "certificate_number", problem)


class ParticipantInlineForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["person", "enterprise", "cooperative", "status", "attendance_days", "certificate_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and "status" in self.fields:
            # Staff entering a cohort are giving people their places.
            self.fields["status"].initial = Participant.Status.SELECTED
        if self.instance.pk:
            # A saved row names its person, enterprise and cooperative (loaded with the row) instead
            # of three autocomplete widgets: a widget costs a query and ~8 ms to render, 100 rows 2.5 s.
            # They are changed on the participant's own page; new rows get the autocompletes.
            for name in ("person", "enterprise", "cooperative"):
                if name in self.fields:
                    self.fields[name].widget = ChosenObject(getattr(self.instance, name))
        if "status" in self.fields:
            self.fields["status"].widget = QuickSelect(choices=self.fields["status"].choices)

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        if person and not cleaned.get("enterprise") and not cleaned.get("cooperative"):
            # A person with exactly one enterprise takes part for it unless staff choose otherwise.
            enterprises = list(person.enterprises.all()[:2])
            if len(enterprises) == 1:
                cleaned["enterprise"] = enterprises[0]
        check_before_start(self, getattr(self.instance, "program", None))  # the program page's new dates
        return cleaned


class ParticipantInlineFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.program = self.instance  # the row's title names its program: no query per row
        return form

    def clean(self):
        """The cohort entered on the program page may not hold more places than the quota: checked
        by places.give_places under the program's row lock, inside the admin's transaction that
        then saves the cohort."""
        super().clean()
        if any(self.errors):
            return
        changes = [
            (form.instance.pk, None if form.cleaned_data.get("DELETE") else form.cleaned_data.get("status"))
            for form in self.forms
            if form.cleaned_data
        ]
        try:
            places.give_places(program=self.instance, changes=changes, quota=self.instance.quota)
        except places.QuotaExceeded as refused:
            raise ValidationError(refused.message, code="quota") from None


class ParticipantInline(SafeRelatedFields, admin.TabularInline):
    model = Participant
    form = ParticipantInlineForm
    formset = ParticipantInlineFormSet
    extra = 0
    autocomplete_fields = ["person", "enterprise", "cooperative"]
    fields = ["person", "enterprise", "cooperative", "status", "attendance_days", "certificate_number"]
    verbose_name = _("peserta")
    verbose_name_plural = _("peserta angkatan ini")

    def get_queryset(self, request):
        # Applicants (and those not selected) are handled at the selection desk, not in the cohort.
        return (
            super()
            .get_queryset(request)
            .exclude(status__in=[Participant.Status.APPLIED, Participant.Status.REJECTED])
            .select_related("person", "enterprise", "cooperative")
        )


class PhaseFilter(admin.SimpleListFilter):
    title = _("jadwal")
    parameter_name = "jadwal"

    def lookups(self, request, model_admin):
        return [("berjalan", _("sedang berlangsung")), ("mendatang", _("akan datang")), ("selesai", _("selesai"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "berjalan":
            return queryset.filter(start_date__lte=today, end_date__gte=today)
        if self.value() == "mendatang":
            return queryset.filter(start_date__gt=today)
        if self.value() == "selesai":
            return queryset.filter(end_date__lt=today)
        return queryset


@admin.register(Program)
class ProgramAdmin(CohortEntryMixin, ProgramDocumentsMixin, ProgramListsMixin, PortalHistoryAdmin):
    list_display = [
        "title",
        "start_date",
        "city",
        "theme",
        "cohort_vs_quota",
        "publication_state",
        "registration_open",
    ]
    list_filter = [PhaseFilter, "theme", "bidang", "target_group", "publication_state", "registration_open"]
    search_fields = ["title", "venue", "city"]
    sortable_by = ["title", "start_date"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["partners"]
    readonly_fields = ["cohort_summary_display", "manage_participants"]
    inlines = [ParticipantInline]
    actions = [*program_export_actions]
    history_children = [(Participant, "program", "person")]

    class Media:
        css = {"all": ["programs/program_admin.css"]}  # the participant rows fit 1366 px

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["title", "slug", "theme", "bidang", "description", "partners"]}),
            (_("Jadwal dan tempat"), {"fields": ["venue", "city", "start_date", "end_date", "schedule"]}),
            (_("Peserta"), {"fields": ["quota", "target_group", "eligibility", "fee", "funding_source", "allowance"]}),
            (_("Untuk pendaftar"), {"fields": ["contact_person", "results_announcement"]}),
            (_("Publikasi"), {"fields": ["publication_state", "registration_open", "registration_closes_on"]}),
        ]
        if obj is not None:
            fieldsets.insert(0, (_("Angkatan sekilas"), {"fields": ["cohort_summary_display", "manage_participants"]}))
        return fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).with_places_taken()

    @admin.display(description=_("peserta/kuota"))
    def cohort_vs_quota(self, obj):
        return f"{obj.places_taken}/{obj.quota}"

    @admin.display(description=_("ringkasan angkatan"))
    def cohort_summary_display(self, obj):
        return render_to_string("admin/programs/program/cohort_summary.html", {"summary": cohort.cohort_summary(obj)})

    @admin.display(description=_("status massal"))
    def manage_participants(self, obj):
        url = reverse("admin:programs_participant_changelist") + f"?program={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>', url, _("Tandai hadir, lulus atau mundur, dan beri nomor sertifikat berurutan")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        summary = cohort.cohort_summary(form.instance)
        if summary.over_quota:
            self.message_user(
                request,
                _("Peserta angkatan (%(count)s) melebihi kuota (%(quota)s).")
                % {"count": summary.in_cohort, "quota": summary.quota},
                messages.WARNING,
            )


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        # The admin passes the fields it shows; this list only satisfies ModelForm.
        fields = ["program", "person", "enterprise", "cooperative", "status", "attendance_days", "certificate_number"]

    def clean(self):
        """Giving one participant a place (terpilih, hadir, lulus) needs a free place in the quota:
        places.give_places locks the program's row inside the admin's transaction that then saves."""
        cleaned = super().clean()
        program = cleaned.get("program") or (self.instance.program if self.instance.program_id else None)
        check_before_start(self, program)
        status = cleaned.get("status", self.instance.status)
        if program and status:
            try:
                places.give_places(program=program, changes=[(self.instance.pk, status)])
            except places.QuotaExceeded as refused:
                raise ValidationError(refused.message, code="quota") from None
        return cleaned


class ProgramChoiceFilter(admin.SimpleListFilter):
    """The one program a list was opened for (from its page); no list of a thousand programs."""

    title = _("pelatihan")
    parameter_name = "program"

    def lookups(self, request, model_admin):
        pk = whole_number(request.GET.get(self.parameter_name), maximum=2**63 - 1)
        if pk is None:
            return []
        return [(str(pk), title) for pk, title in Program.objects.filter(pk=pk).values_list("pk", "title")]

    def queryset(self, request, queryset):
        pk = whole_number(self.value(), maximum=2**63 - 1)
        if pk is not None:
            return queryset.filter(program_id=pk)
        return queryset


class ProgramYearFilter(admin.SimpleListFilter):
    title = _("tahun pelatihan")
    parameter_name = "tahun"

    def lookups(self, request, model_admin):
        years = Program.objects.dates("start_date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        """A year the calendar has: its programs' participants (none for a year without
        programs). Anything else (0, 99999999999, -1, "abc") is no year: the list is empty and
        the message says why."""
        if self.value() is None:
            return queryset
        year = whole_number(self.value(), minimum=datetime.MINYEAR, maximum=datetime.MAXYEAR)
        if year is None:
            message = _("“%(value)s” bukan tahun; tulis tahun empat angka, misalnya 2025.")
            messages.warning(request, message % {"value": self.value()[:20]})
            return queryset.none()
        return queryset.filter(
            program__start_date__gte=datetime.date(year, 1, 1), program__start_date__lte=datetime.date(year, 12, 31)
        )


class CertificateNumbersForm(forms.Form):
    prefix = forms.CharField(
        label=_("awalan nomor"), max_length=40, required=False, help_text=_("Misalnya BDI-DPS/2024/")
    )
    start = forms.IntegerField(label=_("mulai dari nomor"), min_value=1, initial=1)
    digits = forms.IntegerField(
        label=_("jumlah digit"), min_value=1, max_value=6, initial=3, help_text=_("3 digit: 001, 002, …")
    )


@admin.register(Participant)
class ParticipantAdmin(PortalHistoryAdmin):
    form = ParticipantForm
    list_display = ["person", "program", "status", "attendance_days", "certificate_number", "kecamatan"]
    list_select_related = ["person__kecamatan", "program"]
    list_filter = [
        ProgramChoiceFilter,
        "status",
        ProgramYearFilter,
        ("person__kecamatan", PortalKecamatanFilter),
    ]
    search_fields = ["person__full_name", "program__title", "certificate_number", "=person__nik"]
    sortable_by = ["status"]
    ordering = ["-id"]
    autocomplete_fields = ["program", "person", "enterprise", "cooperative"]
    actions = [
        "mark_attended",
        "mark_completed",
        "mark_dropped",
        "give_certificate_numbers",
        *participant_export_actions,
    ]

    @admin.display(description=_("kecamatan"))
    def kecamatan(self, obj):
        return obj.person.kecamatan

    def _set_status(self, request, queryset, status):
        try:
            result = cohort.set_status(participants=queryset, status=status, user=request.user)
        except places.QuotaExceeded as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return
        except ValidationError as refused:  # a training not started yet (rules.before_start_problem)
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)s peserta kini berstatus %(status)s.",
                "%(count)s peserta kini berstatus %(status)s.",
                result.changed,
            )
            % {"count": result.changed, "status": status.label},
            messages.SUCCESS,
        )
        if result.skipped:
            self.message_user(
                request,
                _("%(count)s peserta dilewati karena statusnya tidak dapat diubah menjadi %(status)s.")
                % {"count": result.skipped, "status": status.label},
                messages.WARNING,
            )

    @admin.action(description=_("Tandai hadir"), permissions=["change"])
    def mark_attended(self, request, queryset):
        self._set_status(request, queryset, Participant.Status.ATTENDED)

    @admin.action(description=_("Tandai selesai/lulus"), permissions=["change"])
    def mark_completed(self, request, queryset):
        self._set_status(request, queryset, Participant.Status.COMPLETED)

    @admin.action(description=_("Tandai mundur"), permissions=["change"])
    def mark_dropped(self, request, queryset):
        self._set_status(request, queryset, Participant.Status.DROPPED)

    @admin.action(description=_("Beri nomor sertifikat berurutan…"), permissions=["change"])
    def give_certificate_numbers(self, request, queryset):
        form = CertificateNumbersForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                numbers = cohort.assign_certificate_numbers(
                    participants=queryset,
                    prefix=form.cleaned_data["prefix"],
                    start=form.cleaned_data["start"],
                    digits=form.cleaned_data["digits"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("Nomor sertifikat %(first)s sampai %(last)s diberikan kepada %(count)s peserta.")
                    % {"first": numbers[0], "last": numbers[-1], "count": len(numbers)},
                    messages.SUCCESS,
                )
                return None
        participants = queryset.select_related("person", "program").order_by("person__full_name", "pk")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Beri nomor sertifikat berurutan"),
            "opts": self.model._meta,
            "form": form,
            "participants": participants,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "action": "give_certificate_numbers",
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/programs/participant/certificate_numbers.html", context)


from programs import admin_selection  # noqa: E402, F401  (the selection desk, issue 6)
