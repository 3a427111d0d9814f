"""Failures of the tool itself (not findings about a form).

Every error carries a plain Chinese message naming the file and what is wrong; the CLI prints it and exits
with code 2. Findings about the *content* of a form are never exceptions: see ``xlperf.findings``.
"""
from __future__ import annotations

from pathlib import Path


class XlperfError(Exception):
    """Base class: ``str(err)`` is the message shown to the user."""

    def __init__(self, message: str, path: str | Path | None = None):
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(f"{self.path}：{message}" if self.path else message)


class UnreadableFile(XlperfError):
    """The path does not exist, is a folder, or cannot be opened."""


class NotAWorkbook(XlperfError):
    """The file is not an .xlsx/.xlsm workbook (another format, or corrupt)."""


class EncryptedWorkbook(XlperfError):
    """The workbook is protected by an opening password."""


class LegacyXls(XlperfError):
    """An Excel 97-2003 .xls file."""


class UnsafeWorkbook(XlperfError):
    """The file trips a safety limit (zip bomb, XML entities, oversized sheet)."""


class NotOurForm(XlperfError):
    """A readable workbook that is not a 预算绩效目标 form."""


class BadFormData(XlperfError):
    """An interchange file (JSON/YAML) that does not follow the schema."""
