"""Run by LibreOffice's Python (/usr/bin/python3 with python3-uno), not by pytest's interpreter.

Usage: add_project.py add <soffice> <workbook> <profile dir> <output .xlsx> <edits JSON>
       add_project.py limits <soffice> <workbook> <profile dir>

Starts LibreOffice headless, opens the workbook with macros allowed and prints one JSON object.

add: writes the edits first ({"sheet!A1": text or number}, on the sheet's unlocked cells or its title, so that the
  sheet AddProject copies has a title and inputs of its own), runs VBAProject.xlperf_macros.AddProject, stores the
  document as .xlsx (filter "Calc MS Excel 2007 XML") and prints
    before / after: the sheet names before and after the macro;
    result:         what the macro call returned, or "ERROR: ..." if the script call itself raised;
    protected:      {sheet: protected?} after the macro;
    active:         the active sheet after the macro.
  Headless, a MsgBox does not block: it returns at once, so AddProject's error message (which it shows instead of
  raising) is lost; the test judges the macro by the document it leaves.

limits: inserts a throwaway Basic module (VBA mode) into the loaded document, never stored, that runs the two VBA
  calls AddProject depends on in isolation on the first project sheet, and prints what LibreOffice did:
    has_formula:  {cell: "True" / "False" / "ERROR <number> <description>"} for Range(cell).HasFormula;
    protect_plain / protect_allow: "ok" or "ERROR ..." for ws.Protect Password:="" without / with
                  AllowFormattingCells:=True.
"""
import json
import os
import sys

import uno
from office import open_workbook, prop

MACRO = "vnd.sun.star.script:VBAProject.%s?language=Basic&location=document"

LIMITS_MODULE = """Rem Attribute VBA_ModuleType=VBAModule
Option VBASupport 1
Public Function HasFormulaOf(ByVal sheetName As String, ByVal addr As String) As String
    On Error GoTo failed
    HasFormulaOf = CStr(ThisWorkbook.Worksheets(sheetName).Range(addr).HasFormula)
    Exit Function
failed:
    HasFormulaOf = "ERROR " & Err.Number & " " & Err.Description
End Function
Public Function ProtectPlain(ByVal sheetName As String) As String
    On Error GoTo failed
    ThisWorkbook.Worksheets(sheetName).Unprotect ""
    ThisWorkbook.Worksheets(sheetName).Protect Password:=""
    ProtectPlain = "ok"
    Exit Function
failed:
    ProtectPlain = "ERROR " & Err.Number & " " & Err.Description
End Function
Public Function ProtectAllow(ByVal sheetName As String) As String
    On Error GoTo failed
    ThisWorkbook.Worksheets(sheetName).Unprotect ""
    ThisWorkbook.Worksheets(sheetName).Protect Password:="", AllowFormattingCells:=True
    ProtectAllow = "ok"
    Exit Function
failed:
    ProtectAllow = "ERROR " & Err.Number & " " & Err.Description
End Function
"""


def call(doc, macro, *args):
    try:
        return doc.getScriptProvider().getScript(MACRO % macro).invoke(args, (), ())[0]
    except Exception as exc:
        return "ERROR: %s" % exc


def add(doc, output, edits):
    sheets = doc.Sheets
    out = {"before": list(sheets.ElementNames)}
    for ref, value in edits.items():
        sheet_name, cell = ref.rsplit("!", 1)
        sheet = sheets.getByName(sheet_name)
        was_protected = sheet.isProtected()
        if was_protected:
            sheet.unprotect("")  # the title is a locked cell
        target = sheet.getCellRangeByName(cell)
        if isinstance(value, str):
            target.setString(value)
        else:
            target.setValue(value)
        if was_protected:
            sheet.protect("")
    out["result"] = call(doc, "xlperf_macros.AddProject")
    out["after"] = list(sheets.ElementNames)
    out["protected"] = {name: sheets.getByName(name).isProtected() for name in sheets.ElementNames}
    out["active"] = doc.getCurrentController().getActiveSheet().Name
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(output)), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    return out


def limits(doc, sheet, cells):
    doc.BasicLibraries.getByName("VBAProject").insertByName("xlperf_limits_probe", LIMITS_MODULE)
    return {"has_formula": {c: call(doc, "xlperf_limits_probe.HasFormulaOf", sheet, c) for c in cells},
            "protect_plain": call(doc, "xlperf_limits_probe.ProtectPlain", sheet),
            "protect_allow": call(doc, "xlperf_limits_probe.ProtectAllow", sheet)}


def main():
    mode, soffice, path, profile = sys.argv[1:5]
    with open_workbook(soffice, path, profile) as doc:
        if mode == "add":
            out = add(doc, sys.argv[5], json.loads(sys.argv[6]))
        elif mode == "limits":
            out = limits(doc, sys.argv[5], sys.argv[6:])
        else:
            raise SystemExit("unknown mode %r" % mode)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
