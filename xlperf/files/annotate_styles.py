"""The differential formats (dxf) of the marks annotate adds to a file without the template's mark rules: one
per severity, its fill, font colour and symbol (``form.marks``), reused when the file already has it.

Part of :mod:`xlperf.files.annotate`.
"""
from __future__ import annotations

from lxml import etree

from ..form.findings import Severity
from ..form.marks import SEVERITY_FILL, SEVERITY_FONT, symbol_format
from .safety import parse_xml

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SYMBOL_FORMAT_ID = 300  # custom number-format ids of our marks' symbols (a dxf's own; ≥ 164)


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _ensure_dxfs(styles) -> dict[Severity, int]:
    dxfs = styles.find(q("dxfs"))
    if dxfs is None:  # CT_Stylesheet order: … cellStyles, dxfs, tableStyles, colors, extLst
        dxfs = etree.Element(q("dxfs"))
        anchor = next((c for c in styles if etree.QName(c).localname in ("tableStyles", "colors", "extLst")), None)
        if anchor is not None:
            anchor.addprevious(dxfs)
        else:
            styles.append(dxfs)
    ids = {}
    existing = list(dxfs.findall(q("dxf")))
    for severity in Severity:
        fill, font = "FF" + SEVERITY_FILL[severity], "FF" + SEVERITY_FONT[severity]
        for i, dxf in enumerate(existing):
            if _dxf_colours(dxf) == (fill, font):
                ids[severity] = i
                break
        else:
            dxf = etree.SubElement(dxfs, q("dxf"))
            etree.SubElement(etree.SubElement(dxf, q("font")), q("color"), rgb=font)
            etree.SubElement(dxf, q("numFmt"), numFmtId=str(_SYMBOL_FORMAT_ID + severity.rank),
                             formatCode=symbol_format(severity))
            pattern = etree.SubElement(etree.SubElement(dxf, q("fill")), q("patternFill"), patternType="solid")
            etree.SubElement(pattern, q("fgColor"), rgb=fill)
            etree.SubElement(pattern, q("bgColor"), rgb=fill)
            existing.append(dxf)
            ids[severity] = len(existing) - 1
    dxfs.set("count", str(len(existing)))
    return ids


def _dxf_colours(dxf) -> tuple[str | None, str | None]:
    bg = dxf.find(f"{q('fill')}/{q('patternFill')}/{q('bgColor')}")
    font = dxf.find(f"{q('font')}/{q('color')}")
    return (bg.get("rgb") if bg is not None else None, font.get("rgb") if font is not None else None)


def _dxf_count_changed(original: bytes, styles) -> bool:
    before = parse_xml(original).find(q("dxfs"))
    return (int(before.get("count", "0")) if before is not None else -1) != int(styles.find(q("dxfs")).get("count"))
