from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template("{% load portal_language %}{{ value|indonesian }}")


def render(value, language):
    with translation.override(language):
        return TEMPLATE.render(Context({"value": value}))


def test_indonesian_text_is_marked_on_an_english_page_and_escaped():
    assert render("Beras <medium>", "en") == '<span lang="id">Beras &lt;medium&gt;</span>'


def test_nothing_is_added_on_an_indonesian_page_or_to_an_empty_value():
    assert render("Beras <medium>", "id") == "Beras &lt;medium&gt;"
    assert render("", "en") == ""
