"""The form model: one department's submission of budget performance targets (预算绩效目标).

Plain dataclasses, no Excel in them. Text fields hold the text as typed (stripped; ``None`` when empty);
numeric fields hold a number, or the original text when it is not a number, so a rule can say "第二季度
填写了'待定'，应为数字" instead of silently losing it.

Every object read from a workbook remembers where each field came from in ``cells`` (field name → ``Ref``).
``cells`` is not part of equality or of the interchange format: two forms with the same content are equal
wherever they were read from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Union

from ..text import money

Number = Union[float, str, None]  # a number; the original text when it is not one; None when empty

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")

# The fields a layout may lack (``Project.absent``): the project's own fields, "plan" (资金支出计划) and the
# indicator grid's optional columns "description" and "basis".
LAYOUT_FIELDS = ("code", "department", "implementer", "attribute", "total", "fiscal", "other", "purpose", "goals",
                 "plan", "description", "basis")


class Ref(NamedTuple):
    """A cell in a workbook: sheet name and A1 address."""

    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}"


def _cells() -> dict[str, Ref]:
    return field(default_factory=dict, compare=False, repr=False)


@dataclass
class Indicator:
    """One row of the indicator grid (绩效指标)."""

    level1: str | None = None  # 一级指标, e.g. 产出指标
    level2: str | None = None  # 二级指标, e.g. 数量指标
    level3: str | None = None  # 三级指标, e.g. 拨付高企数量
    description: str | None = None  # 绩效指标描述
    value: str | None = None  # 指标值, e.g. "≥100", "是", "2021年12月底前"
    basis: str | None = None  # 指标值确定依据, e.g. 计划标准 (forms also write 文件要求)
    cells: dict[str, Ref] = _cells()


@dataclass
class FundingLine:
    """One line of a project's funding breakdown (补助测算): count × standard."""

    category: str | None = None  # 类别, e.g. 复审企业补助
    quantity: Number = None  # 数量
    quantity_unit: str | None = None  # 数量单位, e.g. 家
    standard: Number = None  # 标准
    standard_unit: str | None = None  # 标准单位, e.g. 万元/家
    cells: dict[str, Ref] = _cells()

    def amount(self) -> float | None:
        """数量 × 标准 in 万元, exactly as the workbook's ``XP_SUBSIDY_LINE`` computes it (a 数量单位 such as “万人”
        scales the count); None when 数量 or 标准 is missing; ValueError when the 标准单位 is not money."""
        return money.funding_amount(self.quantity, self.standard, self.standard_unit, self.quantity_unit)


@dataclass
class SpendingPlan:
    """资金支出计划: cumulative % per quarter and, optionally, the amount spent in each quarter (万元)."""

    cumulative: list[Number] = field(default_factory=lambda: [None] * 4)
    amounts: list[Number] = field(default_factory=lambda: [None] * 4)
    cells: dict[str, Ref] = _cells()  # keys "cumulative1".."cumulative4", "amounts1".."amounts4"


@dataclass
class Project:
    """第二部分: one 预算项目绩效目标表."""

    name: str | None = None  # 项目名称
    code: str | None = None  # 项目编码
    department: str | None = None  # 主管部门
    implementer: str | None = None  # 实施单位
    attribute: str | None = None  # 项目属性: 新增 / 延续
    total: Number = None  # 年度资金总额（万元）
    fiscal: Number = None  # 其中：财政拨款（万元）
    other: Number = None  # 其他资金（万元）
    purpose: str | None = None  # 项目资金主要用途
    plan: SpendingPlan = field(default_factory=SpendingPlan)
    goals: list[str] = field(default_factory=list)  # 绩效目标 (目标1, 目标2 …)
    indicators: list[Indicator] = field(default_factory=list)
    funding: list[FundingLine] = field(default_factory=list)  # from the 补助测算 sheet
    title: str | None = None  # the sheet's title line as printed, e.g. "（一）…项目绩效目标表"
    # The fields the layout this project was read from has no place for (another province's form with no 项目编码,
    # no 资金用途, no quarterly plan, no 确定依据 column …): read by files.foreign, kept by the interchange format,
    # consulted by the completeness rules (a field the form cannot hold is not "left empty"). Empty for our
    # template, which has a place for every field. Like ``cells``, where a project came from, not its content.
    absent: frozenset[str] = field(default_factory=frozenset, compare=False)
    sheet: str | None = field(default=None, compare=False)
    cells: dict[str, Ref] = _cells()

    def provides(self, name: str) -> bool:
        """Whether the layout this project was read from has a place for field ``name`` (see ``absent``)."""
        return name not in self.absent


@dataclass
class ProjectSummary:
    """第一部分 二、分项绩效目标: what Part 1 says about one project (it can disagree with Part 2)."""

    name: str | None = None
    purpose: str | None = None  # the paragraph on what the money is for
    goals: list[str] = field(default_factory=list)  # 绩效目标
    indicators: list[str] = field(default_factory=list)  # 绩效指标, as free text lines
    cells: dict[str, Ref] = _cells()


@dataclass
class Submission:
    """A department's whole submission: Part 1 (部门整体绩效目标) and Part 2 (one table per project)."""

    department: str | None = None  # 部门名称
    year: Number = None  # 年度, e.g. 2021
    title: str | None = None  # Part 1's title line, e.g. "2021年部门整体绩效目标"
    overall_goals: list[str] = field(default_factory=list)  # 一、总体绩效目标
    summaries: list[ProjectSummary] = field(default_factory=list)  # 二、分项绩效目标
    measures: list[str] = field(default_factory=list)  # 三、工作保障措施
    projects: list[Project] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)  # the workbook's 设置 area, key → text
    cells: dict[str, Ref] = _cells()  # also "overall_goals.0" … and "measures.0" … per row
