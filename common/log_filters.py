"""Logging filters the portal's LOGGING configuration uses (umkm_portal/settings.py)."""

import logging

from django.core.exceptions import PermissionDenied


class ExpectedRefusalInOneLine(logging.Filter):
    """A 403 from PermissionDenied is the permission system doing its job: Django logs it with
    the exception attached, which printed a whole traceback per refused click. Keep the one line
    ("Forbidden (Permission denied): /admin/…"), drop the traceback."""

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
