"""Prices of staples: the enumerator's entry page and the agency's watch list (staff), the
public price pages and their CSV/XLSX (everyone)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from markets import prices
from markets.exports import price_export_response
from markets.forms import PlaceForm, PriceEntryForm
from markets.models import Commodity, Market, PriceObservation
from markets.services import record_prices

ENTER = "markets.add_priceobservation"
WATCH = "markets.view_priceobservation"


def _staff_with(permission):
    def decorate(view):
        @login_required(login_url="admin:login")
        def wrapped(request, *args, **kwargs):
            if not (request.user.is_staff and request.user.has_perm(permission)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


@_staff_with(ENTER)
def price_entry(request):
    usual = (
        PriceObservation.objects.filter(entered_by=request.user)
        .order_by("-observed_on")
        .values_list("market_id", flat=True)
        .first()
    )
    place = PlaceForm(request.GET, usual_market_id=usual)
    if not place.is_valid():
        return render(request, "markets/price_entry.html", {"place": place, "form": None}, status=400)
    market, day = place.cleaned_data["pasar"], place.cleaned_data["tanggal"]
    rows = prices.entry_rows(market, day)
    form = PriceEntryForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            recorded = record_prices(market=market, day=day, prices=form.cleaned_data["prices"], user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Harga %(market)s tanggal %(day)s tersimpan: %(added)s baru, %(changed)s diubah.")
                % {
                    "market": market,
                    "day": day.strftime("%d/%m/%Y"),
                    "added": recorded.added,
                    "changed": recorded.changed,
                },
            )
            return redirect(f"{reverse('markets:price_entry')}?pasar={market.slug}&tanggal={day.isoformat()}")
    context = {"place": place, "form": form, "market": market, "day": day}
    return render(request, "markets/price_entry.html", context, status=400 if form.errors else 200)


@_staff_with(WATCH)
def price_watch(request):
    return render(request, "markets/price_watch.html", {"watch": prices.watch(timezone.localdate())})


def price_index(request):
    overview = prices.district_overview(timezone.localdate())
    context = {"overview": overview, "generation": prices.generation(), "cache_seconds": prices.CACHE_SECONDS}
    return render(request, "markets/price_index.html", context)


def commodity_prices(request, slug):
    commodity = get_object_or_404(Commodity, slug=slug)
    history = prices.commodity_history(commodity, timezone.localdate())
    return render(request, "markets/commodity_prices.html", {"commodity": commodity, "history": history})


def market_prices(request, slug):
    market = get_object_or_404(Market.objects.select_related("kecamatan"), slug=slug)
    history = prices.market_history(market, timezone.localdate())
    charted = [row for row in history["rows"] if row.points]
    wanted = request.GET.get("komoditas")
    chosen = next((row for row in charted if row.commodity.slug == wanted), charted[0] if charted else None)
    context = {"market": market, "history": history, "charted": charted, "chosen": chosen}
    return render(request, "markets/market_prices.html", context)


def price_export(request, file_format):
    """The long shape of the ministry's monitoring (date, market code, market, commodity, unit,
    price) for a year up to the latest day, of one commodity (?komoditas=) or one market (?pasar=)
    or all. Public figures: no one's name, so not recorded in the ExportLog."""
    if file_format not in ("csv", "xlsx"):
        raise Http404
    filters = {}
    if slug := request.GET.get("komoditas"):
        filters["commodity"] = get_object_or_404(Commodity, slug=slug)
    if slug := request.GET.get("pasar"):
        filters["market"] = get_object_or_404(Market, slug=slug)
    last = prices.latest_day(timezone.localdate(), **filters) or timezone.localdate()
    first = last - datetime.timedelta(days=prices.HISTORY_DAYS)
    return price_export_response(filters=filters, first=first, last=last, file_format=file_format)
