"""Corpus of broken and hostile files, generated on the fly (importable by any test).

Every ``make_*`` function takes a folder and writes one file there, returning its path. Nothing is
downloaded; the files are built from a small valid workbook made with XlsxWriter, with stdlib ``zipfile``,
and with :func:`build_cfb`, a minimal writer of Microsoft compound files (MS-CFB version 3), used for the
encrypted workbook, the .xls, the .doc and ``vbaProject.bin``.

``CORPUS`` maps a case name to ``(maker, expected error class, a word the message must contain)``.
"""
from __future__ import annotations

import datetime as _dt
import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Callable

import xlsxwriter

from xlperf.form.errors import EncryptedWorkbook, LegacyXls, NotAWorkbook, UnsafeWorkbook

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ODD_NAME = "-预算 绩效😀\n目标表 (最终版).xlsx"

# --------------------------------------------------------------------------------------------------
# valid workbooks


def make_valid_xlsx(folder: Path, name: str = "valid.xlsx", vba_project: Path | None = None) -> Path:
    """A small, deterministic 预算绩效目标-like workbook (optionally .xlsm with a VBA project)."""
    path = Path(folder) / name
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    wb.set_properties({"created": _dt.datetime(2024, 1, 1)})
    ws = wb.add_worksheet("绩效目标")
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "培训人次", "≥300人次"],
        ["效益指标", "社会效益指标", "政策知晓率", "≥90%"],
        ["满意度指标", "服务对象满意度指标", "参训人员满意度", "≥95%"],
    ]
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    ws.write_number(5, 3, 12.5)
    wb.add_worksheet("说明").write(0, 0, "填表说明")
    if vba_project is not None:
        wb.add_vba_project(str(vba_project))
    wb.close()
    return path


def valid_bytes(folder: Path) -> bytes:
    return make_valid_xlsx(folder, "_base.xlsx").read_bytes()


def _rewrite_zip(src: bytes, dest: Path, replace: dict[str, bytes] | None = None,
                 add: dict[str, bytes] | None = None) -> Path:
    """Copy a zip member by member, replacing or adding some members."""
    replace = replace or {}
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = replace.get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dest


def _sheet_xml(body: str, doctype: str = "", dimension: str = "A1") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"{doctype}"
        f'<worksheet xmlns="{SHEET_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    ).encode("utf-8")


# --------------------------------------------------------------------------------------------------
# zip bombs and XML attacks


def make_zip_bomb(folder: Path, size_mb: int = 300) -> Path:
    """A valid workbook plus a member of ``size_mb`` MB of zeros (compresses ~1000:1), written streamed."""
    dest = _rewrite_zip(valid_bytes(folder), Path(folder) / "bomb.xlsx")
    block = bytes(1024 * 1024)
    with zipfile.ZipFile(dest, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("xl/media/image1.png", "w", force_zip64=True) as out:
            for _ in range(size_mb):
                out.write(block)
    return dest


def make_ratio_bomb(folder: Path) -> Path:
    """Under the total limit (8 MB) but compressed about 1000:1: caught by the per-member ratio limit."""
    dest = _rewrite_zip(valid_bytes(folder), Path(folder) / "ratio_bomb.xlsx")
    with zipfile.ZipFile(dest, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/image1.png", bytes(8 * 1024 * 1024))
    return dest


def make_lying_bomb(folder: Path) -> Path:
    """A valid workbook plus 20 MB of zeros whose local and central headers declare only 1,000 bytes."""
    dest = _rewrite_zip(valid_bytes(folder), Path(folder) / "lying_bomb.xlsx")
    real = bytes(20 * 1024 * 1024)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = comp.compress(real) + comp.flush()
    info = zipfile.ZipInfo("xl/media/image1.png", date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.CRC, info.compress_size, info.file_size = zlib.crc32(real), len(raw), 1000
    with zipfile.ZipFile(dest, "a") as zf:
        _append_raw_member(zf, info, raw)
    return dest


def _append_raw_member(out: zipfile.ZipFile, info: zipfile.ZipInfo, raw: bytes) -> None:
    """Write an already-compressed member with the (possibly false) sizes and CRC of ``info``."""
    fp = out.fp
    info.header_offset = fp.tell()
    info.extra = b""
    name = info.filename.encode()
    fp.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, info.CRC, info.compress_size,
                         info.file_size, len(name), 0) + name + raw)
    out.filelist.append(info)
    out.NameToInfo[info.filename] = info
    out.start_dir = fp.tell()
    out._didModify = True


def make_billion_laughs(folder: Path) -> Path:
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    ]
    doctype = "<!DOCTYPE worksheet [\n" + "\n".join(ents) + "\n]>\n"
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return _rewrite_zip(valid_bytes(folder), Path(folder) / "billion_laughs.xlsx",
                        {"xl/worksheets/sheet1.xml": _sheet_xml(body, doctype)})


def make_external_entity(folder: Path) -> Path:
    doctype = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    return _rewrite_zip(valid_bytes(folder), Path(folder) / "xxe.xlsx",
                        {"xl/worksheets/sheet1.xml": _sheet_xml(body, doctype)})


def make_external_entity_shared_strings(folder: Path) -> Path:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE sst [<!ENTITY xxe SYSTEM "http://169.254.169.254/latest/meta-data/">]>\n'
        f'<sst xmlns="{SHEET_NS}" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>'
    ).encode()
    return _rewrite_zip(valid_bytes(folder), Path(folder) / "xxe_sst.xlsx", {"xl/sharedStrings.xml": xml})


def make_huge_dimension(folder: Path) -> Path:
    """A sheet declaring the whole grid (A1:XFD1048576) in ``<dimension ref>``."""
    body = '<row r="1"><c r="A1"><v>1</v></c></row>'
    return _rewrite_zip(valid_bytes(folder), Path(folder) / "huge_dimension.xlsx",
                        {"xl/worksheets/sheet1.xml": _sheet_xml(body, dimension="A1:XFD1048576")})


def make_huge_actual_rows(folder: Path) -> Path:
    """A sheet with an honest-looking dimension but a cell far below the row limit."""
    body = '<row r="1"><c r="A1"><v>1</v></c></row><row r="150000"><c r="B150000"><v>2</v></c></row>'
    return _rewrite_zip(valid_bytes(folder), Path(folder) / "huge_rows.xlsx",
                        {"xl/worksheets/sheet1.xml": _sheet_xml(body, dimension="A1:B2")})


def make_huge_actual_cols(folder: Path) -> Path:
    """Cells without ``r`` attributes: 300 of them in one row (past the 200-column limit)."""
    body = "<row>" + "<c><v>1</v></c>" * 300 + "</row>"
    return _rewrite_zip(valid_bytes(folder), Path(folder) / "huge_cols.xlsx",
                        {"xl/worksheets/sheet1.xml": _sheet_xml(body)})


def make_many_members(folder: Path, count: int = 10_050) -> Path:
    dest = Path(folder) / "many_members.xlsx"
    _rewrite_zip(valid_bytes(folder), dest)
    with zipfile.ZipFile(dest, "a", zipfile.ZIP_STORED) as zf:
        for i in range(count):
            zf.writestr(f"customXml/x{i}.bin", b"")
    return dest


def make_duplicate_member(folder: Path) -> Path:
    dest = _rewrite_zip(valid_bytes(folder), Path(folder) / "duplicate.xlsx")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is the point
        with zipfile.ZipFile(dest, "a") as zf:
            zf.writestr("xl/worksheets/sheet1.xml", _sheet_xml('<row r="1"><c r="A1"><v>666</v></c></row>'))
    return dest


def make_malformed_xml(folder: Path) -> Path:
    return _rewrite_zip(valid_bytes(folder), Path(folder) / "malformed.xlsx",
                        {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row></sheetData>"})


# --------------------------------------------------------------------------------------------------
# broken or foreign files


def make_truncated(folder: Path) -> Path:
    data = valid_bytes(folder)
    dest = Path(folder) / "truncated.xlsx"
    dest.write_bytes(data[: len(data) // 2])
    return dest


def make_crc_error(folder: Path) -> Path:
    """A stored (uncompressed) sheet part with one byte flipped: only the CRC shows it."""
    src = valid_bytes(folder)
    dest = Path(folder) / "crc_error.xlsx"
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            method = zipfile.ZIP_STORED if info.filename == "xl/worksheets/sheet1.xml" else zipfile.ZIP_DEFLATED
            zout.writestr(info.filename, zin.read(info.filename), compress_type=method)
    data = bytearray(dest.read_bytes())
    pos = data.find(b"<sheetData>")
    assert pos > 0
    data[pos + 1] ^= 0x20  # s -> S: still well-formed bytes, wrong CRC
    dest.write_bytes(bytes(data))
    return dest


def make_empty(folder: Path) -> Path:
    dest = Path(folder) / "empty.xlsx"
    dest.write_bytes(b"")
    return dest


def make_png(folder: Path) -> Path:
    """A real 1×1 PNG, named .xlsx."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))
    dest = Path(folder) / "screenshot.xlsx"
    dest.write_bytes(png)
    return dest


def make_pdf(folder: Path) -> Path:
    dest = Path(folder) / "printed.xlsx"
    dest.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return dest


def make_html(folder: Path) -> Path:
    dest = Path(folder) / "export.xls"
    dest.write_text("<html><head><meta charset='utf-8'></head><body><table><tr><td>项目名称</td></tr></table></body></html>",
                    encoding="utf-8")
    return dest


def make_csv(folder: Path) -> Path:
    dest = Path(folder) / "data.xlsx"
    dest.write_bytes("一级指标,二级指标,指标值\n产出指标,数量指标,≥3次\n".encode("gb18030"))
    return dest


def make_docx(folder: Path) -> Path:
    dest = Path(folder) / "renamed_docx.xlsx"
    ct = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>')
    doc = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:body><w:p><w:r><w:t>绩效目标</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("word/document.xml", doc)
    return dest


def make_ods(folder: Path) -> Path:
    dest = Path(folder) / "wps.xlsx"
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", '<?xml version="1.0"?><office:document-content '
                    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    return dest


def make_random_zip(folder: Path) -> Path:
    dest = Path(folder) / "attachments.xlsx"
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("说明.txt", "请查收")
        zf.writestr("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(100))
    return dest


def make_zipped_workbook(folder: Path) -> Path:
    dest = Path(folder) / "packed.xlsx"
    inner = valid_bytes(folder)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("科技局绩效目标.xlsx", inner)
    return dest


def make_xlsb(folder: Path) -> Path:
    dest = Path(folder) / "binary.xlsx"
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                    'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("xl/workbook.bin", b"\x83\x01\x00")
    return dest


# --------------------------------------------------------------------------------------------------
# compound files (MS-CFB v3)

_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def build_cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal but valid compound file holding ``streams`` ({"Storage/Stream": data}).

    512-byte sectors, a mini stream for streams under 4096 bytes, at most 109 FAT sectors (~7 MB).
    Siblings form a sorted right-leaning chain (a valid search tree), all nodes black.
    """
    # entries: [name, type, data, children]; type 5 root, 1 storage, 2 stream
    root: list = ["Root Entry", 5, b"", {}]
    for full, data in streams.items():
        node = root
        *dirs, leaf = full.split("/")
        for d in dirs:
            node = node[3].setdefault(d, [d, 1, b"", {}])
        node[3][leaf] = [leaf, 2, bytes(data), {}]

    entries: list[list] = []

    def number(node: list) -> None:
        node.append(len(entries))  # id at index 4
        entries.append(node)
        for child in node[3].values():
            number(child)

    number(root)

    sectors: list[bytes] = []
    fat: list[int] = []

    def alloc(data: bytes) -> int:
        if not data:
            return _END
        start = len(sectors)
        for i in range(0, len(data), 512):
            sectors.append(data[i:i + 512].ljust(512, b"\x00"))
            fat.append(len(sectors))
        fat[-1] = _END
        return start

    mini = bytearray()
    minifat: list[int] = []
    starts: dict[int, int] = {}
    for node in entries:
        if node[1] != 2:
            continue
        data = node[2]
        if len(data) >= 4096:
            starts[node[4]] = alloc(data)
        elif data:
            first = len(minifat)
            for i in range(0, len(data), 64):
                mini += data[i:i + 64].ljust(64, b"\x00")
                minifat.append(len(minifat) + 1)
            minifat[-1] = _END
            starts[node[4]] = first
        else:
            starts[node[4]] = _END
    mini_start = alloc(bytes(mini))
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_bytes += b"\xff" * (-len(minifat_bytes) % 512)
    minifat_start = alloc(minifat_bytes)

    def sort_key(node: list) -> tuple[int, str]:
        return (len(node[0]), node[0].upper())

    left_right: dict[int, tuple[int, int, int]] = {}
    for node in entries:
        kids = sorted(node[3].values(), key=sort_key)
        for a, b in zip(kids, kids[1:] + [None]):
            left_right[a[4]] = (_NOSTREAM, b[4] if b else _NOSTREAM, left_right.get(a[4], (0, 0, _NOSTREAM))[2])
        child = kids[0][4] if kids else _NOSTREAM
        prev = left_right.get(node[4], (_NOSTREAM, _NOSTREAM, _NOSTREAM))
        left_right[node[4]] = (prev[0], prev[1], child)

    directory = bytearray()
    for node in entries:
        name = node[0].encode("utf-16-le") + b"\x00\x00"
        left, right, child = left_right.get(node[4], (_NOSTREAM, _NOSTREAM, _NOSTREAM))
        if node[1] == 5:
            start, size = mini_start, len(mini)
        elif node[1] == 2:
            start, size = starts[node[4]], len(node[2])
        else:
            start, size = 0, 0
        directory += (name.ljust(64, b"\x00") + struct.pack("<HBB3I", len(name), node[1], 1, left, right, child)
                      + bytes(16) + bytes(4) + bytes(16) + struct.pack("<IQ", start, size))
    while len(directory) % 512:
        directory += bytes(64) + struct.pack("<HBB3I", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM) + bytes(52)
    dir_start = alloc(bytes(directory))

    n_fat = 1
    while n_fat * 128 < len(sectors) + n_fat:
        n_fat += 1
    assert n_fat <= 109, "build_cfb: file too large for a header-only DIFAT"
    fat_ids = list(range(len(sectors), len(sectors) + n_fat))
    fat += [_FATSECT] * n_fat
    fat += [_FREE] * (n_fat * 128 - len(fat))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)
    for i in range(n_fat):
        sectors.append(fat_bytes[i * 512:(i + 1) * 512])

    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, n_fat, dir_start, 0, 4096,
                            minifat_start if minifat else _END, len(minifat_bytes) // 512, _END, 0)
              + b"".join(struct.pack("<I", i) for i in fat_ids) + b"\xff" * 4 * (109 - n_fat))
    assert len(header) == 512
    return header + b"".join(sectors)


def make_encrypted(folder: Path) -> Path:
    """What Excel writes for a workbook with an opening password: a CFB with EncryptionInfo/EncryptedPackage."""
    info_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption '
                'xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" '
                'keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" '
                'hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>').encode()
    streams = {
        "EncryptionInfo": struct.pack("<HHI", 4, 4, 0x40) + info_xml,
        "EncryptedPackage": struct.pack("<Q", 6000) + bytes(range(256)) * 24,
        "\x06DataSpaces/Version": struct.pack("<I", 60) + "Microsoft.Container.DataSpaces".encode("utf-16-le")
        + struct.pack("<6H", 1, 0, 1, 0, 1, 0),
    }
    dest = Path(folder) / "password.xlsx"
    dest.write_bytes(build_cfb(streams))
    return dest


def make_xls(folder: Path) -> Path:
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x1FAB, 0x07CD, 0, 0)
    dest = Path(folder) / "old.xlsx"
    dest.write_bytes(build_cfb({"Workbook": bof + struct.pack("<HH", 0x000A, 0) + bytes(5000)}))
    return dest


def make_raw_biff(folder: Path) -> Path:
    """A bare BIFF stream (BOF record) without a compound file around it, as very old exporters write."""
    dest = Path(folder) / "biff.xls"
    dest.write_bytes(struct.pack("<HHHH", 0x0009, 4, 0x0002, 0x0010) + bytes(100))
    return dest


def make_doc(folder: Path) -> Path:
    dest = Path(folder) / "report.xls"
    dest.write_bytes(build_cfb({"WordDocument": b"\xec\xa5" + bytes(5000), "1Table": bytes(600)}))
    return dest


def make_broken_ole(folder: Path) -> Path:
    dest = Path(folder) / "broken_ole.xls"
    dest.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    return dest


# --------------------------------------------------------------------------------------------------
# VBA projects (MS-OVBA), for vba_modules tests


def _ovba_compress(data: bytes) -> bytes:
    """MS-OVBA CompressedContainer: raw 4096-byte chunks, then one literal-only compressed chunk."""
    out = bytearray(b"\x01")
    full, rest = divmod(len(data), 4096)
    for i in range(full):
        out += struct.pack("<H", 0x3FFF) + data[i * 4096:(i + 1) * 4096]  # uncompressed chunk
    tail = data[full * 4096:]
    if tail:
        assert len(tail) <= 3640, "literal-only chunk would exceed 4098 bytes"
        body = bytearray()
        for i in range(0, len(tail), 8):
            body += b"\x00" + tail[i:i + 8]
        out += struct.pack("<H", 0xB000 | (len(body) + 2 - 3)) + body
    return bytes(out)


def build_vba_project(modules: dict[str, str], codepage: int = 1252) -> bytes:
    """A minimal vbaProject.bin with standard modules only (no compiled cache), for tests."""
    def rec(rid: int, payload: bytes) -> bytes:
        return struct.pack("<HI", rid, len(payload)) + payload

    enc = f"cp{codepage}"
    d = bytearray()
    d += rec(0x01, struct.pack("<I", 1)) + rec(0x02, struct.pack("<I", 0x409)) + rec(0x14, struct.pack("<I", 0x409))
    d += rec(0x03, struct.pack("<H", codepage)) + rec(0x04, b"VBAProject")
    d += rec(0x05, b"") + struct.pack("<HI", 0x40, 0)
    d += rec(0x06, b"") + struct.pack("<HI", 0x3D, 0)
    d += rec(0x07, struct.pack("<I", 0)) + rec(0x08, struct.pack("<I", 0))
    d += struct.pack("<HIIH", 0x09, 4, 1, 0)
    d += rec(0x0C, b"") + struct.pack("<HI", 0x3C, 0)
    d += rec(0x0F, struct.pack("<H", len(modules))) + rec(0x13, struct.pack("<H", 0xFFFF))
    streams: dict[str, bytes] = {}
    for name in modules:
        n = name.encode(enc)
        d += rec(0x19, n) + rec(0x47, name.encode("utf-16-le"))
        d += rec(0x1A, n) + struct.pack("<HI", 0x32, len(name) * 2) + name.encode("utf-16-le")
        d += rec(0x1C, b"") + struct.pack("<HI", 0x48, 0)
        d += rec(0x31, struct.pack("<I", 0)) + rec(0x1E, struct.pack("<I", 0)) + rec(0x2C, struct.pack("<H", 0xFFFF))
        d += struct.pack("<HI", 0x21, 0) + struct.pack("<HI", 0x2B, 0)
        code = f'Attribute VB_Name = "{name}"\r\n' + modules[name]
        streams[f"VBA/{name}"] = _ovba_compress(code.encode(enc))
    d += struct.pack("<HI", 0x10, 0)
    project = 'ID="{00000000-0000-0000-0000-000000000000}"\r\n'
    project += "".join(f"Module={m}\r\n" for m in modules)
    project += 'Name="VBAProject"\r\nHelpContextID="0"\r\nVersionCompatible32="393222000"\r\n\r\n'
    streams["PROJECT"] = project.encode(enc)
    streams["PROJECTwm"] = b"".join(m.encode(enc) + b"\x00" + m.encode("utf-16-le") + b"\x00\x00" for m in modules) + b"\x00\x00"
    streams["VBA/_VBA_PROJECT"] = b"\xcc\x61\xff\xff\x00\x00\x00"
    streams["VBA/dir"] = _ovba_compress(bytes(d))
    return build_cfb(streams)


def make_xlsm(folder: Path, modules: dict[str, str], name: str = "with_vba.xlsm") -> Path:
    bin_path = Path(folder) / f"_{name}.vbaProject.bin"
    bin_path.write_bytes(build_vba_project(modules))
    return make_valid_xlsx(folder, name, vba_project=bin_path)


# --------------------------------------------------------------------------------------------------

Maker = Callable[[Path], Path]

#: case → (maker, expected error class, a word the Chinese message must contain)
CORPUS: dict[str, tuple[Maker, type, str]] = {
    "zip_bomb": (make_zip_bomb, UnsafeWorkbook, "压缩炸弹"),
    "ratio_bomb": (make_ratio_bomb, UnsafeWorkbook, "压缩比"),
    "lying_bomb": (make_lying_bomb, NotAWorkbook, "损坏"),
    "billion_laughs": (make_billion_laughs, UnsafeWorkbook, "实体"),
    "external_entity": (make_external_entity, UnsafeWorkbook, "实体"),
    "external_entity_shared_strings": (make_external_entity_shared_strings, UnsafeWorkbook, "实体"),
    "huge_dimension": (make_huge_dimension, UnsafeWorkbook, "1048576 行"),
    "huge_actual_rows": (make_huge_actual_rows, UnsafeWorkbook, "150000 行"),
    "huge_actual_cols": (make_huge_actual_cols, UnsafeWorkbook, "300 列"),
    "many_members": (make_many_members, UnsafeWorkbook, "个部件"),
    "duplicate_member": (make_duplicate_member, UnsafeWorkbook, "重名"),
    "malformed_xml": (make_malformed_xml, NotAWorkbook, "不是合法的 XML"),
    "encrypted": (make_encrypted, EncryptedWorkbook, "密码"),
    "legacy_xls": (make_xls, LegacyXls, "97-2003"),
    "raw_biff": (make_raw_biff, LegacyXls, ".xls"),
    "word_doc": (make_doc, NotAWorkbook, "Word"),
    "broken_ole": (make_broken_ole, NotAWorkbook, "损坏"),
    "truncated": (make_truncated, NotAWorkbook, "不完整"),
    "crc_error": (make_crc_error, NotAWorkbook, "损坏"),
    "empty": (make_empty, NotAWorkbook, "空的"),
    "png": (make_png, NotAWorkbook, "PNG 图片"),
    "pdf": (make_pdf, NotAWorkbook, "PDF"),
    "html": (make_html, NotAWorkbook, "网页"),
    "csv": (make_csv, NotAWorkbook, "纯文本"),
    "docx": (make_docx, NotAWorkbook, "Word 文档"),
    "ods": (make_ods, NotAWorkbook, "OpenDocument 表格"),
    "random_zip": (make_random_zip, NotAWorkbook, "普通的 zip"),
    "zipped_workbook": (make_zipped_workbook, NotAWorkbook, "请解压"),
    "xlsb": (make_xlsb, NotAWorkbook, ".xlsb"),
}
