from django.urls import path

from anping.assessments import views

app_name = "assessments"

urlpatterns = [
    path("assessments/", views.dashboard, name="dashboard"),
    path("assessments/start/", views.start, name="start"),
    path("assessments/<int:assessment_id>/", views.detail, name="detail"),
    path("assessments/<int:assessment_id>/transition/", views.transition, name="transition"),
    path("assessments/<int:assessment_id>/points/sync/", views.sync_points, name="sync_points"),
    path("assessments/<int:assessment_id>/points/<int:point_id>/", views.point, name="point"),
    path("assessments/<int:assessment_id>/evidence/", views.upload, name="upload"),
    path("assessments/<int:assessment_id>/details/", views.details, name="details"),
    path("assessments/<int:assessment_id>/report/", views.report, name="report"),
    path("assessments/<int:assessment_id>/report/freeze/", views.freeze, name="freeze"),
    path(
        "assessments/<int:assessment_id>/report/policy/",
        views.approval_policy,
        name="approval_policy",
    ),
    path("assessments/<int:assessment_id>/clone/", views.clone, name="clone"),
    path("assessments/<int:assessment_id>/diff/", views.diff, name="diff"),
    path("assessments/<int:assessment_id>/points.xlsx", views.export_xlsx, name="export_xlsx"),
    path("assessments/<int:assessment_id>/points/import/", views.import_xlsx, name="import_xlsx"),
    path("reports/<int:report_id>/approve/", views.approve, name="approve"),
    path("reports/files/<int:file_id>/", views.report_file, name="report_file"),
    path("assessments/<int:assessment_id>/requests/", views.request_evidence, name="request"),
    path("evidence/revisions/<int:revision_id>/", views.download, name="download"),
    path("evidence-requests/<int:request_id>/close/", views.close_request, name="close_request"),
    path("findings/<int:finding_id>/rectification/", views.plan_rectification, name="rectify"),
    path("findings/<int:finding_id>/withdraw/", views.withdraw_finding, name="withdraw"),
    path(
        "rectifications/<int:rectification_id>/done/",
        views.rectification_done,
        name="rectification_done",
    ),
    path(
        "rectifications/<int:rectification_id>/verify/",
        views.verify_rectification,
        name="verify",
    ),
]
