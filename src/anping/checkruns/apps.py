from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckRunsConfig(AppConfig):
    name = "anping.checkruns"
    label = "checkruns"
    verbose_name = _("自动检查运行")

    def ready(self) -> None:
        from anping.checkruns import flows  # noqa: F401 - registers the `check.run` job handler
