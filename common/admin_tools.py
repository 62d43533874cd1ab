"""Pieces every app's admin shares: region filters, hiding personal identifiers, and an audit
trail page that also lists the changes made to a record's inline rows."""

import dataclasses

from django.conf import settings
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from common.permissions import EXPORT_LISTS, PERSONAL_IDENTIFIERS

# Bookkeeping columns that change on every save and say nothing to a reader of the history.
QUIET_HISTORY_FIELDS = {"updated_at"}


def can_see_personal_identifiers(user):
    return user.has_perm(PERSONAL_IDENTIFIERS)


class PortalKecamatanFilter(admin.RelatedFieldListFilter):
    """The kecamatan of the portal's own district only (29 for Kabupaten Serang), not the whole
    reference table."""

    def field_choices(self, field, request, model_admin):
        return field.get_choices(
            include_blank=False,
            limit_choices_to={"kabupaten_id": settings.PORTAL_DISTRICT},
            ordering=("name",),
        )


class DesaOfChosenKecamatanFilter(admin.RelatedFieldListFilter):
    """Desa/kelurahan filter that appears once a kecamatan is chosen, listing only its desa: a
    district has hundreds of desa, too many for a sidebar."""

    kecamatan_parameter = "kecamatan__code__exact"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.chosen_kecamatan = request.GET.get(self.kecamatan_parameter_for(field_path), "")
        super().__init__(field, request, params, model, model_admin, field_path)

    def kecamatan_parameter_for(self, field_path):
        prefix = field_path.rsplit("desa", 1)[0]
        return f"{prefix}{self.kecamatan_parameter}"

    def has_output(self):
        return bool(self.chosen_kecamatan) or bool(self.lookup_val)

    def field_choices(self, field, request, model_admin):
        if not self.chosen_kecamatan:
            return []
        desa = field.remote_field.model.objects.filter(kecamatan_id=self.chosen_kecamatan).order_by("name")
        return list(desa.values_list("pk", "name"))  # names alone: the kecamatan is already chosen


class QuietHistoryContextHelper(HistoricalRecordContextHelper):
    """Leaves out bookkeeping columns, and the hidden fields of a reader who may not see them."""

    def __init__(self, model, historical_record, *, hidden_fields=(), **kwargs):
        super().__init__(model, historical_record, **kwargs)
        self.hidden_fields = set(hidden_fields) | QUIET_HISTORY_FIELDS

    def context_for_delta_changes(self, delta):
        shown = [change for change in delta.changes if change.field not in self.hidden_fields]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=shown))


class PortalHistoryAdmin(SimpleHistoryAdmin):
    """Every registry's admin: the audit trail on the record's page ("Riwayat"), fast lists.

    `personal_fields` are shown, searched and listed only to staff with the permission
    enterprises.view_personal_identifiers. `history_children` names inline models whose
    changes are listed on the parent's history page: [(ChildModel, "fk_name", "label_field"), …].
    """

    show_full_result_count = False
    list_per_page = 50
    object_history_template = "admin/portal_object_history.html"

    def has_export_lists_permission(self, request):
        """For actions with allowed_permissions=("export_lists",): the list exports."""
        return request.user.has_perm(EXPORT_LISTS)

    personal_fields = ()
    personal_search_fields = ()
    history_children = ()

    def hidden_fields(self, request):
        return () if can_see_personal_identifiers(request.user) else self.personal_fields

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *self.hidden_fields(request)]

    def get_list_display(self, request):
        hidden = set(self.hidden_fields(request))
        return [column for column in super().get_list_display(request) if column not in hidden]

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        if can_see_personal_identifiers(request.user):
            fields += list(self.personal_search_fields)
        return fields

    def get_fieldsets(self, request, obj=None):
        hidden = set(self.hidden_fields(request))
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [field for field in options["fields"] if field not in hidden]
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def get_historical_record_context_helper(self, request, historical_record):
        return QuietHistoryContextHelper(self.model, historical_record, hidden_fields=self.hidden_fields(request))

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "child_histories": self.child_histories(request, object_id)}
        return super().history_view(request, object_id, extra_context)

    def child_histories(self, request, object_id):
        """Per inline model, its latest history rows for this parent (one query each)."""
        sections = []
        for child_model, fk_name, label_field in self.history_children:
            if not request.user.has_perm(f"{child_model._meta.app_label}.view_{child_model._meta.model_name}"):
                continue
            history_model = child_model.history.model
            related = [f.name for f in history_model._meta.fields if f.is_relation and f.name != fk_name]
            records = list(
                child_model.history.filter(**{f"{fk_name}_id": object_id})
                .select_related(*related)
                .order_by("-history_date", "-history_id")[:200]
            )
            for record in records:
                record.label = getattr(record, label_field)
            sections.append({"title": child_model._meta.verbose_name_plural, "records": records})
        return sections
