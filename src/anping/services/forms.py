"""Web forms: they check the shape of the input; the flows check its meaning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from anping.orgs.models import Level
from anping.services.imports import MAX_IMPORT_BYTES
from anping.services.models import EventKind, IssuerKind, ServiceKind

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_BLANK: list[tuple[str, Any]] = [("", "—")]


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("服务名称"), max_length=200)
    kinds = forms.MultipleChoiceField(
        label=_("服务类型"),
        choices=ServiceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("第二条第一项所列类型；“其他”类型需说明是否具有舆论属性或社会动员能力。"),
    )
    division_code = forms.CharField(
        label=_("部署所在地行政区划代码"),
        min_length=6,
        max_length=6,
        help_text=_("六位 GB/T 2260 代码，如 440305（深圳市南山区）。"),
    )
    website_url = forms.CharField(label=_("网站地址"), max_length=500, required=False)
    app_identifiers = forms.CharField(
        label=_("应用标识"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("每行一个，如应用包名、小程序 ID。网站地址和应用标识至少填写一项。"),
    )
    hardware_facilities = forms.CharField(
        label=_("硬件设施"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    software_facilities = forms.CharField(
        label=_("软件设施"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    icp_number = forms.CharField(label=_("ICP 许可证或备案号"), max_length=100, required=False)
    news_licence_number = forms.CharField(
        label=_("互联网新闻信息服务许可证编号"), max_length=100, required=False
    )
    psb_filing_number = forms.CharField(label=_("公安机关备案号"), max_length=100, required=False)
    news_service = forms.BooleanField(label=_("互联网新闻信息服务"), required=False)
    public_opinion_or_mobilisation = forms.BooleanField(
        label=_("具有舆论属性或社会动员能力（第二条第二项）"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division_code"].widget.attrs.update(
            {
                "hx-get": reverse("services:division"),
                "hx-trigger": "change, keyup changed delay:400ms",
                "hx-target": "#filing-unit",
                "inputmode": "numeric",
                "aria-describedby": "filing-unit",
            }
        )

    def flow_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["app_identifiers"] = [
            line.strip() for line in data.get("app_identifiers", "").splitlines() if line.strip()
        ]
        return data


class FunctionForm(forms.Form):
    name = forms.CharField(label=_("功能名称"), max_length=200)
    kind = forms.ChoiceField(
        label=_("功能类型"), choices=_BLANK + ServiceKind.choices, required=False
    )
    launched = forms.DateField(label=_("上线日期"), required=False, widget=_DATE)
    description = forms.CharField(
        label=_("功能说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("事件类型"), choices=EventKind.choices)
    date = forms.DateField(label=_("日期"), widget=_DATE)
    report_submitted = forms.DateField(label=_("评估报告提交日期"), required=False, widget=_DATE)
    function_name = forms.CharField(
        label=_("功能名称"), max_length=200, required=False, help_text=_("仅用于“增设功能”。")
    )
    function_kind = forms.ChoiceField(
        label=_("功能类型"), choices=_BLANK + ServiceKind.choices, required=False
    )
    description = forms.CharField(
        label=_("说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("用于“使用新技术新应用”和“违法有害信息传播扩散”。"),
    )
    major_change = forms.BooleanField(
        label=_("导致舆论属性或社会动员能力发生重大变化"), required=False
    )
    shows_measures_ineffective = forms.BooleanField(
        label=_("表明已有安全措施难以有效防控"), required=False, initial=True
    )
    issuer = forms.CharField(
        label=_("发文机关"), max_length=200, required=False, help_text=_("仅用于“书面通知”。")
    )
    issuer_kind = forms.ChoiceField(
        label=_("发文机关类型"), choices=_BLANK + IssuerKind.choices, required=False
    )
    level = forms.ChoiceField(
        label=_("发文机关级别"), choices=_BLANK + Level.choices, required=False
    )
    document_number = forms.CharField(label=_("文号"), max_length=100, required=False)


class SampleForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=_DATE)
    users = forms.IntegerField(label=_("用户数"), min_value=0)
    report_submitted = forms.DateField(label=_("评估报告提交日期"), required=False, widget=_DATE)


class ReportForm(forms.Form):
    date = forms.DateField(label=_("评估报告提交日期"), widget=_DATE)


class ImportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("导入内容"),
        choices=[("services", _("信息服务")), ("samples", _("用户规模"))],
        widget=forms.RadioSelect,
        initial="services",
    )
    file = forms.FileField(
        label=_("文件"),
        help_text=format_lazy(
            _("CSV（UTF-8 或 GBK 编码）或 Excel .xlsx，最大 {mb} MB。"),
            mb=MAX_IMPORT_BYTES // (1024 * 1024),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
