"""Run by LibreOffice's Python (/usr/bin/python3 with python3-uno), not by pytest's interpreter.

Usage: render_live.py <soffice> <host workbook> <workbook> <profile dir> <pdf out> <sheet> <range> <edits as JSON>

Starts LibreOffice headless on <host workbook> (any), opens <workbook> with macros off (as WPS or a blocked Excel sees it), types the edits
([[sheet, "B4", value], …]; null clears a cell), recalculates, and prints <range> of <sheet> to <pdf out>: the
live checks' colours and status line as LibreOffice renders them. Prints the sheet's status line.
"""
import json
import sys

import uno
from office import open_workbook, prop

CLEAR = 1 | 2 | 4 | 16  # VALUE | DATETIME | STRING | FORMULA
NEVER_EXECUTE = 0  # com.sun.star.document.MacroExecMode


def main():
    soffice, host, path, profile, pdf, sheet_name, area, edits = sys.argv[1:9]
    with open_workbook(soffice, host, profile) as first:
        desktop = first.getCurrentController().getFrame().getCreator()
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0,
                                           (prop("Hidden", True), prop("MacroExecutionMode", NEVER_EXECUTE)))
        for name, address, value in json.loads(edits):
            cell = doc.Sheets.getByName(name).getCellRangeByName(address)
            if value is None:
                cell.clearContents(CLEAR)
            elif isinstance(value, (int, float)):
                cell.setValue(value)
            else:
                cell.setString(value)
        doc.calculateAll()
        sheet = doc.Sheets.getByName(sheet_name)
        selection = sheet.getCellRangeByName(area)
        filters = uno.Any("[]com.sun.star.beans.PropertyValue", (prop("Selection", selection),))
        doc.storeToURL(uno.systemPathToFileUrl(pdf), (prop("FilterName", "calc_pdf_Export"),
                                                      prop("FilterData", filters)))
        print(sheet.getCellRangeByName("H1").getString())
        doc.close(True)


if __name__ == "__main__":
    main()
