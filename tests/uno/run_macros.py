"""Run by LibreOffice's Python (/usr/bin/python3 with python3-uno), not by pytest's interpreter.

Usage: run_macros.py <soffice> <workbook> <profile dir> <Module.Macro> [...]
Opens the workbook with macros allowed, calls each macro of its VBAProject library in turn (no arguments) and
prints their results as one JSON list ("ERROR: ..." for a macro that could not be called).
"""
import json
import sys

from office import open_workbook


def main():
    soffice, path, profile = sys.argv[1:4]
    results = []
    with open_workbook(soffice, path, profile) as doc:
        provider = doc.getScriptProvider()
        for macro in sys.argv[4:]:
            try:
                script = provider.getScript(
                    "vnd.sun.star.script:VBAProject.%s?language=Basic&location=document" % macro)
                results.append(script.invoke((), (), ())[0])
            except Exception as exc:
                results.append("ERROR: %s" % exc)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
