"""Which sheet an annotated workbook opens on: 校验结果, where the findings are listed most important first.

Part of :mod:`xlperf.files.annotate`: the workbook part's ``activeTab`` and each sheet's ``tabSelected`` are the
only things changed, so the rest of ``workbook.xml`` and of every sheet stays as it was.
"""
from __future__ import annotations

from lxml import etree

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def set_active_tab(workbook, sheet_name: str) -> bool:
    """Make ``sheet_name`` the active tab of the parsed workbook part (first view); True when anything changed."""
    names = [s.get("name") for s in workbook.iter(_q("sheet"))]
    if sheet_name not in names:
        return False
    index = str(names.index(sheet_name))
    views = workbook.find(_q("bookViews"))
    if views is None:
        views = etree.Element(_q("bookViews"))
        sheets = workbook.find(_q("sheets"))
        sheets.addprevious(views)
    view = views.find(_q("workbookView"))
    if view is None:
        view = etree.SubElement(views, _q("workbookView"))
    changed = view.get("activeTab", "0") != index
    view.set("activeTab", index)
    if int(view.get("firstSheet", "0")) > int(index):
        view.set("firstSheet", index)
        changed = True
    return changed


def select_tab(sheet, selected: bool) -> bool:
    """Set or clear the sheet's ``tabSelected`` (its first sheet view); True when it changed."""
    views = sheet.find(_q("sheetViews"))
    view = views.find(_q("sheetView")) if views is not None else None
    if view is None:
        if not selected:
            return False
        if views is None:
            views = etree.Element(_q("sheetViews"))
            anchor = next((c for c in sheet if etree.QName(c).localname not in ("sheetPr", "dimension")), None)
            if anchor is not None:
                anchor.addprevious(views)
            else:
                sheet.append(views)
        view = etree.SubElement(views, _q("sheetView"), workbookViewId="0")
    was = view.get("tabSelected") in ("1", "true")
    if selected:
        view.set("tabSelected", "1")
    else:
        view.attrib.pop("tabSelected", None)
    return was != selected
