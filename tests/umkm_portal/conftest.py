import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.umkm_portal.fixtures import *  # noqa: F403
from umkm_portal.roles import ROLE_NAMES


@pytest.fixture
def roles(db):
    call_command("setup_roles", verbosity=0)
    return {name: Group.objects.get(name=name) for name in ROLE_NAMES}


@pytest.fixture
def staff_in(roles, django_user_model):
    """staff_in("Bidang UMKM") → a logged-in-able staff user who is only in that group."""

    def make(group_name):
        user = django_user_model.objects.create_user(
            username=group_name.lower().replace(" ", "-").replace("(", "").replace(")", ""),
            password="rahasia-petugas-123",
            is_staff=True,
        )
        user.groups.add(roles[group_name])
        return user

    return make
