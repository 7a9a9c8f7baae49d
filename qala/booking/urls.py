from django.urls import path

from . import desk_views, views

app_name = "booking"
urlpatterns = [
    path("", views.centres, name="centres"),
    path("mine/", views.mine, name="mine"),
    path("ticket/<str:code>/", views.ticket, name="ticket"),
    path("ticket/<str:code>/cancel/", views.cancel, name="cancel"),
    path("desk/", desk_views.centres, name="desk"),
    path("desk/<slug:centre>/", desk_views.board, name="desk_board"),
    path("desk/<slug:centre>/check-in/", desk_views.check_in, name="desk_check_in"),
    path("desk/<slug:centre>/<str:code>/mark/", desk_views.mark, name="desk_mark"),
    path("<slug:centre>/", views.days, name="days"),
    path("<slug:centre>/<str:day>/", views.times, name="times"),
]
