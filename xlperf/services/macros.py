"""The macro report: a received workbook's VBA modules against the official template's, read, never run."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

from ..files.safety import DEFAULT_LIMITS, compare_vba, read_member, vba_modules
from ..form.errors import XlperfError

VBA_SAME, VBA_NONE, VBA_DIFFERENT, VBA_BROKEN = "一致", "无宏", "与官方模板不同", "宏工程无法读取"

_OFFICIAL_VBA: dict[str, str] | None = None
#: the official template's module texts, computed when the sources change (not in every review worker):
#: ``python -m xlperf.services.macros`` rewrites it; tests/test_official_vba.py keeps it in sync
OFFICIAL_VBA_FILE = Path(__file__).resolve().parent.parent / "data" / "official_vba.json"


def build_official_vba_modules() -> dict[str, str]:
    """{module: source} of the official template's VBA project, built from our sources (150–250 ms)."""
    from ..template import FIXED_SHEETS, vba_project_for
    from ..template.vba.project import read_module_sources

    return read_module_sources(vba_project_for(FIXED_SHEETS + 1))


def official_vba_modules() -> dict[str, str]:
    """{module: source} of the official template's VBA project, read from the committed data file (cached)."""
    global _OFFICIAL_VBA
    if _OFFICIAL_VBA is None:
        _OFFICIAL_VBA = json.loads(OFFICIAL_VBA_FILE.read_text(encoding="utf-8"))
    return _OFFICIAL_VBA


def write_official_vba_file() -> None:
    """Rebuild the official modules from our sources and write the data file."""
    text = json.dumps(build_official_vba_modules(), ensure_ascii=False, indent=1) + "\n"
    OFFICIAL_VBA_FILE.write_text(text, encoding="utf-8")


_VBA_RESULTS: dict[bytes, tuple[str, list[str]]] = {}  # per process: digest of vbaProject.bin → outcome


def vba_check(data: bytes, path=None) -> tuple[str, list[str]]:
    """(宏检查 status, differences) of a checked workbook against the official template's VBA modules.

    Nothing is executed: oletools only reads the module sources (strict). Workbooks built from the same template
    carry byte-identical ``vbaProject.bin`` parts, so outcomes are cached per process by that part's SHA-256.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = [n for n in zf.namelist() if n.casefold().endswith("vbaproject.bin")]
        key = hashlib.sha256(b"".join(read_member(zf, n, DEFAULT_LIMITS.max_small_part, path=path)
                                      for n in sorted(parts))).digest() if parts else None
    if key is not None and key in _VBA_RESULTS:
        status, differences = _VBA_RESULTS[key]
        return status, list(differences)
    try:
        received = vba_modules(data, path=path)
        differences = compare_vba(received, official_vba_modules())
        status = VBA_NONE if received is None else (VBA_DIFFERENT if differences else VBA_SAME)
    except XlperfError as err:
        status, differences = VBA_BROKEN, [err.message]
    if key is not None:
        _VBA_RESULTS[key] = (status, list(differences))
    return status, differences


if __name__ == "__main__":  # python -m xlperf.services.macros: after changing the macros or xlwings' module
    write_official_vba_file()
