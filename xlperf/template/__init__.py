"""The macro-enabled workbook: the form layout (``builder``) plus the VBA project built from source.

The VBA project holds, in this order: the document modules (``ThisWorkbook`` and one per sheet, named after the
sheets' code names ``Sheet1`` … ``SheetN``, which XlsxWriter assigns in sheet order), our macros
(``xlperf_macros.bas``), xlwings' standalone module (``xlwings.bas``, copied from the pinned wheel) and the UDF
wrappers generated from ``xlperf/udfs.py`` (``xlwings_udfs.bas``), see ``xlperf.template.vba.xlwings_modules``;
then xlwings' ``RunServerPython`` client (``Remote.bas``) and the VBA-Web modules it needs (two standard modules,
``Remote`` and ``WebHelpers``, and five class modules) copied from the pinned wheel, see
``xlperf.template.vba.xlwings_remote``.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from urllib.parse import urlsplit

from ..form import layout as L
from ..form.errors import XlperfError
from ..form.model import Submission
from .builder import sheet_names, template_submission, write_workbook
from .vba.project import Module, build_vba_project, module_from_export, source_from_bas
from .vba.xlwings_remote import REMOTE_FILES

VBA_DIR = Path(__file__).resolve().parent / "vba"
STANDARD_MODULES = ("xlperf_macros", "xlwings", "xlwings_udfs")  # .bas files in xlperf/vba, embedded in this order
REMOTE_MODULES = tuple(name for name, _ in REMOTE_FILES)  # embedded after STANDARD_MODULES, in this order
FIXED_SHEETS = len(sheet_names()) - 1  # every sheet but the one project sheet of a fresh template


def standard_modules() -> list[Module]:
    """Our macros, the two xlwings modules, then the RunServerPython client's modules (standard and class), from
    the committed ASCII ``.bas``/``.cls`` files."""
    ours = [Module(name, source_from_bas((VBA_DIR / f"{name}.bas").read_text(encoding="ascii")), "standard")
            for name in STANDARD_MODULES]
    return ours + [module_from_export(name, (VBA_DIR / file_name).read_bytes().decode("ascii"))
                   for name, file_name in REMOTE_FILES]


def vba_project_for(sheet_count: int) -> bytes:
    """The workbook's VBA project: one document module per sheet, then the standard modules."""
    modules = [Module("ThisWorkbook", "", "document")]
    modules += [Module(f"Sheet{i}", "", "document") for i in range(1, sheet_count + 1)]
    return build_vba_project(modules + standard_modules())


def write_filled(form: Submission, path: str | Path) -> Path:
    """Write ``form`` into a macro-enabled workbook (atomically)."""
    return write_workbook(path, form, vba_project=vba_project_for(len(sheet_names(form))))


def with_server(form: Submission, url: str | None, token: str | None = None) -> Submission:
    """``form`` whose 设置 rows 校验服务器地址 / 校验令牌 hold ``url`` and ``token`` (None: left as they are), so that
    the 校验 and 清除标记 buttons call that check server (``xlperf serve``) instead of a local Python.

    The address must be an http:// or https:// URL with a host (ASCII, no spaces; a trailing "/" is dropped) and the
    token printable ASCII without spaces (it travels in the ``Authorization: Bearer`` header); otherwise a Chinese
    XlperfError, before anything is written."""
    settings = dict(form.settings)
    if url is not None:
        url = url.strip()
        try:
            parts = urlsplit(url) if url.isascii() and not re.search(r"\s", url) else None
            parts = parts if parts is not None and parts.port != 0 else None  # .port raises on a bad port
        except ValueError:
            parts = None
        if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname \
                or parts.query or parts.fragment:
            raise XlperfError(f"校验服务器地址“{url}”无效：应为 http:// 或 https:// 开头的网址，"
                              "如 http://jixiao.czj.local 或 https://10.0.0.5:8443（不含空格、中文、? 和 #）")
        settings[L.SERVER_URL_KEY] = url.rstrip("/")
    if token is not None:
        token = token.strip()
        if not re.fullmatch(r"[\x21-\x7e]+", token):
            raise XlperfError("校验令牌无效：应为不含空格和中文的字母、数字或符号（即 xlperf serve --token-file 文件中的内容）")
        settings[L.SERVER_TOKEN_KEY] = token
    return dataclasses.replace(form, settings=settings)


def build_template(path: str | Path = "workbook/template.xlsm", *, server_url: str | None = None,
                   server_token: str | None = None) -> Path:
    """Build the empty template; with ``server_url`` its buttons call that check server (see :func:`with_server`)."""
    return write_filled(with_server(template_submission(), server_url, server_token), path)
