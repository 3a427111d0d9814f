"""一致性 K504–K506: the 绩效目标 of the two parts — reworded, or missing on one side."""
from __future__ import annotations

from dataclasses import dataclass

from ...form.findings import Severity
from ...text.normalize import lazy_re
from .._shared import hit, once_per_run, rule
from ._matching import _note, all_pairs, goal_key, most_similar_pairs

_PUNCT_ONLY = lazy_re(r"^[\W_]*$")


# ------------------------------------------------------------------ goals
@dataclass
class GoalComparison:
    reworded: list[tuple[str, str, float]]  # (Part 1 text, Part 2 text, ratio)
    part1_only: list[str]
    part2_only: list[str]


def compare_goals(part1: list[str], part2: list[str]) -> GoalComparison:
    """Match goal texts: equal after ``goal_key`` first, then the most similar remaining pairs with
    ratio ≥ SIMILAR_RATIO ("reworded"); the rest are missing on the other side. Punctuation-only lines are
    ignored (the hygiene family reports them)."""
    a = [g for g in part1 if not _PUNCT_ONLY.match(goal_key(g))]
    b = [g for g in part2 if not _PUNCT_ONLY.match(goal_key(g))]
    left_a = []
    free_b = list(b)
    for g in a:
        same = next((x for x in free_b if goal_key(x) == goal_key(g)), None)
        if same is None:
            left_a.append(g)
        else:
            free_b.remove(same)
    matched = most_similar_pairs([goal_key(x) for x in left_a], [goal_key(y) for y in free_b])
    reworded = [(left_a[i], free_b[j], r) for i, j, r in matched]
    used_a, used_b = {i for i, _, _ in matched}, {j for _, j, _ in matched}
    reworded.sort(key=lambda t: a.index(t[0]))
    return GoalComparison(reworded,
                          [g for i, g in enumerate(left_a) if i not in used_a],
                          [g for j, g in enumerate(free_b) if j not in used_b])


def _goal_pairs(ctx):
    """(summary, project, comparison) for every paired project where both parts state goals.

    When one side has no goals at all, nothing is compared: an empty 绩效目标 is a completeness matter.
    """
    def make():
        return [(s, p, compare_goals(s.goals, p.goals)) for s, p in all_pairs(ctx) if s.goals and p.goals]

    return once_per_run(ctx, "goals", make)


def _quoted(texts: list[str]) -> str:
    return "、".join(f"“{t}”" for t in texts)


@rule("K504", Severity.INFO, "两部分的绩效目标表述不同",
      "“{project}”的绩效目标在两部分写法不同：第一部分为“{part1}”，第二部分为“{part2}”。",
      "确认哪一种是准确的表述，把两部分改成一致。", scope="form")
def goal_reworded(form, ctx):
    """同一条绩效目标在两部分的文字略有不同。

    为什么：第一部分是对第二部分的概括，同一条目标应当一字不差；两处措辞不同（如多了“科技”二字），
    审核人员会问以哪一处为准。

    判断方法：去掉空格和结尾标点后逐条比较；不完全相同但相似度（difflib 比值）不低于 0.75 的视为
    同一目标改写，在这里提示；更不相似的按“目标缺失”报告（K505/K506）。

    错误示例：第一部分“加强园区建设，推动高新技术企业发展”，第二部分“加强科技园区建设，推动高新技术企业发展”。
    正确示例：两部分都写“加强科技园区建设，推动高新技术企业发展”。
    """
    for s, p, cmp in _goal_pairs(ctx):
        for a, b, _ in cmp.reworded:
            yield hit(s.cells.get("goals"), project=p.name, part1=a, part2=b)


@rule("K505", Severity.WARNING, "第一部分的绩效目标在项目表中没有",
      "第一部分“{project}”的绩效目标“{goal}”在第二部分项目表的绩效目标中找不到{others_note}。",
      "把这条目标补进项目表的绩效目标，或从第一部分删去；如果项目表中对不上的那条目标才是准确的，"
      "把第一部分改成与它一致。", scope="form")
def part1_goal_missing(form, ctx):
    """第一部分写的某条绩效目标，第二部分的项目表里没有。

    为什么：项目表的绩效目标是预算批复和年终评价的依据；第一部分承诺了而项目表没有的目标，年终
    无从评价，两部分也互相矛盾。

    判断方法：同 K504；与项目表任何一条目标的相似度都低于 0.75 时报告，并列出项目表中同样对不上的
    目标，便于对照。两边都有对不上的目标时，这往往是同一处不一致（一边改写了目标），只在这里报告一次，
    不再对项目表那一边另报 K506。

    错误示例：第一部分“提高企业创新能力”，项目表写的是“发挥财政资金引导作用，推动双创平台和双创企业不断增强”。
    正确示例：两部分写同样的目标。
    """
    for s, p, cmp in _goal_pairs(ctx):
        for goal in cmp.part1_only:
            note = _note("项目表中与第一部分对不上的目标", _quoted(cmp.part2_only))
            yield hit(s.cells.get("goals"), project=p.name, goal=goal, others=cmp.part2_only, others_note=note)


@rule("K506", Severity.WARNING, "项目表的绩效目标在第一部分没有",
      "“{project}”项目表的绩效目标“{goal}”没有写进第一部分的分项绩效目标。",
      "把这条目标补进第一部分该项目的绩效目标，或从项目表删去，使两部分一致。", scope="form")
def part2_goal_missing(form, ctx):
    """第二部分项目表的某条绩效目标，第一部分的分项绩效目标里没有。

    为什么：第一部分应完整概括各项目的目标；项目表多出的目标说明两部分不是同一版本。

    判断方法同 K505。只在第一部分该项目的目标都能在项目表中找到时报告：如果第一部分也有对不上的
    目标，K505 已经报告这处不一致并列出了项目表这一边的目标，不再重复。

    错误示例：项目表有“发挥财政资金引导作用，推动双创平台和双创企业不断增强”，第一部分没有这条。
    正确示例：两部分写同样的目标。
    """
    for s, p, cmp in _goal_pairs(ctx):
        if cmp.part1_only:
            continue  # K505 reports this pair once, listing the table's unmatched goals
        for goal in cmp.part2_only:
            yield hit(p.cells.get("goals"), project=p.name, goal=goal)
