from django.urls import path

from anping.services import views

app_name = "services"

urlpatterns = [
    path("services/", views.service_list, name="list"),
    path("services/new/", views.service_create, name="create"),
    path("services/import/", views.import_view, name="import"),
    path("services/division/", views.division_preview, name="division"),
    path("services/<int:service_id>/", views.service_detail, name="detail"),
    path("services/<int:service_id>/edit/", views.service_edit, name="edit"),
    path("services/<int:service_id>/functions/add/", views.add_function, name="add_function"),
    path("services/<int:service_id>/events/add/", views.add_event, name="add_event"),
    path("services/<int:service_id>/samples/add/", views.add_sample, name="add_sample"),
    path(
        "services/<int:service_id>/events/<int:event_id>/report/",
        views.event_report,
        name="event_report",
    ),
    path(
        "services/<int:service_id>/samples/<int:sample_id>/report/",
        views.sample_report,
        name="sample_report",
    ),
    path("deadlines/", views.deadlines, name="deadlines"),
]
