"""一致性 K501–K503: every Part 1 project has a Part 2 table and every table is listed in Part 1, under the same
name."""
from __future__ import annotations

from ...form.findings import Severity
from .._shared import hit, part1_outside_layout, rule
from ._matching import _note, _pairing


def _names(items, limit: int = 5) -> str:
    """The items' names quoted and joined ("“甲”、“乙”", "…等7个" beyond ``limit``); "" when there are none."""
    names = [x.name for x in items if x.name]
    shown = "、".join(f"“{n}”" for n in names[:limit])
    return shown + (f"等{len(names)}个" if len(names) > limit else "")


@rule("K501", Severity.WARNING, "第一部分的项目在第二部分没有项目表",
      "第一部分分项绩效目标中的项目“{name}”在第二部分找不到对应的项目绩效目标表{others_note}。",
      "为该项目补填第二部分的项目绩效目标表；如果是名称写法不同，请把两部分的项目名称改成一致。", scope="form")
def part1_project_missing(form, ctx):
    """第一部分列出的项目在第二部分没有项目绩效目标表。

    为什么：第一部分的分项绩效目标和第二部分的项目表是同一批项目的两种写法，审核时逐项对照；只在
    一处出现的项目，要么漏填了项目表，要么名称写得不一致，财政部门无法对应。

    比较名称时不计空格、全角半角、开头的“（一）”编号和末尾的“项目”二字，所以“高新技术企业扶持资金
    项目”与“高新技术企业扶持资金”视为同一项目；名称只差几个字的见 K503。

    错误示例：第一部分有“科技成果转化奖励”，第二部分没有这个项目的表。
    正确示例：第一部分“高新技术企业扶持资金项目”，第二部分“高新技术企业扶持资金”。
    """
    pairing = _pairing(ctx)
    for s in pairing.part1_only:
        others = _names(pairing.part2_only)
        yield hit(s.cells.get("name"), name=s.name, others=others,
                  others_note=_note("第二部分中同样对不上的项目", others))


@rule("K502", Severity.WARNING, "第二部分的项目在第一部分没有列出",
      "第二部分的项目“{name}”没有出现在第一部分的分项绩效目标中{others_note}。",
      "在第一部分“二、分项绩效目标”中补上该项目的资金安排、绩效目标和绩效指标；如果是名称写法不同，请改成一致。",
      scope="form")
def part2_project_missing(form, ctx):
    """第二部分有项目绩效目标表的项目，第一部分的分项绩效目标里没有。

    为什么：部门整体绩效目标要覆盖部门的全部预算项目；第二部分有表而第一部分没写，说明第一部分
    漏了项目，或两部分的项目名称不一致。名称的比较方法同 K501。

    按标签读取的其他格式表格（项目表、自评表等，files.foreign）没有“分项绩效目标”一节可对照，不报。

    错误示例：第二部分有“创新券专家评审费”项目表，第一部分的分项绩效目标中没有这个项目。
    正确示例：两部分列出同样的项目，名称一致。
    """
    if part1_outside_layout(form) and not form.summaries:
        return
    pairing = _pairing(ctx)
    for p in pairing.part2_only:
        others = _names(pairing.part1_only)
        yield hit(p.cells.get("name"), name=p.name, others=others,
                  others_note=_note("第一部分中同样对不上的项目", others))


@rule("K503", Severity.WARNING, "两部分的项目名称不一致",
      "第一部分的项目名称“{part1}”与第二部分项目表的名称“{part2}”不一致。",
      "项目名称以预算批复为准，把两部分改成同一个名称。", scope="form")
def project_renamed(form, ctx):
    """同一项目在两部分的名称只差几个字。

    为什么：项目名称是对照两部分、对照预算批复的依据，写法不同会让人怀疑是不是两个项目。

    判断方法：名称在去掉空格、编号和末尾“项目”后仍不相同，但相似度（difflib 比值）不低于 0.75，视为
    同一项目写法不同；更不相似的按“找不到对应项目”报告（K501/K502）。

    错误示例：第一部分“机器人产业扶持资金”，第二部分“机器人产业发展扶持资金”。
    正确示例：两部分都写“机器人产业扶持资金”。
    """
    for s, p, _ in _pairing(ctx).renamed:
        yield hit(s.cells.get("name"), part1=s.name, part2=p.name, project=p.name)
