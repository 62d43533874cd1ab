from django.urls import path

from markets import views, views_prices

app_name = "markets"

urlpatterns = [
    path("", views.market_list, name="list"),
    path("harga/", views_prices.price_index, name="prices"),
    path("harga/catat/", views_prices.price_entry, name="price_entry"),
    path("harga/pantau/", views_prices.price_watch, name="price_watch"),
    path("harga/ekspor.<str:file_format>", views_prices.price_export, name="price_export"),
    path("harga/<slug:slug>/", views_prices.commodity_prices, name="commodity_prices"),
    path("<slug:slug>/", views.market_detail, name="detail"),
    path("<slug:slug>/harga/", views_prices.market_prices, name="market_prices"),
]
