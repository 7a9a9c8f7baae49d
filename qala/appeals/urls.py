from django.urls import path

from . import executor_views, operator_views, views

app_name = "appeals"
urlpatterns = [
    path("report/", views.report, name="report"),
    path("appeal/", views.formal_new, name="formal_new"),
    path("report/place/", views.report_place, name="report_place"),
    path("report/details/", views.report_details, name="report_details"),
    path("appeals/<str:number>/created/", views.created, name="created"),
    path("my/", views.mine, name="mine"),
    path("appeals/<str:number>/", views.detail, name="detail"),
    path("map/", views.public_map, name="map"),
    path("map/data.json", views.map_data, name="map_data"),
    path("appeals/<str:number>/confirm/", views.confirm, name="confirm"),
    path("appeals/<str:number>/dispute/", views.dispute, name="dispute"),
    path("staff/queue/", operator_views.queue, name="queue"),
    path("staff/phone/", operator_views.phone_new, name="phone_new"),
    path("staff/appeals/<str:number>/", operator_views.triage, name="triage"),
    path("staff/tasks/", executor_views.tasks, name="tasks"),
    path("staff/tasks/<str:number>/", executor_views.task, name="task"),
]
