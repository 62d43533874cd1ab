"""One language per page: where Indonesian content on an English page is not marked lang="id"."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _LanguageWalker(HTMLParser):
    """Each text node of <body> outside SVG, with the language of the element holding it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, lang) of the open elements
        self.texts = []  # (language, tag, text)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        inherited = self.stack[-1][1] if self.stack else None
        self.stack.append((tag, dict(attrs).get("lang", inherited)))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):  # tolerate elements closed implicitly
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        tags = [tag for tag, _lang in self.stack]
        if "body" not in tags or "svg" in tags or not data.strip():
            return  # the head is text-only (title, meta); an SVG's <title> cannot hold markup
        self.texts.append((self.stack[-1][1], self.stack[-1][0], data.strip()))


def unmarked(html, *phrases):
    """The text nodes holding one of the phrases in an element whose language is not Indonesian."""
    walker = _LanguageWalker()
    walker.feed(html)
    return [
        f"<{tag} lang={language}>{text}"
        for language, tag, text in walker.texts
        if language != "id" and any(phrase in text for phrase in phrases)
    ]
