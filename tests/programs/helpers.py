import html
import re


def field_errors(response, name):
    """The error messages shown beside one field (Django renders them as ul#id_<name>_error)."""
    match = re.search(rf'<ul class="errorlist" id="id_{name}_error">(.*?)</ul>', response.text, re.S)
    if not match:
        return []
    return [html.unescape(m) for m in re.findall(r"<li>(.*?)</li>", match.group(1), re.S)]


def input_value(response, name):
    """The value an <input name=...> was rendered with, or None when it has none."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', response.text)
    assert tag, f"no input named {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else None
