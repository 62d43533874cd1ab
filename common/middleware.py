"""Requests no form or list of ours can mean, answered with the portal's 400 page before any
view runs.

Control characters (NUL and the rest of C0, and DEL) have no place in a URL, a query parameter
or a form field: a person cannot type them, PostgreSQL refuses a NUL in text outright, and a
NUL that reached a query used to end in a 500. In form bodies tab, CR and LF stay allowed (a
textarea sends line breaks); in the path and the query string nothing is allowed. Names count as
much as values. Uploaded files are not read here: imports check their content themselves
(common.spreadsheets), with a sentence naming the row and column.
"""

import logging
import re

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger("django.security.ControlCharacters")

IN_URL = re.compile(r"[\x00-\x1f\x7f]")
IN_FORM = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _has(pattern, items):
    return any(pattern.search(key) or pattern.search(value) for key, value in items)


def _body_is_small(request):
    """Whether the body is one a form or an upload can send. A larger one is left unread here, so
    the import screen can still refuse it by its Content-Length without reading it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 64 * 1024


def _items(querydict):
    return ((key, value) for key, values in querydict.lists() for value in values)


class ControlCharacterMiddleware:
    """Answers 400 (templates/400.html, in the reader's language) to a request whose path, query
    string or form fields carry control characters. Placed after LocaleMiddleware, so the page is
    in the language the reader chose, and before CSRF, authentication and every view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = self.problem(request)
        if where:
            logger.warning("Refused a request with control characters in its %s: %s", where, request.path[:200])
            return render(
                request,
                "400.html",
                {
                    "explanation": _(
                        "Permintaan ini memuat karakter kendali (misalnya NUL) yang tidak dapat diproses. "
                        "Periksa isian atau alamatnya, hapus karakter itu, lalu coba lagi."
                    )
                },
                status=400,
            )
        return self.get_response(request)

    def problem(self, request):
        if IN_URL.search(request.path):
            return "path"
        if _has(IN_URL, _items(request.GET)):
            return "query string"
        if request.method != "POST" or not _body_is_small(request):
            return None
        if _has(IN_FORM, _items(request.POST)):
            return "form fields"
        if any(IN_URL.search(key) or IN_URL.search(upload.name or "") for key, upload in _items(request.FILES)):
            return "uploaded file names"
        return None


class SecurityHeadersMiddleware:
    """Sends settings.CONTENT_SECURITY_POLICY and settings.PERMISSIONS_POLICY on every answer.

    Our own few lines rather than django-csp: the portal needs one fixed policy and no nonces
    (there is no inline script or style left to allow), so there is nothing for a library to do."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": settings.CONTENT_SECURITY_POLICY,
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
        }

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's technical error pages (DEBUG only) style themselves inline
        for name, value in self.headers.items():
            if value and name not in response:
                response[name] = value
        return response


class ExplicitLanguageOnlyMiddleware:
    """One language per page: the portal speaks its own language (LANGUAGE_CODE, Indonesian) unless
    the visitor chose another with the language switch, which sets the language cookie. The
    browser's Accept-Language is dropped before LocaleMiddleware reads it, so a phone set to English
    does not get English labels around Indonesian content it never asked to have translated."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class StaffWritesRefreshPublicPagesMiddleware:
    """After a staff member's write succeeds (any method but GET/HEAD/OPTIONS answered below
    400), the public pages' cache is made stale (common.caching.bump_data_version).

    One save refreshes it through the models' signals; imports, bulk actions, the cohort screen
    and the selection desk write many rows at once (bulk_create, QuerySet.update) and send none.
    Catching every staff write here covers each of those paths, and any added later. Anonymous
    writes (the application form) refresh through their saves only, so they cannot be used to
    make every public page be computed again."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method not in self.SAFE_METHODS
            and response.status_code < 400
            and user is not None
            and user.is_authenticated
            and user.is_staff
        ):
            from common.caching import bump_data_version

            bump_data_version()
        return response
