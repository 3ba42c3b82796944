from django.urls import include, path

from anping.api import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("regulations/", include("anping.regulations.urls")),
    path("", include("anping.services.urls")),
    path("", include("anping.assessments.urls")),
    path("", include("anping.checkruns.urls")),
    path("", include("anping.web.urls")),
]
