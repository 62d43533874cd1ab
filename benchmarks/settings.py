"""The portal's settings with the benchmark URLconf (the portal plus the reference page)."""

from umkm_portal.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
