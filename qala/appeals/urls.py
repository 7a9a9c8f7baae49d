from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("report/", views.report, name="report"),
    path("report/place/", views.report_place, name="report_place"),
    path("report/details/", views.report_details, name="report_details"),
    path("appeals/<str:number>/created/", views.created, name="created"),
    path("my/", views.mine, name="mine"),
    path("appeals/<str:number>/", views.detail, name="detail"),
    path("map/", views.public_map, name="map"),
    path("map/data.json", views.map_data, name="map_data"),
]
