from django.urls import path  # noqa: F401  (public pages are added here)

from programs import views_applications

app_name = "programs"

urlpatterns = [
    # Applying and checking status (issue 6): keep these together, before the program pages.
    path("cek-status/", views_applications.application_status, name="application_status"),
    path("<slug:slug>/daftar/", views_applications.apply, name="apply"),
    path("<slug:slug>/daftar/selesai/", views_applications.apply_done, name="apply_done"),
]
