"""Form fields shared by the apps' forms."""

import re

from django import forms
from django.core.exceptions import ValidationError


class DayMonthYearField(forms.DateField):
    """A date typed the Indonesian way: day, month, year (31/12/1980, 31-12-1980, 31.12.1980,
    31 12 1980 or 31121980), in a plain text box so the phone's language never turns it into
    mm/dd/yyyy. The ISO form (1980-12-31, as links carry it) is read too.

    `autocomplete`: the box's autofill hint ("bday" for a birth date). `show_as_read`: a date that
    reads comes back in the box as 31/12/1980 (a page opened from a link with 1980-12-31);
    without it the box keeps what was typed, so a person sees their own mistake."""

    input_formats = ["%d/%m/%Y", "%Y/%m/%d"]

    def __init__(self, *, autocomplete="off", show_as_read=False, **kwargs):
        attrs = {"inputmode": "numeric", "placeholder": "DD/MM/YYYY", "autocomplete": autocomplete}
        kwargs.setdefault("widget", forms.DateInput(attrs=attrs, format="%d/%m/%Y"))  # type="text"
        super().__init__(**kwargs)
        self.show_as_read = show_as_read

    def to_python(self, value):
        if isinstance(value, str):
            value = "/".join(part for part in re.split(r"[\s./-]+", value.strip()) if part)
            if value.isdigit() and len(value) == 8:
                value = f"{value[:2]}/{value[2:4]}/{value[4:]}"
        return super().to_python(value)

    def bound_data(self, data, initial):
        if not self.show_as_read:
            return super().bound_data(data, initial)
        try:
            return self.to_python(data) or data
        except ValidationError:
            return data
