"""Prices and changes as people read them, for pages and messages alike."""


def rupiah_text(value):
    """12500 -> "Rp12.500" (dots for thousands in either language, as prices are written locally)."""
    if value is None or value == "":
        return "–"
    return "Rp" + f"{int(value):,}".replace(",", ".")


def change_text(value):
    """A percent change with its sign: +12,5% / −3% / ±0% / – (nothing to compare with)."""
    if value is None:
        return "–"
    text = f"{abs(value):.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return ("+" if value > 0 else "−" if value < 0 else "±") + text + "%"
