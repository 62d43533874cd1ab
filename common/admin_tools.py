"""Pieces every app's admin shares: region filters, hiding personal data, and an audit trail
page that also lists the changes made to a record's inline rows."""

import dataclasses
import datetime
import json
import re

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections
from django.db.models import F, Q
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from common.lists import CappedPaginator
from common.permissions import EXPORT_LISTS
from common.personal import can_see_personal_data, is_complete_value_search, personal_fields_of, reaches_personal_field

# Bookkeeping columns that change on every save and say nothing to a reader of the history.
QUIET_HISTORY_FIELDS = {"updated_at"}
# What a reader without the permission sees in place of a personal value on a history page.
HIDDEN_VALUE = _("disembunyikan")
# One date format on every history page, the record's own trail and its inline rows' alike
# (templates/simple_history/object_history_list.html, templates/admin/portal_object_history.html).
HISTORY_DATE_FORMAT = "j F Y"
HISTORY_DATETIME_FORMAT = "j F Y H.i"
EMPTY_HISTORY_VALUE = _("(kosong)")


def _ordering_paths(item):
    """The field paths an ordering entry names: "-nik", F("nik").desc(), Lower("address")…"""
    if isinstance(item, str):
        return [item]
    if isinstance(item, F):
        return [item.name]
    paths = []
    for source in getattr(item, "get_source_expressions", list)():
        if source is not None:
            paths += _ordering_paths(source)
    return paths


def _names_personal_field(model, item):
    return any(reaches_personal_field(model, path) for path in _ordering_paths(item))


WHOLE_NUMBER = re.compile(r"^[0-9]{1,18}$")  # ASCII digits only: "²".isdigit() is True too


def whole_number(value, *, minimum=0, maximum=10**18):
    """A query parameter as an int when it is plain digits within [minimum, maximum], else None."""
    if value is None or not WHOLE_NUMBER.match(str(value)):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None


def valid_key(field, value):
    """Whether `value` (from a URL) can be looked up in `field` (a primary key, a history id)
    without the database refusing it: right type and within the column's range."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    return True


def _date_hierarchy_is_valid(params, field):
    """The year (month, day) of a date hierarchy link name a real day between years 1 and 9998
    (Django's changelist steps one year or one month past it, and does not catch an overflow)."""
    year = params.get(f"{field}__year")
    if year is None:
        return True
    parts = [year, params.get(f"{field}__month") or ["1"], params.get(f"{field}__day") or ["1"]]
    numbers = [whole_number(part[-1] if isinstance(part, list) else part, maximum=9998) for part in parts]
    if None in numbers:
        return False
    try:
        datetime.date(*numbers)
    except ValueError:
        return False
    return numbers[0] >= 1


def _sorted_after_search(model, item):
    """While searching, a name with a trigram index (common.search) is sorted as Lower(name):
    the database then sorts the matches the index found instead of walking the name's b-tree in
    order and testing every row until a page is full (seconds when the matches sort last)."""
    if not isinstance(item, str) or item.lstrip("-") not in getattr(model, "SEARCH_INDEXED_FIELDS", ()):
        return item
    expression = Lower(item.lstrip("-"))
    return expression.desc() if item.startswith("-") else expression.asc()


# Django's search prefixes as lookups; "=" (Django's iexact) as `upper_exact` (common.search),
# the same rows through the UPPER(…) indexes on SQLite too.
_SEARCH_PREFIXES = {"^": "istartswith", "=": "upper_exact", "@": "search"}


def _search_words(search_term):
    """The words of an admin search as Django splits them (quoted phrases stay whole)."""
    words = []
    for bit in smart_split(search_term or ""):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit:
            words.append(bit)
    return words


def _relation_of(model, search_field):
    """("owner", "full_name__folded_contains") for "owner__full_name__folded_contains" on
    Enterprise, ("", "nib__upper_exact") for "=nib": the forward relation a search field goes through
    first (or "") and the lookup on that table, with Django's prefixes turned into lookups."""
    prefixed = _SEARCH_PREFIXES.get(search_field[:1])
    parts = (search_field[1:] if prefixed else search_field).split(LOOKUP_SEP)
    fields, target = [], model
    for part in parts:
        try:
            field = target._meta.get_field(part)
        except FieldDoesNotExist:
            break
        fields.append(part)
        target = field.related_model
        if target is None:
            break
    lookup = prefixed or LOOKUP_SEP.join(parts[len(fields) :]) or "icontains"
    if len(fields) > 1 and model._meta.get_field(fields[0]).many_to_one:
        return fields[0], LOOKUP_SEP.join([*fields[1:], lookup])
    return "", LOOKUP_SEP.join([*fields, lookup])


# The admin's search: when its rarest word is in at most this many rows, the other words are
# tested on those rows alone rather than their own rows found in full.
SEARCH_LIST_CAP = 500


def _rows_with_word(model, lookups, word, limit=None):
    """The keys of `model`'s rows that have `word` in any of `lookups` (`_relation_of` pairs):
    one SELECT per table reached, each answered by that table's own indexes (a related table's
    rows found first, then this table's rows joined to them). With `limit`: the set of keys, or
    None when there are more than `limit` (read no further than that); without: the
    UNION, as a subquery."""
    conditions = {}
    for relation, lookup in lookups:
        conditions[relation] = conditions.get(relation, Q()) | Q(**{lookup: word})
    selects = []
    for relation, condition in conditions.items():
        field = model._meta.get_field(relation) if relation else None
        if field is not None and field.remote_field.hidden:  # no way back (related_name="+")
            related = field.related_model._base_manager.filter(condition)
            selects.append(model._base_manager.filter(**{f"{relation}__in": related}).values_list("pk", flat=True))
        elif field is not None:
            back = f"{field.related_query_name()}{LOOKUP_SEP}pk"
            rows = field.related_model._base_manager.filter(condition).filter(**{f"{back}__isnull": False})
            selects.append(rows.order_by().values_list(back, flat=True))
        else:
            selects.append(model._base_manager.filter(condition).order_by().values_list("pk", flat=True))
    if limit is None:
        return selects[0].union(*selects[1:])
    keys = list(selects[0].union(*selects[1:], all=True)[: limit + 1])  # ALL: no sort, stops at the limit
    return set(keys) if len(keys) <= limit else None


def _rarest_word(model, lookups, words):
    """(word, its rows, whether they are few) for the word of `words` found in fewest rows:
    its rows as the UNION subquery, or as a set of keys when a probe already read them all;
    "few" means at most SEARCH_LIST_CAP. PostgreSQL's estimate of each UNION's rows decides
    (an EXPLAIN costs a millisecond; pg_trgm estimates a word's rows well); elsewhere the longest
    words are probed first (`_rows_with_word` with a limit) until one is few."""
    if len(words) == 1:
        return words[0], _rows_with_word(model, lookups, words[0]), False
    if connections[model._base_manager.db].vendor == "postgresql":
        estimates = {word: _estimated_rows(_rows_with_word(model, lookups, word)) for word in words}
        rarest = min(words, key=estimates.get)
        return rarest, _rows_with_word(model, lookups, rarest), estimates[rarest] <= SEARCH_LIST_CAP
    for word in sorted(words, key=len, reverse=True):
        keys = _rows_with_word(model, lookups, word, limit=SEARCH_LIST_CAP)
        if keys is not None:
            return word, keys, True
    return words[0], _rows_with_word(model, lookups, words[0]), False


def _estimated_rows(queryset):
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return (plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]["Plan Rows"]


def _word_condition(lookups, word, on_the_row=False):
    """The condition "`word` is in one of `lookups`" (through a relation where one is named).
    `on_the_row`: each name tested on the row itself, not looked up in its index, for the few
    rows another word found. Same matches either way, and as `_rows_with_word`."""
    condition = Q()
    for relation, lookup in lookups:
        if on_the_row:
            lookup = lookup.replace("folded_contains", "folded_scan")
        condition |= Q(**{f"{relation}{LOOKUP_SEP}{lookup}" if relation else lookup: word})
    return condition


class PersonalDataChangeList(ChangeList):
    """A changelist whose ordering (the admin's, the model's, or `?o=` from the column headers)
    never sorts by personal data for a reader who may not see it: a sort is a way to guess."""

    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        if self.query:
            ordering = [_sorted_after_search(self.model, item) for item in ordering]
        if can_see_personal_data(request.user):
            return ordering
        return [item for item in ordering if not _names_personal_field(self.model, item)]

    def get_results(self, request):
        super().get_results(request)
        # A list of one page is the paginator's first page, already read with the count (Django
        # would run the query, a search included, once more).
        if not self.multi_page and not self.show_all and isinstance(self.paginator, CappedPaginator):
            self.result_list = self.paginator.page(1).object_list

    def get_filters(self, request):
        # A year of 0, 9999 or 99999999999 in a date hierarchy link: the list without it (the
        # admin redirects to ?e=1), not a 500.
        if self.date_hierarchy and not _date_hierarchy_is_valid(self.filter_params, self.date_hierarchy):
            raise IncorrectLookupParameters(f"{self.date_hierarchy}: not a date")
        return super().get_filters(request)


class SafeAutocompleteMixin:
    """Django's autocomplete widgets look up the submitted ids to show them again when a form
    comes back with errors, without checking them first: an id that is not a number ended in a
    500. Ids that cannot be keys of the related model are left out of that lookup."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        to_field = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        value = [item for item in value if item in ("", None) or valid_key(to_field, item)]
        return super().optgroups(name, value, attr)


class SafeAutocompleteSelect(SafeAutocompleteMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(SafeAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A many-to-many choice that refuses an id the related table cannot hold (a 20-digit
    number overflowed SQLite's integer in Django's own check) as an invalid choice."""

    def _check_values(self, value):
        model = self.queryset.model
        field = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        for key in value:
            if key not in self.empty_values and not valid_key(field, key):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": key}
                )
        return super()._check_values(value)


class SafeRelatedFields:
    """For a ModelAdmin or an inline: relation fields that answer a hostile id with a form error:
    autocomplete widgets that do not look it up, many-to-many choices that check its range."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PersonalDataAdmin(SafeRelatedFields, admin.ModelAdmin):
    """Every portal ModelAdmin (PortalHistoryAdmin is built on it). Without the permission
    enterprises.view_personal_identifiers, personal data (the models' PERSONAL_FIELDS, see
    common.personal) is neither shown nor usable to narrow a list: such fields leave the forms,
    columns, filters, orderings and search, and a lookup in the URL that reaches one, on this
    model or through relations (`?nik__startswith=3`, `?person__phone__contains=08`), is refused
    with a 400 (DisallowedModelAdminLookup). Searching by a complete NIK (`=nik`, an exact
    match) stays open to every reader, so a clerk finds the person whose KTP is in hand."""

    def may_see_personal_data(self, request):
        return can_see_personal_data(request.user)

    def hidden_fields(self, request):
        return frozenset() if self.may_see_personal_data(request) else personal_fields_of(self.model)

    def _shown(self, request, names):
        if self.may_see_personal_data(request):
            return list(names)
        return [name for name in names if not (isinstance(name, str) and reaches_personal_field(self.model, name))]

    # --- finding and sorting ---

    def get_object(self, request, object_id, from_field=None):
        # `?_to_field=` (empty) arrives as "", and Django asks the model for a field named "" (a 500).
        return super().get_object(request, object_id, from_field or None)

    def lookup_allowed(self, lookup, value, request=None):
        if request is None or not self.may_see_personal_data(request):
            if reaches_personal_field(self.model, lookup):
                return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        if self.may_see_personal_data(request):
            return fields
        return [
            field
            for field in fields
            if not reaches_personal_field(self.model, field) or is_complete_value_search(self.model, field)
        ]

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """Counts and pages from one read of the list's first 10,001 keys (common.lists): a search
        is run once, not once for the count and again for the page; past 10,000 rows the list
        says "lebih dari 10.000". Never cached: staff see the registry as it is."""
        return CappedPaginator(
            queryset, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page, keep_in_cache=False
        )

    def get_search_results(self, request, queryset, search_term):
        """Django's admin search (every word, each in any search field) for search fields that
        reach another table, planned so that each table answers from its own indexes.

        Django ORs all search fields in one WHERE; when some reach another table
        (`owner__full_name`), PostgreSQL cannot combine that with this table's indexes and scans
        every row. Here a word's rows are a UNION of one SELECT per table (`_rows_with_word`).
        The word in fewest rows leads (`_rarest_word`): its rows are found first, and when they
        are few the other words are tested on those rows alone, so that a word in most names
        ("usaha 0042") is never listed in full. Same words, same rows as Django's way."""
        fields = self.get_search_fields(request)
        words = _search_words(search_term)
        lookups = [_relation_of(self.model, field) for field in fields]
        if not fields or not words:
            return super().get_search_results(request, queryset, search_term)
        model = queryset.model
        rarest, rows, few = _rarest_word(model, lookups, words)
        others = [word for word in words if word != rarest]
        if isinstance(rows, set):
            queryset = queryset.filter(pk__in=sorted(rows))
        elif not any(relation for relation, _ in lookups):  # one table: its indexes answer the OR
            queryset = queryset.filter(_word_condition(lookups, rarest))
        elif others and not few and connections[queryset.db].features.supports_parentheses_in_compound:
            # Every word in thousands of rows (PostgreSQL): the words' keys intersected before any
            # row of this table is read, then those rows looked up by key.
            others_rows = [_rows_with_word(model, lookups, word) for word in others]
            return queryset.filter(pk__in_array=rows.intersection(*others_rows)), False
        else:
            queryset = queryset.filter(pk__in_array=rows)
        for word in others:
            if few:
                queryset = queryset.filter(_word_condition(lookups, word, on_the_row=True))
            else:  # hashed once and probed: a second `= ANY(ARRAY…)` would be searched row by row
                queryset = queryset.filter(pk__in=_rows_with_word(model, lookups, word))
        return queryset, False

    def get_ordering(self, request):
        ordering = list(super().get_ordering(request) or ())
        if self.may_see_personal_data(request):
            return ordering
        return [item for item in ordering if not _names_personal_field(self.model, item)]

    def get_sortable_by(self, request):
        return self._shown(request, super().get_sortable_by(request))

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if self.may_see_personal_data(request):
            return filters
        return [
            item
            for item in filters
            if not reaches_personal_field(self.model, item[0] if isinstance(item, (list, tuple)) else item)
        ]

    def get_changelist(self, request, **kwargs):
        return PersonalDataChangeList

    # --- showing ---

    def get_list_display(self, request):
        return self._shown(request, super().get_list_display(request))

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        if not links:
            return links
        return [link for link in links if link in list_display] or list(list_display)[:1]

    def get_fields(self, request, obj=None):
        return self._shown(request, super().get_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = self._shown(request, options["fields"])
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return self._shown(request, super().get_readonly_fields(request, obj))

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *sorted(self.hidden_fields(request))]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        hidden = self.hidden_fields(request)
        if hidden & set(form.base_fields):
            # A field declared on the form class (PersonForm.nik) would otherwise stay on it,
            # unrendered but validated and saved.
            form = type(form.__name__, (form,), {})
            form.base_fields = {name: field for name, field in form.base_fields.items() if name not in hidden}
        return form


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
    """Leaves out bookkeeping columns; the hidden fields of a reader who may not see them are
    listed as changed, their values replaced by "disembunyikan"."""

    def __init__(self, model, historical_record, *, hidden_fields=(), **kwargs):
        super().__init__(model, historical_record, **kwargs)
        self.hidden_fields = set(hidden_fields)

    def context_for_delta_changes(self, delta):
        shown = [change for change in delta.changes if change.field not in QUIET_HISTORY_FIELDS]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=shown))

    def prepare_delta_change_value(self, change, value):
        return history_value(
            self.model._meta.get_field(change.field), super().prepare_delta_change_value(change, value)
        )

    def stringify_delta_change_values(self, change, old, new):
        if change.field in self.hidden_fields:
            return HIDDEN_VALUE, HIDDEN_VALUE
        return super().stringify_delta_change_values(change, old, new)


def history_value(field, value):
    """A value as the history pages say it, in the screen's language: a choice by its label
    ("selesai/lulus", not "lulus"), yes or no, a date in the one history format, "(kosong)"."""
    if value is None or value == "" or value == []:
        return EMPTY_HISTORY_VALUE
    if getattr(field, "choices", None) and not isinstance(value, list):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_format(value, HISTORY_DATETIME_FORMAT)
    if isinstance(value, datetime.date):
        return date_format(value, HISTORY_DATE_FORMAT)
    return value


class PortalHistoryAdmin(PersonalDataAdmin, SimpleHistoryAdmin):
    """Every registry's admin: the audit trail on the record's page ("Riwayat"), fast lists, and
    personal data hidden from readers without the permission (PersonalDataAdmin), on the
    history pages too.

    `history_children` names inline models whose changes are listed on the parent's history
    page: [(ChildModel, "fk_name", "label_field"), …].
    """

    show_full_result_count = False
    list_per_page = 50
    object_history_template = "admin/portal_object_history.html"

    def has_export_lists_permission(self, request):
        """For actions with allowed_permissions=("export_lists",): the list exports."""
        return request.user.has_perm(EXPORT_LISTS)

    history_children = ()

    def get_historical_record_context_helper(self, request, historical_record):
        return QuietHistoryContextHelper(self.model, historical_record, hidden_fields=self.hidden_fields(request))

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """As simple-history does, and marks the records whose changes were worked out, so the page
        can say "no data changed" for them (the oldest on a page is compared on the next page)."""
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        records = list(historical_records)
        for record in records[:-1]:
            record.history_delta_known = True

    def history_view(self, request, object_id, extra_context=None):
        if not valid_key(self.model._meta.pk, unquote(object_id)):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        extra_context = {**(extra_context or {}), "child_histories": self.child_histories(request, object_id)}
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history_id = self.model.history.model._meta.pk
        if not valid_key(self.model._meta.pk, unquote(object_id)) or not valid_key(history_id, version_id):
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

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
            hidden = () if self.may_see_personal_data(request) else personal_fields_of(child_model)
            masked = label_field in hidden
            older = {}  # the next older record of the same row, among those fetched
            for record in reversed(records):
                record.label = HIDDEN_VALUE if masked else getattr(record, label_field)
                before = older.get(record.id)
                if before is not None:
                    helper = QuietHistoryContextHelper(child_model, record, hidden_fields=hidden)
                    delta = record.diff_against(before, foreign_keys_are_objs=True)
                    record.history_delta_changes = helper.context_for_delta_changes(delta)
                    record.history_delta_known = True
                older[record.id] = record
            sections.append({"title": child_model._meta.verbose_name_plural, "records": records})
        return sections
