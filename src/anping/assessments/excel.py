"""Excel round trip of an assessment's points, for offline work (openpyxl).

Export: one row per point — id, cite, title, result, statement, comments, "not applicable"
reason. Text that a spreadsheet would run as a formula (starting with = + - @, or a tab or
carriage return) is written as text with a leading apostrophe, which import strips again.

Import (`parse`) validates every row before anything is written: the sheet must come from this
assessment, each point id must exist in it and still carry its cite, a result must be a known
value (code or label); any bad row refuses the whole file with the row numbers
(`flows.import_points` applies the rows that changed, in one transaction).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from anping.assessments.evidence import max_bytes
from anping.assessments.models import Assessment, PointResult, Result
from anping.core.errors import Invalid

SHEET = "评估要点"
META = "meta"
HEADERS = ("要点ID", "要点编号", "标题", "评估结果", "实际情况", "评估意见", "不适用理由")
EDITABLE_COLUMNS = {4: "result", 5: "statement", 6: "comments", 7: "na_reason"}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 5000


def escape(value: Any) -> Any:
    """A cell value that no spreadsheet evaluates: text starting like a formula gets a "'"."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def unescape(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(DANGEROUS):
        return value[1:]
    return value


def export(assessment: Assessment) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    labels = dict(Result.choices)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in assessment.points.order_by("order", "pk"):
        row = [
            p.pk,
            p.cite,
            p.title_zh,
            str(labels.get(p.result, "")) if p.result else "",
            p.statement,
            p.comments,
            p.na_reason,
        ]
        ws.append([escape(v) for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    for column, width in zip("ABCDEFG", (8, 24, 40, 12, 60, 40, 30), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    meta = wb.create_sheet(META)
    meta.append(["assessment", assessment.pk])
    meta.append(["service", escape(assessment.service.name)])
    meta.sheet_state = "hidden"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class RowChange:
    row: int
    point: PointResult
    changes: dict[str, str]


def _result_value(text: str) -> str | None:
    text = text.strip()
    if not text:
        return ""
    by_label = {str(label): value for value, label in Result.choices}
    if text in Result.values:
        return text
    return by_label.get(text)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape(str(value))


def parse(assessment: Assessment, content: bytes) -> list[RowChange]:
    """The rows that change a point; `Invalid` (nothing applied) listing every bad row."""
    from openpyxl import load_workbook

    if len(content) > max_bytes():
        raise Invalid(_("文件过大。"))
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # any unreadable file gets the same refusal
        raise Invalid(_("无法读取该文件：请上传由本系统导出的 .xlsx 文件。")) from None
    if SHEET not in wb.sheetnames:
        raise Invalid(_("该文件缺少“%(sheet)s”工作表。") % {"sheet": SHEET})
    if META in wb.sheetnames:
        meta = {
            str(r[0]): r[1] for r in wb[META].iter_rows(values_only=True) if r and r[0] is not None
        }
        if str(meta.get("assessment", "")) != str(assessment.pk):
            raise Invalid(
                _("该文件导出自另一项评估（%(other)s），不能导入本评估。")
                % {"other": meta.get("assessment", "?")},
                details={"errors": [{"row": 0, "message": "wrong assessment"}]},
            )
    points = {p.pk: p for p in assessment.points.all()}
    rows = list(wb[SHEET].iter_rows(values_only=True))
    if not rows or tuple(str(c or "").strip() for c in rows[0][: len(HEADERS)]) != HEADERS:
        raise Invalid(_("表头与导出格式不符。"))
    if len(rows) > MAX_ROWS:
        raise Invalid(_("行数过多。"))
    errors: list[dict[str, Any]] = []
    seen: set[int] = set()
    changes: list[RowChange] = []
    for number, raw in enumerate(rows[1:], start=2):
        cells = list(raw[: len(HEADERS)]) + [None] * (len(HEADERS) - len(raw))
        if all(c in (None, "") for c in cells):
            continue
        try:
            point_id = int(_cell_text(cells[0]))
        except ValueError:
            point_id = None
        point = points.get(point_id) if point_id is not None else None
        if point is None:
            errors.append(
                {
                    "row": number,
                    "message": _("第 %(row)s 行：要点ID“%(id)s”不属于本评估。")
                    % {"row": number, "id": _cell_text(cells[0])},
                }
            )
            continue
        if _cell_text(cells[1]).strip() != point.cite:
            errors.append(
                {
                    "row": number,
                    "message": _("第 %(row)s 行：要点ID与要点编号不一致（应为 %(cite)s）。")
                    % {"row": number, "cite": point.cite},
                }
            )
            continue
        if point.pk in seen:
            errors.append(
                {
                    "row": number,
                    "message": _("第 %(row)s 行：该要点重复出现。") % {"row": number},
                }
            )
            continue
        seen.add(point.pk)
        result = _result_value(_cell_text(cells[3]))
        if result is None:
            errors.append(
                {
                    "row": number,
                    "message": _("第 %(row)s 行：未知的评估结果“%(r)s”。")
                    % {"row": number, "r": _cell_text(cells[3])},
                }
            )
            continue
        wanted = {
            "result": result,
            "statement": _cell_text(cells[4]).strip(),
            "comments": _cell_text(cells[5]).strip(),
            "na_reason": _cell_text(cells[6]).strip(),
        }
        diff = {k: v for k, v in wanted.items() if getattr(point, k) != v}
        if diff:
            changes.append(RowChange(number, point, diff))
    if errors:
        raise Invalid(
            _("导入失败：%(n)s 行有误，未写入任何内容。%(first)s")
            % {"n": len(errors), "first": errors[0]["message"]},
            details={"errors": errors},
        )
    return changes
