"""资金 M313–M314 (added after M312; codes are permanent): totals restated — “其中” parts that do not add
up to the total, and a 成本指标 that only repeats the 年度资金总额."""
from __future__ import annotations

from ...form.findings import Severity
from ...form.model import Project, Submission
from ...form.taxonomy import canonical_level1, canonical_level2
from ...text.breakdowns import find_breakdowns
from ...text.money import to_wan, within_tolerance
from ...text.normalize import clean_text
from ...text.values import parse_value
from .._shared import hit, once_per_run, project_label, ref_of, rule
from ._helpers import _gap, _money, _plain, _summary_label


# ------------------------------------------------------------------ M313–M314 (added after M312; codes are permanent)
def _breakdown_texts(form: Submission):
    """(where, ref, text) of every funding text: each project's 资金用途, then Part 1's 资金安排."""
    for project in form.projects:
        yield f"{project_label(project)}的项目资金主要用途", ref_of(project, "purpose"), project.purpose
    for i, summary in enumerate(form.summaries, 1):
        yield (f"第一部分“分项绩效目标”中{_summary_label(summary, i)}的项目资金安排", ref_of(summary, "purpose"),
               summary.purpose)


@rule("M313", Severity.WARNING, "“其中”所列分项之和与总数不一致",
      "{where}写有“{claim}”，“其中”所列各项合计{parts}{unit}，与前面的总数{total}{unit}不一致（相差{gap}{unit}）。",
      "核对总数和各分项，使分项之和等于总数；如果只列出了其中一部分，请写明其余部分（如“其余由单位自筹”）。",
      scope="form")
def breakdown_parts_differ(form: Submission, ctx):
    """资金用途中“其中/包括”所列的分项加起来不等于前面的总数。

    为什么：“年度资金总额400万元，其中省级补助100万元、县级配套250万元”是把总数拆成几部分，各部分之和应当等于
    总数；差了 50 万元，说明总数或某个分项写错了，或漏了一项资金来源。人数、家数等数量同理（单位须相同）。
    只在总数紧挨着“其中/包括”、分项至少两项、每一项都是同一种明确的数字时比较；写了“等”“其余”“部分”
    “约”“以上”、百分比，分项按标准计算（“每人2000元”不算分项），或以“合计…”收尾（由 M304 核对）的，都不报。
    文字识别靠经验规则，只作警告。

    错误示例：年度资金总额400万元，其中省级补助100万元、县级配套250万元；受助学生1200人，其中一档400人、二档700人。

    正确示例：年度资金总额400万元，其中省级补助150万元、县级配套250万元；受助学生1200人，其中一档400人、二档800人。
    """
    for where, ref, text in _breakdown_texts(form):
        for b in find_breakdowns(text):
            if b.holds:
                continue
            yield hit(ref, where=where, claim=b.text, parts=_plain(b.parts_sum), total=_plain(b.total),
                      unit=b.unit, gap=_plain(_gap(b.parts_sum, b.total)))


def _parsed_value(ctx, value):
    """``parse_value(value)``, each distinct 指标值 parsed once per run (M314 looks at every 成本 row)."""
    cache = once_per_run(ctx, "m314_parse_value", dict)
    key = (type(value), value)
    if key not in cache:
        cache[key] = parse_value(value)
    return cache[key]


_TOTAL_COST_COMPARATORS = (None, "≤", "<", "=", "≈")


@rule("M314", Severity.INFO, "成本指标照抄了年度资金总额",
      "{project}的成本指标“{indicator}”的指标值“{value}”就是{budget}（{total}万元），只是把预算重写了一遍，"
      "反映不出单位产出花多少钱。",
      "成本指标写单位成本或每项产出的成本上限，如“每家企业补助标准≤10万元”“每平方米改造单价≤150元”。",
      source="财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》")
def cost_is_whole_budget(project: Project, ctx):
    """成本指标的指标值等于整个项目的年度资金总额。

    为什么：成本指标要说明“每一份产出花多少钱”（单位成本、单项成本上限），审核时据此判断资金与产出是否匹配；
    “项目总成本≤400万元”只是把年度资金总额再写一遍，年底必然“达成”，考核不出任何东西。一次性的单项工程
    以总造价控制成本也说得通，所以只作提示。只比较不带“/家”“/人”等计量单位的金额（元、万元），比较符号为
    “≤”“<”“=”“≈”（“约…”“…左右”）或没有；“≥”由 V210 报告。年度资金总额空着或填 0 时，与“其中：财政拨款”比较。

    错误示例：年度资金总额 400，成本指标“项目总成本”，指标值“≤400万元”。

    正确示例：年度资金总额 400，成本指标“每平方米屋面防水改造单价”，指标值“≤150元/平方米”。
    """
    total, budget = _money(project.total), "年度资金总额"
    if total is None or total <= 0:
        total, budget = _money(project.fiscal), "其中的财政拨款"
    if total is None or total <= 0:
        return
    for ind in project.indicators:
        level1, level2 = canonical_level1(ind.level1), canonical_level2(ind.level2)
        if level2 not in ("成本指标", "经济成本指标") and not (level1 == "成本指标" and level2 is None):
            continue
        value = _parsed_value(ctx, ind.value)
        if (value.kind != "quantitative" or value.number is None or value.upper is not None or not value.unit
                or "/" in value.unit or value.comparator not in _TOTAL_COST_COMPARATORS):
            continue
        try:
            amount = to_wan(value.number, value.unit)  # "400万元", "400万", "4000000元"; not "400万人"
        except ValueError:
            continue
        if within_tolerance(amount, total):
            yield hit(ref_of(ind, "value"), project=project_label(project), indicator=ind.level3 or ind.description or "",
                      value=clean_text(ind.value), total=_plain(total), budget=budget)
