"""一致性 K509–K510: the year — in Part 1's title, and in every text of the form."""
from __future__ import annotations

from functools import lru_cache

from ...form.findings import Severity
from ...form.model import Submission
from ...text.normalize import lazy_re, parse_number, to_halfwidth
from .._shared import cells_of, hit, rule, snippet

# ------------------------------------------------------------------ years
_TITLE_YEAR_RE = lazy_re(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")
# A year in a text: 4 digits starting 19/20 followed by 年, not part of a longer number.
_TEXT_YEAR_RE = lazy_re(r"(?<![0-9])((?:19|20)[0-9]{2})(?=\s*年)")
_RANGE_RE = lazy_re(r"(?<![0-9])((?:19|20)[0-9]{2})年?\s*(?:-|—|–|~|～|至|到)\s*((?:19|20)[0-9]{2})(?=\s*年)")
_BASE_CUES = ("比", "较", "与", "同", "基准", "自", "从", "相比", "对比", "截至", "截止", "到", "至")
_DEADLINE_AFTER = lazy_re(r"\s*年度?\s*(?:[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*[日号])?)?\s*(?:底|末)?\s*(?:前|之前|以前)")


def form_year(form: Submission) -> int | None:
    """The form's 年度: the 年度 cell when it holds a plausible year, else the year in Part 1's title."""
    y = parse_number(form.year)
    if y is not None and y.is_integer() and 1900 <= y <= 2100:
        return int(y)
    m = _TITLE_YEAR_RE.search(to_halfwidth(form.title or ""))
    return int(m.group(1)) if m else None


@rule("K509", Severity.WARNING, "标题年份与年度不一致",
      "第一部分标题“{title}”中的年份{title_year}年与填写的年度{year}年不一致。",
      "核对年度，把标题和“年度”改成同一年。", scope="form")
def title_year_differs(form, ctx):
    """第一部分标题中的年份与“年度”格不一致。

    为什么：年度决定这份绩效目标管哪一年的预算；标题和年度不一致，多是沿用上年的表格只改了一处。

    错误示例：标题“2020年部门整体绩效目标”，年度 2021。
    正确示例：标题“2021年部门整体绩效目标”，年度 2021。
    """
    y = parse_number(form.year)
    if y is None or not y.is_integer():
        return
    m = _TITLE_YEAR_RE.search(to_halfwidth(form.title or ""))
    if m and int(m.group(1)) != int(y):
        yield hit(form.cells.get("title"), title=form.title, title_year=int(m.group(1)), year=int(y))


@lru_cache(maxsize=4096)
def year_problems(text: str, year: int) -> tuple[tuple[int, int, str], ...]:
    """(year found, position, reason) for each year in ``text`` that does not fit a form of ``year``.

    Fits: the form's year; the year before it (the usual base year, "比2020年度有所增加"); an earlier year
    after a comparison or starting-point cue (比/较/与/同/基准/自/从/相比/截至 …: "与2018年相比"); a year after
    到/至 (a horizon, "到2025年"); a year range that contains the form's year ("2021-2023年"). Does not fit:
    any other year, and the year before used as a deadline ("2020年12月底前").
    """
    return tuple(_year_problems(text, year)) if "年" in text else ()


def _year_problems(text: str, year: int):
    norm = to_halfwidth(text)
    in_range = set()
    for m in _RANGE_RE.finditer(norm):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo <= year <= hi:
            in_range.update({m.start(1), m.start(2)})
    for m in _TEXT_YEAR_RE.finditer(norm):
        found = int(m.group(1))
        if found == year or m.start(1) in in_range:
            continue
        before = norm[max(0, m.start() - 2):m.start()]
        cued = any(before.endswith(cue) for cue in _BASE_CUES)
        if found == year - 1:
            if _DEADLINE_AFTER.match(norm, m.end()) and not cued:
                yield found, m.start(), "完成时限不应早于本年度"
            continue
        if cued and (found < year or before.endswith(("到", "至"))):
            continue
        yield found, m.start(), "既不是本年度，也不是作为比较基数的上一年度"


@rule("K510", Severity.WARNING, "文字中的年份与年度不符",
      "{where}中的“{around}”写的是{found}年，而本表年度是{year}年：{reason}。",
      "核对年份：本年度的目标和指标应写{year}年；与往年比较时写明“比…年”。", scope="form")
def text_year_differs(form, ctx):
    """目标、指标、资金用途等文字中出现的年份与本表年度不符。

    为什么：沿用往年表格时最容易漏改年份（如 2021 年的表里写“2022年度高新技术企业新增15家”或
    “2019年12月底前”），年终评价时指标就对不上年度。

    判断方法：文字中“XXXX年”的年份应为本表年度；上一年度作为比较基数是正常的（“比2020年度有所
    增加”），前面有“比、较、与、自、截至”等字的更早年份、“到2025年”这样的远期目标、包含本年度的
    “2021-2023年”也不报告；但上一年度作为完成时限（“2020年12月底前”）要报告。本表年度取“年度”
    格，未填时取第一部分标题中的年份。第一部分标题本身见 K509。

    错误示例：年度 2021，指标描述“2022年度拨付高企数量”。
    正确示例：年度 2021，指标描述“2021年度拨付高企数量”；“企业研发资金占比比2020年度有所增加”。
    """
    year = form_year(form)
    if year is None:
        return
    for cell in cells_of(ctx):
        if cell.field == "form_title":
            continue  # K509
        seen = set()
        for found, pos, reason in year_problems(cell.text, year):
            if found in seen:
                continue
            seen.add(found)
            yield hit(cell.ref, where=cell.where, around=snippet(cell.text, pos, pos + 4, width=8), found=found,
                      year=year, reason=reason)
