"""wa.me links: a phone opens WhatsApp with the text filled in, no gateway needed."""

from urllib.parse import quote


def whatsapp_link(text, number=""):
    """A wa.me link that opens WhatsApp with `text` ready to send, to `number` (international
    digits) or, without one, to a contact the user picks (e.g. themself, to keep the code)."""
    return f"https://wa.me/{number}?text={quote(str(text))}"


def whatsapp_number(phone):
    """An Indonesian phone number as wa.me wants it: 0812… → 62812…; '' when it is not one."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits if digits.startswith("62") and len(digits) >= 9 else ""
