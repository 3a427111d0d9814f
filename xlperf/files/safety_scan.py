"""The gate's pass over every member of a received workbook: each decompressed once for real (streamed, capped,
CRC-checked), each XML part parsed by the hardened parser, the worksheets held to the row/column limits.

An XML part goes through :func:`_quick_scan_part` first: the same libxml2 parser with the same hardening, fed the
same chunks, but building nothing (a parser target with no element callbacks, so the part is checked at C speed
with no Python per row), and the cells' extent read from the bytes by two regular expressions. It accepts a part
only when the answer is certain — no DOCTYPE, well-formed, ASCII-compatible UTF-8, every cell carrying its ``r``
reference, everything within the limits. Anything else (an error, a cell without ``r``, another encoding, an
odd attribute) sends the part to the exact walk (:func:`~xlperf.files.safety_xml._scan_xml_part`), which decides
and words the refusal as before. The quick scan only ever *accepts*; it never refuses.

Part of the safety gate (:mod:`xlperf.files.safety`), which re-exports :func:`scan_workbook_xml`.
"""
from __future__ import annotations

import re
import zipfile
import zlib

from lxml import etree

from ..form.errors import NotAWorkbook
from .safety_xml import (
    _dimension_extent,
    _doctype_error,
    _hardened_parser_kwargs,
    _identify_zip,
    _looks_like_doctype,
    _scan_xml_part,
    _sheet_labels,
)
from .safety_zip import DEFAULT_LIMITS, MB, Limits, _iter_member

# A cell tag: with its r reference first, as every writer puts it (both groups filled), or any other (both empty:
# refer). One pass; the two kinds never overlap, since a reference holds no "<".
_C_TAG = re.compile(rb"<c(?: r=\"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})\"|[\s/>])")
_NO_REF = (b"", b"")
_PREFIXED_C = re.compile(rb"<[A-Za-z_][-.\w]*:c[\s/>]")
_PREFIXED_HINT = re.compile(rb":c[\s/>]")  # in every match of _PREFIXED_C; found at memchr speed
_PREFIX = rb"(?:[A-Za-z_][-.\w]*:)?"
_ATTR = rb"\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*')"  # one whole attribute: a value cannot fake a ref="…"
_DIM_TAG = re.compile(rb"<" + _PREFIX + rb"dimension[\s/>]")
_DIM_REF = re.compile(rb"<" + _PREFIX + rb"dimension(?:" + _ATTR + rb")*?\s+ref\s*=\s*([\"'])([^\"'&<]*)\1")
_XML_DECL = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_DOCTYPE_MARKERS = tuple(m.encode(codec) for m in ("<!DOCTYPE", "<!ENTITY") for codec in ("ascii", "utf-16-le", "utf-16-be"))
_MAX_QUICK = 4 * MB  # larger members are streamed (memory stays flat)


class _Refer(Exception):
    """The quick scan cannot vouch for this part: the exact walk decides."""


class _NoTree:
    """A parser target with no element callbacks: libxml2 checks the part, nothing is built."""

    def doctype(self, *args) -> None:
        raise _Refer

    def close(self) -> None:
        return None


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


class _Extent:
    """The cells' extent, window by window (each window holds whole tags only)."""

    def __init__(self, limits: Limits) -> None:
        self.limits, self.max_row, self.max_col = limits, 0, 0

    def scan(self, window: bytes) -> None:
        at = window.find(b"dimension")
        while at >= 0:  # <dimension ref="A1:Z22"/>, checked as the exact walk does
            lt = window.rfind(b"<", 0, at)
            if lt >= 0 and _DIM_TAG.match(window, lt):
                ref = _DIM_REF.match(window, lt)
                if ref is None:
                    raise _Refer
                dim = _dimension_extent(ref.group(2).decode("ascii", "replace"))
                if dim and (dim[0] > self.limits.max_rows or dim[1] > self.limits.max_cols):
                    raise _Refer
            at = window.find(b"dimension", at + 9)
        if _PREFIXED_HINT.search(window) and _PREFIXED_C.search(window):
            raise _Refer  # cells with a namespace prefix: the exact walk reads them
        refs = _C_TAG.findall(window)
        if _NO_REF in refs:
            raise _Refer  # a cell without its r reference (or an unusual one): counted on by the exact walk
        if refs:
            letters, digits = zip(*refs)
            self.max_row = max(self.max_row, max(map(int, digits)))
            self.max_col = max(self.max_col, max(map(_col, set(letters))))
            if self.max_row > self.limits.max_rows or self.max_col > self.limits.max_cols:
                raise _Refer


def _ascii_utf8(head: bytes) -> bool:
    """The part is UTF-8 (or ASCII) XML, so its markup can be searched as bytes."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head.startswith(b"<") or b"\x00" in head:
        return False
    decl = _XML_DECL.match(head) if head.startswith(b"<?xml") else None
    return decl is None or decl.group(1).lower() in (b"utf-8", b"utf8", b"us-ascii", b"ascii")


def _quick_member(data, info: zipfile.ZipInfo, budget: int, limits: Limits) -> bytes | None:
    """The member decompressed straight from the file's bytes (one zlib call, no zipfile stream), when every check
    the streamed read makes is certain to pass: local header and name, sizes, ratio, CRC. Else None."""
    if info.file_size > _MAX_QUICK or info.file_size > budget or info.flag_bits & 0x61:
        return None
    start = info.header_offset
    head = data[start:start + 30]
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        return None
    name_len, extra_len = int.from_bytes(head[26:28], "little"), int.from_bytes(head[28:30], "little")
    encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
    try:
        if data[start + 30:start + 30 + name_len] != info.orig_filename.encode(encoding):
            return None
    except UnicodeEncodeError:
        return None
    begin = start + 30 + name_len + extra_len
    raw = data[begin:begin + info.compress_size]
    if len(raw) != info.compress_size:
        return None
    if info.compress_type == zipfile.ZIP_STORED:
        out = bytes(raw)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflate = zlib.decompressobj(-15)
        try:
            out = inflate.decompress(raw, info.file_size + 1)
        except zlib.error:
            return None
        if not inflate.eof or inflate.unconsumed_tail:
            return None
    else:
        return None
    size = len(out)
    if size != info.file_size or zlib.crc32(out) != info.CRC:
        return None
    if size > limits.ratio_min_size and size > limits.max_ratio * max(info.compress_size, 1):
        return None
    return out


def _quick_parser() -> etree.XMLParser:
    return etree.XMLParser(target=_NoTree(), **_hardened_parser_kwargs())


def _quick_xml(out: bytes, limits: Limits, parser: etree.XMLParser) -> bool:
    """True when the quick scan vouches for this XML part (the module docstring says how); ``parser`` is
    :func:`_quick_parser`'s, reused part after part (a feed parser starts afresh after ``close``)."""
    head = out[:4096]
    if any(marker in head for marker in _DOCTYPE_MARKERS) or not _ascii_utf8(head):
        return False
    try:
        parser.feed(out)
        parser.close()
        _Extent(limits).scan(out)
    except (_Refer, etree.XMLSyntaxError):
        return False
    return True


def scan_workbook_xml(zf: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS, *, path=None, data=None,
                      wb_part: str | None = None) -> None:
    """Decompress every member once, streamed and capped, before any other library touches the file.

    Checks the real (not declared) sizes and ratios and the CRCs; parses workbook.xml, every worksheet,
    sharedStrings.xml and every other ``.xml``/``.rels`` part with the hardened parser (no DOCTYPE);
    enforces the row/column limits on any part containing SpreadsheetML rows or cells; ``.vml`` parts
    (Excel's VML is not well-formed XML) are only searched for DOCTYPE/ENTITY markers.

    ``data``: the zip's own bytes, when the caller has them (the quick path reads members from them);
    ``wb_part``: the workbook part, when the caller has already identified it.
    """
    labels: dict[str, str] | None = None

    def label(name: str) -> str:  # the sheets' names, read only for a part that needs the exact walk (its messages)
        nonlocal labels
        if labels is None:  # any error here comes from a part that is itself refused, at the latest, by its walk
            try:
                labels = _sheet_labels(zf, wb_part or _identify_zip(path, zf, limits), limits, path)
            except NotAWorkbook:
                labels = {}
        return labels.get(name) or f"部件“{name}”"

    remaining = limits.max_total_uncompressed
    parser = _quick_parser()
    for info in zf.infolist():
        if info.is_dir():
            continue
        name = info.filename
        low = name.casefold()
        out = None if data is None else _quick_member(data, info, remaining, limits)
        if low.endswith((".xml", ".rels")):
            if out is not None and _quick_xml(out, limits, parser):
                remaining -= len(out)
            else:
                parser = _quick_parser()  # the old one may have stopped mid-document
                remaining -= _scan_xml_part(zf, name, remaining, path, limits, label(name))
        elif out is not None:
            remaining -= len(out)
            if low.endswith(".vml") and _looks_like_doctype(out):
                raise _doctype_error(f"部件“{name}”", path)
        else:
            tail = b""
            for chunk in _iter_member(zf, name, remaining, path, limits):
                remaining -= len(chunk)
                if low.endswith(".vml"):
                    window = tail + chunk
                    if _looks_like_doctype(window):
                        raise _doctype_error(f"部件“{name}”", path)
                    tail = window[-32:]
