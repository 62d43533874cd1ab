from django import forms
from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from common.admin_tools import DesaOfChosenKecamatanFilter, PortalHistoryAdmin, PortalKecamatanFilter
from common.templatetags.portal_format import rupiah
from enterprises.admin_views import EnterpriseImportMixin
from enterprises.exports import enterprise_export_actions, person_export_actions
from enterprises.models import AnnualReport, Enterprise, Person
from enterprises.rules import clean_nik, nik_disagreements, nik_kecamatan_code
from enterprises.services import refresh_scale_classes
from regions.models import Kecamatan


class PersonForm(forms.ModelForm):
    """The person form of the back office: a NIK already registered is named, not duplicated;
    a likely duplicate without NIK is pointed out and needs a tick to go ahead."""

    confirm_not_duplicate = forms.BooleanField(
        label=_("Saya sudah memeriksa: ini orang yang berbeda"),
        required=False,
        help_text=_("Centang hanya bila portal memperingatkan kemungkinan data ganda dan Anda yakin orangnya lain."),
    )

    # Wider than 16 so that a NIK typed in groups ("3604 1955 0890 0001") is accepted and tidied.
    nik = forms.CharField(
        label=Person._meta.get_field("nik").verbose_name,
        max_length=40,
        required=False,
        help_text=Person._meta.get_field("nik").help_text,
    )

    class Meta:
        model = Person
        fields = [
            "full_name",
            "sex",
            "birth_place",
            "birth_date",
            "birth_year",
            "nik",
            "phone",
            "address",
            "kecamatan",
            "desa",
        ]

    def clean_nik(self):
        nik = clean_nik(self.cleaned_data.get("nik")) or None
        if nik:
            existing = Person.objects.filter(nik=nik).exclude(pk=self.instance.pk).first()
            if existing:
                raise forms.ValidationError(
                    _(
                        "NIK ini sudah terdaftar atas nama %(name)s (%(kecamatan)s). Pilih orang itu dari "
                        "daftar; jangan membuat data baru."
                    ),
                    code="nik_registered",
                    params={"name": existing.full_name, "kecamatan": existing.kecamatan},
                )
        return nik

    def clean(self):
        cleaned = super().clean()
        self.nik_warnings = [] if self.errors else self._nik_warnings(cleaned)
        if self.errors or cleaned.get("confirm_not_duplicate"):
            return cleaned
        desa = cleaned.get("desa")
        duplicates = Person.objects.likely_duplicates(
            full_name=cleaned.get("full_name", ""),
            nik=cleaned.get("nik") if "nik" in self.fields else self.instance.nik,
            phone=cleaned.get("phone", "") if "phone" in self.fields else self.instance.phone,
            desa_id=desa.pk if desa else None,
            exclude_pk=self.instance.pk,
        )
        if duplicates:
            names = ", ".join(f"{person.full_name} ({person.desa or person.kecamatan})" for person in duplicates)
            raise forms.ValidationError(
                _(
                    "Kemungkinan data ganda: %(names)s sudah terdaftar dengan nama yang sama dan telepon atau "
                    "desa yang sama. Pilih orang itu dari daftar, atau centang “ini orang yang berbeda” lalu "
                    "simpan lagi."
                ),
                code="likely_duplicate",
                params={"names": names},
            )
        return cleaned

    def _nik_warnings(self, cleaned):
        """Sentences where the sex, birth date or kecamatan saved disagree with the NIK: the
        person is saved as typed, and the admin shows them as warnings."""
        nik = cleaned.get("nik") if "nik" in self.fields else self.instance.nik
        if not nik:
            return []
        kecamatan = cleaned.get("kecamatan")
        names = dict(Kecamatan.objects.filter(code=nik_kecamatan_code(nik)).values_list("code", "name"))
        if kecamatan:
            names[kecamatan.code] = kecamatan.name
        return list(
            nik_disagreements(
                nik,
                sex=cleaned.get("sex") or "",
                birth_date=cleaned.get("birth_date"),
                kecamatan_code=kecamatan.code if kecamatan else "",
                kecamatan_names=names,
            ).values()
        )


class EnterpriseInlineForm(forms.ModelForm):
    """The owner's enterprise entered with the person: kecamatan and desa default to the owner's."""

    class Meta:
        model = Enterprise
        fields = ["name", "sector", "products", "kecamatan", "desa", "nib", "employees"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kecamatan", "desa"):
            if name in self.fields:
                self.fields[name].required = False
                self.fields[name].help_text = _("Kosongkan bila sama dengan domisili pemilik.")

    def clean(self):
        cleaned = super().clean()
        owner = getattr(self, "owner", None)  # the person being saved, handed over by the formset
        if not cleaned.get("kecamatan") and owner is not None and getattr(owner, "kecamatan_id", None):
            cleaned["kecamatan"] = owner.kecamatan
            if not cleaned.get("desa"):
                cleaned["desa"] = owner.desa
        if not cleaned.get("kecamatan"):
            self.add_error("kecamatan", _("Pilih kecamatan tempat usaha."))
        return cleaned


class EnterpriseInlineFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.owner = self.instance
        return form


class EnterpriseInline(admin.StackedInline):
    model = Enterprise
    form = EnterpriseInlineForm
    formset = EnterpriseInlineFormSet
    fk_name = "owner"
    fields = ["name", "sector", "products", "kecamatan", "desa", "nib", "employees"]
    autocomplete_fields = ["kecamatan", "desa"]
    show_change_link = True
    verbose_name = _("usaha milik orang ini")
    verbose_name_plural = _("usaha milik orang ini")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is None else 0


@admin.register(Person)
class PersonAdmin(PortalHistoryAdmin):
    form = PersonForm
    list_display = ["full_name", "sex", "kecamatan", "desa", "nik", "phone"]
    list_select_related = ["kecamatan", "desa__kecamatan"]
    list_filter = [("kecamatan", PortalKecamatanFilter), ("desa", DesaOfChosenKecamatanFilter), "sex"]
    # Personal fields are searched only by their complete value, and the phone only by staff
    # with the permission; the exact NIK on the KTP in hand finds the person for every reader.
    search_fields = ["full_name", "=nik", "=phone"]
    sortable_by = ["full_name"]
    autocomplete_fields = ["kecamatan", "desa"]
    actions = [*person_export_actions]
    inlines = [EnterpriseInline]
    fieldsets = [
        (None, {"fields": ["full_name", "sex", "birth_date", "birth_year"]}),
        (_("Data pribadi"), {"fields": ["nik", "phone", "address", "birth_place"]}),
        (_("Domisili"), {"fields": ["kecamatan", "desa"]}),
        (_("Pemeriksaan data ganda"), {"fields": ["confirm_not_duplicate"]}),
    ]

    def get_queryset(self, request):
        # Also the changelist's joins: once a queryset has select_related, list_select_related is not applied.
        return super().get_queryset(request).select_related("kecamatan", "desa__kecamatan")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in getattr(form, "nik_warnings", []):
            self.message_user(request, warning, messages.WARNING)

    def autocomplete_label(self, person):
        place = f"{person.desa.name}, {person.kecamatan.name}" if person.desa_id else person.kecamatan.name
        return f"{person.full_name} — {place}"


class AnnualReportInline(admin.TabularInline):
    model = AnnualReport
    extra = 1
    fields = ["year", "annual_turnover", "business_capital", "turnover_in_rupiah", "scale_class_display"]
    readonly_fields = ["turnover_in_rupiah", "scale_class_display"]

    @admin.display(description=_("omzet"))
    def turnover_in_rupiah(self, obj):
        return rupiah(obj.annual_turnover) if obj.pk else "–"

    @admin.display(description=_("skala usaha"))
    def scale_class_display(self, obj):
        return obj.scale_class.label if obj.pk and obj.scale_class else "–"


@admin.register(Enterprise)
class EnterpriseAdmin(EnterpriseImportMixin, PortalHistoryAdmin):
    list_display = ["name", "owner", "sector", "scale_class", "latest_turnover", "kecamatan"]
    list_select_related = ["owner", "kecamatan"]
    list_filter = [
        ("kecamatan", PortalKecamatanFilter),
        ("desa", DesaOfChosenKecamatanFilter),
        "sector",
        "scale_class",
        "catalogue_consent",
    ]
    search_fields = ["name", "=nib", "owner__full_name", "=owner__nik", "=owner__phone"]
    sortable_by = ["name"]
    autocomplete_fields = ["owner", "kecamatan", "desa"]
    # Listed so the form reads name first: the inherited region fields would otherwise come first.
    fields = [
        "name",
        "owner",
        "sector",
        "products",
        "kecamatan",
        "desa",
        "address",
        "nib",
        "pirt_number",
        "halal_certificate_number",
        "employees",
        "catalogue_consent",
        "public_contact",
        "scale_class",
    ]
    readonly_fields = ["scale_class"]
    inlines = [AnnualReportInline]
    actions = [*enterprise_export_actions]
    history_children = [(AnnualReport, "enterprise", "year")]

    def autocomplete_label(self, enterprise):
        return f"{enterprise.name} — {enterprise.owner.full_name}, {enterprise.kecamatan.name}"

    def get_queryset(self, request):
        latest = AnnualReport.objects.filter(enterprise=OuterRef("pk")).order_by("-year")
        return (
            super()
            .get_queryset(request)
            .select_related("owner", "kecamatan")
            .annotate(latest_turnover=Subquery(latest.values("annual_turnover")[:1]))
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Each report's save() refreshes the class already; once more for the whole form, so the
        # page is right whatever way the inline rows were written.
        refresh_scale_classes([form.instance.pk])

    @admin.display(description=_("omzet terakhir"))
    def latest_turnover(self, obj):
        return rupiah(obj.latest_turnover) if obj.latest_turnover is not None else "–"
