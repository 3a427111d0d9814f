"""一致性 K512: indicators copied unchanged from one project to another."""
from __future__ import annotations

from ...form.findings import Severity
from ...form.model import Project
from ...text.normalize import clean_text, squash
from .._shared import hit, rule


# ------------------------------------------------------------------ indicators copied between projects
def _indicator_key(ind) -> tuple[str, str, str] | None:
    """三级, 描述 and 指标值 of an indicator, normalised; None when the row has no 三级 name."""
    if not clean_text(ind.level3):
        return None
    return squash(ind.level3), squash(ind.description or ""), squash(ind.value or "")


@rule("K512", Severity.INFO, "多个项目的绩效指标完全相同",
      "“{project}”有{count}条绩效指标与“{other}”的完全相同（三级指标、描述和指标值都一样）：{names}。",
      "按本项目的资金用途和产出重新确定这些指标和指标值，使之能反映本项目自身的绩效。", scope="form")
def indicators_copied(form, ctx):
    """一个项目的多条绩效指标与前面另一个项目的完全相同（三级指标、指标描述、指标值都一样）。

    为什么：审核看“相关性”——指标应当从本项目的产出和效益中提炼。几个项目用同一套指标，通常是
    复制粘贴后没有修改，指标反映不出各项目自身的绩效。满意度等通用指标也常被复制，所以只在与同一个
    较早项目（最先写出这些指标的项目）相同的指标达到两条及以上时提示，每个项目报告一次，位置是
    这个项目第一条相同指标的三级指标格。

    错误示例：三个项目的质量、时效、成本、满意度指标一字不差（如都为“资金完成率 ≥90”）。
    正确示例：每个项目按自己的资金用途设置指标，个别通用指标相同也无妨。
    """
    first_owner: dict[tuple[str, str, str], Project] = {}  # each row → the earliest project that has it
    for project in form.projects:
        keys = {}
        for ind in project.indicators:
            key = _indicator_key(ind)
            if key is not None and key not in keys:
                keys[key] = ind
        shared: dict[int, list] = {}  # earlier project (by id) → this project's rows it already had
        owners = {}
        for key, ind in keys.items():
            owner = first_owner.get(key)
            if owner is not None:
                shared.setdefault(id(owner), []).append(ind)
                owners[id(owner)] = owner
        for owner_id, same in shared.items():  # in the order of this project's rows
            if len(same) >= 2:
                other = owners[owner_id]
                yield hit(same[0].cells.get("level3"), project=project.name or project.sheet,
                          other=other.name or other.sheet, count=len(same),
                          names="、".join(f"“{ind.level3}”" for ind in same))
                break  # one finding per project
        for key in keys:
            first_owner.setdefault(key, project)
