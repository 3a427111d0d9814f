"""The interchange format: a whole submission as JSON or YAML (docs/interchange.md; JSON Schema: docs/form.schema.json).

``to_dict``/``from_dict`` are exact inverses for every valid form. ``from_dict`` is strict: an unknown key or a
wrong type is a ``BadFormData`` error naming the path of the offending value (e.g. ``projects[1].plan``), so a
typo in a hand-written file never silently drops data.
"""
from __future__ import annotations

import json
import math
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..form.errors import BadFormData, UnreadableFile
from ..form.model import LAYOUT_FIELDS, FundingLine, Indicator, Project, ProjectSummary, SpendingPlan, Submission

SCHEMA_VERSION = 1
_SKIP = {"cells", "sheet"}  # where a value was read from is not part of the content

# field → kind: "text", "number" (number, text or null), "texts" (list of text), or a nested class
_KINDS: dict[type, dict[str, Any]] = {
    Indicator: {"level1": "text", "level2": "text", "level3": "text", "description": "text", "value": "text",
                "basis": "text"},
    FundingLine: {"category": "text", "quantity": "number", "quantity_unit": "text", "standard": "number",
                  "standard_unit": "text"},
    SpendingPlan: {"cumulative": "quarters", "amounts": "quarters"},
    ProjectSummary: {"name": "text", "purpose": "text", "goals": "texts", "indicators": "texts"},
    Project: {"name": "text", "code": "text", "department": "text", "implementer": "text", "attribute": "text",
              "total": "number", "fiscal": "number", "other": "number", "purpose": "text", "plan": SpendingPlan,
              "goals": "texts", "indicators": [Indicator], "funding": [FundingLine], "title": "text",
              "absent": "layout_fields"},
    Submission: {"department": "text", "year": "number", "title": "text", "overall_goals": "texts",
                 "summaries": [ProjectSummary], "measures": "texts", "projects": [Project], "settings": "settings"},
}


def to_dict(obj) -> dict:
    """A JSON-ready dict of a model object (``cells`` and ``sheet`` left out; integral floats as ints)."""
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION} if isinstance(obj, Submission) else {}
    for f in fields(obj):
        if f.name in _SKIP or (f.name == "absent" and not obj.absent):  # written only for another layout
            continue
        out[f.name] = _plain(getattr(obj, f.name))
    return out


def _plain(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset):
        return [name for name in LAYOUT_FIELDS if name in value]
    if isinstance(value, dict):
        return dict(value)
    if hasattr(value, "__dataclass_fields__"):
        return to_dict(value)
    return value


def from_dict(data: dict, cls: type = Submission, where: str = "") -> Any:
    """Build a model object from a dict, validating every key and type."""
    if not isinstance(data, dict):
        raise BadFormData(f"{where or '根'}应为对象（{{…}}），实际是 {_kind_name(data)}")
    kinds = _KINDS[cls]
    data = dict(data)
    if cls is Submission:
        version = data.pop("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            raise BadFormData(f"不支持的 schema_version {version!r}（本版本为 {SCHEMA_VERSION}）")
    unknown = sorted(set(data) - set(kinds))
    if unknown:
        raise BadFormData(f"{where or '根'}中有未知字段：{'、'.join(unknown)}（可用字段：{'、'.join(kinds)}）")
    values = {}
    for key, kind in kinds.items():
        if key not in data:
            continue
        path = f"{where}.{key}" if where else key
        values[key] = _convert(data[key], kind, path)
    return cls(**values)


def _convert(value, kind, path: str):
    if kind == "text":
        if value is None or isinstance(value, str):
            return value
        raise BadFormData(f"{path} 应为文字或 null，实际是 {_kind_name(value)}")
    if kind == "number":
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _finite(float(value), path)
        raise BadFormData(f"{path} 应为数字、文字或 null，实际是 {_kind_name(value)}")
    if kind == "quarters":
        if not isinstance(value, list) or len(value) != 4:
            raise BadFormData(f"{path} 应为四个季度的列表（如 [0, 20, 60, 100]）")
        return [_convert(v, "number", f"{path}[{i}]") for i, v in enumerate(value)]
    if kind == "texts":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BadFormData(f"{path} 应为文字列表")
        return list(value)
    if kind == "layout_fields":
        if not isinstance(value, list) or not all(isinstance(v, str) and v in LAYOUT_FIELDS for v in value):
            raise BadFormData(f"{path} 应为原表格式没有的栏目列表，取值为 {'、'.join(LAYOUT_FIELDS)}")
        return frozenset(value)
    if kind == "settings":
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, (str, int, float))
                                                   for k, v in value.items()):
            raise BadFormData(f"{path} 应为“设置项: 取值”的对象")
        return {k: str(v) for k, v in value.items()}
    if isinstance(kind, list):
        if not isinstance(value, list):
            raise BadFormData(f"{path} 应为列表")
        return [from_dict(v, kind[0], f"{path}[{i}]") for i, v in enumerate(value)]
    return from_dict(value, kind, path)


def json_schema() -> dict:
    """The interchange format as JSON Schema (draft 2020-12), derived from the same table ``from_dict`` checks
    against; docs/form.schema.json is generated from it (a test keeps them in sync)."""
    defs = {}

    def ref(cls) -> dict:
        name = cls.__name__
        if name not in defs:
            defs[name] = {"type": "object", "additionalProperties": False,
                          "properties": {key: prop(kind) for key, kind in _KINDS[cls].items()}}
        return {"$ref": f"#/$defs/{name}"}

    def prop(kind) -> dict:
        text = {"type": ["string", "null"]}
        number = {"type": ["number", "string", "null"]}
        if kind == "text":
            return text
        if kind == "number":
            return number
        if kind == "quarters":
            return {"type": "array", "items": number, "minItems": 4, "maxItems": 4}
        if kind == "texts":
            return {"type": "array", "items": {"type": "string"}}
        if kind == "layout_fields":
            return {"type": "array", "items": {"enum": list(LAYOUT_FIELDS)}, "uniqueItems": True}
        if kind == "settings":
            return {"type": "object", "additionalProperties": {"type": ["string", "number"]}}
        if isinstance(kind, list):
            return {"type": "array", "items": ref(kind[0])}
        return ref(kind)

    ref(Submission)
    submission = defs.pop("Submission")  # the root object, not a definition
    submission["properties"] = {"schema_version": {"const": SCHEMA_VERSION}, **submission["properties"]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "xlperf submission",
            **submission, "$defs": defs}


def _kind_name(value) -> str:
    return {dict: "对象", list: "列表", str: "文字", bool: "真假值", type(None): "null"}.get(type(value), "数字")


# Excel keeps 15 significant digits and no workbook can hold NaN or infinity; no amount, count or percentage in a
# budget form comes near 10^15 (万元), so a larger number is a typo or a hostile file, not data.
MAX_NUMBER = 1e15


def _finite(number: float, path: str) -> float:
    if math.isnan(number) or math.isinf(number):
        raise BadFormData(f"{path} 不是有效的数字（NaN 或无穷大）：请填写数字、文字或 null")
    if abs(number) > MAX_NUMBER:
        raise BadFormData(f"{path} 的数字 {number:g} 超出可用范围（绝对值不超过 {MAX_NUMBER:g}）")
    return number


def load_form(path: str | Path) -> Submission:
    """Read a JSON or YAML interchange file (by extension; .yaml/.yml are YAML)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UnreadableFile("找不到文件", path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"无法读取（{type(exc).__name__}），应为 UTF-8 编码的 JSON 或 YAML", path) from exc
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except Exception as exc:  # json and yaml raise various errors; all mean the same to the user
        kind = "YAML" if path.suffix.lower() in (".yaml", ".yml") else "JSON"
        raise BadFormData(f"不是有效的 {kind}{_where(exc)}，请检查括号、引号和逗号", path) from exc
    try:
        return from_dict(data)
    except BadFormData as exc:
        raise BadFormData(exc.message, path) from None


def _where(exc: Exception) -> str:
    """"（第 3 行第 5 列）" for a JSON or YAML syntax error, when the parser says where."""
    line, col = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    return f"（第 {line} 行第 {col} 列）" if line else ""


def dumps(form: Submission, fmt: str = "json") -> str:
    """Serialise a form as JSON (default) or YAML text."""
    data = to_dict(form)
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
