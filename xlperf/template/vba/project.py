"""Write a VBA project (``vbaProject.bin``) from VBA source text, with the standard library only.

XlsxWriter can embed a ``vbaProject.bin`` (``Workbook.add_vba_project``) but cannot make one, and no mature Python
library writes one from ``.bas`` sources, so this module does, following the public specifications:

* [MS-OVBA] Office VBA File Format Structure: the ``PROJECT``, ``PROJECTwm``, ``VBA/_VBA_PROJECT`` and ``VBA/dir``
  streams, one compressed source stream per module, the compression algorithm (2.4.1) and the data "encryption"
  used for the CMG/DPB/GC properties (2.4.3);
* [MS-CFB] Compound File Binary File Format, version 3 (512-byte sectors), the container holding those streams.

The project carries *no compiled cache*: ``_VBA_PROJECT`` has version 0xFFFF and every MODULEOFFSET is 0, which the
spec defines as "source only"; the host application compiles the modules from source when it opens the file.

The writer is deterministic: identical input gives byte-identical output (no timestamps, no random seeds; the
project GUID is derived from the project and module names).

:func:`read_module_sources` is the inverse, for tests and for comparing workbooks received back from users; it
delegates to ``oletools`` (imported lazily, so writing needs nothing outside the standard library).

The compression is in :mod:`~xlperf.template.vba.compression`, the compound file in :mod:`~xlperf.template.vba.cfb`;
this module holds the modules, the streams, :func:`build_vba_project` and :func:`read_module_sources`.
"""
from __future__ import annotations

import io
import re
import struct
import uuid
import zipfile
from dataclasses import dataclass

from .cfb import Entry, _u32, _utf16, compound_file
from .compression import compress

__all__ = ["Module", "build_vba_project", "compress", "module_from_export", "read_module_sources", "source_from_bas"]

STANDARD = "standard"
DOCUMENT = "document"
CLASS = "class"
KINDS = (STANDARD, DOCUMENT, CLASS)

CODE_PAGE = 1252  # PROJECTCODEPAGE: the MBCS encoding of names and source (we only accept ASCII anyway)
LCID = 0x409  # PROJECTLCID / PROJECTLCIDINVOKE: the spec says MUST be 0x409
_ENCODING = "cp1252"
_CRLF = "\r\n"

# VB_Base of a document module names the host's class: Excel's Workbook and Worksheet coclasses.
_WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
_WORKSHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"
# ... and of a class module, the VBA class base (what the VBA editor writes for every class module).
_CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"

# MS-OVBA 2.3.4.2.1.1 PROJECTSYSKIND.SysKind
SYS_KINDS = {"win32": 0x01, "win64": 0x03}

# The one type library every VBA project references (OLE Automation), as Office itself writes it (2.1.1.8 LibidReference).
_STDOLE_LIBID = rb"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb#OLE Automation"

# Fixed namespace for the project GUID (uuid5 of the names), so that the same input always gives the same ID.
_PROJECT_ID_NAMESPACE = uuid.UUID("6b1f3a52-5c1e-4c5e-9a53-7870657266ff")

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,30}\Z")  # VBA identifier; 31 chars is also the CFB name limit
_RESERVED_STREAM_NAMES = {"dir", "_vba_project", "projectwm", "project"}


@dataclass(frozen=True)
class Module:
    """One VBA module.

    ``source`` is the code as shown in the VBA editor, *without* the ``Attribute VB_...`` header (the writer adds
    the attributes the module kind needs; use :func:`source_from_bas` on an exported ``.bas``, or
    :func:`module_from_export` on an exported ``.bas``/``.cls``). ``kind`` is ``"standard"`` (a ``.bas`` module),
    ``"class"`` (a ``.cls`` class module) or ``"document"`` (the code behind ``ThisWorkbook`` or a sheet, whose
    name must equal the workbook's or sheet's code name, e.g. XlsxWriter's ``set_vba_name``).

    ``predeclared_id`` and ``exposed`` are a class module's ``VB_PredeclaredId`` (a default instance named after
    the class) and ``VB_Exposed`` (visible to other projects: ``PublicNotCreatable``); other kinds ignore them.
    """

    name: str
    source: str
    kind: str = STANDARD
    predeclared_id: bool = False
    exposed: bool = False


# --------------------------------------------------------------------------------------------------------------
# Public API


def build_vba_project(modules: list[Module], project_name: str = "VBAProject", *, sys_kind: str = "win32") -> bytes:
    """Return the bytes of a ``vbaProject.bin`` holding ``modules``.

    ``sys_kind`` is PROJECTSYSKIND: "win32" (default; what 32-bit Office writes, and what every Office version
    reads) or "win64". Raises ValueError for non-ASCII source, invalid or duplicate names, or an unknown kind.
    """
    if sys_kind not in SYS_KINDS:
        raise ValueError(f"sys_kind must be one of {sorted(SYS_KINDS)}, not {sys_kind!r}")
    _check_identifier(project_name, "project name")
    if not modules:
        raise ValueError("a VBA project needs at least one module")
    seen: set[str] = set()
    for module in modules:
        _check_module(module)
        if module.name.lower() in seen:  # VBA names are case-insensitive; so are CFB stream names
            raise ValueError(f"duplicate module name {module.name!r}")
        seen.add(module.name.lower())

    project_id = "{%s}" % str(uuid.uuid5(_PROJECT_ID_NAMESPACE, "\0".join([project_name] + [m.name for m in modules]))).upper()
    vba_storage = [
        Entry("_VBA_PROJECT", _vba_project_stream()),
        Entry("dir", compress(_dir_stream(modules, project_name, SYS_KINDS[sys_kind]))),
    ] + [Entry(m.name, _module_stream(m)) for m in modules]
    root = Entry("Root Entry", children=[
        Entry("PROJECT", _project_stream(modules, project_name, project_id)),
        Entry("PROJECTwm", _projectwm_stream(modules)),
        Entry("VBA", children=vba_storage),
    ])
    return compound_file(root)


def read_module_sources(vba_project_bin: bytes, *, keep_attributes: bool = False) -> dict[str, str]:
    """Return ``{module name: source}`` of a ``vbaProject.bin`` (or of an .xlsm/.docm, whose ``vbaProject.bin``
    is taken from the zip), read strictly by oletools (``relaxed=False``: any deviation from MS-OVBA raises).

    By default the leading ``Attribute`` lines are removed and line ends are ``"\\n"``, so the result compares
    equal to :attr:`Module.source`; with ``keep_attributes=True`` the stream's text is returned unchanged.
    """
    import olefile
    from oletools import olevba

    data = vba_project_bin
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [n for n in archive.namelist() if n.lower().endswith("vbaproject.bin")]
            if len(parts) != 1:
                raise ValueError(f"expected one vbaProject.bin in the zip, found {parts}")
            data = archive.read(parts[0])
    ole = olefile.OleFileIO(data)
    try:
        project = olevba.VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)
        project.parse_project_stream()
        for _ in project.parse_modules():  # a generator: parses the MODULE records and decompresses the code
            pass
        result = {}
        for module in project.modules:
            code = module.code or ""
            result[module.name] = code if keep_attributes else source_from_bas(code)
        return result
    finally:
        ole.close()


def module_from_export(name: str, text: str) -> Module:
    """A :class:`Module` from the text of a module the VBA editor exported: a ``.cls`` (it starts with the
    ``VERSION 1.0 CLASS`` block) is a class module with its ``VB_PredeclaredId`` and ``VB_Exposed`` attributes,
    anything else a standard module. Other attributes (e.g. a class's ``VB_Description``) are not carried."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines[0].upper().startswith("VERSION ") or "CLASS" not in lines[0].upper():
        return Module(name, source_from_bas(text))
    attributes = dict(re.findall(r"^Attribute (VB_\w+) = (.*)$", text.replace("\r\n", "\n"), re.MULTILINE))
    return Module(name, source_from_bas(text), CLASS, predeclared_id=attributes.get("VB_PredeclaredId") == "True",
                  exposed=attributes.get("VB_Exposed") == "True")


def source_from_bas(text: str) -> str:
    """Strip the export header of a ``.bas``/``.cls`` file (a ``VERSION``/``BEGIN``...``END`` block and the leading
    ``Attribute`` lines) and return the code with ``"\\n"`` line ends, ready for :attr:`Module.source`."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    if lines and lines[0].upper().startswith("VERSION ") and len(lines) > 1 and lines[1].strip().upper() == "BEGIN":
        while i < len(lines) and lines[i].strip().upper() != "END":  # .cls export: skip the class header block
            i += 1
        i += 1
    while i < len(lines) and lines[i].startswith("Attribute "):
        i += 1
    return "\n".join(lines[i:])


# --------------------------------------------------------------------------------------------------------------
# Validation


def _check_identifier(name: str, what: str) -> None:
    if not isinstance(name, str) or not _IDENTIFIER.match(name):
        raise ValueError(f"{what} {name!r} is not an ASCII VBA identifier (letter, then letters/digits/_; max 31)")


def _check_module(module: Module) -> None:
    _check_identifier(module.name, "module name")
    if module.name.lower() in _RESERVED_STREAM_NAMES:
        raise ValueError(f"module name {module.name!r} collides with a stream of the VBA project")
    if module.kind not in KINDS:
        raise ValueError(f"module {module.name!r}: kind must be one of {KINDS}, not {module.kind!r}")
    # The VBA editor stores code in the ANSI code page of the machine that saves it; only ASCII is the same
    # everywhere (a Chinese Excel would read cp1252 bytes as GBK), so anything else is refused.
    for lineno, line in enumerate(module.source.splitlines(), 1):
        for col, ch in enumerate(line, 1):
            if ord(ch) > 0x7F:
                raise ValueError(
                    f"module {module.name!r}: non-ASCII character {ch!r} (U+{ord(ch):04X}) at line {lineno}, "
                    f"column {col}; VBA source must be ASCII (put other text in cells or Python)")
    first = next((ln for ln in module.source.splitlines() if ln.strip()), "")
    if first.startswith("Attribute VB_"):
        raise ValueError(f"module {module.name!r}: source starts with 'Attribute' lines; pass it through "
                         f"source_from_bas() (the writer adds the attributes itself)")


# --------------------------------------------------------------------------------------------------------------
# MS-OVBA 2.3 streams


def _module_source(module: Module) -> bytes:
    """The text of a module stream: the ``Attribute`` lines the VBA editor would export, then the code, CRLF."""
    attributes = [f'Attribute VB_Name = "{module.name}"']
    if module.kind == DOCUMENT:
        base = _WORKBOOK_BASE if module.name == "ThisWorkbook" else _WORKSHEET_BASE
        attributes += [
            f'Attribute VB_Base = "{base}"',
            "Attribute VB_GlobalNameSpace = False",
            "Attribute VB_Creatable = False",
            "Attribute VB_PredeclaredId = True",
            "Attribute VB_Exposed = True",
            "Attribute VB_TemplateDerived = False",
            "Attribute VB_Customizable = True",
        ]
    elif module.kind == CLASS:  # as the VBA editor stores a class module (MS-OVBA 2.3.4.3: ClassModule)
        attributes += [
            f'Attribute VB_Base = "{_CLASS_BASE}"',
            "Attribute VB_GlobalNameSpace = False",
            "Attribute VB_Creatable = False",
            f"Attribute VB_PredeclaredId = {module.predeclared_id}",
            f"Attribute VB_Exposed = {module.exposed}",
            "Attribute VB_TemplateDerived = False",
            "Attribute VB_Customizable = False",
        ]
    code = module.source.replace("\r\n", "\n").replace("\r", "\n")
    if code and not code.endswith("\n"):
        code += "\n"  # every line of a module ends with CRLF, the last one too
    text = _CRLF.join(attributes) + _CRLF + code.replace("\n", _CRLF)
    return text.encode("ascii")


def _module_stream(module: Module) -> bytes:
    """2.3.4.3 Module Stream: PerformanceCache (MODULEOFFSET bytes; none here, offset 0) + CompressedSourceCode."""
    return compress(_module_source(module))


def _vba_project_stream() -> bytes:
    """2.3.4.1 _VBA_PROJECT Stream: Reserved1 0x61CC, Version 0xFFFF ("MUST be 0xFFFF on write": no compiled
    PerformanceCache follows, so the host compiles from source), Reserved2 0x00, Reserved3 (2 bytes, ignored: 0)."""
    return struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0000)


def _record(record_id: int, payload: bytes) -> bytes:
    """Most dir records are Id (u16), Size (u32), then Size bytes. The second half of the paired MBCS/Unicode
    records (Reserved u16, SizeOfUnicode u32, data) has the same shape, with Reserved in place of the Id."""
    return struct.pack("<HI", record_id, len(payload)) + payload


def _mbcs(text: str) -> bytes:
    return text.encode(_ENCODING)


def _u16(value: int) -> bytes:
    return struct.pack("<H", value)


def _dir_stream(modules: list[Module], project_name: str, sys_kind: int) -> bytes:
    """2.3.4.2 dir Stream (decompressed): PROJECTINFORMATION, PROJECTREFERENCES, PROJECTMODULES, Terminator."""
    information = b"".join([
        _record(0x0001, _u32(sys_kind)),                                  # PROJECTSYSKIND
        _record(0x0002, _u32(LCID)),                                      # PROJECTLCID
        _record(0x0014, _u32(LCID)),                                      # PROJECTLCIDINVOKE
        _record(0x0003, _u16(CODE_PAGE)),                                 # PROJECTCODEPAGE
        _record(0x0004, _mbcs(project_name)),                             # PROJECTNAME
        _record(0x0005, b"") + _record(0x0040, b""),                      # PROJECTDOCSTRING (+ Unicode)
        _record(0x0006, b"") + _record(0x003D, b""),                      # PROJECTHELPFILEPATH (HelpFile1, HelpFile2)
        _record(0x0007, _u32(0)),                                         # PROJECTHELPCONTEXT
        _record(0x0008, _u32(0)),                                         # PROJECTLIBFLAGS: MUST be 0
        struct.pack("<HIIH", 0x0009, 4, 1, 0),                            # PROJECTVERSION: Reserved=4, major, minor
        _record(0x000C, b"") + _record(0x003C, b""),                      # PROJECTCONSTANTS (+ Unicode)
    ])
    references = b"".join([
        _record(0x0016, _mbcs("stdole")) + _record(0x003E, _utf16("stdole")),  # REFERENCENAME (+ Unicode)
        _record(0x000D, _u32(len(_STDOLE_LIBID)) + _STDOLE_LIBID + _u32(0) + _u16(0)),  # REFERENCEREGISTERED
    ])
    parts = [
        _record(0x000F, _u16(len(modules))),                              # PROJECTMODULES: Count
        _record(0x0013, _u16(0xFFFF)),                                    # PROJECTCOOKIE: MUST be 0xFFFF on write
    ]
    for module in modules:
        parts += [
            _record(0x0019, _mbcs(module.name)),                          # MODULENAME
            _record(0x0047, _utf16(module.name)),                         # MODULENAMEUNICODE
            _record(0x001A, _mbcs(module.name)) + _record(0x0032, _utf16(module.name)),  # MODULESTREAMNAME
            _record(0x001C, b"") + _record(0x0048, b""),                  # MODULEDOCSTRING (+ Unicode)
            _record(0x0031, _u32(0)),                                     # MODULEOFFSET: source starts at byte 0
            _record(0x001E, _u32(0)),                                     # MODULEHELPCONTEXT
            _record(0x002C, _u16(0xFFFF)),                                # MODULECOOKIE: MUST be 0xFFFF on write
            _record(0x0021 if module.kind == STANDARD else 0x0022, b""),  # MODULETYPE: procedural, or
            #                                                               document/class/designer; Reserved u32 0
            _record(0x002B, b""),                                         # Terminator of the MODULE record
        ]
    return information + references + b"".join(parts) + _record(0x0010, b"")  # dir Terminator


def _data_encryption(data: bytes, project_id: str, seed: int) -> str:
    """2.4.3.2 Encryption (an obfuscation, not security) of a PROJECT property value, as its hex text.

    Seed "SHOULD be random"; we fix it per property so output is deterministic. The IgnoredLength bytes that the
    seed calls for may hold any value; we write zeros. ProjKey is the byte sum of the ProjectId text with braces."""
    version = 2
    proj_key = sum(project_id.encode("ascii")) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ proj_key])
    unencrypted_1, encrypted_1, encrypted_2 = proj_key, out[2], out[1]
    ignored = [0] * ((seed & 6) >> 1)
    for byte in ignored + list(struct.pack("<I", len(data))) + list(data):
        byte_enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(byte_enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte_enc, byte
    return out.hex().upper()


def _project_stream(modules: list[Module], project_name: str, project_id: str) -> bytes:
    """2.3.1 PROJECT Stream: the project's properties as ``key=value`` text lines, CRLF, in the code page."""
    lines = [f'ID="{project_id}"']
    lines += [_project_module_line(module) for module in modules]
    no_protection = _data_encryption(_u32(0), project_id, 0x00)  # ProjectProtectionState: no protection bits
    no_password = _data_encryption(b"\x00", project_id, 0x11)  # ProjectPassword: a single 0x00 = no password
    visible = _data_encryption(b"\xFF", project_id, 0x22)  # ProjectVisibilityState: 0xFF = project visible
    lines += [
        f'Name="{project_name}"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{no_protection}"',  # seeds 0x00/0x11/0x22: arbitrary fixed values (see _data_encryption)
        f'DPB="{no_password}"',
        f'GC="{visible}"',
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",  # the VBE extender, always present
        "",
        "[Workspace]",
    ]
    lines += [f"{module.name}=0, 0, 0, 0, C" for module in modules]  # editor window positions: closed
    return (_CRLF.join(lines) + _CRLF).encode(_ENCODING)


def _project_module_line(module: Module) -> str:
    """2.3.1.3 ProjectModule: ``Module=`` (procedural), ``Class=`` (class) or ``Document=`` — the PROJECT stream is
    where a host tells a class module from a document module, which share MODULETYPE 0x0022 in ``dir``."""
    if module.kind == DOCUMENT:
        # 2.3.1.4 ProjectDocModule carries the DocTlibVer of the host's type library; 0 is what Excel writes.
        return f"Document={module.name}/&H00000000"
    return f"Class={module.name}" if module.kind == CLASS else f"Module={module.name}"


def _projectwm_stream(modules: list[Module]) -> bytes:
    """2.3.3 PROJECTwm Stream: for each module its MBCS name + NUL and UTF-16 name + NUL, then a u16 0 terminator."""
    return b"".join(_mbcs(m.name) + b"\x00" + _utf16(m.name) + b"\x00\x00" for m in modules) + b"\x00\x00"
