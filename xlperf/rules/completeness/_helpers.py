"""What the 完整性 modules share: the sources they cite, the 二级 names of each category, what counts as
blank, and which 一级/二级 a row's label means (a misspelt label counts as its clear suggestion)."""
from __future__ import annotations

from functools import lru_cache

from ...form.model import Indicator
from ...form.taxonomy import canonical_level1, canonical_level2, suggest_level1, suggest_level2

SOURCE_88 = "财预〔2015〕88号《中央部门预算绩效目标管理办法》"
SOURCE_101 = "财预〔2021〕101号《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》"

OUTPUT_L2 = ("数量指标", "质量指标", "时效指标")
COST_L2 = ("成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标")
BENEFIT_L2 = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
SATISFACTION_L2 = ("服务对象满意度指标",)


# ------------------------------------------------------------------ helpers
def _blank(value) -> bool:
    if value is None or value == "":  # the common cases first, without a strip()
        return True
    return isinstance(value, str) and not value.strip()


@lru_cache(maxsize=1024)
def _effective_level1(text: str) -> str | None:
    return canonical_level1(text) or suggest_level1(text)


@lru_cache(maxsize=1024)
def _effective_level2(text: str) -> str | None:
    return canonical_level2(text) or suggest_level2(text)


def _level1_of(ind: Indicator) -> str | None:
    """The 一级 a row belongs to: its canonical name, or the clear suggestion for a misspelt one."""
    return None if _blank(ind.level1) else _effective_level1(ind.level1)


def _level2_of(ind: Indicator) -> str | None:
    return None if _blank(ind.level2) else _effective_level2(ind.level2)
