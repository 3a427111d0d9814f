"""The indicator taxonomy (指标体系): 一级/二级 names, their aliases, and the standard 指标值确定依据.

Two schemes are in use: the older one (the reference submission's: 成本 sits under 产出) and the one of
财预〔2021〕101号 (成本指标 is its own 一级 with 经济/社会/生态环境成本). Real forms write 二级 names with or
without the trailing "指标" and use aliases such as 效果指标 for 效益指标; all are accepted and mapped to a
canonical name. Provinces' other printings of the same labels (score weights and notes in brackets, "目标" for
"指标", other names for a level, merged 二级) are parsed by ``form.labels``; ``canonical_level1/2`` go through it,
so every rule sees the canonical level. Sources and certainty: ../shared/notes/domain.md.
"""
from __future__ import annotations

import re

from .labels import LEVEL1_ALIASES, LEVEL2_ALIASES, parse_level1, parse_level2

OLD_SCHEME = "旧版"
NEW_SCHEME = "101号"
SCHEMES = (OLD_SCHEME, NEW_SCHEME)

# which 二级 belong under which 一级, per scheme
LEVEL2_BY_LEVEL1: dict[str, dict[str, tuple[str, ...]]] = {
    OLD_SCHEME: {
        "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
        "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
        "满意度指标": ("服务对象满意度指标",),
    },
    NEW_SCHEME: {
        "产出指标": ("数量指标", "质量指标", "时效指标"),
        "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
        "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
        "满意度指标": ("服务对象满意度指标",),
    },
}

# A 二级 printed under another 一级 than its own by a known template generation: (一级, 二级) → which one.
# Rules accept these placements; the row counts as its 二级's own category.
TOLERATED_PLACEMENTS: dict[tuple[str, str], str] = {
    ("效益指标", "服务对象满意度指标"): "旧版（财预〔2015〕88号时期）模板，如湖南，把社会公众或服务对象满意度列在效益指标下",
}

# standard 指标值确定依据 and the words forms use for them
BASIS_STANDARD = ("计划标准", "行业标准", "历史标准", "其他标准")
BASIS_SYNONYMS: dict[str, str] = {
    "文件要求": "计划标准",
    "文件规定": "计划标准",
    "政策要求": "计划标准",
    "计划要求": "计划标准",
    "预算安排": "计划标准",
    "工作经验": "历史标准",
    "历史数据": "历史标准",
    "往年经验": "历史标准",
    "上年完成值": "历史标准",
    "行业规定": "行业标准",
    "行业要求": "行业标准",
    "国家标准": "行业标准",
}

PROJECT_ATTRIBUTES = ("新增", "延续")
# other words provinces print for them ("持续性项目" in Hubei's 批复表)
PROJECT_ATTRIBUTE_SYNONYMS = {"持续": "延续", "连续": "延续", "新设": "新增"}

_STRAY = re.compile(r"^[\s、，,.．。:：;；\-—]+|[\s、，,.．。:：;；\-—]+$")


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name)


_LEVEL1_INDEX = {_key(alias): canon for canon, aliases in LEVEL1_ALIASES.items() for alias in aliases}
_LEVEL2_INDEX = {_key(alias): canon for canon, aliases in LEVEL2_ALIASES.items() for alias in aliases}


def canonical_level1(name: str | None) -> str | None:
    """The canonical 一级 name for a printed label (aliases and province variants, see ``form.labels``),
    or None when not recognised."""
    label = parse_level1(name) if name else None
    return label.canonical if label else None


def canonical_level2(name: str | None) -> str | None:
    """The canonical 二级 name for a printed label, or None when not recognised. A label merging several
    二级 ("经济效益、社会效益指标") gives the first; ``level2_names`` gives them all."""
    label = parse_level2(name) if name else None
    return label.canonical if label else None


def level2_names(name: str | None) -> tuple[str, ...]:
    """Every canonical 二级 a printed label names (several for a merged label), or () when not recognised."""
    label = parse_level2(name) if name else None
    if label is None or label.canonical is None:
        return ()
    return (label.canonical,) + label.also


def placement_tolerated(level1: str | None, level2: str | None) -> bool:
    """True when a known template generation prints this 二级 under this 一级 (TOLERATED_PLACEMENTS)."""
    return (level1, level2) in TOLERATED_PLACEMENTS


def suggest_level1(name: str) -> str | None:
    """A recognised 一级 hidden in a misspelt one (stray punctuation, extra words), else None."""
    return _suggest(name, _LEVEL1_INDEX)


def suggest_level2(name: str) -> str | None:
    """A recognised 二级 hidden in a misspelt one, else None."""
    return _suggest(name, _LEVEL2_INDEX)


def _suggest(name: str, index: dict[str, str]) -> str | None:
    stripped = _STRAY.sub("", _key(name))
    if stripped in index:
        return index[stripped]
    # longest alias contained in the text, e.g. "产出类指标" ⊅ but "社会效益指标（新增）" ⊃ 社会效益指标
    hits = sorted((alias for alias in index if alias in stripped), key=len, reverse=True)
    return index[hits[0]] if hits else None


def standard_basis(text: str | None) -> str | None:
    """The standard 确定依据 a form's wording stands for (文件要求 → 计划标准), or None."""
    if not text:
        return None
    key = _STRAY.sub("", _key(text))
    if key in BASIS_STANDARD:
        return key
    return BASIS_SYNONYMS.get(key)


def all_level1_spellings() -> list[str]:
    """Every accepted 一级 spelling, canonical names first (feeds the workbook's drop-down)."""
    canon = list(LEVEL1_ALIASES)
    return canon + [a for aliases in LEVEL1_ALIASES.values() for a in aliases if a not in canon]


def all_level2_spellings() -> list[str]:
    """Every accepted 二级 spelling, canonical names first."""
    canon = list(LEVEL2_ALIASES)
    return canon + [a for aliases in LEVEL2_ALIASES.values() for a in aliases if a not in canon]
