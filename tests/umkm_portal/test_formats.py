"""Dates day before month in both languages (umkm_portal/formats/): the English admin reads
04/01/2027 as 4 January, as the Indonesian one does, and writes dates the same way."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import formats, translation

from tests.factories import ProgramFactory
from tests.programs.test_admin_quota import inline_post

pytestmark = pytest.mark.django_db
FOURTH_OF_JANUARY = datetime.date(2027, 1, 4)


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_admin_reads_04_01_2027_as_the_4th_of_january_in_either_language(admin_client, serang, settings, language):
    program = ProgramFactory(publication_state="draf")
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("admin:programs_program_change", args=[program.pk])
    response = admin_client.post(
        url, {**inline_post(program, []), "start_date": "04/01/2027", "end_date": "06/01/2027"}
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    program.refresh_from_db()
    assert (program.start_date, program.end_date) == (FOURTH_OF_JANUARY, datetime.date(2027, 1, 6))
    page = admin_client.get(url).text
    assert f'<html lang="{language}"' in page
    assert 'name="start_date" value="04/01/2027"' in page  # written day first too


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [("en", "4 January 2027", "04/01/2027"), ("id", "4 Jan. 2027", "04/01/2027")],
)
def test_dates_are_written_day_first_and_month_first_is_never_guessed(language, long, short):
    with translation.override(language):
        assert formats.date_format(FOURTH_OF_JANUARY) == long
        assert formats.date_format(FOURTH_OF_JANUARY, "SHORT_DATE_FORMAT") == short
        assert forms.DateField().clean("04/01/2027") == FOURTH_OF_JANUARY
        assert forms.DateField().clean("2027-01-04") == FOURTH_OF_JANUARY  # ISO, as links and exports write it
        assert forms.DateTimeField().clean("04/01/2027 10:30").date() == FOURTH_OF_JANUARY
        with pytest.raises(forms.ValidationError):
            forms.DateField().clean("12/25/2026")  # refused, not taken as 25 December
