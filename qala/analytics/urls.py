from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.panel, name="panel"),
    path("appeals/<str:number>/", views.appeal, name="appeal"),
    path("league/", views.league, name="league"),
]
