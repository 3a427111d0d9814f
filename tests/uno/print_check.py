"""Run by LibreOffice's Python (/usr/bin/python3 with python3-uno), not by pytest's interpreter.

Usage: print_check.py <soffice> <workbook> <profile dir> <pdf out> [recalc]
(with $FONTCONFIG_FILE set as ``services.export_print.soffice_environment`` sets it, so 宋体 prints as export --pdf
prints it)
Opens the workbook headless; with "recalc", recalculates every formula first (a hard recalc, as an application
without Python does: our UDFs are unknown there). Then prints it to <pdf out> and prints one JSON object:
  errors:      ["sheet!A1: text"] of every cell of a visible sheet that shows an error value (#VALUE!, Err:…);
  formulas:    {"sheet!A1": shown text} of every formula cell of a visible sheet;
  short_rows:  (not measured with "recalc") rows of a visible sheet too short for the wrapped text in them, by LibreOffice's own optimal row
               height for each cell's text, font and width (merged cells measured at their merged width):
               ["sheet!A5: needs 2210, has 1600 (1/100 mm)"].
Measuring happens after the PDF is written, on scratch sheets that are never saved.
"""
import json
import sys

from office import open_workbook, prop

ERROR_MARKS = ("#VALUE!", "#NAME?", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")
TOLERANCE = 25  # 1/100 mm
MAX_COLUMNS = 1000


def visible_sheets(doc):
    sheets = doc.Sheets
    return [sheets.getByIndex(i) for i in range(sheets.Count) if sheets.getByIndex(i).IsVisible]


def text_cells(sheet):
    """(cell, merged area) of every non-empty cell in the sheet's used area."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_col, last_row = cursor.RangeAddress.EndColumn, cursor.RangeAddress.EndRow
    for row in range(last_row + 1):
        for col in range(min(last_col, 25) + 1):  # the form and its panel: never the hidden mark column
            cell = sheet.getCellByPosition(col, row)
            if cell.String:
                area = sheet.createCursorByRange(cell)
                area.collapseToMergedArea()
                yield cell, area.RangeAddress


def find_errors(doc):
    out = []
    for sheet in visible_sheets(doc):
        for cell, _area in text_cells(sheet):
            if any(cell.String.startswith(mark) for mark in ERROR_MARKS):
                out.append("%s!%s: %s" % (sheet.Name, cell.AbsoluteName.rsplit(".", 1)[1].replace("$", ""),
                                          cell.String))
    return out


def formula_cells(doc):
    """{"sheet!A1": shown text} of every formula cell of a visible sheet (columns A–Y)."""
    out = {}
    for sheet in visible_sheets(doc):
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        for row in range(cursor.RangeAddress.EndRow + 1):
            for col in range(min(cursor.RangeAddress.EndColumn, 24) + 1):
                cell = sheet.getCellByPosition(col, row)
                if cell.Formula.startswith(("=", "{")):
                    ref = cell.AbsoluteName.rsplit(".", 1)[1].replace("$", "")
                    out["%s!%s" % (sheet.Name, ref)] = cell.String
    return out


def measure(doc):
    """Copy every wrapped text cell (with its format) to scratch sheets, each at its merged width in a column of
    its own and on rows of its own, unmerged; LibreOffice's optimal height there is what the text needs."""
    jobs = []
    for sheet in visible_sheets(doc):
        for cell, area in text_cells(sheet):
            if cell.getPropertyValue("IsTextWrapped") and area.StartRow == cell.CellAddress.Row \
                    and area.StartColumn == cell.CellAddress.Column:
                jobs.append((sheet, cell, area))
    short = []
    sheets = doc.Sheets
    scratch, row, col, index = None, 0, 0, 0
    for sheet, cell, area in jobs:
        span_cols = area.EndColumn - area.StartColumn + 1
        if scratch is None or col + span_cols > MAX_COLUMNS:
            name = "_measure%d" % index
            index += 1
            sheets.insertNewByName(name, sheets.Count)
            scratch, row, col = sheets.getByName(name), 0, 0
        span_rows = area.EndRow - area.StartRow + 1
        dest = scratch.getCellByPosition(col, row).CellAddress
        scratch.copyRange(dest, area)
        scratch.getCellRangeByPosition(col, row, col + span_cols - 1, row + span_rows - 1).merge(False)
        columns, rows = sheet.Columns, sheet.Rows
        width = sum(columns.getByIndex(c).Width for c in range(area.StartColumn, area.EndColumn + 1))
        has = sum(rows.getByIndex(r).Height for r in range(area.StartRow, area.EndRow + 1))
        scratch.Columns.getByIndex(col).Width = width
        target = scratch.Rows.getByIndex(row)
        target.OptimalHeight = True
        needs = target.Height
        if needs > has + TOLERANCE and needs > one_line(scratch, area, col, row + span_rows):
            ref = cell.AbsoluteName.rsplit(".", 1)[1].replace("$", "")
            short.append("%s!%s: needs %d, has %d (1/100 mm): %s" % (sheet.Name, ref, needs, has, cell.String[:30]))
        row += 2 * span_rows
        col += span_cols
    return short


def one_line(scratch, area, col, row):
    """The optimal height of one line of text in the format of the cell at ``area`` (a row shorter than that by
    LibreOffice's padding still shows its one line: no text is lost, which is what this check is about)."""
    span_cols, span_rows = area.EndColumn - area.StartColumn + 1, area.EndRow - area.StartRow + 1
    scratch.copyRange(scratch.getCellByPosition(col, row).CellAddress, area)
    scratch.getCellRangeByPosition(col, row, col + span_cols - 1, row + span_rows - 1).merge(False)
    scratch.getCellByPosition(col, row).String = "国"
    scratch.Rows.getByIndex(row).OptimalHeight = True
    return scratch.Rows.getByIndex(row).Height


def main():
    soffice, path, profile, pdf = sys.argv[1:5]
    recalc = "recalc" in sys.argv[5:]
    import uno

    with open_workbook(soffice, path, profile) as doc:
        if recalc:
            doc.calculateAll()
        out = {"errors": find_errors(doc), "formulas": formula_cells(doc)}
        doc.storeToURL(uno.systemPathToFileUrl(pdf), (prop("FilterName", "calc_pdf_Export"),))
        out["short_rows"] = [] if recalc else measure(doc)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
