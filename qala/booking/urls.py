from django.urls import path

from . import views

app_name = "booking"
urlpatterns = [
    path("", views.centres, name="centres"),
    path("mine/", views.mine, name="mine"),
    path("ticket/<str:code>/", views.ticket, name="ticket"),
    path("ticket/<str:code>/cancel/", views.cancel, name="cancel"),
    path("<slug:centre>/", views.days, name="days"),
    path("<slug:centre>/<str:day>/", views.times, name="times"),
]
