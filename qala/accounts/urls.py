from django.urls import path

from . import telegram_views, views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("telegram/code/", telegram_views.link_code, name="telegram_code"),
    path("telegram/login/", telegram_views.login_widget, name="telegram_login"),
]
