from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from umkm_portal import views

admin.site.site_header = _("Back office Portal UMKM")
admin.site.site_title = _("Portal UMKM")
admin.site.index_title = _("Pekerjaan hari ini")

urlpatterns = [
    path("", views.home, name="home"),
    path("pelatihan/", include("programs.urls")),
    path("koperasi/", include("cooperatives.urls")),
    path("pasar/", include("markets.urls")),
    path("umkm/", include("enterprises.urls")),
    path("privasi/", TemplateView.as_view(template_name="privacy.html"), name="privacy"),
    path("data/", views.figures_page, name="figures"),
    path("data/<slug:slug>.csv", views.figures_csv, name="figures_csv"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
]

handler500 = "umkm_portal.views.server_error"
