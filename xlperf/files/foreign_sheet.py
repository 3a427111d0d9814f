"""One table of a foreign-layout form as the label-driven reader sees it: cell values, merged ranges, and how a
cell is named in findings.

A worksheet's cells are named the Excel way ("B7" on sheet "项目表"); a Word table's cells are named
"R3C5" (row 3, column 5 of the table's layout grid, both counted from 1) on the "sheet" "表格1" (the first
table of the document), so a finding says ``表格1!R3C5``.

A merged range holds its value in its top-left cell; the other cells of the range read as empty, as in Excel.
Merged ranges come from python-calamine (``merged_cell_ranges``) and, where it gives none, from the worksheet
XML read through the safety gate's hardened parser (``<mergeCell ref="A1:C2">``).
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from functools import cached_property

from ..form import layout as L
from ..form.model import Ref
from ..text.normalize import clean_text

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based, inclusive)


@dataclass
class Sheet:
    name: str
    rows: list[list]
    merges: list[Merge] = field(default_factory=list)
    style: str = "a1"  # "a1" (worksheets) or "rc" (Word tables)

    def __post_init__(self) -> None:
        self.span: dict[tuple[int, int], tuple[int, int]] = {}
        self.covered: dict[tuple[int, int], tuple[int, int]] = {}
        for r0, c0, r1, c1 in self.merges:
            if (r1 - r0 + 1) * (c1 - c0 + 1) > 20_000:
                continue  # a whole-column merge: nothing useful, and too many cells to list
            self.span[(r0, c0)] = (r1, c1)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        self.covered[(r, c)] = (r0, c0)

    @cached_property
    def keys(self) -> list[list[str]]:
        """Every cell's label :func:`~.foreign_labels.key` ("" for anything but non-empty text), computed when the
        label-driven reader first asks: a workbook made from our template never needs them."""
        from .foreign_labels import key  # the label tables, loaded only for a layout read by its labels

        return [[key(v) if v and isinstance(v, str) else "" for v in row] for row in self.rows]

    @property
    def height(self) -> int:
        return len(self.rows)

    def width(self, r: int) -> int:
        return len(self.rows[r]) if 0 <= r < len(self.rows) else 0

    def raw(self, r: int, c: int):
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None

    def text(self, r: int, c: int) -> str | None:
        return clean_text(self.raw(r, c))

    def key(self, r: int, c: int) -> str:
        if 0 <= r < len(self.keys) and 0 <= c < len(self.keys[r]):
            return self.keys[r][c]
        return ""

    def end(self, r: int, c: int) -> tuple[int, int]:
        """The last row and column of the merged range starting at (r, c) ((r, c) itself when not merged)."""
        return self.span.get((r, c), (r, c))

    def origin(self, r: int, c: int) -> tuple[int, int]:
        """The top-left cell of the merged range covering (r, c) ((r, c) itself when not covered)."""
        return self.covered.get((r, c), (r, c))

    def cells(self, r: int) -> list[tuple[int, str]]:
        """The non-empty texts of row ``r`` as (column, text)."""
        return [(c, t) for c in range(self.width(r)) if (t := self.text(r, c)) is not None]

    def ref(self, r: int, c: int) -> Ref:
        if self.style == "rc":
            return Ref(self.name, f"R{r + 1}C{c + 1}")
        return Ref(self.name, L.a1(r, c))

    def where(self, r: int) -> str:
        """A row as named in the "read as" summary."""
        return f"第{r + 1}行"


def workbook_sheets(data: bytes) -> list[Sheet]:
    """Every worksheet of a workbook (bytes that passed the gate) as a :class:`Sheet` with its merged ranges."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets, missing = [], []
    for name in book.sheet_names:
        ws = book.get_sheet_by_name(name)
        merges = getattr(ws, "merged_cell_ranges", None)
        sheet = Sheet(name, ws.to_python(skip_empty_area=False),
                      [(a[0], a[1], b[0], b[1]) for a, b in merges] if merges else [])
        if merges is None:
            missing.append(sheet)
        sheets.append(sheet)
    if missing:
        from_xml = xml_merges(data)
        for sheet in missing:
            sheet.merges = from_xml.get(sheet.name, [])
            sheet.__post_init__()
    return sheets


def xml_merges(data: bytes) -> dict[str, list[Merge]]:
    """{sheet name: merged ranges} from the worksheet XML, parsed with the gate's hardened parser."""
    from .safety import DEFAULT_LIMITS, parse_xml, read_member
    from .safety_xml import _CELL_REF, _col_number

    out: dict[str, list[Merge]] = {}
    limit = DEFAULT_LIMITS.max_total_uncompressed
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = {n.casefold(): n for n in zf.namelist()}
        rels = parse_xml(read_member(zf, names["xl/_rels/workbook.xml.rels"], limit), part="workbook.xml.rels")
        targets = {r.get("Id"): posixpath.normpath(posixpath.join("xl", str(r.get("Target", "")))).casefold()
                   for r in rels}
        book = parse_xml(read_member(zf, names["xl/workbook.xml"], limit), part="workbook.xml")
        for sheet in book.iter("{*}sheet"):
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            part = names.get(targets.get(rid, ""))
            if part is None:
                continue
            root = parse_xml(read_member(zf, part, limit), part=part)
            found = []
            for merge in root.iter("{*}mergeCell"):
                ends = [_CELL_REF.match(x) for x in str(merge.get("ref", "")).split(":")]
                if len(ends) == 2 and all(ends):
                    (a, b) = ends
                    found.append((int(a.group(2)) - 1, _col_number(a.group(1)) - 1,
                                  int(b.group(2)) - 1, _col_number(b.group(1)) - 1))
            out[str(sheet.get("name"))] = found
    return out
