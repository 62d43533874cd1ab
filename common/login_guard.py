"""The answer to a locked-out login (django-axes calls `lockout_response`, AXES_LOCKOUT_CALLABLE).

A page in the portal's look that says when to try again and whom to ask: the lock lifts by itself
AXES_COOLOFF_TIME after the last failed attempt (each attempt during the lock starts it again),
and an administrator can lift it at once (`manage.py axes_reset_username NAME`).
"""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def lockout_response(request, original_response=None, credentials=None):
    until = timezone.localtime() + settings.AXES_COOLOFF_TIME
    context = {
        "until": until,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "admin_contact": settings.ADMIN_CONTACT,
    }
    return render(request, "lockout.html", context, status=429)
