from tests.umkm_portal.fixtures import *  # noqa: F403
