"""What the label-driven reader understood of a file: the "read as" summary.

``xlperf dump --explain`` prints it, and ``xlperf check`` prints it at the top for a file not made from our
template, so a reviewer sees which sheet and rows were read as which project, which labels gave which fields,
which columns became 一级/二级/三级/指标值 and which were left out (分值, 权重, 中期 …) before trusting findings.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..form import layout as L
from ..form.model import Submission
from ..form.taxonomy import canonical_level1
from .foreign_table import Table

FIELD_NAMES = {"name": "项目名称", "code": "项目编码", "department": "主管部门", "implementer": "实施单位",
               "attribute": "项目属性", "total": "年度资金总额", "fiscal": "其中：财政拨款", "other": "其他资金",
               "purpose": "资金用途/概况", "goals": "年度目标"}
COLUMN_NAMES = {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "description": "指标描述",
                "value": "指标值", "basis": "指标值确定依据", "comparator": "指标性质（并入指标值）",
                "unit": "计量单位（并入指标值）", **FIELD_NAMES}


@dataclass
class TablePart:
    """One indicator table and the project(s) read from it."""

    sheet: str
    table: Table
    head: range  # the rows searched for labels
    found: dict  # field → foreign_fields.Found
    title_at: tuple[int, int] | None
    projects: list[str | None] = field(default_factory=list)

    def column(self, c: int) -> str:
        return L.col_letter(c) + "列" if self.table.sheet.style == "a1" else f"第{c + 1}列"

    def as_dict(self) -> dict:
        t = self.table
        return {
            "sheet": self.sheet,
            "projects": self.projects,
            "rows": [self.head.start + 1, max(t.end, t.row) + 1],
            "header_row": t.row + 1,
            "indicator_rows": [t.data_start + 1, t.end + 1] if t.rows else [],
            "fields": {FIELD_NAMES[k]: str(t.sheet.ref(*self.found[k].cell)) for k in FIELD_NAMES if k in self.found},
            "fields_missing": [FIELD_NAMES[k] for k in FIELD_NAMES if k not in self.found],
            "columns": {COLUMN_NAMES[k]: self.column(c) for k, c in sorted(t.columns.items(), key=lambda x: x[1])},
            "ignored": [f"{label}（{self.column(c)}{'，中期' if why == '中期' else ''}）" for c, label, why in t.skipped],
        }


@dataclass
class ReadAs:
    source: str  # "Excel 工作簿" / "Word 文档"
    layout: str = ""
    parts: list[TablePart] = field(default_factory=list)
    other_sheets: list[str] = field(default_factory=list)  # sheets (tables) with no indicator table

    def guess_layout(self, form: Submission) -> str:
        tables = [p.table for p in self.parts]
        skipped = " ".join(label for t in tables for _, label, _ in t.skipped)
        title = form.title or ""
        if any(t.flat for t in tables):
            return "一体化系统导出（每行一个指标）"
        if form.overall_goals and "整体" in title:
            return "部门整体支出绩效目标表"
        if "自评" in title or "完成值" in skipped or "得分" in skipped:
            return "绩效自评表（读取年度指标值）"
        if any(why == "中期" for t in tables for _, _, why in t.skipped):
            return "项目支出绩效目标表（中期与年度并列，读取年度）"
        if any(canonical_level1(i.level1) == "成本指标" for p in form.projects for i in p.indicators):
            return "项目支出绩效目标表（成本指标单列一级，101号）"
        return "项目支出绩效目标表（其他格式）"

    def as_dict(self) -> dict:
        return {"source": self.source, "layout": self.layout, "tables": [p.as_dict() for p in self.parts],
                "other_sheets": self.other_sheets}

    def text(self) -> str:
        unit = "表格" if self.source.startswith("Word") else "工作表"
        lines = [f"读取方式：按标签读取（不是 xlperf 模板）· {self.layout} · {self.source}"]
        for part in self.parts:
            d = part.as_dict()
            names = "、".join(f"“{n}”" for n in d["projects"] if n) or "（无项目名称）"
            lines.append(f"  {unit}“{d['sheet']}” 第{d['rows'][0]}–{d['rows'][1]}行 → 项目 {names}")
            lines.append("    字段：" + ("；".join(f"{k} {v}" for k, v in d["fields"].items()) or "无"))
            if d["fields_missing"]:
                lines.append("    未找到：" + "、".join(d["fields_missing"]))
            rows = d["indicator_rows"]
            lines.append(f"    指标表：表头第{d['header_row']}行，"
                         + (f"指标第{rows[0]}–{rows[1]}行（{len(part.table.rows)} 行）" if rows else "没有指标行"))
            lines.append("    列：" + "；".join(f"{k} {v}" for k, v in d["columns"].items()))
            if d["ignored"]:
                lines.append("    未读取的列：" + "；".join(d["ignored"]))
        if self.other_sheets:
            lines.append(f"  没有指标表的{unit}（未读取）：" + "、".join(f"“{s}”" for s in self.other_sheets))
        return "\n".join(lines) + "\n"
