"""The shared DD/MM/YYYY date field (the application form's birth date, the price entry's day)."""

import datetime

import pytest
from django import forms

from common.forms import DayMonthYearField


class Typed(forms.Form):
    day = DayMonthYearField()


class FromALink(forms.Form):
    day = DayMonthYearField(show_as_read=True)


@pytest.mark.parametrize("typed", ["04/01/2027", "04-01-2027", "04.01.2027", "04 01 2027", "04012027", "2027-01-04"])
def test_day_comes_first_however_it_is_typed(typed):
    form = Typed({"day": typed})
    assert form.is_valid() and form.cleaned_data["day"] == datetime.date(2027, 1, 4)


def test_a_text_box_with_the_hint_that_keeps_what_was_typed_unless_asked():
    box = str(Typed({"day": "2027-01-04"})["day"])
    assert 'type="text"' in box and 'placeholder="DD/MM/YYYY"' in box and 'value="2027-01-04"' in box
    assert 'value="04/01/2027"' in str(FromALink({"day": "2027-01-04"})["day"])
    assert 'value="kemarin"' in str(FromALink({"day": "kemarin"})["day"])
    assert 'value="04/01/2027"' in str(Typed(initial={"day": datetime.date(2027, 1, 4)})["day"])
