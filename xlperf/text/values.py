"""Parsing of indicator values (指标值) such as "≥90%", "15家以上", "2021年12月底前" or "有所提升".

The budget system stores a value as 计算符号 + number + 计量单位 (or 定性 text); forms written in Word or Excel put
all of it in one cell. ``parse_value`` splits such a cell into those parts so the rule engine can check
each of them. Pure stdlib, cheap to import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import clean_text, lazy_re, squash, to_halfwidth

__all__ = ["ParsedValue", "parse_value", "KINDS", "COMPARATORS", "is_rate_name", "is_unitless_name",
           "UNITLESS_NAME_WORDS", "VAGUE_WORDS", "vague_word", "PLACEHOLDERS", "is_placeholder", "is_money_unit",
           "is_time_unit", "TIME_UNITS"]

KINDS = ("quantitative", "qualitative", "deadline", "period", "placeholder", "empty")
COMPARATORS = ("≥", "≤", ">", "<", "=", "≈")  # ≈: 约…, …左右, …上下 (an estimate, neither floor nor cap)


@dataclass(frozen=True)
class ParsedValue:
    """One 指标值 cell split into comparator, number(s), unit, or qualitative text.

    ``kind`` is one of KINDS. ``comparator`` is one of COMPARATORS or None when the cell states none
    (a bare "100" or "5万元/家"). ``upper`` is set only for ranges ("1500-2400元/人": number 1500, upper
    2400). ``qualitative`` holds the text of a qualitative value, else None. ``anchor`` is set only for a
    period read out of a longer text: the words saying from when or how often, the period itself shown as "…"
    ("收到申请后…" for "收到申请后10日内", "…完成" for "10日内完成", "按季度" for the schedule "按季度"); None for a
    plain duration ("≤15个工作日", "3个工作日内").
    """

    raw: str
    kind: str
    comparator: str | None = None
    number: float | None = None
    upper: float | None = None
    unit: str | None = None
    qualitative: str | None = None
    anchor: str | None = None


# Comparator words before the number, longest first when matching. Values after to_halfwidth + squash.
_PREFIX_WORDS: dict[str, str] = {}
for _cmp, _words in (
    ("≥", "≥ ≧ >= => 大于等于 大于或等于 不低于 不少于 不小于 不得低于 不得少于 至少 最少 最低"),
    ("≤", "≤ ≦ <= =< 小于等于 小于或等于 不高于 不超过 不多于 不大于 不得超过 不得高于 不得多于 最多 至多 最高 控制在"),
    (">", "> 大于 高于 超过 多于"),
    ("<", "< 小于 低于 少于"),
    ("=", "= == 等于 达到 达 为"),
    ("≈", "≈ 约 大约 约为 大概"),
):
    for _w in _words.split():
        _PREFIX_WORDS[_w] = _cmp
_PREFIX_ORDER = sorted(_PREFIX_WORDS, key=len, reverse=True)

# Comparator words after the number and unit ("15家以上", "5万元以内", "3天内").
_SUFFIX_WORDS = (("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"), ("之内", "≤"), ("内", "≤"),
                 ("左右", "≈"), ("上下", "≈"))

TIME_UNITS = ("年", "年度", "个月", "月", "周", "星期", "天", "日", "个工作日", "工作日", "小时", "分钟", "季度", "个季度")
_MONEY_RE = lazy_re(r"(?:元|千元|万元|百万元|亿元)(?:/.+)?")

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_QUANT_RE = lazy_re(
    rf"(?P<num>[+-]?{_NUMBER})(?:(?P<lounit>[%‰a-zA-Z\u4e00-\u9fff/]{{1,8}}?)?(?:-|~|～|—|–|至|到)"
    rf"(?P<upper>[+-]?{_NUMBER}))?(?P<rest>[^\d]*)"
)
# "（含）" after a number or unit says the bound is included, which ≥/≤/以上/以下 already say: dropped.
_INCLUSIVE_RE = lazy_re(r"[(（]含[)）]")
# A unit written in brackets, "≥35（家）": read as "≥35家".
_BRACKET_UNIT_RE = lazy_re(r"[(（](?P<unit>[^()（）]{1,8})[)）]")
_UNIT_RE = lazy_re(r"[%‰℃a-zA-Z\u4e00-\u9fff/·²³]{1,8}")

# Deadlines: an optional year, then a month/day or a part of the year, then an optional 前/底/内.
# The year may also be relative ("次年3月底前", "当年12月31日前", "每年6月底前"), and the part recurring
# ("每月10日前", "每季度末前", "季度末").
_DEADLINE_RE = lazy_re(
    r"""(?:于|在)?
    (?:(?P<year>(?:19|20)\d{2})年(?:度)?|(?P<rel>次年|当年|本年|翌年|每年)(?:度)?)?
    (?P<part>
        \d{1,2}月(?:\d{1,2}[日号])?(?:底|末|初|上旬|中旬|下旬)?
      | (?:每个?|次|本|当)月(?:\d{1,2}[日号]|底|末|初|上旬|中旬|下旬)
      | 年(?:底|末|内|中|初)
      | (?<=[年度])(?:底|末|初)    # after the year: "2021年底", "2021年度末", "次年底"
      | 上半年|下半年|全年|当年|年度内
      | 第?[一二三四1-4]季度(?:末|底)?
      | (?:每个?|本|当|各)?季度(?:末|底|初|结束)
    )?
    (?P<tail>前|之前|以前|内|之内|完成|止|截止|为止)?(?:完成)?    # "6月底前完成"
  | (?P<iso>(?:19|20)\d{2}[-./]\d{1,2}(?:[-./]\d{1,2})?)(?P<isotail>前|之前|以前)?""",
    re.VERBOSE,
)

# A period anywhere in the text, usually counted from an event: "收到申请后10日内", "每季度结束后15个工作日内",
# "资金下达10个工作日内拨付到位". The number must not be part of a longer number ("2021年内" is a deadline).
_PERIOD_IN_TEXT_RE = lazy_re(
    r"(?<![\d.,])(?P<num>\d+(?:\.\d+)?)(?P<unit>个工作日|工作日|小时|分钟|个月|天|日|周|星期|个季度|季度|年)"
    r"(?:内|之内|以内)"
)
# A schedule: "按季度", "每季度", "每月", "每年一次". Read as a period of one such unit (see ``parse_value``).
# A payment verb may follow ("按月发放", "按季度拨付", "每月足额发放"); other verbs ("按月考核") are not read.
_FREQUENCY_RE = lazy_re(
    r"(?:按|每)个?(?P<unit>年度?|半年|季度?|月度?|周|星期|天|日)(?:足额)?(?:发放|拨付|支付|兑付|兑现)?(?:一次|1次)?"
)
# The same day: "当日发放", "当天", "当日内办结". Read as a period of one day (≤ 1 日).
_SAME_DAY_RE = lazy_re(r"(?P<unit>当日|当天)(?:内)?(?:足额)?(?:发放|拨付|支付|兑付|兑现|办结|完成|到账|到位)?")
# A year, then an event, then 前: "2022年秋季学期开学前", "2022年春节之前" (the event's date is known to all).
_YEAR_EVENT_DEADLINE_RE = lazy_re(
    r"(?:于|在)?(?:19|20)\d{2}年度?[\u4e00-\u9fff]{1,12}?(?:前|之前|以前)(?:完成)?"
)
# A label, then a dated deadline: "春季学期5月底前", "秋季学期11月底前". The part from the first digit on must
# be a deadline ending in 前/之前/以前.
_LABELLED_DEADLINE_RE = lazy_re(r"(?P<label>[\u4e00-\u9fff]{1,10}?)(?P<rest>\d.*)")
# Several deadlines in one cell ("春季学期5月底前、秋季学期11月底前"): split on these.
_LIST_SPLIT_RE = lazy_re(r"[、，,；;]")
# A date range ("2022年3月-2022年11月", "2022年3月至11月"): split on the first of these.
_RANGE_SPLIT_RE = lazy_re(r"-|~|～|—|–|至|到")
# A note in brackets at the end ("≥90%（抽样调查）"), or an alternative unit ("≥330台（套）"): dropped when the
# rest is a value.
_TRAILING_NOTE_RE = lazy_re(r"(?P<rest>.+?)[(（][^()（）]+[)）]")
_FREQUENCY_UNITS = {"年": (1.0, "年"), "年度": (1.0, "年"), "半年": (6.0, "个月"), "季": (1.0, "季度"),
                    "季度": (1.0, "季度"), "月": (1.0, "月"), "月度": (1.0, "月"), "周": (1.0, "周"),
                    "星期": (1.0, "周"), "天": (1.0, "天"), "日": (1.0, "日")}

PLACEHOLDERS = ("文字描述", "XX", "xx", "XXX", "xxx", "**", "***", "×××", "待定", "待补充", "待填", "略", "…", "……",
                "...", "/", "-", "—", "——", "?", "？", "空")
_PLACEHOLDER_SET = {squash(p).lower() for p in PLACEHOLDERS}
_PLACEHOLDER_CHARS = set("x*×.…-—/?？_")

VAGUE_WORDS = ("进一步提高", "有所提升", "有所提高", "提高", "提升", "增强", "优化", "健全", "达成预期指标", "明显",
               "逐步", "不断",
               # added after acceptance testing: growth and improvement without a size
               "有所增加", "有所增长", "有所加强", "有所改善", "有所", "增加", "增长", "稳步增长", "稳步提升", "稳步",
               "较上年增长", "逐年增加", "逐年", "改善", "有效改善", "进一步改善", "明显改善", "持续改善", "进一步",
               "加强", "显著", "持续发展", "长期", "达到预期", "符合预期", "预期效果", "较高", "较好")  # + corpus
VAGUE_WHOLE = ("高", "好", "很好", "大", "较大")  # vague only as the whole value (not 高 in 高标准, 好 in 良好)
_VAGUE_ORDER = sorted(VAGUE_WORDS, key=len, reverse=True)
# A vague word right after a negation is a verifiable statement ("不增加" = no growth at all).
_NEGATIONS = "不未无没"

_RATE_WORDS = ("率", "占比", "比例", "比重")
# Names of quantities that have no unit by nature: a coefficient, an index, a ratio of two like quantities, a
# multiple, a pH. A score is not one of them: it has the unit 分.
UNITLESS_NAME_WORDS = ("系数", "指数", "比值", "倍数", "pH", "PH", "ph", "酸碱度", "容积率")
_NOT_RATE = ("效率", "频率", "功率", "速率")


def is_placeholder(text: object) -> bool:
    """Return True when the cell holds a stand-in instead of a value ("XX", "**", "文字描述", "待定", "/" …).

    Why: copying a template and forgetting to fill it is the most common defect. Matching ignores case,
    whitespace and full-width forms; any text made only of x * × . … - — / ? _ counts too ("XXXX", "***").
    An empty cell is not a placeholder (see ``parse_value`` kind "empty").
    """
    s = squash(text).lower()
    if not s:
        return False
    return s in _PLACEHOLDER_SET or set(s) <= _PLACEHOLDER_CHARS


def vague_word(text: object) -> str | None:
    """Return the vague word (VAGUE_WORDS) a qualitative value relies on, or None.

    Why: "有所提升", "进一步提高", "稳步增长" or "有效改善" cannot be verified at year end. The longest word found
    wins ("进一步提高" rather than "提高"), then the earliest. A word right after 不/未/无/没 does not count
    ("不增加" says: no growth at all, which can be checked). Graded values (优、良、中、差、良好、优秀、合格、
    达标) are not vague. A bare 高 or 好 as the whole value (VAGUE_WHOLE) is vague. Meant for qualitative values: a caller should not flag "提高5%", which ``parse_value``
    reports as qualitative text but which does carry a number.
    """
    s = squash(text)
    if s in VAGUE_WHOLE:
        return s
    best: tuple[int, int, str] | None = None
    for w in _VAGUE_ORDER:
        i = s.find(w)
        while i > 0 and s[i - 1] in _NEGATIONS:
            i = s.find(w, i + 1)
        if i >= 0:
            key = (-len(w), i, w)
            if best is None or key < best:
                best = key
    return best[2] if best else None


def is_rate_name(name: object) -> bool:
    """Return True when a 三级指标 name implies a rate, so its value should be a percentage.

    A name containing 率, 占比, 比例 or 比重 is a rate; 效率/频率/功率/速率 alone do not count ("工作效率" is
    not measured in %), but "效率提升率" does.
    """
    s = squash(name)
    for w in _NOT_RATE:
        s = s.replace(w, "")
    return any(w in s for w in _RATE_WORDS)


def is_unitless_name(name: object) -> bool:
    """Return True when a 三级指标 name is a quantity without a unit by nature (UNITLESS_NAME_WORDS).

    "农田灌溉水有效利用系数 ≥0.6", "空气质量综合指数 ≤80", "投入产出比值 ≥1.2", "土壤pH值 6.5-7.5", "容积率 ≤2.5":
    the bare number is the whole value; asking for a unit (or for "%") would be wrong. Scores ("得分", "分值")
    are not unitless: their unit is 分.
    """
    s = to_halfwidth(squash(name))
    return bool(s) and any(w in s for w in UNITLESS_NAME_WORDS)


def is_money_unit(unit: object) -> bool:
    """Return True for money units: 元, 千元, 万元, 百万元, 亿元, optionally per something (元/人, 万元/家).

    Bare "万" is False: in a unit cell it may mean 万人 as well as 万元.
    """
    s = squash(unit)
    return bool(s) and _MONEY_RE.fullmatch(s) is not None


def is_time_unit(unit: object) -> bool:
    """Return True for duration units (TIME_UNITS: 年, 个月, 天, 个工作日, 小时, 季度 …)."""
    return squash(unit) in TIME_UNITS


def _split_prefix(s: str) -> tuple[str | None, str]:
    for w in _PREFIX_ORDER:
        if s.startswith(w):
            return _PREFIX_WORDS[w], s[len(w):]
    return None, s


def _split_suffix(s: str) -> tuple[str | None, str]:
    """Split "家以上" → ("≥", "家"); also "家以上企业" → ("≥", "家") (a noun after the word is dropped)."""
    for w, cmp in _SUFFIX_WORDS:
        if s.endswith(w) and len(s) > len(w):
            return cmp, s[: -len(w)]
    for w, cmp in _SUFFIX_WORDS:
        i = s.find(w)
        if len(w) > 1 and i > 0 and re.fullmatch(r"[\u4e00-\u9fff]{1,6}", s[i + len(w):]):
            return cmp, s[:i]
    return None, s


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def parse_value(text: object) -> ParsedValue:
    """Split one 指标值 cell into kind, comparator, number, upper bound, unit and qualitative text.

    Kinds:
      * "empty": nothing typed; "placeholder": a stand-in (see ``is_placeholder``), also "≥XX%" or "**家";
      * "quantitative": comparator? number[-upper] unit? suffix? — "≥90%", "15家以上" (≥, 15, 家),
        "-5%" and "≥-5%" (a signed number: a decline allowed),
        "≤5.6万元", "5万元/家", "1500-2400元/人", "90%-95%" (the unit may be repeated on the low end);
        a unit in brackets is a unit ("≥35（家）"), and "（含）" is dropped ("35家（含）以上" → ≥ 35 家,
        the bound being inclusive already); any other bracketed text at the end is dropped when the rest is a
        value: a note ("≥90%（抽样调查）" → ≥ 90 %) or an alternative unit ("≥330台（套）" → ≥ 330 台);
        "2022年秋季学期" (a year and words) is qualitative, not 2022 of the unit "年秋季学期"; comparators are normalised to COMPARATORS from ＞ ≥ >=
        不低于 不少于 不高于 不超过 达到 … before the number, and 以上/以下/以内/内 after it (a word before the
        number wins if both are present); an estimate (约…, …左右, …上下) is "≈"; "3个亿" is 3 亿元;
      * "deadline": a date by which something happens ("2021年12月底前", "12月31日前", "年底前", "2021年",
        "2021年底前", "2021年度末前", "6月底前完成"), also with a relative year ("次年3月底前", "当年12月31日前")
        or recurring ("每月10日前", "每季度末前", "季度末"); a year and an event before 前 ("2022年秋季学期开学前"),
        a label before a dated deadline ("春季学期5月底前"), several deadlines separated by 、，；
        ("春季学期5月底前、秋季学期11月底前": every part must be a deadline) and a date range
        ("2022年3月-2022年11月", "2022年3月至11月": comparator None; bare years "2021年-2022年" are not read);
        its comparator is "≤" when it ends in 前/之前/以前/内, its number and unit are None;
      * "period": a duration ("1年", "3个月", "3个工作日内" → ≤ 3 个工作日); a 4-digit year followed by 年 is a
        deadline, not a period. A period anywhere in the text, usually counted from an event, is read too:
        "收到申请后10日内", "每季度结束后15个工作日内" → ≤ 15 个工作日 (the event is in ``raw`` only).
        A schedule ("按季度", "每季度", "每月", "每年一次") is read as a period of one unit ("每季度" → 1 季度,
        "每半年" → 6 个月, comparator None, ``anchor`` the text): it states when the work recurs, which a
        reviewer accepts as a 时效 value, though it is no count; a payment verb may follow ("按月发放", "按季度拨付",
        "每月足额发放"). "当日发放", "当天" are a period of one day (≤ 1 日 / 天, ``anchor`` the text);
      * "qualitative": anything else ("是", "有所提升", "比2020年度有所增加", "提高5%"), kept in ``qualitative``.
    Whitespace inside the cell and full-width forms are ignored. Numbers (90.0) are accepted as cells.
    """
    raw = clean_text(text)
    if raw is None:
        return ParsedValue(raw="", kind="empty")
    s = to_halfwidth("".join(ch for ch in raw if not ch.isspace()))
    if is_placeholder(s):
        return ParsedValue(raw=raw, kind="placeholder")
    s = _INCLUSIVE_RE.sub("", s) or s

    parsed = _parse_one(raw, s)
    if parsed.kind != "qualitative":
        return parsed
    # A note or an alternative unit in brackets at the end: "≥90%（抽样调查）", "≥330台（套）" → the value before it.
    m = _TRAILING_NOTE_RE.fullmatch(s)
    if m:
        inner = _parse_one(raw, m.group("rest"))
        if inner.kind != "qualitative":
            return inner
        s = m.group("rest")
    # Several deadlines: "春季学期5月底前、秋季学期11月底前" (each part must be one; no empty part).
    parts = _LIST_SPLIT_RE.split(s)
    if len(parts) > 1 and all(parts):
        read = [_parse_one(raw, part) for part in parts]
        if all(r.kind == "deadline" for r in read):
            cmps = {r.comparator for r in read}
            return ParsedValue(raw=raw, kind="deadline", comparator=cmps.pop() if len(cmps) == 1 else None)
    return parsed


def _is_deadline(body: str, need_part: bool = False) -> re.Match | None:
    m = _DEADLINE_RE.fullmatch(body)
    if m and (m.group("part") or m.group("iso") or (not need_part and (m.group("year") or m.group("rel")))):
        return m
    return None


def _parse_one(raw: str, s: str) -> ParsedValue:
    """``parse_value`` of one value, without the trailing-note and list fallbacks."""
    comparator, body = _split_prefix(s)

    # Schedules ("按季度", "每月"): before deadlines, where "每年" would be a relative year.
    m = _FREQUENCY_RE.fullmatch(body)
    if m:
        number, unit = _FREQUENCY_UNITS[m.group("unit")]
        return ParsedValue(raw=raw, kind="period", comparator=comparator, number=number, unit=unit, anchor=body)

    # The same day: "当日发放", "当天".
    m = _SAME_DAY_RE.fullmatch(body)
    if m:
        return ParsedValue(raw=raw, kind="period", comparator=comparator or "≤", number=1.0,
                           unit="日" if m.group("unit") == "当日" else "天", anchor=body)

    # Deadlines (before numbers: "12月31日前" starts with a number).
    m = _is_deadline(body)
    if m:
        tail = m.group("tail") or m.group("isotail")
        cmp = comparator or ("≤" if tail in ("前", "之前", "以前", "内", "之内") else None)
        return ParsedValue(raw=raw, kind="deadline", comparator=cmp)
    # "2022年秋季学期开学前" (a year, an event, 前); "春季学期5月底前" (a label, a dated deadline).
    if _YEAR_EVENT_DEADLINE_RE.fullmatch(body):
        return ParsedValue(raw=raw, kind="deadline", comparator=comparator or "≤")
    m = _LABELLED_DEADLINE_RE.fullmatch(body)
    if m:
        d = _is_deadline(m.group("rest"))
        if d and (d.group("tail") or d.group("isotail")) in ("前", "之前", "以前"):
            return ParsedValue(raw=raw, kind="deadline", comparator=comparator or "≤")
    # A date range: "2022年3月-2022年11月", "2022年3月至11月" (both ends a month or a date, not bare years).
    m = _RANGE_SPLIT_RE.search(body)
    if m and _is_deadline(body[: m.start()], need_part=True) and _is_deadline(body[m.end():], need_part=True):
        return ParsedValue(raw=raw, kind="deadline", comparator=comparator)

    # A period in the text ("收到申请后10日内", "10个工作日内完成"); not a year ("2021年内" is a deadline).
    m = _PERIOD_IN_TEXT_RE.search(body)
    if m and not (m.group("unit") == "年" and re.fullmatch(r"(?:19|20)\d{2}", m.group("num"))):
        before, after = body[: m.start()], body[m.end():]
        anchor = f"{before}…{after}" if before or after else None
        return ParsedValue(raw=raw, kind="period", comparator=comparator or "≤", number=_num(m.group("num")),
                           unit=m.group("unit"), anchor=anchor)

    m = _QUANT_RE.fullmatch(body)
    if m:
        rest = m.group("rest")
        bracket = _BRACKET_UNIT_RE.match(rest)
        if bracket:
            rest = bracket.group("unit") + rest[bracket.end():]
        suffix_cmp, unit = _split_suffix(rest)
        if suffix_cmp is not None and (comparator is None or comparator == "="):
            comparator = suffix_cmp
        unit = re.sub(r"^个亿元?", "亿元", unit) or None  # "3个亿" is said for 3 亿元, not a count of "个亿"
        if unit is None or _UNIT_RE.fullmatch(unit):
            number = _num(m.group("num"))
            upper = _num(m.group("upper")) if m.group("upper") else None
            if upper is not None and upper < number:  # "2021-12": not a range
                return ParsedValue(raw=raw, kind="qualitative", qualitative=raw)
            if m.group("lounit") and (m.group("lounit") != unit or unit in ("年", "年度")):
                # "90%-95%" is a range; "5千元-1万元" (two units) and "2021年-2022年" (years) are not read
                return ParsedValue(raw=raw, kind="qualitative", qualitative=raw)
            year = number.is_integer() and 1900 <= number <= 2100 and upper is None
            if year and unit is not None and unit.startswith("年") and unit not in ("年", "年度"):
                # "2022年秋季学期": a year and some words, not 2022 of the unit "年秋季学期"
                return ParsedValue(raw=raw, kind="qualitative", qualitative=raw)
            kind = "quantitative"
            if unit is not None and unit in TIME_UNITS:
                kind = "period"
                if unit in ("年", "年度") and number.is_integer() and 1900 <= number <= 2100 and upper is None:
                    return ParsedValue(raw=raw, kind="deadline", comparator=comparator)
            return ParsedValue(raw=raw, kind=kind, comparator=comparator, number=number, upper=upper, unit=unit)

    # "≥XX%", "**家": a placeholder where the number should be.
    core = re.sub(r"[%\u4e00-\u9fff/]+$", "", body)
    if core and (comparator is not None or core != body) and set(core.lower()) <= _PLACEHOLDER_CHARS:
        return ParsedValue(raw=raw, kind="placeholder")
    return ParsedValue(raw=raw, kind="qualitative", qualitative=raw)
