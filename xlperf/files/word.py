"""Word forms: a .docx whose tables are a 绩效目标表, read by the same label-driven reader as foreign workbooks.

The document (bytes that passed the safety gate with ``allow_word``: zip bomb, XML entity and size checks) is
opened with python-docx. Each table becomes a sheet named "表格1", "表格2" … in document order; a cell is named
by its row and column in the table's layout grid, both from 1: ``表格1!R3C5`` is row 3, column 5 of the first
table. Horizontally merged cells (``gridSpan``) and vertically merged ones (``vMerge``) become merged ranges, so
a merged 一级 cell is followed as in Excel. The paragraphs outside tables are the sheet "正文" (``正文!R2C1`` is
its second non-empty paragraph): a title or "项目名称：…" typed as a paragraph above the table is read from there.
Labels and values found on a sheet without an indicator table (the 正文, a separate header table) are carried to
the next table that has one.
"""
from __future__ import annotations

import io

from ..form.errors import NotAWorkbook
from ..form.model import Submission
from .foreign import read_sheets
from .foreign_readas import ReadAs
from .foreign_sheet import Sheet

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_word_bytes(data: bytes, path="<内存>") -> tuple[Submission, ReadAs]:
    """The model and the "read as" summary of a Word document's tables."""
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise NotAWorkbook(f"无法读取 Word 文档内容（{type(exc).__name__}），文件可能已损坏。", path) from exc
    sheets: list[Sheet] = []
    paragraphs: list[list] = []
    for child in body.iterchildren():
        if child.tag == _W + "p":
            text = _text(child)
            if text.strip():
                paragraphs.append([text])
        elif child.tag == _W + "tbl":
            rows, merges = table_grid(child)
            sheets.append(Sheet(f"表格{len(sheets) + 1}", rows, merges, style="rc"))
    if paragraphs:
        sheets.insert(0, Sheet("正文", paragraphs, style="rc"))
    return read_sheets(sheets, path, "Word 文档", carry=True)


def _text(element) -> str:
    """The text of a paragraph or a cell: its runs, paragraphs joined by line breaks."""
    paragraphs = element.iter(_W + "p") if element.tag != _W + "p" else [element]
    lines = []
    for p in paragraphs:
        parts = []
        for node in p.iter(_W + "t", _W + "tab", _W + "br"):
            if node.tag == _W + "t":
                parts.append(node.text or "")
            else:
                parts.append("\t" if node.tag == _W + "tab" else "\n")
        lines.append("".join(parts))
    return "\n".join(lines)


def _int(element, path: str, default: int) -> int:
    found = element.find(path)
    value = found.get(_W + "val") if found is not None else None
    return int(value) if value and value.isdigit() else default


def table_grid(tbl) -> tuple[list[list], list[tuple[int, int, int, int]]]:
    """A table's cell texts on its layout grid and its merged ranges (gridSpan, vMerge), 0-based."""
    rows: list[list] = []
    merges: dict[tuple[int, int], list[int]] = {}  # top-left → [r0, c0, r1, c1]
    open_v: dict[int, tuple[int, int]] = {}  # column → top-left of the vertical merge running down it
    for r, tr in enumerate(tbl.iterchildren(_W + "tr")):
        row: list = []
        c = _int(tr, f"{_W}trPr/{_W}gridBefore", 0)
        row += [None] * c
        for tc in tr.iterchildren(_W + "tc"):
            span = max(1, min(_int(tc, f"{_W}tcPr/{_W}gridSpan", 1), 64))
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            state = None if vmerge is None else (vmerge.get(_W + "val") or "continue")
            if state == "continue" and c in open_v:
                merges[open_v[c]][2] = r
                row += [None] * span
            else:
                row += [_text(tc) or None] + [None] * (span - 1)
                if span > 1 or state == "restart":
                    merges[(r, c)] = [r, c, r, c + span - 1]
                if state == "restart":
                    open_v[c] = (r, c)
                else:
                    open_v.pop(c, None)
            c += span
        rows.append(row)
    return rows, [tuple(m) for m in merges.values() if m[2] > m[0] or m[3] > m[1]]
