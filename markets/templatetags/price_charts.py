from django import template

from markets.charts import price_chart

register = template.Library()


@register.simple_tag
def chart_of(points, reference=None):
    """{% chart_of row.points row.reference as chart %}: the SVG geometry of weekly points."""
    return price_chart(points, reference=reference)


@register.filter
def rupiah(value):
    """12500 -> "Rp12.500" (dots for thousands in either language, as prices are written locally)."""
    if value is None or value == "":
        return "–"
    return "Rp" + f"{int(value):,}".replace(",", ".")


@register.filter
def change(value):
    """A percent change with its sign: +12,5% / −3% / – (no comparison)."""
    if value is None:
        return "–"
    text = f"{abs(value):.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return ("+" if value > 0 else "−" if value < 0 else "±") + text + "%"
