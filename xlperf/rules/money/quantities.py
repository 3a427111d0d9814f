"""资金 M312: 数量指标 against the breakdown — a promised quantity the 补助测算 does not fund."""
from __future__ import annotations

import re

from ...form.findings import Severity
from ...form.model import Project
from ...form.taxonomy import canonical_level2
from ...text.normalize import clean_text
from ...text.values import parse_value
from .._shared import hit, project_label, ref_of, rule
from ._helpers import BUDGET_SOURCE, _line_problem, _line_units, _r

# ------------------------------------------------------------------ 数量指标 against the breakdown
_GENERIC_WORDS = {"数量", "企业", "补助", "补贴", "资金", "项目", "个数", "家数", "人数", "次数", "完成", "支出",
                  "拨付", "年度", "全年", "获得", "支持", "资助", "奖励", "标准", "金额", "费用"}
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _key_words(*texts) -> set[str]:
    """Two-character words of the texts (every adjacent pair of Chinese characters), minus generic ones."""
    words = set()
    for text in texts:
        for run in _CJK_RUN.findall(text or ""):
            words |= {run[i:i + 2] for i in range(len(run) - 1)}
    return {w for w in words if w not in _GENERIC_WORDS and "的" not in w}


@rule("M312", Severity.WARNING, "数量指标与补助测算的数量不一致",
      "{project}的数量指标“{indicator}”指标值为“{value}”，而“补助测算”中{lines}合计只安排了{funded}{unit}。",
      "按补助测算核对数量指标的指标值，或补充补助测算，使承诺的数量有资金保障。",
      source=BUDGET_SOURCE)
def quantity_exceeds_breakdown(project: Project, ctx):
    """数量指标承诺的数量多于补助测算中安排资金的数量。

    为什么：补助项目的产出数量由资金决定：测算只给 80 家安排了补助，数量指标却承诺“≥100家”，目标与资金
    不匹配（适当性）。

    判断从严，以免误报：只比较二级指标为“数量指标”、指标值是带单位的数字、单位与测算行的数量单位完全相同
    （“家”对“家”），且三级指标或指标描述与测算行的类别有共同关键词（两个相连汉字，去掉“企业”“补助”“数量”
    等通用词）的情况；匹配到多行时与这些行的数量之和比较。“≥”“>”“=”分别在指标值大于、不小于、不等于
    该数量时报告（“=”也可等于其中某一行），没有比较符号的按“≥”看；“≤”“<”不报。指标值不超过同一单位的
    全部测算行数量之和时也不报（“维修面积≥18000平方米”是各项改造面积的合计，关键词只能对上其中几行）。

    错误示例：数量指标“拨付高企数量 ≥100家”，补助测算只有“通过高企申请的企业补助 80 家”。

    正确示例：数量指标“补助企业数量 ≥35家”，补助测算“复审企业补助 35 家 × 10 万元/家”。
    """
    lines = [line for line in project.funding if not _line_problem(line) and _line_units(line)[1]]
    if not lines:
        return
    for ind in project.indicators:
        if canonical_level2(ind.level2) != "数量指标":
            continue
        value = parse_value(ind.value)
        if value.kind != "quantitative" or value.number is None or value.upper is not None or not value.unit:
            continue
        words = _key_words(ind.level3, ind.description)
        matched = [line for line in lines if _line_units(line)[1] == value.unit
                   and words & _key_words(line.category)]
        if not matched:
            continue
        counts = [_line_units(line)[0] for line in matched]
        funded = _r(sum(counts))
        # every line in the same unit: a total (维修面积18000平方米) may cover lines the key words missed
        everything = _r(sum(_line_units(line)[0] for line in lines if _line_units(line)[1] == value.unit))
        n = value.number
        if value.comparator in ("≥", None):  # a bare "100家" is read as a floor, the lenient reading
            bad = n > funded and n > everything
        elif value.comparator == ">":
            bad = n >= funded and n >= everything
        elif value.comparator == "=":
            bad = all(n != c for c in (*counts, funded, everything))
        else:
            bad = False
        if bad:
            yield hit(ref_of(ind, "value"), project=project_label(project), indicator=ind.level3 or "",
                      value=clean_text(ind.value), lines="、".join(f"“{line.category}”" if line.category else "一行"
                                                                 for line in matched),
                      funded=funded, unit=value.unit)
