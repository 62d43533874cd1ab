"""Indonesian number formats for templates and admin columns: {{ amount|rupiah }} → Rp1.500.000."""

from django import template

register = template.Library()


@register.filter
def rupiah(amount):
    """Rupiah the Indonesian way: "Rp1.500.000" (dot for thousands, no decimals); "" for None."""
    if amount is None or amount == "":
        return ""
    try:
        value = round(float(amount))
    except (TypeError, ValueError):
        return ""
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{abs(value):,}".replace(",", ".")


@register.filter
def ribuan(number):
    """A whole number with dots for thousands: 100000 → "100.000"."""
    if number is None:
        return ""
    return f"{int(number):,}".replace(",", ".")
