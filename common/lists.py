"""What every public list page shares: a filterset read from the query string, an explained
empty result for bad input, and pagination that never raises for an unknown page.

Pagination is capped: a list reads at most `COUNT_CAP + 1` primary keys (one query over an index,
never the whole table; kept in the public cache, so the count and every page of the same list are
slices of it) and offers at most `MAX_PAGES` pages. Past the cap the page says "lebih dari 10.000" and asks
for a filter: nobody reads page 501 of a catalogue, while page numbers keep every ordering the
filters offer (keyset cursors would need one cursor format per ordering, nullable columns
included) and keep links shareable.
"""

from array import array
from functools import cached_property

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.db.models.sql.where import WhereNode
from django.http import QueryDict
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import CharFilter, ChoiceFilter, OrderingFilter

from common.caching import cached

PAGE_SIZE = 20
MAX_PAGES = 500
COUNT_CAP = PAGE_SIZE * MAX_PAGES
ALL = gettext_lazy("Semua")
UNKNOWN_CHOICE = gettext_lazy("Pilihan %(value)s tidak dikenal; pilih salah satu dari daftar.")


class SearchFilter(CharFilter):
    """Free-text search over a few columns (case-insensitive, each word must match somewhere).

    `lookup="folded_contains"` (common.search) also ignores accents and uses the trigram index
    of columns that have one: for the big tables."""

    def __init__(self, *args, fields, lookup="icontains", **kwargs):
        self.search_fields = fields
        self.lookup = lookup
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        for word in (value or "").split()[:5]:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__{self.lookup}": word})
            qs = qs.filter(condition)
        return qs


class ExplainedChoiceFilter(ChoiceFilter):
    """A choice filter whose empty option reads "Semua" and whose unknown values get a sentence."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", ALL)
        kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_CHOICE})
        super().__init__(*args, **kwargs)


class WhitelistOrderingFilter(OrderingFilter):
    """Ordering by the declared keys only; anything else is a form error, not a 500."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", None)
        kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_CHOICE})
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        # The primary key breaks ties, so pages never repeat or skip a row.
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "pk")


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap + 1` rows: `count` is exact up to `cap`, and
    `capped` says there are more than `cap` (only the first `cap` rows are paged)."""

    def __init__(self, object_list, per_page, *, cap=COUNT_CAP, keep_in_cache=True, **kwargs):
        self.cap = cap
        self.keep_in_cache = keep_in_cache
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _ids(self):
        """The list's first `cap + 1` primary keys in order: one query over the ordering's index
        (bounded whatever the table's size), so that the count and the page are slices of it.
        With `keep_in_cache` (the public lists), kept in the public cache under the query's SQL,
        so every further page of the same list reads only its rows."""
        ids = self.object_list.values_list("pk", flat=True)[: self.cap + 1]
        if not self.keep_in_cache:
            return list(ids)
        sql, params = ids.query.sql_with_params()
        packed = cached("list-ids", lambda: _packed(list(ids)), ids.db, sql, params)
        return array("q", packed) if isinstance(packed, bytes) else packed

    @cached_property
    def count(self):
        return len(self._ids)

    @property
    def capped(self):
        return self.count > self.cap

    def page(self, number):
        """The page's rows: its primary keys from `_ids`, then those rows with their joins in one
        query (a deep page reads no joined rows it does not show)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.cap)
        ids = list(self._ids[bottom:top])
        rows = {row.pk: row for row in self._rows_by_pk(ids)} if ids else {}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    def _rows_by_pk(self, ids):
        # The list's columns, joins and annotations, but none of its filters (searches
        # included): the ids already passed them, and the primary key finds 20 rows at once.
        rows = self.object_list.order_by()
        rows.query.where = WhereNode()
        return rows.filter(pk__in=ids)

    @cached_property
    def num_pages(self):
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, -(-min(self.count, self.cap) // self.per_page))


def _packed(ids):
    """Integer keys as 8 bytes each (10,001 of them are 80 KB in the cache); others as they are."""
    try:
        return array("q", ids).tobytes()
    except TypeError:
        return ids


def filtered_page(request, filterset):
    """Returns (page or None, problem sentence or None) for a bound filterset.

    Invalid filters give no rows and the form's own error sentences; a page past the end gives no
    rows and says how many pages there are. The queries are the same whatever the number of rows.
    """
    if not filterset.is_valid():
        return None, _("Filter tidak dapat dipakai; periksa isian yang ditandai di bawah.")
    paginator = CappedPaginator(filterset.qs, PAGE_SIZE)
    raw = request.GET.get("page", "1")
    try:
        return paginator.page(raw), None
    except PageNotAnInteger:
        return None, _("Nomor halaman harus berupa angka.")
    except EmptyPage:
        if paginator.capped:
            return None, _(
                "Halaman %(page)s tidak ditampilkan: daftar ini hanya menampilkan %(pages)s halaman pertama. "
                "Persempit dengan filter atau pencarian."
            ) % {"page": raw[:10], "pages": paginator.num_pages}
        return None, _("Halaman %(page)s tidak ada; daftar ini memiliki %(pages)s halaman.") % {
            "page": raw[:10],
            "pages": paginator.num_pages,
        }


def lazy_filtered_page(request, filterset):
    """`filtered_page()` run when a template first reads the page or the problem, not before:
    a list whose results fragment comes from the cache (common.caching) runs no query for them."""
    result = SimpleLazyObject(lambda: filtered_page(request, filterset))
    return SimpleLazyObject(lambda: result[0]), SimpleLazyObject(lambda: result[1])


def query_without_page(request, filterset):
    """The list's filters as a query string: the parameters `filterset` reads, without `page` or
    any other (a shared link's fbclid or utm_source). Pagination links keep the filters and drop
    the rest, and the list's cached fragments are keyed on it, so a visitor arriving with such a
    parameter reads the same cached page as everyone else instead of rendering it afresh."""
    query = QueryDict(mutable=True)
    for name in filterset.filters:  # the form's fields, without building the form (a cached page needs none)
        name = f"{filterset.form_prefix}-{name}" if filterset.form_prefix else name
        if name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    return query.urlencode()
