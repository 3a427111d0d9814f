"""Printed 一级/二级 labels → the canonical level, the label as printed, and what was printed with it.

Provinces and template generations print the same taxonomy with different labels: a score weight, a
"required" note or an alternative in brackets ("效益指标（30分）", "成本指标(0-20)分", "时效指标（必填）",
"质量指标（或验收指标）"), "目标" for "指标" ("社会效益目标"), other names for a level ("项目完成" for 产出,
"预算控制" for 成本), the 一级 repeated before the 二级 ("产出数量指标"), several 效益 kinds merged in one label
("经济效益、社会效益指标"). This module parses one label into a ``Label``: the canonical level every rule
works with, the label as printed (messages quote it), and the annotations. The province variants are data
(``LEVEL1_VARIANTS``, ``LEVEL2_VARIANTS``), not code; a label that is none of these is not recognised, and the
fuzzy suggestions for misspelt labels stay in ``taxonomy.suggest_level1/2``.

Used by ``taxonomy.canonical_level1/2`` (so every rule sees the canonical level) and by readers of other
provinces' layouts::

    >>> parse_level1("效益指标（30分）").canonical, parse_level1("效益指标（30分）").score
    ('效益指标', '30分')
    >>> parse_level2("社会效益目标").canonical
    '社会效益指标'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Annotation", "Label", "parse_label", "parse_level1", "parse_level2", "LEVEL1_ALIASES",
           "LEVEL2_ALIASES", "LEVEL1_VARIANTS", "LEVEL2_VARIANTS"]

# canonical 一级 → accepted spellings (canonical first)
LEVEL1_ALIASES: dict[str, tuple[str, ...]] = {
    "产出指标": ("产出指标", "产出"),
    "成本指标": ("成本指标", "成本"),
    "效益指标": ("效益指标", "效益", "效果指标", "效果"),
    "满意度指标": ("满意度指标", "满意度"),
}

# canonical 二级 → accepted spellings
LEVEL2_ALIASES: dict[str, tuple[str, ...]] = {
    "数量指标": ("数量指标", "数量"),
    "质量指标": ("质量指标", "质量"),
    "时效指标": ("时效指标", "时效"),
    "成本指标": ("成本指标", "成本"),
    "经济成本指标": ("经济成本指标", "经济成本"),
    "社会成本指标": ("社会成本指标", "社会成本"),
    "生态环境成本指标": ("生态环境成本指标", "生态环境成本", "环境成本指标", "环境成本"),
    "经济效益指标": ("经济效益指标", "经济效益"),
    "社会效益指标": ("社会效益指标", "社会效益"),
    "生态效益指标": ("生态效益指标", "生态效益", "环境效益指标", "环境效益"),
    "可持续影响指标": ("可持续影响指标", "可持续影响", "可持续性影响指标"),
    "服务对象满意度指标": (
        "服务对象满意度指标",
        "服务对象满意度",
        "社会公众或服务对象满意度指标",
        "社会公众或服务对象满意度",
        "社会公众满意度指标",
        "社会公众满意度",
    ),
}

# Other names provinces and template generations print for a level (without the trailing 指标/目标, which is
# optional): name → canonical. Each entry is a class of forms, not one form.
LEVEL1_VARIANTS: dict[str, str] = {
    "项目完成": "产出指标",  # 自评表 of several provinces: 项目完成指标 / 项目效益指标
    "项目产出": "产出指标",
    "预期产出": "产出指标",  # 预期产出 / 预期效果 (older application forms)
    "项目效益": "效益指标",
    "预期效果": "效益指标",
    "项目效果": "效益指标",
    "满意度": "满意度指标",
    "服务对象满意度": "满意度指标",
    "社会公众或服务对象满意度": "满意度指标",
}
LEVEL2_VARIANTS: dict[str, str] = {
    "满意度": "服务对象满意度指标",  # 满意度 repeated as its own 二级
    "预算控制": "成本指标",  # 成本 called 预算控制 / 投资规模控制 / 成本控制 in construction templates
    "投资规模控制": "成本指标",
    "投资控制": "成本指标",
    "成本控制": "成本指标",
    "项目成本": "成本指标",
    "经济成本": "经济成本指标",
    "可持续发展": "可持续影响指标",
    "可持续": "可持续影响指标",
    "生态环境效益": "生态效益指标",
}
# the 一级 a 二级 label may repeat in front of itself ("产出数量指标", "效益社会效益指标" is not seen; 产出 is)
_LEVEL1_PREFIXES = ("产出", "项目")

# The kinds of 效益 and 成本 a merged label may list ("经济、社会效益指标", "经济效益和社会效益指标").
_MERGE_KINDS = {
    "效益": {"经济": "经济效益指标", "社会": "社会效益指标", "生态": "生态效益指标", "环境": "生态效益指标",
             "生态环境": "生态效益指标"},
    "成本": {"经济": "经济成本指标", "社会": "社会成本指标", "生态环境": "生态环境成本指标", "环境": "生态环境成本指标"},
}
_LIST_SEP = re.compile(r"[、，,/／和及与]")

# Annotations printed in brackets after a label
_OPEN, _CLOSE = "（(【[〔", "）)】]〕"
_TRAILING_GROUP = re.compile(r"^(?P<name>.*?)[（(【\[〔](?P<inner>[^（()）【】\[\]〔〕]*)[）)】\]〕](?P<after>分?)$")
_TRAILING_SCORE = re.compile(r"^(?P<name>.*?\D)(?P<inner>\d+(?:\.\d+)?分)$")
_SCORE = re.compile(r"^(?:分值|权重|满分)?[:：]?\d+(?:\.\d+)?(?:[-–—~～至]\d+(?:\.\d+)?)?(?:分|%)?$")
_REQUIRED = ("必填", "必选", "必设", "选填", "可选", "选设", "共性指标", "个性指标", "核心指标", "不可删除", "可删除")


@dataclass(frozen=True)
class Annotation:
    """Something printed with a label: ``kind`` is "score" (a weight, "30分"), "required" (a note such as
    必填 or 选填), "alternative" (another name for the same level, "验收指标") or "note" (anything else)."""

    kind: str
    text: str


@dataclass(frozen=True)
class Label:
    """One printed label, parsed.

    ``original`` is the label as printed (messages quote it); ``name`` is the label without its annotations;
    ``canonical`` is the canonical name at the level asked for (``level`` 1 or 2), or None when the label is not
    recognised; ``also`` lists further canonical 二级 a merged label names ("经济效益、社会效益指标" →
    canonical 经济效益指标, also (社会效益指标,)); ``variant`` says in words which tolerance recognised it.
    """

    original: str
    name: str
    level: int
    canonical: str | None
    annotations: tuple[Annotation, ...] = ()
    also: tuple[str, ...] = ()
    variant: str | None = None

    @property
    def score(self) -> str | None:
        """The score weight printed with the label ("30分", "0-20分"), or None."""
        return next((a.text for a in self.annotations if a.kind == "score"), None)

    @property
    def alternative(self) -> str | None:
        return next((a.text for a in self.annotations if a.kind == "alternative"), None)


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


_ALIAS_INDEX = {
    1: {_key(a): canon for canon, aliases in LEVEL1_ALIASES.items() for a in aliases},
    2: {_key(a): canon for canon, aliases in LEVEL2_ALIASES.items() for a in aliases},
}
_VARIANT_INDEX = {1: LEVEL1_VARIANTS, 2: LEVEL2_VARIANTS}


def parse_level1(text: str | None) -> Label | None:
    """``parse_label(text, 1)``."""
    return parse_label(text, 1)


def parse_level2(text: str | None) -> Label | None:
    """``parse_label(text, 2)``."""
    return parse_label(text, 2)


@lru_cache(maxsize=4096)
def parse_label(text: str | None, level: int) -> Label | None:
    """Parse a printed 一级 (``level`` 1) or 二级 (2) label; None for a blank one.

    A label with stray punctuation ("、满意度指标") or extra words is not recognised here (canonical None): such
    labels are reported, with the suggestion ``taxonomy.suggest_level1/2`` finds in them.
    """
    if text is None or not str(text).strip():
        return None
    original = str(text).strip()
    name, annotations = _peel(_key(original))
    canonical, also, variant = _recognise(name, level)
    if canonical is None and annotations:
        # a bracket that is part of the name itself ("社会公众（服务对象）满意度") is tried whole
        whole, _, whole_variant = _recognise(_key(original), level)
        if whole is not None:
            return Label(original, _key(original), level, whole, (), (), whole_variant)
    if annotations and variant is None and canonical is not None:
        variant = "带括注的名称"
    return Label(original, name, level, canonical, annotations, also, variant)


def _peel(key: str) -> tuple[str, tuple[Annotation, ...]]:
    """The label without its trailing annotations, and the annotations in printed order."""
    found: list[Annotation] = []
    while True:
        m = _TRAILING_GROUP.match(key)
        if m and m.group("name"):
            inner = m.group("inner") + m.group("after")
            found.insert(0, _annotation(inner))
            key = m.group("name")
            continue
        m = _TRAILING_SCORE.match(key)
        if m and m.group("name"):
            found.insert(0, Annotation("score", m.group("inner")))
            key = m.group("name")
            continue
        return key, tuple(found)


def _annotation(inner: str) -> Annotation:
    if _SCORE.match(inner) and any(ch.isdigit() for ch in inner):
        return Annotation("score", inner if inner.endswith(("分", "%")) else inner + "分")
    if any(word in inner for word in _REQUIRED):
        return Annotation("required", inner)
    m = re.match(r"^(?:或者?|亦称|又称|即)(.+)$", inner)
    if m:
        return Annotation("alternative", m.group(1))
    return Annotation("note", inner)


def _recognise(name: str, level: int) -> tuple[str | None, tuple[str, ...], str | None]:
    """(canonical, also, variant) for a label without annotations."""
    index = _ALIAS_INDEX[level]
    if name in index:
        return index[name], (), None
    stem = _stem(name)
    if stem is not None:
        if stem in index:
            return index[stem], (), "“目标”作“指标”" if name.endswith("目标") else "省略“指标”"
        if stem + "指标" in index:
            return index[stem + "指标"], (), "“目标”作“指标”" if name.endswith("目标") else None
        if stem in _VARIANT_INDEX[level]:
            return _VARIANT_INDEX[level][stem], (), f"“{name}”是{_VARIANT_INDEX[level][stem]}的别称"
    if level == 2:
        for prefix in _LEVEL1_PREFIXES:
            rest = name[len(prefix):]
            if name.startswith(prefix) and rest and rest != name:
                canon, _, _ = _recognise(rest, 2)
                if canon is not None and canon not in ("服务对象满意度指标",):
                    return canon, (), f"二级名称前重复了一级“{prefix}”"
        merged = _merged(stem or name)
        if merged:
            return merged[0], merged[1:], "几类合并在一个名称中"
    return None, (), None


def _stem(name: str) -> str | None:
    """The name without a trailing 指标 or 目标 (None when nothing is left)."""
    stem = re.sub(r"(?:指标|目标)$", "", name)
    return stem or None


def _merged(stem: str) -> tuple[str, ...]:
    """The canonical 二级 a merged label lists ("经济、社会效益" → 经济效益指标, 社会效益指标), or ()."""
    for family, kinds in _MERGE_KINDS.items():
        if not stem.endswith(family):
            continue
        parts = [p for p in _LIST_SEP.split(stem) if p]
        if len(parts) < 2:
            return ()
        out = []
        for part in parts:
            part = part[: -len(family)] if part.endswith(family) else part
            canon = kinds.get(part)
            if canon is None:
                return ()
            if canon not in out:
                out.append(canon)
        return tuple(out) if len(out) >= 2 else ()
    return ()
