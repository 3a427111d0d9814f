"""xlwings' ``RunServerPython`` client, embedded so that 校验 can call the bureau's check server with nothing
installed: ``Remote.bas`` (BSD-3, xlwings) and the VBA-Web modules it uses (MIT, Tim Hall: ``WebHelpers.bas``,
``WebClient.cls``, ``WebRequest.cls``, ``WebResponse.cls``, ``IWebAuthenticator.cls``, ``Dictionary.cls``), copied
from the pinned xlwings wheel (``xlwings/addin/``), licence headers kept.

The committed files in this folder are the wheel's files, byte for byte, except for the rewrites listed in
:data:`REWRITES` and, in ``WebHelpers.bas``, the conditional compilation resolved (:func:`resolve_directives`).
All exist for one reason: LibreOffice (our independent VBA host in the tests) must compile every module, because
when one module fails it runs nothing in the whole project. Each rewrite means the same to Excel on Windows:

* ``If … Then: x`` (a one-line If with an empty statement after ``Then``) is written ``If … Then x``;
* ``Dictionary``'s ``Enum CompareMethod`` members get the values of ``VBA.vbBinaryCompare`` … (0, 1, 2) as numbers;
* ``WebHelpers``: an ``Optional x As UrlEncodingMode = UrlEncodingMode.Member`` default is written ``= Member``
  (the same constant); ``StringToAnsiBytes`` returns ``Variant`` instead of ``Byte()`` (its one caller stores the
  result in ``WebResponse.Body``, a Variant); the ``Output`` member of ``ShellResult`` (a LibreOffice keyword) is
  ``ShellOutput`` (only Mac code reads it);
* ``WebHelpers``' ``#If`` blocks are resolved for Excel on Windows with VBA7 (Office 2010 or later, 32- and
  64-bit alike): LibreOffice reads both branches of ``#If VBA7``, which declare the same types, API functions and
  variables twice. Office 2007 (VBA6) therefore cannot compile ``WebHelpers``; ``xlperf_macros`` calls
  ``RunServerPython`` late-bound (``Application.Run``), so on Office 2007 only the server path is missing and the
  RunPython path is unaffected (VBA compiles a module when something in it is first used).

One comment line (:data:`NOTE_LINE`) before ``Option Explicit`` says a file was changed. A rewrite that no longer
matches exactly as often as listed is an error (a new xlwings pin must be looked at, not guessed).
``tests/test_vba_remote.py`` checks that the committed files equal a fresh generation and that Excel's own
preprocessor would compile the wheel's code from them. Regenerate after changing the xlwings pin::

    python -m xlperf.template.vba.xlwings_remote
"""
from __future__ import annotations

import re
from pathlib import Path

from .xlwings_modules import VBA_DIR, _xlwings

#: (module name, file name), in the order they are embedded after our modules
REMOTE_FILES = (("Remote", "Remote.bas"), ("WebHelpers", "WebHelpers.bas"), ("WebClient", "WebClient.cls"),
                ("WebRequest", "WebRequest.cls"), ("WebResponse", "WebResponse.cls"),
                ("IWebAuthenticator", "IWebAuthenticator.cls"), ("Dictionary", "Dictionary.cls"))
#: the conditional-compilation constants WebHelpers is resolved with: Excel on Windows, Office 2010 or later
WINDOWS_VBA7 = {"mac": False, "vba7": True}
NOTE_LINE = ("'xlperf: changed so that LibreOffice compiles it, same meaning in Excel on Windows; "
             "see xlperf/template/vba/xlwings_remote.py")
_THEN_COLON = (r"\bThen: ", "Then ")
#: file → [(pattern, replacement, how many times it must match)]
REWRITES = {
    "WebRequest.cls": [(*_THEN_COLON, 1)],
    "Dictionary.cls": [(r"= VBA\.vbBinaryCompare\b", "= 0", 1), (r"= VBA\.vbTextCompare\b", "= 1", 1),
                       (r"= VBA\.vbDatabaseCompare\b", "= 2", 1)],
    "WebHelpers.bas": [(*_THEN_COLON, 4),
                       (r"(Optional \w+ As UrlEncodingMode = )UrlEncodingMode\.", r"\1", 4),
                       (r"(Public Function StringToAnsiBytes\(web_Text As String\) As )Byte\(\)", r"\1Variant", 1),
                       (r"(\r\n    )Output( As String\r\n)", r"\1ShellOutput\2", 1)],
}
_DIRECTIVE = re.compile(r"^\s*#(If|ElseIf|Else|End If)\b(.*)$", re.IGNORECASE)
_CONST = re.compile(r"^#Const\s+(\w+)\s*=\s*(True|False)\s*$", re.IGNORECASE | re.MULTILINE)


def wheel_text(file_name: str) -> str:
    """A file of the pinned wheel's ``xlwings/addin/``, byte for byte (CRLF line ends, as shipped)."""
    return (Path(_xlwings().__file__).parent / "addin" / file_name).read_bytes().decode("ascii")


def _value(condition: str, constants: dict[str, bool], line: str) -> bool:
    """``Name``, ``Not Name`` for the known ``constants`` (lower-case names); anything else is an error."""
    m = re.fullmatch(r"(Not\s+)?(\w+)\s+Then", condition.strip(), re.IGNORECASE)
    if not m or m.group(2).lower() not in constants:
        raise ValueError(f"cannot resolve {line.strip()!r}: only {sorted(constants)} are known")
    return constants[m.group(2).lower()] != bool(m.group(1))


def resolve_directives(text: str, constants: dict[str, bool]) -> str:
    """``text`` (CRLF) with every ``#If … #End If`` replaced by the lines of its active branch, as Excel's
    preprocessor would keep them; the module's own ``#Const Name = True|False`` lines count as constants too."""
    constants = {**{k.lower(): v.lower() == "true" for k, v in _CONST.findall(text)}, **constants}
    kept, stack, active = [], [], True  # stack: (active outside the block, a branch already taken)
    for line in text.split("\r\n"):
        m = _DIRECTIVE.match(line)
        word = m.group(1).lower() if m else ""
        if word == "if":
            value = _value(m.group(2), constants, line)
            stack.append((active, value))
            active = active and value
        elif word == "elseif":
            outside, taken = stack[-1]
            value = not taken and _value(m.group(2), constants, line)
            stack[-1] = (outside, taken or value)
            active = outside and value
        elif word == "else":
            outside, taken = stack[-1]
            stack[-1] = (outside, True)
            active = outside and not taken
        elif word == "end if":
            active = stack.pop()[0]
        elif active:
            kept.append(line)
    if stack:
        raise ValueError("#If without #End If")
    return "\r\n".join(kept)


def _rewrite(file_name: str, text: str) -> str:
    for pattern, replacement, count in REWRITES.get(file_name, []):
        text, made = re.subn(pattern, replacement, text)
        if made != count:
            raise ValueError(f"{file_name}: {pattern!r} matched {made} times, expected {count}")
    return text


def committed_text(file_name: str) -> str:
    """What this folder holds for ``file_name``: the wheel's file, resolved and rewritten as described above."""
    text = wheel_text(file_name)
    changed = text
    if file_name == "WebHelpers.bas":
        changed = resolve_directives(changed, WINDOWS_VBA7)
    changed = _rewrite(file_name, changed)
    if changed == text:
        return text
    lines = changed.split("\r\n")
    lines.insert(lines.index("Option Explicit"), NOTE_LINE)
    return "\r\n".join(lines)


def write_files() -> list[Path]:
    """Regenerate the committed files."""
    paths = []
    for _, file_name in REMOTE_FILES:
        path = VBA_DIR / file_name
        path.write_bytes(committed_text(file_name).encode("ascii"))
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_files():
        print(written)
