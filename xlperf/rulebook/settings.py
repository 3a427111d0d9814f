"""Check settings: thresholds, the indicator scheme and per-rule severity.

Three layers, later ones win: the defaults below; the workbook's 设置 sheet (what staff see when they click
校验); a TOML file given with ``--config`` (the finance bureau's own standard for a batch).

TOML (every key optional)::

    [xlperf]
    scheme = "101号"              # 指标体系: "自动" (default), "旧版" or "101号"
    satisfaction_min = 90          # 满意度最低值 (%)
    progress_minima = [0, 50, 75]  # 序时进度要求: cumulative % minima for Q1–Q3; [] = off (default)
    max_level3_length = 40         # 三级指标最大字数

    [xlperf.severity]              # 规则级别: a code → 错误 / 警告 / 提示 / 关闭
    V205 = "警告"
    T604 = "关闭"

In the workbook's 设置 sheet the same settings are rows: 指标体系 | 自动; 满意度最低值 | 90;
序时进度要求 | 关闭 (or "0,50,75"); 三级指标最大字数 | 40; 规则级别 | "V205=警告，T604=关闭".

Every value is checked, in either layer, and a value that cannot be used is a BadConfig with a Chinese message
naming the setting and the value (never a silent default): 满意度最低值 a number within 0–100 ("95%" is fine);
三级指标最大字数 a whole number ≥ 1; 序时进度要求 three numbers within 0–100 that do not decrease; 规则级别 only
codes of existing rules, each set to 错误/警告/提示/关闭.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from ..form.errors import XlperfError
from ..form.findings import Severity
from ..form.layout import AUTO_SCHEME, OFF, SETTINGS_ROWS
from ..form.taxonomy import NEW_SCHEME, OLD_SCHEME
from ..text.normalize import parse_number, parse_percent, to_halfwidth
from .registry import RETIRED_CODES, Rule


class BadConfig(XlperfError):
    """A settings file or 设置 row that cannot be understood."""


@dataclass(frozen=True)
class Config:
    scheme: str = AUTO_SCHEME
    satisfaction_min: float = 90.0
    progress_minima: tuple[float, ...] = ()  # Q1..Q3 cumulative % minima; empty = off (no official thresholds)
    max_level3_length: int = 40
    severity: dict[str, str] = field(default_factory=dict)  # code → 错误/警告/提示/关闭
    # the settings a file actually gave (so a reviewer's explicit value wins even when it equals the default)
    explicit: frozenset[str] = field(default=frozenset(), compare=False)
    # the reviewer's choice to check every workbook by one standard, whatever its own 设置 sheet says
    ignore_workbook: bool = False

    def severity_of(self, code: str, default: Severity) -> Severity | None:
        """The configured severity of a rule; None when the rule is switched off."""
        value = self.severity.get(code)
        if value is None:
            return default
        return None if value == OFF else Severity.parse(value)


DEFAULT = Config()

def from_settings(settings: dict[str, str], base: Config = DEFAULT, where: str = "设置", *,
                  rules: Sequence[Rule]) -> Config:
    """Apply the workbook's 设置 rows (unknown keys are ignored: staff may keep notes there).

    A known setting with a value that cannot be used (a typo in 规则级别, "九十" as 满意度最低值) raises BadConfig:
    a finding cannot carry it (the rules' settings are not known yet), and silently falling back to the default
    would check the form against a standard nobody chose. The CLI reports it for that file (exit 2), the 校验
    button shows it in its message box.
    """
    values = {}
    by_key = {row[0]: row[1] for row in SETTINGS_ROWS}
    for key, text in settings.items():
        attr = by_key.get(key.strip())
        if attr is None or text is None or str(text).strip() == "":
            continue
        values[attr] = _parse(attr, str(text).strip(), f"“{where}”表的“{key.strip()}”", rules)
    if "severity" in values:
        values["severity"] = {**base.severity, **values["severity"]}
    return replace(base, **values, explicit=base.explicit | set(values))


def load_toml(path: str | Path, base: Config = DEFAULT, *, rules: Sequence[Rule]) -> Config:
    """Apply a TOML settings file; rule codes in it must be codes of ``rules``."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadConfig("找不到设置文件", path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadConfig(f"设置文件无法读取（{type(exc).__name__}），应为 UTF-8 编码的 TOML", path) from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f"（第 {where.group(1)} 行第 {where.group(2)} 列）" if where else ""
        raise BadConfig(f"设置文件不是有效的 TOML{at}，请检查等号、引号和方括号", path) from None
    table = data.get("xlperf", data)
    attrs = {"scheme", "satisfaction_min", "progress_minima", "max_level3_length", "severity"}
    unknown = sorted(set(table) - attrs)
    if unknown:
        raise BadConfig(f"未知的设置项：{'、'.join(unknown)}（可用：{'、'.join(sorted(attrs))}）", path)
    values = {}
    for attr, value in table.items():
        try:
            values[attr] = _parse(attr, value, "[xlperf.severity] " if attr == "severity" else f"设置项 {attr} ", rules)
        except BadConfig as exc:
            raise BadConfig(exc.message, path) from None
    if "severity" in values:
        values["severity"] = {**base.severity, **values["severity"]}
    return replace(base, **values, explicit=base.explicit | set(values))


def _parse(attr: str, value, where: str, rules: Sequence[Rule]):
    """One setting's value, checked; a BadConfig naming ``where`` and the value when it cannot be used."""
    if attr == "severity":
        return _parse_severity(value, where, rules)
    try:
        if attr == "scheme":
            if value not in (AUTO_SCHEME, OLD_SCHEME, NEW_SCHEME):
                raise ValueError(f"应为 {AUTO_SCHEME}、{OLD_SCHEME} 或 {NEW_SCHEME}")
            return value
        if attr == "satisfaction_min":
            number = _percent(value, "应为 0–100 之间的百分数，如 90")
            if 0 < number <= 1 and not str(value).strip().endswith(("%", "％")):
                number *= 100  # "95%" typed into an Excel cell is stored as 0.95; a 0.95% minimum makes no sense
            if not 0 <= number <= 100:
                raise ValueError("应在 0–100 之间，如 90")
            return number
        if attr == "max_level3_length":
            number = None if isinstance(value, bool) else parse_number(value)
            if number is None or not number.is_integer() or number < 1:
                raise ValueError("应为不小于 1 的整数字数，如 40")
            return int(number)
        if attr == "progress_minima":
            if value in (OFF, "", [], "off"):
                return ()
            parts = value if isinstance(value, list) else re.split(r"[,，、;；\s]+", str(value).strip())
            usage = "应为关闭，或第一至三季度的三个 0–100 之间、逐季不减少的累计进度，如 0,50,75"
            minima = tuple(_percent(p, usage, name_it=True) for p in parts if str(p))
            if len(minima) != 3 or not all(0 <= m <= 100 for m in minima):
                raise ValueError(usage)
            if any(later < earlier for earlier, later in zip(minima, minima[1:])):
                raise ValueError("累计进度要求不能逐季减少（" + usage + "）")
            return minima
    except (ValueError, TypeError) as exc:
        raise BadConfig(f"{where}的取值“{_show(value)}”无效：{exc}") from None
    raise BadConfig(f"未知的设置项 {attr}")


def _percent(value, usage: str, name_it: bool = False) -> float:
    """A number or a percentage ("90", "90%", 90); ValueError with a Chinese ``usage`` otherwise."""
    number = None if isinstance(value, bool) else parse_percent(value)
    if number is None:
        raise ValueError(f"{'“' + _show(value) + '”' if name_it else ''}不是数字；{usage}")
    return number


_LEVELS = f"错误、警告、提示 或 {OFF}"


def _parse_severity(value, where: str, rules: Sequence[Rule]) -> dict[str, str]:
    """规则级别: "V205=警告，T604=关闭" (workbook) or a TOML table {code: level}. Every code must be a rule's."""
    if isinstance(value, dict):
        pairs = [(str(code), level) for code, level in value.items()]
    else:
        text = re.sub(r"\s*[=＝]\s*", "=", to_halfwidth(str(value)).strip())
        pairs = []
        for item in re.split(r"[,，;；、\s]+", text):
            if not item:
                continue
            if "=" not in item:
                raise BadConfig(f"{where}中的“{item}”无效：应写成“规则编号=级别”，如“V205=警告，T604=关闭”")
            pairs.append(tuple(item.split("=", 1)))
    codes = {r.code for r in rules}
    out = {}
    for code, level in pairs:
        code = to_halfwidth(code).strip().upper()
        shown = f"{code}={_show(level)}"
        if code in RETIRED_CODES:
            raise BadConfig(f"{where}中的“{shown}”无效：规则 {code} 已停用（{RETIRED_CODES[code]}）")
        if code not in codes:
            raise BadConfig(f"{where}中的“{shown}”无效：没有编号为 {code} 的规则，请核对规则编号（如 V205、T604）")
        level = str(level).strip() if isinstance(level, str) else level
        if level == OFF:
            out[code] = OFF
            continue
        try:
            out[code] = Severity.parse(level).value
        except (ValueError, AttributeError):
            raise BadConfig(f"{where}中的“{shown}”无效：级别应为 {_LEVELS}") from None
    return out


def _show(value) -> str:
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
