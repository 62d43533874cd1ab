from django.urls import path

from programs import views, views_applications

app_name = "programs"

urlpatterns = [
    # Applying and checking status (issue 6): keep these together, before the program pages.
    path("cek-status/", views_applications.application_status, name="application_status"),
    path("kode-hilang/", views_applications.recover_code, name="recover_code"),
    path("<slug:slug>/daftar/", views_applications.apply, name="apply"),
    path("<slug:slug>/daftar/selesai/", views_applications.apply_done, name="apply_done"),
    # Public program pages (issue 4); fixed paths go above the slug route so it does not shadow them.
    path("", views.program_list, name="list"),
    path("<slug:slug>/", views.program_detail, name="detail"),
]
