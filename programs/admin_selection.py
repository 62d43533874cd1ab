"""The selection desk: a program's applicants with the facts that decide who is chosen.

Every fact on the list (kecamatan, sector, scale class, earlier trainings with their year,
first-time applicant) comes from joins, annotations and one prefetch, so the page costs the same
number of queries for 5 applicants or 500. Statuses change only through the actions, which call
programs.services (quota enforced there), never through the change form.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, OuterRef, Prefetch, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin_tools import PersonalDataAdmin
from common.permissions import PERSONAL_IDENTIFIERS
from common.whatsapp import whatsapp_link, whatsapp_number
from enterprises.models import Enterprise
from enterprises.rules import ScaleClass
from programs import notify, places, services
from programs.models import TURNOVER_BAND_SCALE, Applicant, Participant, Program
from programs.rules import REFERENCE_LENGTH, normalise_reference_code
from regions.models import Kecamatan


class StatusFilter(admin.SimpleListFilter):
    """The desk opens on the applications awaiting selection ("mendaftar"), not on every
    participant of past programs; staff pick another status, or all of them, from the same filter.
    Named like the field's own filter (`status__exact`), so links made for it keep working."""

    title = _("status")
    parameter_name = "status__exact"
    ALL = "semua"
    DEFAULT = Participant.Status.APPLIED

    def lookups(self, request, model_admin):
        return Participant.Status.choices

    def value(self):
        return super().value() or self.DEFAULT

    def choices(self, changelist):
        every, *statuses = super().choices(changelist)
        query = changelist.get_query_string({self.parameter_name: self.ALL})
        yield {**every, "selected": self.value() == self.ALL, "query_string": query, "display": _("semua status")}
        yield from statuses

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())


class KecamatanFilter(admin.SimpleListFilter):
    title = _("kecamatan")
    parameter_name = "kecamatan"

    def lookups(self, request, model_admin):
        return list(Kecamatan.objects.of_portal_district().values_list("code", "name"))

    def queryset(self, request, queryset):
        return queryset.filter(person__kecamatan_id=self.value()) if self.value() else queryset


class FirstTimerFilter(admin.SimpleListFilter):
    title = _("pertama kali mendaftar")
    parameter_name = "pertama"

    def lookups(self, request, model_admin):
        return [("ya", _("ya, belum pernah ikut pelatihan lain")), ("tidak", _("tidak, pernah ikut/mendaftar"))]

    def queryset(self, request, queryset):
        if self.value() in {"ya", "tidak"}:
            return queryset.filter(first_timer=self.value() == "ya")
        return queryset


@admin.register(Applicant)
class ApplicantAdmin(PersonalDataAdmin):
    list_display = [
        "person_name",
        "reference",
        "program",
        "status",
        "kecamatan",
        "sector",
        "scale",
        "earlier_trainings",
        "first_time",
        "nib_conflict",
        "applied_at",
    ]
    list_display_links = ["person_name"]
    list_filter = [("program", admin.RelatedOnlyFieldListFilter), StatusFilter, KecamatanFilter, FirstTimerFilter]
    search_fields = ["person__full_name", "reference_code", "enterprise__name"]
    # Only columns with an index can be sorted (status; program + applied_at).
    sortable_by = ["status", "applied_at"]
    ordering = ["applied_at", "id"]
    list_per_page = 100
    show_full_result_count = False
    actions = ["select_applicants", "reject_applicants", "propose_spread", "email_results"]
    fields = [
        "program",
        "person",
        "enterprise",
        "status",
        "reference_code",
        "applied_at",
        "consent_given_at",
        "turnover_band",
        "nib_given",
        "motivation",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        earlier = (
            Participant.objects.filter(status__in=services.TRAINED)
            .select_related("program")
            .only("person_id", "program_id", "status", "program__title", "program__start_date")
            .order_by("program__start_date")
        )
        elsewhere = Participant.objects.filter(person=OuterRef("person_id")).exclude(program=OuterRef("program_id"))
        band_scale = Case(
            *(When(turnover_band=band, then=Value(scale)) for band, scale in TURNOVER_BAND_SCALE.items()),
            default=Value(""),
        )
        return (
            super()
            .get_queryset(request)
            .select_related("program", "person__kecamatan", "enterprise")
            .annotate(
                first_timer=~Exists(elsewhere),
                # the NIB typed on the public form is another owner's enterprise's (not linked)
                nib_of_other_owner=Exists(
                    Enterprise.objects.filter(nib=OuterRef("nib_given")).exclude(owner_id=OuterRef("person_id"))
                ),
                scale=Coalesce(NullIf("enterprise__scale_class", Value("")), band_scale),
            )
            .prefetch_related(Prefetch("person__participations", queryset=earlier, to_attr="trainings"))
        )

    def get_list_display(self, request):
        columns = list(self.list_display)
        # Narrowed to one program, its column only repeats itself: leave the room to the facts.
        if request.GET.get("program__id__exact"):
            columns.remove("program")
        # The prepared WhatsApp message carries the phone number: only for staff who may read it.
        if self.may_see_personal_data(request):
            columns.append("whatsapp_message")
        return columns

    @admin.display(description=_("kabari lewat WhatsApp"))
    def whatsapp_message(self, obj):
        text = notify.selection_message(obj)
        number = whatsapp_number(obj.person.phone)
        if not text or not number:
            return "–"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>', whatsapp_link(text, number), _("Kirim pesan")
        )

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        if request.user.has_perm(PERSONAL_IDENTIFIERS):
            fields.append("=person__nik")
        return fields

    def get_search_results(self, request, queryset, search_term):
        # A reference code as the applicant reads it out ("k7qm-3xpa") finds the stored "K7QM3XPA".
        code = normalise_reference_code(search_term)
        if len(code) == REFERENCE_LENGTH and code != search_term.strip() and " " not in search_term.strip():
            search_term = code
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request):
        return False  # applications come through the public form (or the participant list)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The actions need change permission; a single application's page stays read-only so a
        # status cannot be changed around the quota.
        return obj is None and super().has_change_permission(request)

    # --- columns ---

    @admin.display(description=_("nama"))
    def person_name(self, obj):
        return obj.person.full_name

    @admin.display(description=_("kode"))
    def reference(self, obj):
        return obj.reference_display or "–"

    @admin.display(description=_("kecamatan"))
    def kecamatan(self, obj):
        return obj.person.kecamatan.name

    @admin.display(description=_("sektor"))
    def sector(self, obj):
        return obj.enterprise.get_sector_display() if obj.enterprise else "–"

    @admin.display(description=_("skala usaha"))
    def scale(self, obj):
        return ScaleClass(obj.scale).label if obj.scale else "–"

    @admin.display(description=_("pelatihan sebelumnya"))
    def earlier_trainings(self, obj):
        earlier = [
            p
            for p in obj.person.trainings
            if p.program_id != obj.program_id and p.program.start_date < obj.program.start_date
        ]
        if not earlier:
            return "–"
        return format_html_join(
            "",
            "<div>{} ({})</div>",
            ((Truncator(p.program.title).chars(45), p.program.start_date.year) for p in earlier),
        )

    @admin.display(description=_("pertama kali"), boolean=True)
    def first_time(self, obj):
        return obj.first_timer

    @admin.display(description=_("NIB milik pemilik lain"), boolean=True)
    def nib_conflict(self, obj):
        return obj.nib_of_other_owner

    # --- actions ---

    @admin.action(description=_("Pilih sebagai peserta (terpilih)"), permissions=["change"])
    def select_applicants(self, request, queryset):
        try:
            result = services.select(participant_ids=queryset.values_list("pk", flat=True))
        except places.QuotaExceeded as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return
        self.message_user(
            request,
            ngettext("%(count)d pendaftar dipilih.", "%(count)d pendaftar dipilih.", result.selected)
            % {"count": result.selected},
            messages.SUCCESS,
        )
        if result.unchanged:
            self.message_user(
                request,
                _("%(count)d baris dilewati karena statusnya bukan mendaftar atau tidak terpilih.")
                % {"count": result.unchanged},
                messages.WARNING,
            )

    @admin.action(description=_("Tandai tidak terpilih"), permissions=["change"])
    def reject_applicants(self, request, queryset):
        count = services.reject(participant_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(count)d pendaftar ditandai tidak terpilih.") % {"count": count})

    @admin.action(description=_("Kirim e-mail hasil seleksi (terpilih/tidak terpilih)"), permissions=["change"])
    def email_results(self, request, queryset):
        sent, without = notify.send_selection_results(queryset.select_related("program", "person"))
        self.message_user(request, _("%(count)d e-mail hasil seleksi dikirim.") % {"count": sent}, messages.SUCCESS)
        if without:
            self.message_user(
                request,
                _("%(count)d pendaftar tanpa e-mail atau belum diseleksi; kabari lewat WhatsApp atau telepon.")
                % {"count": without},
                messages.WARNING,
            )

    @admin.action(description=_("Usulkan seleksi sebaran untuk pelatihan ini"), permissions=["change"])
    def propose_spread(self, request, queryset):
        program_ids = set(queryset.values_list("program_id", flat=True))
        if len(program_ids) != 1:
            self.message_user(
                request, _("Usulan sebaran dibuat per pelatihan: pilih pendaftar dari satu pelatihan."), messages.ERROR
            )
            return None
        return HttpResponseRedirect(reverse("admin:programs_applicant_spread", args=[program_ids.pop()]))

    # --- the spread proposal page ---

    def get_urls(self):
        spread = self.admin_site.admin_view(self.spread_view)
        return [path("sebaran/<int:program_id>/", spread, name="programs_applicant_spread"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        program = request.GET.get("program__id__exact", "")
        extra_context = {**(extra_context or {}), "spread_program": int(program) if program.isdigit() else None}
        return super().changelist_view(request, extra_context)

    def spread_view(self, request, program_id):
        if not self.has_change_permission(request):
            raise PermissionDenied
        program = get_object_or_404(Program, pk=program_id)
        changelist = reverse("admin:programs_applicant_changelist") + f"?program__id__exact={program.pk}"
        if request.method == "POST":
            chosen = [int(pk) for pk in request.POST.getlist("participant") if pk.isdigit()]
            try:
                result = services.select(
                    participant_ids=Participant.objects.filter(program=program, pk__in=chosen).values_list(
                        "pk", flat=True
                    )
                )
            except places.QuotaExceeded as refused:
                self.message_user(request, refused.message, messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(
                request,
                _("%(count)d pendaftar dipilih dari usulan sebaran. Sesuaikan bila perlu.")
                % {"count": result.selected},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(changelist)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Usulan seleksi sebaran"),
            "program": program,
            "proposal": services.propose_spread(program=program),
            "changelist_url": changelist,
        }
        return TemplateResponse(request, "admin/programs/applicant/spread.html", context)
