from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from common import background_exports
from common import views as common_views
from umkm_portal import views

admin.site.site_header = _("Back office Portal UMKM")
admin.site.site_title = _("Portal UMKM")
admin.site.index_title = _("Pekerjaan hari ini")

# A database that does not answer gets the 503 page; every other server error the 500 page.
handler500 = "common.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("pelatihan/", include("programs.urls")),
    path("sertifikat/", include("programs.urls_certificates")),
    path("koperasi/", include("cooperatives.urls")),
    path("pasar/", include("markets.urls")),
    path("umkm/", include("enterprises.urls")),
    path("privasi/", TemplateView.as_view(template_name="privacy.html"), name="privacy"),
    path("data/", views.figures_page, name="figures"),
    path("data/<slug:slug>.csv", views.figures_csv, name="figures_csv"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Large exports built by the worker: progress and download, for their owner only.
    path("admin/ekspor/<uuid:export_id>/", background_exports.status_view, name="background_export"),
    path("admin/ekspor/<uuid:export_id>/unduh/", background_exports.download_view, name="background_export_download"),
    path("favicon.ico", views.favicon),
    path("lambang/<str:digest>/", common_views.agency_emblem, name="agency_emblem"),
    path("admin/", admin.site.urls),
]
