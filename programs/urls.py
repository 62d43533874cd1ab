from django.urls import path

from programs import views

app_name = "programs"

# Fixed paths (e.g. cek-status/) go ABOVE the slug route so it does not shadow them.
urlpatterns = [
    path("", views.program_list, name="list"),
    path("<slug:slug>/", views.program_detail, name="detail"),
]
