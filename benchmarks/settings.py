"""The portal's settings with the benchmark URLconf (the portal plus the reference page), and
`?render-afresh` to measure a page as if none of its rendered fragments were cached."""

from umkm_portal.settings import *  # noqa: F403
from umkm_portal.settings import MIDDLEWARE

ROOT_URLCONF = "benchmarks.urls"
MIDDLEWARE = [*MIDDLEWARE, "benchmarks.middleware.RenderAfreshMiddleware"]
