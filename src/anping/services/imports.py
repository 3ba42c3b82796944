"""Reading services and user-scale samples from CSV (UTF-8 or GBK) or Excel (.xlsx) files.

Parsing checks the form of every cell (dates, numbers, yes/no, known columns) and collects the
errors with their row numbers (the header is row 1, as a spreadsheet shows it); the flows then
check the content (`import_services`, `import_samples`) in one transaction. If any row is bad,
nothing is written. Uploads are bounded in bytes and rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from anping.core.errors import DomainError, Invalid
from anping.services.models import ServiceKind

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

#: Column → accepted headers (English key, Chinese header); compared without case and spaces.
SERVICE_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("服务名称", "名称"),
    "kinds": ("服务类型", "类型"),
    "division_code": ("部署所在地行政区划代码", "行政区划代码", "部署地"),
    "website_url": ("网站地址", "网址"),
    "app_identifiers": ("应用标识",),
    "hardware_facilities": ("硬件设施",),
    "software_facilities": ("软件设施",),
    "icp_number": ("ICP许可证或备案号", "ICP备案号", "ICP许可证号"),
    "news_licence_number": ("互联网新闻信息服务许可证编号", "新闻许可证编号"),
    "psb_filing_number": ("公安机关备案号", "公安备案号"),
    "news_service": ("互联网新闻信息服务",),
    "public_opinion_or_mobilisation": ("具有舆论属性或社会动员能力",),
    "went_online": ("上线日期",),
    "went_online_report_submitted": ("上线评估报告提交日期",),
}
SAMPLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "service": ("服务名称", "服务"),
    "date": ("日期",),
    "users": ("用户数", "用户规模"),
    "report_submitted": ("评估报告提交日期",),
}
_REQUIRED = {
    "services": ("name", "kinds", "division_code"),
    "samples": ("service", "date", "users"),
}
_DATES = {"went_online", "went_online_report_submitted", "date", "report_submitted"}
_BOOLS = {"news_service", "public_opinion_or_mobilisation"}
_TRUE = {"1", "true", "yes", "y", "是", "√", "✓"}
_FALSE = {"", "0", "false", "no", "n", "否"}
_SPLIT = re.compile(r"[;；,，、|/\s]+")


class TooLarge(DomainError):
    status = 413
    code = "too_large"


def _key(text: str) -> str:
    return re.sub(r"[\s()（）_]+", "", str(text)).lower()


def _kind_names() -> dict[str, str]:
    """Kind codes by their Chinese and English names, e.g. 论坛 → forum."""
    names: dict[str, str] = {}
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            names.update({_key(label): value for value, label in ServiceKind.choices})
    names.update({_key(v): v for v in ServiceKind.values})
    return names


def read_upload(upload: Any) -> tuple[bytes, str]:
    """The bytes and file name of an uploaded file, refusing anything over MAX_IMPORT_BYTES."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_IMPORT_BYTES:
        raise _too_large()
    data = upload.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise _too_large()
    return data, getattr(upload, "name", "") or ""


def _too_large() -> TooLarge:
    return TooLarge(
        _("文件过大：最大 %(mb)d MB。") % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)},
        details={"max_bytes": MAX_IMPORT_BYTES},
    )


def decode_csv(data: bytes) -> str:
    """CSV text in UTF-8 (with or without BOM) or GBK (read as its superset GB 18030)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Invalid(_("无法识别文件编码：请使用 UTF-8 或 GBK 编码的 CSV 文件。"))


def read_table(data: bytes, filename: str) -> list[list[Any]]:
    """The rows of the first sheet (xlsx) or of the CSV file, header first."""
    name = filename.lower()
    if name.endswith(".xlsx") or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if name.endswith(".xls"):
        raise Invalid(_("不支持旧版 .xls 文件：请另存为 .xlsx 或 CSV。"))
    text = decode_csv(data)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        rows.append(row)
        if len(rows) > MAX_ROWS + 1:
            raise _too_many_rows()
    return rows


def _too_many_rows() -> TooLarge:
    return TooLarge(
        _("行数过多：最多 %(rows)d 行。") % {"rows": MAX_ROWS}, details={"max_rows": MAX_ROWS}
    )


def _read_xlsx(data: bytes) -> list[list[Any]]:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        raise Invalid(_("本系统未安装 Excel 支持，请改用 CSV 文件。")) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise Invalid(_("无法读取该 Excel 文件：请确认它是 .xlsx 格式。")) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                raise _too_many_rows()
        return rows
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value)
    if not text:
        return None
    normal = re.sub(r"[/.年月]", "-", text).rstrip("日")
    try:
        return dt.date.fromisoformat("-".join(p.zfill(2) for p in normal.split("-")))
    except ValueError:
        raise ValueError(_("日期“%(value)s”无效，应为 YYYY-MM-DD。") % {"value": text}) from None


def _users(value: Any) -> int | None:
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        value = str(value)
    text = _cell_text(value).replace(",", "").replace("，", "").replace(" ", "")
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(_("用户数“%(value)s”无效，应为非负整数。") % {"value": text})
    return int(text)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _cell_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(_("“%(value)s”应为“是”或“否”。") % {"value": text})


def _kinds(value: Any, names: dict[str, str]) -> list[str]:
    out = []
    for part in _SPLIT.split(_cell_text(value)):
        if part:
            out.append(names.get(_key(part), part))
    return out


def parse(data: bytes, filename: str, what: str) -> list[tuple[int, dict[str, Any]]]:
    """(row number, values) for each non-empty data row; every format error names its row."""
    columns = SERVICE_COLUMNS if what == "services" else SAMPLE_COLUMNS
    table = read_table(data, filename)
    if not table:
        raise Invalid(_("文件为空。"))
    header = [_cell_text(h) for h in table[0]]
    lookup = {
        _key(alias): field for field, aliases in columns.items() for alias in (field, *aliases)
    }
    fields: list[str | None] = []
    errors: list[dict[str, Any]] = []
    for text in header:
        field = lookup.get(_key(text)) if text else None
        if text and field is None:
            errors.append(
                {"row": 1, "field": text, "message": _("未知的列：%(column)s。") % {"column": text}}
            )
        fields.append(field)
    missing = [f for f in _REQUIRED[what] if f not in fields]
    for field in missing:
        errors.append(
            {
                "row": 1,
                "field": field,
                "message": _("缺少必需的列：%(column)s。") % {"column": field},
            }
        )
    if errors:
        raise _format_errors(errors)
    names = _kind_names()
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        if all(_cell_text(v) == "" for v in raw):
            continue
        values: dict[str, Any] = {}
        for field, cell in zip(fields, raw, strict=False):
            if field is None:
                continue
            try:
                values[field] = _convert(field, cell, names)
            except ValueError as exc:
                errors.append({"row": number, "field": field, "message": str(exc)})
        for field in _REQUIRED[what]:
            if field in values and values[field] in (None, "", []):
                errors.append(
                    {
                        "row": number,
                        "field": field,
                        "message": _("缺少必填项：%(field)s。") % {"field": field},
                    }
                )
        rows.append((number, values))
    if errors:
        raise _format_errors(errors)
    return rows


def _convert(field: str, cell: Any, names: dict[str, str]) -> Any:
    if field in _DATES:
        return _date(cell)
    if field in _BOOLS:
        return _bool(cell)
    if field == "users":
        return _users(cell)
    if field == "kinds":
        return _kinds(cell, names)
    return _cell_text(cell)


def _format_errors(errors: list[dict[str, Any]]) -> Invalid:
    first = errors[0]
    return Invalid(
        _("导入被拒绝：第 %(row)d 行：%(message)s（共 %(count)d 处错误，未写入任何数据）")
        % {"row": first["row"], "message": first["message"], "count": len(errors)},
        details={"errors": errors},
    )


WHAT = ("services", "samples")


def import_file(provider: Any, upload: Any, what: str, *, actor: Any) -> list[Any]:
    """Parse an uploaded file and write its rows through the flows: everything or nothing."""
    from anping.services import flows

    if what not in WHAT:
        raise Invalid(_("未知的导入类型：%(what)s。") % {"what": what})
    flows.require_editor(actor, provider.pk)
    data, name = read_upload(upload)
    rows = parse(data, name, what)
    if what == "services":
        return flows.import_services(provider, rows, actor=actor)
    return flows.import_samples(provider, rows, actor=actor)
