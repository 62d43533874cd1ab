from django import template

from markets.charts import price_chart
from markets.formats import change_text, rupiah_text

register = template.Library()


@register.simple_tag
def chart_of(points, reference=None):
    """{% chart_of row.points row.reference as chart %}: the SVG geometry of weekly points."""
    return price_chart(points, reference=reference)


@register.filter
def rupiah(value):
    return rupiah_text(value)


@register.filter
def change(value):
    return change_text(value)
