"""Rule test harness: a clean baseline form, mutations, and the complete findings they produce.

``good_form()`` is a small, correct submission that produces no findings at all. A case mutates a fresh copy,
the form is written to a real workbook and read back (so every value has its real cell), and the case asserts
the *complete* list of (code, sheet, cell) for the rules of the family under test.
Do not change ``good_form`` to suit one rule: every family's "no findings" baseline depends on it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from xlperf.checks import Config, run_checks
from xlperf.files.reader import read_workbook_bytes
from xlperf.form.layout import STANDARD_MEASURES
from xlperf.form.model import FundingLine, Indicator, Project, ProjectSummary, SpendingPlan, Submission
from xlperf.template.builder import workbook_bytes


def good_form() -> Submission:
    """A correct submission: two projects, every field filled, Part 1 and Part 2 agree, arithmetic holds."""
    p1 = Project(
        name="科技型中小企业补助", code="130200210000000001", department="高新区科技局", implementer="高新区科技局",
        attribute="新增", total=350.0, fiscal=350.0, other=0.0,
        purpose="复审企业35家，每家补助10万元，合计350万元。",
        plan=SpendingPlan([20.0, 50.0, 80.0, 100.0], [70.0, 105.0, 105.0, 70.0]),
        goals=["支持科技型中小企业开展研发活动", "提升区内企业创新能力"],
        indicators=[
            Indicator("产出指标", "数量指标", "补助企业数量", "获得复审补助的企业数量", "≥35家", "计划标准"),
            Indicator("产出指标", "质量指标", "按标准拨付资金比例", "按补助标准拨付的资金占比", "=100%", "计划标准"),
            Indicator("产出指标", "时效指标", "资金拨付完成时间", "补助资金拨付到位的时间", "2021年12月底前", "计划标准"),
            Indicator("产出指标", "成本指标", "每家企业补助标准", "每家复审企业的补助金额", "≤10万元", "计划标准"),
            Indicator("效益指标", "经济效益指标", "企业研发投入增长率", "受补助企业研发投入同比增长", "≥5%", "历史标准"),
            Indicator("效益指标", "社会效益指标", "新增高新技术企业数量", "当年新认定的高新技术企业数量", "≥15家", "历史标准"),
            Indicator("满意度指标", "服务对象满意度指标", "受补助企业满意度", "受补助企业对补助服务的满意度", "≥90%", "行业标准"),
        ],
        funding=[FundingLine("复审企业补助", 35.0, "家", 10.0, "万元/家")],
        title="（一）科技型中小企业补助项目绩效目标表",
    )
    p2 = Project(
        name="创新券专家评审费", code="130200210000000002", department="高新区科技局", implementer="高新区科技局",
        attribute="延续", total=5.6, fiscal=5.6, other=0.0,
        purpose="每季度评审一次，每次7名专家，专家咨询费2000元/人，全年4*7*2000元=5.6万元。",
        plan=SpendingPlan([25.0, 50.0, 75.0, 100.0], [1.4, 1.4, 1.4, 1.4]),
        goals=["规范创新券认定评审", "提高对小微企业的服务能力"],
        indicators=[
            Indicator("产出指标", "数量指标", "专家评审次数", "全年组织专家评审的次数", "=4次", "计划标准"),
            Indicator("产出指标", "质量指标", "评审结果合规率", "评审程序和结果符合实施细则的比例", "=100%", "计划标准"),
            Indicator("产出指标", "时效指标", "季度评审按时完成率", "每季度评审按时完成的比例", "=100%", "计划标准"),
            Indicator("产出指标", "成本指标", "专家咨询费标准", "每位专家每次评审的咨询费", "≤2000元/人", "计划标准"),
            Indicator("效益指标", "社会效益指标", "兑付创新券企业数量", "通过评审并兑付创新券的企业数量", "≥40家", "历史标准"),
            Indicator("满意度指标", "服务对象满意度指标", "申请企业满意度", "申请创新券企业对评审工作的满意度", "≥95%", "行业标准"),
        ],
        funding=[FundingLine("专家咨询费", 28.0, "人次", 2000.0, "元/人次")],
        title="（二）创新券专家评审费项目绩效目标表",
    )
    summaries = [
        ProjectSummary(p.name, p.purpose, list(p.goals),
                       [f"{i.level3}{i.value}" for i in p.indicators[:2]])
        for p in (p1, p2)
    ]
    return Submission(
        department="高新区科技局", year=2021.0, title="2021年部门整体绩效目标",
        overall_goals=["支持科技创新项目，提升企业核心竞争力", "完善科技创新环境，提高科技服务能力"],
        summaries=summaries, measures=list(STANDARD_MEASURES), projects=[p1, p2],
    )


def materialize(form: Submission) -> Submission:
    """Write the form to a workbook in memory and read it back: every value gets its real cell."""
    return read_workbook_bytes(workbook_bytes(form))


def findings_of(form: Submission, families: str | None = None, config: Config | None = None):
    """The complete (code, sheet, cell) list for ``form``, limited to rule families (code prefixes)."""
    found = run_checks(materialize(form), config)
    return [(f.code, f.sheet, f.cell) for f in found if families is None or f.code[0] in families]


@dataclass
class Case:
    """A named mutation of the baseline and the complete findings it must produce."""

    rule: str  # the rule this case exercises (a passing case expects no finding of it)
    name: str
    mutate: Callable[[Submission], None]
    expect: list[tuple[str, str, str]] = field(default_factory=list)
    config: Config | None = None

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.name}"

    def form(self) -> Submission:
        form = good_form()
        self.mutate(form)
        return form


def case(rule: str, name: str, mutate, expect=(), config: Config | None = None) -> Case:
    return Case(rule, name, mutate, list(expect), config)


# ------------------------------------------------------------------ mutations shared by the case tables
def setter(path: str, value):
    """A mutation that sets ``form.<path>`` (dots and [i] indices), e.g. "projects[0].total"."""

    def mutate(form):
        obj = form
        parts = path.replace("]", "").replace("[", ".").split(".")
        for part in parts[:-1]:
            obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
        last = parts[-1]
        if last.isdigit():
            obj[int(last)] = value
        else:
            setattr(obj, last, value)

    return mutate


def both(*mutations):
    """One mutation applying several in order."""

    def mutate(form):
        for m in mutations:
            m(form)

    return mutate
