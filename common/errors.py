"""The portal's answer when a request fails on the server (settings: handler500 in the root urls).

A database that does not answer (connection refused or timed out, a statement cancelled by
statement_timeout, SQLite's busy timeout) is not a bug in a page: the answer is 503 with the
portal's own page and a Retry-After, so that people and monitors see "try again shortly". Every
other error gets the portal's 500 page. Both give the agency's contact as this process last read it
(common.agency), else from settings; neither touches the database, the cache nor the session.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

from common.agency import agency_for_error_pages

RETRY_AFTER_SECONDS = 30


def database_unavailable(exception):
    return isinstance(exception, OperationalError | InterfaceError)


def server_error(request, template_name="500.html"):
    # Django calls handler500 inside its `except` block: the exception being handled is still there.
    exception = sys.exc_info()[1]
    context = {"agency": agency_for_error_pages()}
    if database_unavailable(exception):
        response = HttpResponse(loader.get_template("503.html").render(context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template(template_name).render(context))
