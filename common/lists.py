"""What every public list page shares: a filterset read from the query string, an explained
empty result for bad input, and pagination that never raises for an unknown page."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import CharFilter, ChoiceFilter, OrderingFilter

PAGE_SIZE = 20
ALL = gettext_lazy("Semua")
UNKNOWN_CHOICE = gettext_lazy("Pilihan %(value)s tidak dikenal; pilih salah satu dari daftar.")


class SearchFilter(CharFilter):
    """Free-text search over a few columns (case-insensitive, each word must match somewhere)."""

    def __init__(self, *args, fields, **kwargs):
        self.search_fields = fields
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        for word in (value or "").split()[:5]:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": word})
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


def filtered_page(request, filterset):
    """Returns (page or None, problem sentence or None) for a bound filterset.

    Invalid filters give no rows and the form's own error sentences; a page past the end gives no
    rows and says how many pages there are. The queries are the same whatever the number of rows.
    """
    if not filterset.is_valid():
        return None, _("Filter tidak dapat dipakai; periksa isian yang ditandai di bawah.")
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    raw = request.GET.get("page", "1")
    try:
        return paginator.page(raw), None
    except PageNotAnInteger:
        return None, _("Nomor halaman harus berupa angka.")
    except EmptyPage:
        return None, _("Halaman %(page)s tidak ada; daftar ini memiliki %(pages)s halaman.") % {
            "page": raw[:10],
            "pages": paginator.num_pages,
        }


def query_without_page(request):
    """The current query string without `page`, for pagination links that keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
