from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("agreement/", views.agreement, name="agreement"),
    path("guides/", views.guides, name="guides"),
    path("guides/<slug:section>/", views.guides, name="section"),
    path("guide/<slug:slug>/", views.guide, name="guide"),
    path("directory/", views.directory, name="directory"),
    path("directory/map.json", views.directory_map, name="directory_map"),
    path("directory/<slug:code>/", views.directory_entry, name="entry"),
    path("search/", views.search, name="search"),
]
