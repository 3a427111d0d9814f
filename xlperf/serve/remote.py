"""The RunServerPython protocol of the pinned xlwings (``Remote.bas``), spoken by us.

The VBA client POSTs the workbook as JSON (``client``, ``version``, ``book``, ``names``, ``sheets[]`` with
``name`` and ``values`` from A1 to the last used cell; empty cells "", dates as ISO text) and executes the
``actions`` we answer, each through its VBA handler (``setValues``, ``alert``, …; 0-based coordinates). The
sheets become the same ``Grid`` objects the file reader makes and go through ``services.check.check_grids``;
what is written is ``services.marking``, as for the RunPython macros: one ``setValues`` of the mark cells per
sheet whose marks change, one of the 校验结果 block, one ``activateSheet`` (校验结果), one ``alert``. The answer grows with the sheets, never
with the findings.

Action dicts have exactly the keys xlwings' own remote engine records, so a test can compare both.
"""
from __future__ import annotations

import datetime as dt
import re

from ..files.reader import Grid
from ..form import layout as L
from ..form.findings import Finding
from ..form.marks import status_line
from ..rulebook.registry import RULESET_VERSION
from ..services.check import check_grids
from ..services.marking import SKIP_SHEETS, TITLE, clear_changes, mark_changes, mark_column, results_write, summary

XLWINGS_VERSION = "0.37.8"  # the pin in pyproject.toml; tests/test_serve_xlwings.py checks they agree
_DATETIME = re.compile(r"^(-?(?:[1-9][0-9]*)?[0-9]{4})-(1[0-2]|0[1-9])-(3[01]|0[1-9]|[12][0-9])T(2[0-3]|[01][0-9])"
                       r":([0-5][0-9]):([0-5][0-9])(\.[0-9]+)?(Z|[+-](?:2[0-3]|[01][0-9]):[0-5][0-9])?$")
_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!"}


class PayloadError(Exception):
    """A request that is not what RunServerPython of our template posts: ``status`` and a Chinese message."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


def alert(message: str, mode: str = "info") -> dict:
    return _action("alert", args=[message, TITLE, "ok", mode, ""])


def _action(func: str, *, args=None, values=None, sheet_position=None, start_row=None, start_column=None) -> dict:
    return {"func": func, "args": args if isinstance(args, list) else [args], "values": values,
            "sheet_position": sheet_position, "start_row": start_row, "start_column": start_column,
            "row_count": len(values) if values is not None else None,
            "column_count": len(values[0]) if values else None}


def set_values(position: int, row: int, column: int, values: list[list]) -> dict:
    return _action("setValues", values=values, sheet_position=position, start_row=row, start_column=column)


def sheets_of(payload) -> list[tuple[str, list[list]]]:
    """(name, rows) of every sheet, validated; a ``PayloadError`` for anything else."""
    if not isinstance(payload, dict) or not {"client", "version", "book", "sheets"} <= payload.keys():
        raise PayloadError("请求不是 Excel 校验按钮发出的数据（缺少 client / version / book / sheets）。"
                           "请使用财政部门下发的模板中的“校验”按钮。")
    if payload["version"] != XLWINGS_VERSION:
        raise PayloadError(f"工作簿中的 xlwings 模块版本（{str(payload['version'])[:40]}）与校验服务器"
                           f"（{XLWINGS_VERSION}）不一致。请使用财政部门最新下发的模板。", 409)
    sheets = payload["sheets"]
    if not isinstance(sheets, list) or not all(
            isinstance(s, dict) and isinstance(s.get("name"), str) and isinstance(s.get("values"), list)
            and all(isinstance(row, list) for row in s["values"]) for s in sheets):
        raise PayloadError("请求数据已损坏：工作表内容的格式不对。请重新点击“校验”；仍不行请联系财政部门。")
    return [(s["name"], [[_cell(v) for v in row] for row in s["values"]]) for s in sheets]


def _cell(value):
    """A cell as xlwings' remote engine reads it: "" → None, ISO text → datetime, error texts → None."""
    if isinstance(value, str):
        if value == "" or value in _ERRORS:
            return None
        if _DATETIME.match(value):
            return dt.datetime.fromisoformat(value.removesuffix("Z"))
        return value
    if value is None or isinstance(value, (bool, int, float)):
        return value
    raise PayloadError("请求数据已损坏：单元格的值不是文字、数字、日期或逻辑值。")


def answer(payload, clear: bool = False) -> tuple[list[dict], list[Finding]]:
    """The actions for 校验 (or 清除标记 when ``clear``) and the findings."""
    sheets = sheets_of(payload)
    positions = {name: i for i, (name, _) in enumerate(sheets)}
    grids = [Grid(name, rows) for name, rows in sheets if name not in SKIP_SHEETS]
    if clear:
        findings: list[Finding] = []
        changes, status = clear_changes(grids), L.RESULTS_NOT_RUN
    else:
        book = payload["book"].get("name") if isinstance(payload["book"], dict) else None
        findings = check_grids(grids, str(book or "<工作簿>")).findings
        changes, status = mark_changes(grids, findings), status_line(findings, RULESET_VERSION)
    actions = [set_values(positions[name], 0, L.MARK_COL, mark_column(texts)) for name, texts in changes.items()]
    if L.RESULTS_SHEET in positions:
        used_rows = len(sheets[positions[L.RESULTS_SHEET]][1])
        actions.append(set_values(positions[L.RESULTS_SHEET], *L.RESULTS_STATUS_CELL,
                                  results_write(findings, status, used_rows)))
    if not clear:
        if L.RESULTS_SHEET in positions:  # the workbook after 校验 shows 校验结果, most important first
            actions.append(_action("activateSheet", args=[positions[L.RESULTS_SHEET]],
                                   sheet_position=positions[L.RESULTS_SHEET]))
        actions.append(alert(summary(findings)))
    return actions, findings
