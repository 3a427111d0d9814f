"""A real xlwings ``Book`` on Linux: the remote engine fed with a JSON snapshot of a workbook file.

``payload_from_workbook`` builds the snapshot the way an xlwings client sends it (values from A1 to the last
used cell, empty cells as "", dates as ISO text), from the file's cached values read with python-calamine.
``apply_actions`` replays the recorded writes (``setValues``) on a payload: the workbook as Excel would hold it
after the macro ran, for a second run.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path

from python_calamine import CalamineWorkbook


def _value(v):
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%dT00:00:00.000Z")
    return v


def payload_from_workbook(data: bytes | Path, name: str = "template.xlsm", client: str = "VBA") -> dict:
    import xlwings as xw

    if isinstance(data, Path):
        data = data.read_bytes()
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = []
    for sheet_name in book.sheet_names:
        rows = book.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        width = max((len(r) for r in rows), default=0)
        values = [[_value(v) for v in row] + [""] * (width - len(row)) for row in rows] or [[""]]
        sheets.append({"name": sheet_name, "values": values, "pictures": [], "tables": []})
    return {"client": client, "version": xw.__version__,
            "book": {"name": name, "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": sheets}


def apply_actions(payload: dict, actions: list[dict]) -> dict:
    """The payload after the recorded ``setValues`` actions (other actions do not change values)."""
    out = copy.deepcopy(payload)
    for action in actions:
        if action["func"] != "setValues":
            continue
        grid = out["sheets"][action["sheet_position"]]["values"]
        r0, c0 = action["start_row"], action["start_column"]
        for i, row in enumerate(action["values"]):
            while len(grid) <= r0 + i:
                grid.append([""] * len(grid[0]))
            for j, value in enumerate(row):
                for line in grid:
                    line.extend([""] * (c0 + j + 1 - len(line)))
                grid[r0 + i][c0 + j] = value
    return out
