"""Untranslated Indonesian content on a page in another language (WCAG 3.1.2, "one language per
page"): names and descriptions typed by staff or owners are Indonesian whatever the screen language.

A whole element holding such content takes the attribute itself, as program titles do:
`<h1{% if LANGUAGE_CODE != "id" %} lang="id"{% endif %}>{{ program.title }}</h1>`.
Inside a translated sentence, the value is wrapped instead:
`{% blocktranslate with name=commodity.name|indonesian %}Harga {{ name }}{% endblocktranslate %}`.
Never in text-only places (the page's <title>, attributes, an SVG <title>): markup has no place there.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def indonesian(value):
    """`<span lang="id">value</span>` (escaped) when the page is not in Indonesian; else the value
    as it is; an empty value stays empty."""
    if value is None or value == "":
        return value
    if (get_language() or "id").split("-")[0] == "id":
        return value
    return format_html('<span lang="id">{}</span>', value)
