from django.urls import path

from anping.checkruns import views

app_name = "checkruns"

urlpatterns = [
    path(
        "assessments/<int:assessment_id>/points/<int:point_id>/checks/",
        views.run_form,
        name="run",
    ),
    path("jobs/<int:job_id>/", views.job_page, name="job"),
    path("jobs/<int:job_id>/status/", views.job_status, name="job_status"),
    path("check-runs/<int:run_id>/", views.run_page, name="result"),
]
