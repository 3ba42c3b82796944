from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "anping.services"
    label = "services"
    verbose_name = _("信息服务登记")
