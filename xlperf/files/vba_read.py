"""The VBA project of a received .xlsm, read without running it: :func:`vba_modules` (the module sources,
through oletools' strict parser) and :func:`compare_vba` (how they differ from the official template's).

Part of the safety gate (:mod:`xlperf.files.safety`), which re-exports both.
"""
from __future__ import annotations

import io
import posixpath
import zipfile

from ..form.errors import NotAWorkbook
from .safety_zip import _MSG_CORRUPT, DEFAULT_LIMITS, Limits, read_member


def _find_vba_part(zf: zipfile.ZipFile) -> str | None:
    for name in zf.namelist():
        if name.casefold() == "xl/vbaproject.bin":
            return name
    for name in zf.namelist():
        if name.casefold().endswith("vbaproject.bin"):
            return name
    return None


def vba_modules(data: bytes, limits: Limits = DEFAULT_LIMITS, *, path=None) -> dict[str, str] | None:
    """{module name: source} of the workbook's VBA project; ``None`` when there is none.

    ``data`` is an .xlsm already passed by :func:`inspect_workbook`. Only ``xl/vbaProject.bin`` is handed
    to oletools (strict parsing, ``relaxed=False``); nothing is executed. A project oletools cannot
    parse raises :class:`NotAWorkbook`.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as err:
        raise NotAWorkbook(_MSG_CORRUPT + f"（{err}）", path) from None
    with zf:
        name = _find_vba_part(zf)
        if name is None:
            return None
        blob = read_member(zf, name, limits.max_small_part, path=path)
    import warnings

    with warnings.catch_warnings():  # oletools 0.60 triggers pyparsing deprecation warnings on import
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools import olevba  # heavy import: only when a VBA project is actually there

    try:
        parser = olevba.VBA_Parser(filename=posixpath.basename(name), data=blob, relaxed=False)
        try:
            projects = parser.find_vba_projects() or []
            modules: dict[str, str] = {}
            for vba_root, project_path, dir_path in projects:
                project = olevba.VBA_Project(parser.ole_file, vba_root, project_path, dir_path, relaxed=False)
                project.parse_project_stream()
                for _ in project.parse_modules():
                    pass
                for module in project.modules:
                    modules[module.name] = module.code or ""
        finally:
            parser.close()
    except Exception as err:  # oletools raises many types on a damaged project
        raise NotAWorkbook(
            f"宏工程（{name}）已损坏，无法读出其中的 VBA 代码（{type(err).__name__}）；请使用官方模板重新填报", path
        ) from None
    return modules if projects else None


def _normalise_vba(code: str) -> list[str]:
    lines = [ln.rstrip() for ln in code.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if not ln.lstrip().lower().startswith("attribute ")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def _trivial(lines: list[str]) -> bool:
    """Only blank lines and ``Option ...`` statements: what Excel puts in a new sheet's module."""
    return all(not ln.strip() or ln.strip().lower().startswith("option ") for ln in lines)


def _snippet(line: str) -> str:
    line = line.strip()
    return line if len(line) <= 40 else line[:40] + "…"


def compare_vba(received: dict[str, str] | None, official: dict[str, str]) -> list[str]:
    """Chinese descriptions of how the received VBA modules differ from the official ones; [] if same.

    Line endings, trailing whitespace, leading/trailing blank lines and ``Attribute`` lines are ignored;
    module names compare case-insensitively (as in VBA). Added or missing modules that hold nothing but
    ``Option`` lines (the document module Excel creates for a new sheet) are not reported.
    """
    off = {name.casefold(): (name, _normalise_vba(code)) for name, code in official.items()}
    if received is None:
        needed = [name for name, lines in off.values() if not _trivial(lines)]
        if not needed:
            return []
        return [
            "工作簿中没有宏（VBA 工程），可能被另存为 .xlsx 或宏被删除了；请使用官方模板（.xlsm）重新填报"
            f"（应有模块：{'、'.join(needed)}）"
        ]
    rec = {name.casefold(): (name, _normalise_vba(code)) for name, code in received.items()}
    out: list[str] = []
    for key, (name, lines) in off.items():
        if key not in rec:
            if not _trivial(lines):
                out.append(f"缺少官方模板中的 VBA 模块“{name}”")
            continue
        got = rec[key][1]
        if got != lines:
            n = next((i for i, (a, b) in enumerate(zip(lines, got)) if a != b), min(len(lines), len(got)))
            want_line = _snippet(lines[n]) if n < len(lines) else "（无）"
            got_line = _snippet(got[n]) if n < len(got) else "（无）"
            out.append(
                f"VBA 模块“{name}”的代码与官方模板不同：从第 {n + 1} 行起不一致"
                f"（官方：“{want_line}”；收到：“{got_line}”）"
            )
    for key, (name, lines) in rec.items():
        if key not in off and not _trivial(lines):
            out.append(f"多了官方模板中没有的 VBA 模块“{name}”（{len(lines)} 行代码）")
    return out
