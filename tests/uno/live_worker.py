"""Run by LibreOffice's Python (/usr/bin/python3 with python3-uno), not by pytest's interpreter.

Usage: live_worker.py <soffice> <profile dir> <workbook> [<workbook> …]

Starts ONE LibreOffice headless, opens every workbook (doc 0, 1, …) and answers one JSON request per stdin line
with one JSON line on stdout, until stdin closes:

  {"doc": 0, "inserts": [[sheet, row, count], …], "edits": [[sheet, "B4", value], …], "store": "/path/case.xlsx" or
   null, "grids": true, "keep": false}
    inserts rows as staff do (右键 → 插入: ``count`` empty rows before the 0-based ``row``, one insert after the other),
    applies the edits (addresses after the inserts) (value null clears the cell, a number is typed as a number, a string as text; a cell hidden
    under a merged area is skipped, as staff cannot type there), recalculates, reads the live helpers, stores the
    document as .xlsx when asked, then restores every edited cell, or reopens the workbook after inserts (unless "keep"), and answers
    {"flags": {sheet: [[row, col], …]}  (0-based cells of the flag columns that hold a rank > 0),
     "status": {sheet: H1 text}, "counts": [[code, shown severity, count], …]  (校验结果's live table),
     "errors": {sheet: "ranges of formula cells whose result is an error"}, "skipped": [[sheet, cell], …],
     "grids": {sheet: values from A1, "" for an empty cell}  (when asked: what the reader reads)}
"""
import json
import sys
import time

import uno  # noqa: F401 - registers the UNO import hooks
from com.sun.star.sheet.FormulaResult import ERROR
from com.sun.star.table.CellContentType import FORMULA, TEXT, VALUE
from office import open_workbook, prop

LIVE_COL, LIVE_TAG, FLAG_COL, LAST_COL = 26, "xlperf:live", 42, 89
CLEAR = 1 | 2 | 4 | 16  # VALUE | DATETIME | STRING | FORMULA


def col_letter(index):
    letters, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def covered(sheet, cell):
    cursor = sheet.createCursorByRange(cell)
    cursor.collapseToMergedArea()
    here, area = cell.getCellAddress(), cursor.getRangeAddress()
    return (area.StartRow, area.StartColumn) != (here.Row, here.Column)


def snapshot(cell):
    kind = cell.getType()
    if kind == VALUE:
        return ("value", cell.getValue())
    if kind == TEXT:
        return ("text", cell.getString())
    if kind == FORMULA:
        return ("formula", cell.getFormula())
    return ("empty", None)


def put(cell, value):
    if value is None:
        cell.clearContents(CLEAR)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.setValue(value)
    else:
        cell.setString(value)


def restore(cell, saved):
    kind, value = saved
    if kind == "value":
        cell.setValue(value)
    elif kind == "text":
        cell.setString(value)
    elif kind == "formula":
        cell.setFormula(value)
    else:
        cell.clearContents(CLEAR)


def read(doc):
    out = {"flags": {}, "status": {}, "errors": {}, "counts": []}
    for sheet in doc.Sheets:
        name = sheet.Name
        errors = sheet.queryFormulaCells(ERROR).getRangeAddressesAsString()
        if errors:
            out["errors"][name] = errors
        if sheet.getCellByPosition(LIVE_COL, 0).getString() != LIVE_TAG:
            continue
        out["status"][name] = sheet.getCellByPosition(7, 0).getString()
        used = sheet.createCursor()
        used.gotoEndOfUsedArea(False)
        last = used.getRangeAddress().EndRow
        data = sheet.getCellRangeByName("%s1:%s%d" % (col_letter(FLAG_COL), col_letter(LAST_COL), last + 1)).getDataArray()
        out["flags"][name] = [[r, FLAG_COL + c] for r, row in enumerate(data) for c, v in enumerate(row)
                              if isinstance(v, float) and v != 0]
    results = doc.Sheets.getByName("校验结果")
    for row in results.getCellRangeByName("I4:L60").getDataArray():
        if row[0]:
            out["counts"].append([row[0], row[2], row[3]])
    return out


def grids(doc):
    """Every sheet's values from A1 to its last used cell, left of the live helpers (as the reader keeps them)."""
    out = {}
    for sheet in doc.Sheets:
        used = sheet.createCursor()
        used.gotoEndOfUsedArea(False)
        end = used.getRangeAddress()
        cols = min(end.EndColumn, LIVE_COL - 1)
        out[sheet.Name] = [list(row) for row in sheet.getCellRangeByPosition(0, 0, cols, end.EndRow).getDataArray()]
    return out


def load(desktop, path):
    return desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0,
                                        (prop("Hidden", True), prop("MacroExecutionMode", 4)))


def main():
    soffice, profile, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open_workbook(soffice, paths[0], profile) as first:
        desktop = first.getCurrentController().getFrame().getCreator()
        docs = [first] + [load(desktop, p) for p in paths[1:]]
        try:
            for line in sys.stdin:
                request = json.loads(line)
                doc = docs[request.get("doc", 0)]
                saved, skipped = {}, []
                inserts = request.get("inserts", [])
                for sheet_name, row, count in inserts:
                    doc.Sheets.getByName(sheet_name).Rows.insertByIndex(row, count)
                for sheet_name, address, value in request["edits"]:
                    sheet = doc.Sheets.getByName(sheet_name)
                    cell = sheet.getCellRangeByName(address)
                    if covered(sheet, cell):
                        skipped.append([sheet_name, address])
                        continue
                    saved.setdefault((sheet_name, address), snapshot(cell))
                    put(cell, value)
                t0 = time.time()
                doc.calculate()  # what changed and what depends on it, as a spreadsheet does while staff type
                t1 = time.time()
                answer = read(doc)
                t2 = time.time()
                answer["skipped"] = skipped
                if request.get("grids"):
                    answer["grids"] = grids(doc)
                if request.get("store"):
                    doc.storeToURL(uno.systemPathToFileUrl(request["store"]),
                                   (prop("FilterName", "Calc MS Excel 2007 XML"),))
                answer["seconds"] = [round(t1 - t0, 3), round(t2 - t1, 3), round(time.time() - t2, 3)]
                if not request.get("keep"):
                    for (sheet_name, address), snap in saved.items():
                        restore(doc.Sheets.getByName(sheet_name).getCellRangeByName(address), snap)
                if inserts and not request.get("keep"):  # a protected sheet refuses to delete rows: reopen it
                    assert request.get("doc", 0) > 0, "inserts only into a workbook opened after the first"
                    doc.close(True)
                    docs[request.get("doc", 0)] = load(desktop, paths[request.get("doc", 0)])
                sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
                sys.stdout.flush()
        finally:
            for doc in docs[1:]:
                doc.close(True)


if __name__ == "__main__":
    main()
