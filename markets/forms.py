import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import DayMonthYearField
from markets import rules
from markets.formats import change_text, rupiah_text
from markets.models import Market


class PlaceForm(forms.Form):
    """Which market and which day the enumerator is entering (read from the query string)."""

    pasar = forms.ModelChoiceField(
        label=gettext_lazy("Pasar"),
        queryset=Market.objects.none(),
        to_field_name="slug",
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("Pilih pasar dari daftar.")},
    )
    # Typed as DD/MM/YYYY like every date of the portal: a browser's date picker shows mm/dd/yyyy
    # on a phone set to English. Links carry the ISO form (2026-12-31), shown as 31/12/2026.
    tanggal = DayMonthYearField(
        label=gettext_lazy("Tanggal"),
        show_as_read=True,
        error_messages={"invalid": gettext_lazy("Tulis tanggal seperti 31/12/2026.")},
    )

    def __init__(self, data=None, *, usual_market_id=None, today=None):
        self.today = today or timezone.localdate()
        markets = list(Market.objects.only("pk", "name", "slug").order_by("name"))
        # The enumerator's usual market (the one they last entered) comes first.
        markets.sort(key=lambda market: market.pk != usual_market_id)
        initial = {"pasar": markets[0].slug if markets else None, "tanggal": self.today}
        super().__init__({**initial, **data.dict()} if data else initial)
        self.fields["pasar"].queryset = Market.objects.order_by("name")
        self.fields["pasar"].choices = [(market.slug, market.name) for market in markets]

    def clean_tanggal(self):
        day = self.cleaned_data["tanggal"]
        if day > self.today:
            raise forms.ValidationError(_("Harga dicatat untuk hari ini atau hari yang sudah lewat."))
        if day < self.today - datetime.timedelta(days=366):
            raise forms.ValidationError(_("Harga lebih dari setahun lalu dicatat lewat impor di back office."))
        return day


class PriceEntryForm(forms.Form):
    """One price field per commodity; a price far from the market's last one needs its box ticked."""

    def __init__(self, data=None, *, rows):
        super().__init__(data)
        self.rows = rows
        for row in rows:
            initial = row.day_price
            self.fields[f"harga_{row.pk}"] = forms.CharField(
                label=row.name,
                required=False,
                max_length=20,
                initial=initial,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "off", "size": 9, "enterkeyhint": "next"}
                ),
            )
            self.fields[f"yakin_{row.pk}"] = forms.BooleanField(
                label=_("Harga ini benar"), required=False, widget=forms.CheckboxInput()
            )

    def lines(self):
        """For the template: (commodity row, price field, confirm field, asks to confirm)."""
        asking = getattr(self, "asking", set())
        return [(row, self[f"harga_{row.pk}"], self[f"yakin_{row.pk}"], row.pk in asking) for row in self.rows]

    def clean(self):
        prices, self.asking = {}, set()
        for row in self.rows:
            name = f"harga_{row.pk}"
            text = (self.cleaned_data.get(name) or "").strip()
            if not text:
                continue
            price = rules.parse_rupiah(text)
            if price is None or not 0 < price <= rules.MAX_PRICE:
                self.add_error(
                    name,
                    _("Tulis harga dalam rupiah tanpa desimal, misalnya 12500 atau 12.500; bukan “%(value)s”.")
                    % {"value": text},
                )
                continue
            prices[row.pk] = price
            if (
                price != row.day_price
                and rules.needs_confirmation(row.last_price, price)
                and not self.cleaned_data.get(f"yakin_{row.pk}")
            ):
                self.asking.add(row.pk)
                self.add_error(
                    name,
                    _(
                        "Berubah %(change)s dari harga terakhir (%(last)s). Periksa lagi; "
                        "bila benar, centang “Harga ini benar” lalu simpan."
                    )
                    % {
                        "change": change_text(rules.percent_change(row.last_price, price)),
                        "last": rupiah_text(row.last_price),
                    },
                )
        if not prices and not self.errors:
            raise forms.ValidationError(_("Belum ada harga yang diisi."))
        self.cleaned_data["prices"] = prices
        return self.cleaned_data
