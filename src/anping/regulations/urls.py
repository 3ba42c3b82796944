from django.urls import path

from anping.regulations import views

app_name = "regulations"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("points/", views.points, name="points"),
    path("<str:catalog_id>/", views.regulation, name="regulation"),
    path("<str:catalog_id>/<int:n>/", views.article, name="article"),
]
