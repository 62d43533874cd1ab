import pytest
from django.core.management import call_command


@pytest.fixture
def demo(serang):
    """The demo data set, small registry: 3 finished and 2 future programs, 819 cooperatives, 13 markets."""
    call_command("load_demo_data", "--enterprises", "60")
