"""规范性 rules (codes T601–T699): text hygiene — stray punctuation, repeated phrases, mixed full/half width,
unbalanced brackets, overlong 三级指标, half-width commas in Chinese text.

Every rule here looks at the *text cells* of the form (``text_cells``): each is one piece of text the user typed,
its cell, the kind of text it is and a plain-Chinese description of where it is. Multi-line list cells (绩效目标,
第一部分的绩效指标) are looked at line by line, because each line is one item to the reader.

Kinds of text, which decide what counts as stray punctuation:
  * "name"  — names and short labels (项目名称, 三级指标, 指标值确定依据, 主管部门 …): no punctuation may end them;
  * "value" — 指标值: same as names (a value ending in "。" or "，" is a typing slip);
  * "level" — 一级/二级指标: same as names, but see T601 (no double report with the completeness family);
  * "item"  — one line of a list (绩效目标, 第一部分的绩效指标): may end in "。" or "；", as list items do;
  * "prose" — sentences (项目资金主要用途, 绩效指标描述, 总体绩效目标, 保障措施, 标题): may end in "。" or "；".
"""
from __future__ import annotations

from functools import lru_cache

from ..form.findings import Severity
from ..form.taxonomy import canonical_level1, canonical_level2
from ..text.normalize import lazy_re, to_halfwidth
from ._shared import TextCell, cells_of, hit, project_label, rule, snippet

# ------------------------------------------------------------------ T601 / T602 stray punctuation
_LEAD = "、，,。；;：:"
_TRAIL_LOOSE = "、，,：:"  # items and prose may end in 。 or ；
_TRAIL_STRICT = _TRAIL_LOOSE + "；;。"
_PUNCT_ONLY = set(_TRAIL_STRICT + ".．！!？?·…") | {" ", "\u3000"}
_STRICT_KINDS = ("name", "value", "level")


@lru_cache(maxsize=4096)
def _is_only_punctuation(text: str) -> bool:
    return all(ch in _PUNCT_ONLY or ch.isspace() for ch in text)


def _level_recognised(cell: TextCell) -> bool:
    canon = canonical_level1 if cell.field == "level1" else canonical_level2
    return canon(cell.text) is not None


@rule("T601", Severity.WARNING, "开头或结尾有多余的标点",
      "{where}“{text}”{position}有多余的标点“{mark}”。",
      "删去多余的“{mark}”，写成“{fixed}”。", scope="form")
def stray_punctuation(form, ctx):
    """名称、指标值和条目的开头或结尾有多余的标点。

    为什么：多余的“、”“，”多是删改内容时留下的残余；名称和指标值要录入预算系统、印进正式文本，
    带标点的名称在系统里对不上，指标值也无法识别。

    检查范围：所有文字格。开头不得有 、，。；：；名称、三级指标、指标值、一级/二级指标的结尾也不得有
    这些标点；绩效目标、描述等句子允许以“。”“；”结尾，但不应以“、”“，”“：”结尾。
    一级、二级指标名称带多余标点时（如“、满意度指标”），完整性规则已报告“名称不能识别”并给出正确
    名称，这里不再重复；只有预算系统仍能识别的一级/二级名称带标点时才在这里报告。
    只有标点的格或行见 T602。

    错误示例：一级指标“、满意度指标”（由完整性规则报告）；三级指标“被服务企业满意度，”；指标值“≥90%。”
    正确示例：三级指标“被服务企业满意度”；指标值“≥90%”；绩效目标“推动高新技术企业发展。”
    """
    for cell in cells_of(ctx):
        trail = _TRAIL_STRICT if cell.kind in _STRICT_KINDS else _TRAIL_LOOSE
        if cell.text[0] not in _LEAD and cell.text[-1] not in trail:
            continue
        if _is_only_punctuation(cell.text):
            continue  # T602
        if cell.kind == "level" and not _level_recognised(cell):
            continue  # reported by the completeness family as an unrecognised name
        lead_len = len(cell.text) - len(cell.text.lstrip(_LEAD))
        trail_len = len(cell.text) - len(cell.text.rstrip(trail))
        if not lead_len and not trail_len:
            continue
        position = "开头和结尾" if lead_len and trail_len else ("开头" if lead_len else "结尾")
        mark = cell.text[:lead_len] + cell.text[len(cell.text) - trail_len:]
        fixed = cell.text[lead_len:len(cell.text) - trail_len]
        yield hit(cell.ref, where=cell.where, text=cell.text, position=position, mark=mark, fixed=fixed)


@rule("T602", Severity.WARNING, "只有标点的内容",
      "{where}{what}只有标点“{text}”，没有内容。",
      "删去{this}，或在此填写应有的内容。", scope="form")
def punctuation_only(form, ctx):
    """一行或一格只有标点。

    为什么：只有“、”“。”的行是删改内容时留下的残余，打印出来像漏填了一条；审核人员会追问缺了什么。

    检查范围：名称、绩效目标、第一部分的绩效指标、描述、保障措施等文字格（逐行检查）。指标值只填
    “/”“…”“？”之类属于占位符，由指标值规则报告；一级/二级指标由完整性规则报告。

    错误示例：第一部分“机器人产业扶持资金”的绩效指标第一行只有“、”。
    正确示例：删去该行，只保留“拨付企业数量1家”等实际指标。
    """
    for cell in cells_of(ctx):
        if cell.kind in ("value", "level"):
            continue
        if _is_only_punctuation(cell.text):
            line = cell.kind == "item"
            yield hit(cell.ref, where=cell.where, text=cell.text, what="有一行" if line else "",
                      this="这一行" if line else "这些标点")


# ------------------------------------------------------------------ T603 repeated phrases
# A phrase of Chinese characters written twice in a row. Minimum length 2: single characters doubled (常常, 人人,
# 看看, 日日, and "占比比2020年度" = 占比 + 比…) are ordinary Chinese and never flagged. A phrase of 3 or more
# characters doubled ("河北省河北省") is always reported. A 2-character repeat is ambiguous without a dictionary:
# "企业创业创新" contains "业创业创" (企业|创业|创新), so it is reported only when the doubled pair stands
# apart from its neighbours on at least one side — at the start or end of the text, or next to punctuation, a
# digit, or one of the function words 的和与及等或并在对为是了 ("的意见意见；"). The few correct ABAB forms
# (研究研究, 一个一个 …) are never reported.
MIN_REPEAT = 2
_REPEAT_RE = lazy_re(r"(?=(([\u4e00-\u9fff]{%d,10})\2))" % MIN_REPEAT)
_BOUNDARY_CHARS = set("的和与及等或并在对为是了")
LEGIT_REPEATS = ("研究", "讨论", "商量", "考虑", "了解", "交流", "学习", "检查")


def _bounded(text: str, start: int, end: int) -> bool:
    def edge(i: int) -> bool:
        return i < 0 or i >= len(text) or not ("\u4e00" <= text[i] <= "\u9fff") or text[i] in _BOUNDARY_CHARS

    return edge(start - 1) or edge(end)


@lru_cache(maxsize=4096)
def repeated_phrases(text: str) -> tuple[tuple[str, int, int], ...]:
    """(phrase, start, end) for each phrase written twice in a row in ``text`` (see the rule T603)."""
    out: list[tuple[str, int, int]] = []
    covered_until = -1
    for m in _REPEAT_RE.finditer(text):
        start = m.start()
        if start < covered_until:
            continue
        # the longest repeat starting here ("河北省河北省" rather than a shorter one)
        phrase = m.group(2)
        end = start + 2 * len(phrase)
        if phrase in LEGIT_REPEATS or (len(phrase) == 2 and phrase[0] == "一"):
            continue
        if len(phrase) == 2 and not _bounded(text, start, end):
            continue
        out.append((phrase, start, end))
        covered_until = end
    return tuple(out)


@rule("T603", Severity.WARNING, "词语重复",
      "{where}中“{phrase}”连写了两遍（“{around}”）。",
      "删去重复的“{phrase}”。", scope="form")
def phrase_written_twice(form, ctx):
    """同一个词连写两遍，如“河北省河北省”“意见意见”。

    为什么：这是复制粘贴或改稿留下的笔误，印进正式文本显得不严谨；文件名称重复时还会让人怀疑引用的
    依据是否准确。

    判断方法：连续两遍出现的 3–10 个汉字的词一律报告（“河北省河北省”）；两个字的词连写两遍，只在
    它与前后文分得开时报告（紧挨标点、数字、句首句尾或“的、和、与”等虚词，如“……的意见意见；”），
    因为“企业创业创新”里的“业创业创”并不是重复。单字叠用是正常的汉语（常常、人人、看看、日日），
    不算重复；“占比比2020年度”是“占比”加“比…”，也不算。少数正常的 ABAB 叠用（研究研究、一个一个
    等）不报告。

    错误示例：按照《河北省河北省省级科技创新券实施细则》；提出……的意见意见；
    正确示例：按照《河北省省级科技创新券实施细则》；提出……的意见建议；
    """
    for cell in cells_of(ctx):
        seen = set()
        for phrase, start, end in repeated_phrases(cell.text):
            if phrase in seen:
                continue
            seen.add(phrase)
            yield hit(cell.ref, where=cell.where, phrase=phrase, around=snippet(cell.text, start, end, width=6))


# ------------------------------------------------------------------ T604 / T605 full-width and half-width
_FULL_DIGITS = set("０１２３４５６７８９")
_HALF_DIGITS = set("0123456789")
_FULL_DIGIT_RE = lazy_re("[０-９]")
# One number: digits of either width, with decimal points or thousands separators between them.
_NUMBER_RE = lazy_re(r"[0-9０-９]+(?:[.．,，][0-9０-９]+)*")


@rule("T604", Severity.INFO, "全角半角混用",
      "{where}“{text}”中的数字“{number}”混用了全角数字“{full}”和半角数字“{half}”。",
      "数字统一用半角（如“≥90%”），便于预算系统识别。", scope="form")
def mixed_width(form, ctx):
    """同一个数字里全角数字与半角数字混用。

    为什么：用中文输入法录入时容易打出全角数字“９”，与半角数字拼在同一个数里（“≥９0%”）时，
    预算系统和汇总表可能认不出这个数，看上去也像打错了。

    检查范围：所有文字格中的每一个数字（连续的 0–9 和全角 ０–９，可带小数点或千位分隔符）。
    整个数字都是全角或都是半角的不报告。半角数字后面跟全角“％”、或全角“＞”“＝”后面跟半角数字
    （“≥95％”“＞95%”）是中文输入法的日常写法，读取时会统一，不报告；同一项目中“>=”与“≥”
    两种比较符号并存由 T605 提示。

    错误示例：≥９0%；复审企业3５家
    正确示例：≥90%；≥95％；＞95%
    """
    for cell in cells_of(ctx):
        if not _FULL_DIGIT_RE.search(cell.text):
            continue
        for m in _NUMBER_RE.finditer(cell.text):
            number = m.group(0)
            full = [ch for ch in number if ch in _FULL_DIGITS]
            half = [ch for ch in number if ch in _HALF_DIGITS]
            if full and half:
                text = cell.text if len(cell.text) <= 30 else snippet(cell.text, m.start(), m.end(), width=12)
                yield hit(cell.ref, where=cell.where, text=text, number=number,
                          full="".join(dict.fromkeys(full)), half="".join(dict.fromkeys(half)))
                break  # one finding per cell


_DIGRAPH_RE = lazy_re(r">=|<=|=>|=<")
_SYMBOL_RE = lazy_re(r"[≥≤≧≦]")


@rule("T605", Severity.INFO, "比较符号写法不统一",
      "“{project}”的指标值“{value}”用“{digraph}”表示比较，而本项目其他指标值用{symbol}。",
      "统一用预算系统的计算符号“≥”“≤”，把“{digraph}”改为“{replacement}”。", scope="form")
def mixed_comparators(form, ctx):
    """同一项目的指标值里“>=”“<=”与“≥”“≤”混用。

    为什么：预算系统的计算符号是“≥ ＞ ＝ ＜ ≤”，同一张表里两种写法并存显得不规范，也容易让人误以为
    两种写法含义不同。

    检查范围：每个项目的全部指标值（全角“＞＝”按“>=”看待）。只在同一项目两种写法都出现时提示，
    标在用“>=”“<=”的格上。

    错误示例：同一项目中“>=35家”和“≥90%”并存。
    正确示例：“≥35家”“≥90%”。
    """
    for p in form.projects:
        values = [(ind, to_halfwidth(ind.value)) for ind in p.indicators if ind.value]
        symbols = list(dict.fromkeys(m.group(0) for _, v in values for m in _SYMBOL_RE.finditer(v)))
        if not symbols:
            continue
        for ind, v in values:
            m = _DIGRAPH_RE.search(v)
            if m:
                digraph = m.group(0)
                yield hit(ind.cells.get("value"), project=project_label(p), value=ind.value, digraph=digraph,
                          symbol="、".join(f"“{x}”" for x in symbols), replacement="≥" if ">" in digraph else "≤")


# ------------------------------------------------------------------ T606 brackets
_OPENERS = {"（": "）", "(": "）", "《": "》", "“": "”", "【": "】"}
_CLOSERS = {"）": "（", ")": "（", "》": "《", "”": "“", "】": "【"}
_BRACKET_NAMES = {"（": "左括号", "(": "左括号", "）": "右括号", ")": "右括号", "《": "左书名号", "》": "右书名号",
                  "“": "左引号", "”": "右引号", "【": "左方括号", "】": "右方括号"}
_ANY_BRACKET = lazy_re("[（）()《》“”【】]")
# "1）…" / "一)…" at the start of a line is numbering, not an unmatched bracket.
_NUMBERING_CLOSER = lazy_re(r"(?m)^[ \t\u3000]*[0-9０-９一二三四五六七八九十]{1,3}[)）]")


@lru_cache(maxsize=4096)
def bracket_problem(text: str) -> tuple[str, int] | None:
    """The first unbalanced bracket or quote in ``text``: (problem in Chinese, position), or None.

    Half-width and full-width round brackets pair with each other ("（…)" is balanced; mixed width is not
    this rule's business). Numbering such as "1）" at the start of a line is ignored.
    """
    if not _ANY_BRACKET.search(text):
        return None
    masked = _NUMBERING_CLOSER.sub(lambda m: " " * len(m.group(0)), text)
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(masked):
        if ch in _OPENERS:
            stack.append((ch, i))
        elif ch in _CLOSERS:
            want = _CLOSERS[ch]
            if stack and (stack[-1][0] == want or (want == "（" and stack[-1][0] == "(")):
                stack.pop()
            elif stack:
                opener, pos = stack[-1]
                return f"{_BRACKET_NAMES[opener]}后面接的是{_BRACKET_NAMES[ch]}，不配对", pos
            else:
                return f"有{_BRACKET_NAMES[ch]}，前面缺少对应的{_BRACKET_NAMES[want]}", i
    if stack:
        opener, pos = stack[-1]
        return f"有{_BRACKET_NAMES[opener]}，后面缺少对应的{_BRACKET_NAMES[_OPENERS[opener]]}", pos
    return None


@rule("T606", Severity.WARNING, "括号或引号不成对",
      "{where}的括号或引号不成对：{problem}（“{around}”）。",
      "补上缺少的括号或引号，或删去多余的。", scope="form")
def unbalanced_brackets(form, ctx):
    """括号（）()、书名号《》、引号“”、方括号【】不成对。

    为什么：不成对的括号多是改稿时删多了或少删了，文件名称缺了书名号会让引用的依据不清楚。

    检查范围：所有文字格；全角和半角圆括号可以互相配对（全角半角混用不在此报告）；行首的“1）”编号
    不算括号。每格只报告第一处。

    错误示例：按照《河北省省级科技创新券实施细则规定；加强宣传培训（提高业务素质
    正确示例：按照《河北省省级科技创新券实施细则》规定；加强宣传培训（提高业务素质）
    """
    for cell in cells_of(ctx):
        found = bracket_problem(cell.text)
        if found:
            problem, pos = found
            yield hit(cell.ref, where=cell.where, problem=problem, around=snippet(cell.text, pos, pos + 1))


# ------------------------------------------------------------------ T607 overlong 三级指标
@rule("T607", Severity.ERROR, "三级指标名称过长",
      "“{project}”的三级指标“{name}”有{length}个字，超过预算系统允许的{limit}个字。",
      "把三级指标精简为{limit}字以内的名称，具体说明写到“绩效指标描述”中。")
def level3_too_long(project, ctx):
    """三级指标名称超过预算系统允许的字数（默认 40 字，可在设置中调整）。

    为什么：预算系统限制三级指标不超过 40 个字，超长的名称无法录入；名称过长也往往说明把描述或
    指标值写进了名称。字数不计空格和换行。

    错误示例：三级指标写成一整句话，把指标描述、口径和目标值都写在名称里，超过 40 个字。
    正确示例：三级指标“拨付高企数量”，描述写“2021年度拨付高新技术企业补助的数量”。
    """
    limit = ctx.config.max_level3_length
    for ind in project.indicators:
        if not ind.level3:
            continue
        length = sum(1 for ch in ind.level3 if not ch.isspace())
        if length > limit:
            yield hit(ind.cells.get("level3"), project=project_label(project), name=ind.level3, length=length,
                      limit=limit)


# ------------------------------------------------------------------ T608 half-width comma
_HALF_COMMA_RE = lazy_re(r"(?<=[\u4e00-\u9fff）》”]),(?=[\u4e00-\u9fff0-9０-９（《“])")


@rule("T608", Severity.INFO, "中文句中使用半角逗号",
      "{where}在中文句子里用了半角逗号“,”（“{around}”）{more}。",
      "把半角逗号“,”改为中文逗号“，”。", scope="form")
def halfwidth_comma(form, ctx):
    """中文句子中间用了半角逗号“,”。

    为什么：正式文本中文句子应使用全角标点；半角逗号夹在中文里显得不规范，多是切换输入法时漏改。

    检查范围：所有文字格；只看前面是汉字（或右括号、右引号）、后面是汉字或数字的“,”。数字中的千位
    分隔符（“1,580万元”）不算。

    一个格只提示一次：格里有几条（如绩效目标的几行）都用了半角逗号时，说明共几处，不逐条重复。

    错误示例：2021年度计划100家申请高新技术企业,申请高企的企业补助5万元/家
    正确示例：2021年度计划100家申请高新技术企业，申请高企的企业补助5万元/家
    """
    per_cell: dict = {}  # one hint per cell: a list cell's lines are counted together
    for cell in cells_of(ctx):
        if "," not in cell.text:
            continue
        found = list(_HALF_COMMA_RE.finditer(cell.text))
        if found:
            key = cell.ref if cell.ref is not None else id(cell)
            if key in per_cell:
                per_cell[key][1] += len(found)
            else:
                first = found[0].start()
                per_cell[key] = [cell, len(found), snippet(cell.text, first, first + 1)]
    for cell, count, around in per_cell.values():
        more = f"，共{count}处" if count > 1 else ""
        yield hit(cell.ref, where=cell.where, around=around, more=more, count=count)
