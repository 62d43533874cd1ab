from django.urls import path

from enterprises import views

app_name = "enterprises"

urlpatterns = [
    path("", views.catalogue_list, name="catalogue"),
    path("<int:pk>/", views.catalogue_detail, name="catalogue_detail"),
]
