"""The template's cells that are not input: the live checks' helper columns and status line (``layout.LIVE_*``),
dropped before a sheet is read so that formulas are never taken for what staff typed; and the live table on
校验结果 (right of the results, from ``layout.LIVE_RESULTS_COL``), which annotating keeps while it rewrites the
results rows."""
from __future__ import annotations

from ..form import layout as L


def without_live_cells(g):
    """The grid without the template's live-check helpers (layout.LIVE_*: the columns from LIVE_COL on and the
    status line), on sheets that carry LIVE_TAG: they are formulas, not input."""
    if g.raw(0, L.LIVE_COL) != L.LIVE_TAG:
        return g
    rows = [list(row[:L.LIVE_COL]) for row in g.rows]
    r, c = L.LIVE_STATUS_CELL
    status = g.raw(r, c)
    dropped = None
    if isinstance(status, str) and status.startswith(L.LIVE_STATUS) and c < len(rows[r]):
        rows[r][c] = None
        dropped = (r, c)
    out = type(g)(g.name, rows)
    if "index" in g.__dict__:  # the index already built (to tell our template): keep what is left of it
        index = {}
        for text, cells in g.index.items():
            kept = [rc for rc in cells if rc[1] < L.LIVE_COL and rc != dropped]
            if kept:
                index[text] = kept
        out.__dict__["index"] = index
    return out


def live_table_cells(row) -> list:
    """The ``<c>`` elements of a 校验结果 ``<row>`` that belong to the live table (column ≥ LIVE_RESULTS_COL)."""
    return [c for c in row if c.tag.endswith("}c") and L.col_index(c.get("r", "")) >= L.LIVE_RESULTS_COL]


def restore_cells(sheet_data, cells: list, new_row) -> None:
    """Put ``cells`` back into the rows of ``sheet_data`` named by their references (``new_row(r)`` adds a missing
    0-based row r), after the cells already there: the live table sits right of everything annotate writes."""
    for cell in cells:
        r = int("".join(ch for ch in cell.get("r") if ch.isdigit())) - 1
        row = next((x for x in sheet_data if int(x.get("r")) == r + 1), None)
        if row is None:
            new_row(r)
            row = next(x for x in sheet_data if int(x.get("r")) == r + 1)
        row.append(cell)

