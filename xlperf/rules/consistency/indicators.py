"""一致性 K507: each indicator line of Part 1 has a counterpart among the table's indicators.

``INDICATOR_COVERAGE`` = 0.6 — a Part 1 indicator line has a counterpart in the table when at least this share of
its content word pairs (汉字 bigrams, years/numbers/filler words removed) occur in one indicator's
三级指标/描述/指标值; 0.4 is enough when the line's number also appears in that indicator's value.
"""
from __future__ import annotations

from functools import lru_cache

from ...form.findings import Severity
from ...form.model import Project
from ...text.normalize import lazy_re
from .._shared import hit, rule
from ._matching import _squash, all_pairs

INDICATOR_COVERAGE = 0.6
INDICATOR_COVERAGE_WITH_NUMBER = 0.4


# ------------------------------------------------------------------ Part 1 indicator lines
_CJK = lazy_re(r"[\u4e00-\u9fff]")
_CJK_RUN = lazy_re(r"[\u4e00-\u9fff]+")
_YEAR_RE = lazy_re(r"(?<![0-9])(?:19|20)[0-9]{2}年度?")
_NUMBER_RE = lazy_re(r"[0-9]+(?:\.[0-9]+)?")
_FILLER = ("是否", "按照", "有所", "及以上", "以上", "以下", "以内", "不低于", "不少于", "不高于", "不超过", "达到",
           "全年", "年度", "相比", "增加", "提高", "提升", "增长", "新增")


def _content(text: str) -> str:
    s = _YEAR_RE.sub("|", _squash(text))
    for w in _FILLER:
        s = s.replace(w, "|")
    return s


@lru_cache(maxsize=4096)
def _bigrams(text: str) -> frozenset[str]:
    runs = _CJK_RUN.findall(_content(text))
    return frozenset(run[i:i + 2] for run in runs for i in range(len(run) - 1))


def _numbers(text: str | None) -> set[float]:
    if not text:
        return set()
    s = _YEAR_RE.sub("|", _squash(text))
    return {float(n) for n in _NUMBER_RE.findall(s)}


def indicator_counterpart(line: str, project: Project, texts=None):
    """The indicator of ``project`` that a Part 1 indicator line restates, or None.

    A counterpart: its 三级指标 appears in the line ("补助企业数量≥35家"), or at least INDICATOR_COVERAGE of the
    line's content bigrams occur in its 三级指标/描述/指标值 (INDICATOR_COVERAGE_WITH_NUMBER when the line's number
    is also its value's). Years, numbers and filler words (是否, 以上, 增加 …) do not count as content.
    """
    grams = _bigrams(line)
    line_key = _squash(line)
    numbers = None
    for ind, name, target in (texts if texts is not None else _indicator_texts(project)):
        if len(name) >= 2 and name in line_key:
            return ind
        if not grams:
            continue
        coverage = sum(1 for g in grams if g in target) / len(grams)
        if coverage >= INDICATOR_COVERAGE:
            return ind
        if coverage >= INDICATOR_COVERAGE_WITH_NUMBER:
            numbers = _numbers(line) if numbers is None else numbers
            if numbers & _numbers(ind.value):
                return ind
    return None


def _indicator_texts(project: Project):
    return [(ind, _squash(ind.level3), "|".join(_squash(t) for t in (ind.level3, ind.description, ind.value) if t))
            for ind in project.indicators]


@rule("K507", Severity.INFO, "第一部分的绩效指标在项目表中没有对应指标",
      "第一部分“{project}”的绩效指标“{line}”在第二部分项目表的绩效指标中找不到对应的指标。",
      "在项目表中增加对应的三级指标并写明指标值，或修改第一部分，使两部分一致。", scope="form")
def part1_indicator_missing(form, ctx):
    """第一部分列出的绩效指标，在项目表的指标中找不到对应。

    为什么：第一部分列的是项目的关键指标，应当是项目表指标的摘录；项目表里没有的指标，年终评价时
    没有指标值可依，说明两部分不一致（常见于照抄别的项目的指标）。

    判断方法（从宽，只作提示）：项目表某个指标的三级指标名称出现在这一行中；或这一行的主要字词
    （去掉年份、数字和“是否”“以上”“增加”等虚词后的相邻两字）至少六成出现在某个指标的三级指标、
    描述或指标值中（数字也相同时四成即可）。第一部分只列关键指标，所以不反过来检查项目表的每个指标。

    几条都找不到对应时，在这一格只提示一次，列出这几条。
    错误示例：第一部分写“2021年度高新技术企业新增15家以上”，项目表没有“新增高新技术企业数量”指标。
    正确示例：第一部分写“补助企业数量≥35家”，项目表有三级指标“补助企业数量”、指标值“≥35家”。
    """
    for s, p in all_pairs(ctx):
        texts = _indicator_texts(p)  # punctuation-only lines are a hygiene matter (T602)
        lines = [line for line in s.indicators if _CJK.search(line) and indicator_counterpart(line, p, texts) is None]
        if lines:  # one hint per cell, listing its lines
            yield hit(s.cells.get("indicators"), project=p.name, line="”“".join(lines), count=len(lines))
