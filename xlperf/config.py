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
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import XlperfError
from .findings import Severity
from .taxonomy import NEW_SCHEME, OLD_SCHEME

AUTO_SCHEME = "自动"
OFF = "关闭"


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

    def severity_of(self, code: str, default: Severity) -> Severity | None:
        """The configured severity of a rule; None when the rule is switched off."""
        value = self.severity.get(code)
        if value is None:
            return default
        return None if value == OFF else Severity.parse(value)


DEFAULT = Config()

# (workbook key, Config attribute, default shown in the template, explanation)
SETTINGS_ROWS = (
    ("指标体系", "scheme", AUTO_SCHEME, "自动：按是否有“成本指标”一级判断；旧版：成本在产出下；101号：财预〔2021〕101号，成本指标单列一级"),
    ("满意度最低值", "satisfaction_min", "90", "满意度指标值低于此百分比时提示（没有官方统一标准，常见为 90% 或 95%）"),
    ("序时进度要求", "progress_minima", OFF, "关闭，或第一至三季度累计进度最低值，如“0,50,75”（未找到河北省官方季度标准，仅作警告）"),
    ("三级指标最大字数", "max_level3_length", "40", "预算系统要求三级指标不超过 40 个字"),
    ("规则级别", "severity", "", "调整个别规则，如“V205=警告，T604=关闭”（可用：错误、警告、提示、关闭）"),
)


def from_settings(settings: dict[str, str], base: Config = DEFAULT, where: str = "设置") -> Config:
    """Apply the workbook's 设置 rows (unknown keys are ignored: staff may keep notes there)."""
    values = {}
    by_key = {row[0]: row[1] for row in SETTINGS_ROWS}
    for key, text in settings.items():
        attr = by_key.get(key.strip())
        if attr is None or text is None or str(text).strip() == "":
            continue
        values[attr] = _parse(attr, str(text).strip(), f"{where}“{key}”")
    if "severity" in values:
        values["severity"] = {**base.severity, **values["severity"]}
    return replace(base, **values, explicit=base.explicit | set(values))


def load_toml(path: str | Path, base: Config = DEFAULT) -> Config:
    """Apply a TOML settings file."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadConfig("找不到设置文件", path) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadConfig(f"设置文件无法解析：{exc}", path) from None
    table = data.get("xlperf", data)
    attrs = {"scheme", "satisfaction_min", "progress_minima", "max_level3_length", "severity"}
    unknown = sorted(set(table) - attrs)
    if unknown:
        raise BadConfig(f"未知的设置项：{'、'.join(unknown)}（可用：{'、'.join(sorted(attrs))}）", path)
    values = {}
    for attr, value in table.items():
        try:
            values[attr] = _parse(attr, value, attr)
        except BadConfig as exc:
            raise BadConfig(exc.message, path) from None
    if "severity" in values:
        values["severity"] = {**base.severity, **values["severity"]}
    return replace(base, **values, explicit=base.explicit | set(values))


def _parse(attr: str, value, where: str):
    try:
        if attr == "scheme":
            if value not in (AUTO_SCHEME, OLD_SCHEME, NEW_SCHEME):
                raise ValueError(f"应为 {AUTO_SCHEME}、{OLD_SCHEME} 或 {NEW_SCHEME}")
            return value
        if attr == "satisfaction_min":
            return float(str(value).rstrip("%％"))
        if attr == "max_level3_length":
            return int(value)
        if attr == "progress_minima":
            if value in (OFF, "", [], "off"):
                return ()
            parts = value if isinstance(value, list) else re.split(r"[,，、\s]+", str(value))
            minima = tuple(float(str(p).rstrip("%％")) for p in parts if str(p))
            if len(minima) != 3 or not all(0 <= m <= 100 for m in minima):
                raise ValueError("应为第一至三季度的三个 0–100 之间的数，如 0,50,75")
            return minima
        if attr == "severity":
            pairs = value.items() if isinstance(value, dict) else (
                p.split("=", 1) for p in re.split(r"[,，;；、\s]+", str(value)) if p)
            out = {}
            for code, level in pairs:
                level = str(level).strip()
                if level != OFF:
                    Severity.parse(level)
                out[str(code).strip().upper()] = level if level == OFF else Severity.parse(level).value
            return out
    except (ValueError, TypeError) as exc:
        raise BadConfig(f"{where} 的取值“{value}”无效：{exc}") from None
    raise BadConfig(f"未知的设置项 {attr}")
