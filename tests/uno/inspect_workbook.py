"""Run by LibreOffice's Python (/usr/bin/python3 with python3-uno), not by pytest's interpreter.

Usage: inspect_workbook.py <soffice> <workbook> <profile dir>
Starts LibreOffice headless, opens the workbook with macros allowed, and prints one JSON object:
  libraries: {library: [module, ...]} of the document's Basic libraries (the imported VBA project);
  controls:  {sheet: [{"label": caption, "events": ["<listener>::<method>=<macro>", ...]}]};
  probe:     what VBAProject.xlperf_macros.XlperfProbe returns (or "ERROR: ...");
  decode:    what U("\\u6821\\u9a8c") returns (the module's own \\uXXXX decoder);
  cells:     a few displayed cell texts ("sheet!A1" -> text) requested on the command line after the profile.
"""
import json
import sys

from office import open_workbook


def main():
    soffice, path, profile = sys.argv[1:4]
    wanted_cells = sys.argv[4:]
    with open_workbook(soffice, path, profile) as doc:
        out = {"libraries": {}, "controls": {}, "cells": {}}
        libs = doc.BasicLibraries
        for name in libs.getElementNames():
            libs.loadLibrary(name)
            out["libraries"][name] = sorted(libs.getByName(name).getElementNames())
        sheets = doc.Sheets
        for i in range(sheets.Count):
            sheet = sheets.getByIndex(i)
            forms = sheet.DrawPage.Forms
            found = []
            for f in range(forms.Count):
                form = forms.getByIndex(f)
                for c in range(form.Count):
                    model = form.getByIndex(c)
                    events = ["%s::%s=%s" % (e.ListenerType, e.EventMethod, e.ScriptCode)
                              for e in form.getScriptEvents(c)]
                    found.append({"label": getattr(model, "Label", None), "events": events})
            if found:
                out["controls"][sheet.Name] = found
        provider = doc.getScriptProvider()

        def call(macro, *args):
            try:
                script = provider.getScript(
                    "vnd.sun.star.script:%s?language=Basic&location=document" % macro)
                return script.invoke(args, (), ())[0]
            except Exception as exc:
                return "ERROR: %s" % exc

        out["probe"] = call("VBAProject.xlperf_macros.XlperfProbe")
        out["decode"] = call("VBAProject.xlperf_macros.U", "\\u6821\\u9a8c")
        for ref in wanted_cells:
            sheet_name, cell = ref.rsplit("!", 1)
            out["cells"][ref] = sheets.getByName(sheet_name).getCellRangeByName(cell).String
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
