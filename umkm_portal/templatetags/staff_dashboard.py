from django import template

from umkm_portal.dashboard import build_dashboard

register = template.Library()


@register.simple_tag
def staff_dashboard():
    """{% staff_dashboard as dashboard %} on the admin's front page."""
    return build_dashboard()
