"""The two xlwings VBA modules the workbook embeds, produced from the installed (pinned) xlwings.

* ``xlwings.bas``: xlwings' *standalone* VBA module (``RunPython``, ``XLPy``…), copied from the wheel, licence
  header included, with the few conditional-compilation blocks LibreOffice cannot compile resolved for Excel on
  Windows (:func:`resolve_for_windows_excel`, below); every other line is the wheel's, byte for byte and in
  order. It names ``xlwings64-<version>.dll``, so the installed xlwings must be exactly this version: the pin in
  ``pyproject.toml`` and ``PINNED_XLWINGS`` below must agree.
* ``xlwings_udfs.bas``: one VBA ``Function`` per UDF in :mod:`xlperf.udfs`, forwarding to
  ``XLPy.CallUDF("xlperf.udfs", …)``, written by xlwings' own generator (``xlwings.udfs.generate_vba_wrapper``).
  That generator lives in a module that imports pywin32 at the top; on other systems those imports are
  stubbed for the duration of the call, and ``xlperf.udfs`` is executed afresh with xlwings' real decorators
  (``xlwings.func`` is a no-op off Windows), exactly what Excel's "Import Functions" would do.

Why resolve anything: LibreOffice (our independent VBA host in the tests) parses *every* branch of an
``#If … #Else … #End If``, active or not, and when one module fails to compile it runs nothing in the whole
VBAProject library. Excel's preprocessor drops inactive branches before parsing, and xlwings relies on it: in
0.37.8 five blocks have branches that are not complete code on their own (bisected in LibreOffice 7.4):

* ``GetUdfModules`` and ``GetDirectoryPath``: the ``Function`` line differs per branch (``#If App = …``), one
  body follows ``#End If``;
* ``GetConfigFromSheet``: ``Dim d`` in both branches of ``#If Mac`` (a duplicate declaration once both are read);
* ``GetConfig`` (``#If App = …``) and ``SaveConfigToFile`` (``#If Mac``): a block ``If … Then`` opened
  in each branch and closed once after ``#End If``.

Only such blocks are resolved, and only when every condition in them names nothing but ``Mac`` (``False``: staff
use Excel on Windows; xlwings standalone on a Mac is out of scope) or ``App`` (the module's own
``#Const App = "Microsoft Excel"``, which Excel evaluates the same way). The block's directive lines and inactive
branches go; the active branch stays as it was. ``#If VBA7``/``#If Win64`` (32- vs 64-bit Office) are never
resolved here: Excel decides them on each PC, and LibreOffice parses those blocks as they are. A block that
would need resolving but names another constant is an error, not a guess. One comment line (``NOTE_LINE``),
after the licence header, says what was done.

Both files are committed in ``xlperf/vba/`` (the build reads only committed ASCII sources, so it is
byte-reproducible anywhere); ``tests/test_udfs.py`` checks that they equal a fresh generation. Regenerate after
changing ``xlperf/udfs.py`` or the xlwings pin::

    python -m xlperf.template.vba.xlwings_modules
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import sys
import types
from pathlib import Path

PINNED_XLWINGS = "0.37.8"
UDF_MODULE = "xlperf.udfs"
VBA_DIR = Path(__file__).resolve().parent
STANDALONE_FILE = VBA_DIR / "xlwings.bas"
UDFS_FILE = VBA_DIR / "xlwings_udfs.bas"
_WINDOWS_ONLY = ("pythoncom", "pywintypes", "win32com", "win32com.client")


def _xlwings():
    import xlwings

    if xlwings.__version__ != PINNED_XLWINGS:
        raise RuntimeError(f"xlwings {xlwings.__version__} is installed; the template embeds {PINNED_XLWINGS} "
                           f"(pip install xlwings=={PINNED_XLWINGS})")
    return xlwings


def wheel_standalone_text() -> str:
    """``xlwings.bas`` from the installed wheel, byte for byte (CRLF line ends, as shipped)."""
    xlwings = _xlwings()
    data = (Path(xlwings.__file__).parent / "xlwings.bas").read_bytes()
    return data.decode("ascii")  # raises if a future version is not ASCII: the VBA project must be


def standalone_text() -> str:
    """The committed ``xlwings.bas``: the wheel's module through :func:`resolve_for_windows_excel`."""
    return resolve_for_windows_excel(wheel_standalone_text())


# --------------------------------------------------------------------------------------------------------------
# Build-time resolution of the conditional compilation LibreOffice cannot compile (see the module docstring)

NOTE_LINE = ("'xlperf: #If blocks LibreOffice cannot compile are resolved for Excel on Windows (Mac = False); "
             "see xlperf/vba/xlwings_modules.py")
LICENCE_LAST_LINE = "'SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."
_DIRECTIVE = re.compile(r"^\s*#(If|ElseIf|Else|End\s+If)\b(.*)$", re.IGNORECASE)
_CONST_APP = re.compile(r'^#Const\s+App\s*=\s*"([^"]*)"', re.IGNORECASE | re.MULTILINE)
_MODIFIERS = r"(?:(?:Public|Private|Friend)\s+)?(?:Static\s+)?"
_OPENERS = [  # (kind, statement pattern); each kind closes with the matching pattern in _CLOSERS
    ("procedure", re.compile(_MODIFIERS + r"(?:Function|Sub|Property\s+(?:Get|Let|Set))\s", re.IGNORECASE)),
    ("if", re.compile(r"If\b.*\bThen$", re.IGNORECASE)),  # a block If: nothing after Then
    ("for", re.compile(r"For\b", re.IGNORECASE)),
    ("do", re.compile(r"Do\b", re.IGNORECASE)),
    ("while", re.compile(r"While\b", re.IGNORECASE)),
    ("with", re.compile(r"With\b", re.IGNORECASE)),
    ("select", re.compile(r"Select\s+Case\b", re.IGNORECASE)),
]
_CLOSERS = [
    ("procedure", re.compile(r"End\s+(?:Function|Sub|Property)\b", re.IGNORECASE)),
    ("if", re.compile(r"End\s+If\b", re.IGNORECASE)),
    ("for", re.compile(r"Next\b", re.IGNORECASE)),
    ("do", re.compile(r"Loop\b", re.IGNORECASE)),
    ("while", re.compile(r"Wend\b", re.IGNORECASE)),
    ("with", re.compile(r"End\s+With\b", re.IGNORECASE)),
    ("select", re.compile(r"End\s+Select\b", re.IGNORECASE)),
]
_INNER = [("if", re.compile(r"(?:Else|ElseIf)\b", re.IGNORECASE)), ("select", re.compile(r"Case\b", re.IGNORECASE))]
_DIM = re.compile(r"(?:Dim|Static)\s+(.*)$", re.IGNORECASE)


class _Block:
    """One ``#If … #End If``: ``branches`` are (condition or None for ``#Else``, directive line index, body lines
    as (first, end) indexes); ``end`` is the index of ``#End If``; ``children`` the blocks nested in its bodies."""

    def __init__(self, start: int, condition: str):
        self.start, self.end = start, -1
        self.branches: list[list] = [[condition, start, [start + 1, -1]]]
        self.children: list[_Block] = []


def _parse_blocks(lines: list[str]) -> list[_Block]:
    top: list[_Block] = []
    stack: list[_Block] = []
    for i, line in enumerate(lines):
        m = _DIRECTIVE.match(line)
        if not m:
            continue
        word, rest = re.sub(r"\s+", " ", m.group(1)).lower(), _strip_comment(m.group(2)).strip()
        if word == "if":
            block = _Block(i, _condition(rest, lines[i]))
            (stack[-1].children if stack else top).append(block)
            stack.append(block)
            continue
        if not stack:
            raise ValueError(f"line {i + 1}: {line.strip()!r} outside #If")
        block = stack[-1]
        block.branches[-1][2][1] = i
        if word == "end if":
            block.end = i
            stack.pop()
        else:
            block.branches.append([_condition(rest, lines[i]) if word == "elseif" else None, i, [i + 1, -1]])
    if stack:
        raise ValueError(f"line {stack[-1].start + 1}: #If without #End If")
    return top


def _condition(rest: str, line: str) -> str:
    if not re.search(r"\bThen$", rest, re.IGNORECASE):
        raise ValueError(f"cannot read the directive {line.strip()!r}")
    return rest[:-4].strip()


def _strip_comment(text: str) -> str:
    """``text`` without its trailing ``'`` comment (quotes inside string literals do not count)."""
    in_string = False
    for i, ch in enumerate(text):
        if ch == '"':
            in_string = not in_string
        elif ch == "'" and not in_string:
            return text[:i]
    return text


def _statements(lines: list[str]) -> list[str]:
    """The code lines of ``lines`` (continuations joined, comments and blank lines dropped, directives skipped)."""
    out, pending = [], ""
    for line in lines:
        if _DIRECTIVE.match(line) or line.lstrip().lower().startswith("#const"):
            continue
        code = _strip_comment(line).rstrip()
        if code.endswith(" _"):
            pending += code[:-1]
            continue
        code, pending = (pending + code).strip(), ""
        if code and not re.match(r"Rem\b", code, re.IGNORECASE):
            out.append(code)
    return out


def _self_contained(statements: list[str]) -> bool:
    """Whether a branch's code opens and closes its own procedures and block statements."""
    stack: list[str] = []
    for code in statements:
        if any(pattern.match(code) for kind, pattern in _INNER if stack and stack[-1] == kind):
            continue
        if any(pattern.match(code) for _, pattern in _INNER):
            return False  # Else/ElseIf/Case of a statement opened outside the branch
        closer = next((kind for kind, pattern in _CLOSERS if pattern.match(code)), None)
        if closer is not None:
            if not stack or stack.pop() != closer:
                return False
            continue
        opener = next((kind for kind, pattern in _OPENERS if pattern.match(code)), None)
        if opener is not None:
            stack.append(opener)
    return not stack


def _dim_names(statements: list[str]) -> set[str]:
    names = set()
    for code in statements:
        m = _DIM.match(code)
        if m:
            depth, part = 0, ""
            for ch in m.group(1) + ",":
                depth += ch == "("
                depth -= ch == ")"
                if ch == "," and depth == 0:
                    names.add(re.match(r"\s*(?:WithEvents\s+)?(\w+)", part, re.IGNORECASE).group(1).lower())
                    part = ""
                else:
                    part += ch
    return names


def _needs_resolution(block: _Block, lines: list[str]) -> bool:
    """LibreOffice reads every branch: each must be complete code, and no two may declare the same variable."""
    bodies = [_statements(lines[first:end]) for _, _, (first, end) in block.branches]
    if not all(_self_contained(body) for body in bodies):
        return True
    seen: set[str] = set()
    for body in bodies:
        names = _dim_names(body)
        if names & seen:
            return True
        seen |= names
    return False


def _evaluate(condition: str, app: str) -> bool | None:
    """``Mac``, ``Not Mac`` and ``App = "…"``/``App <> "…"`` on Windows Excel; None for anything else."""
    c = condition.strip()
    if re.fullmatch(r"Mac", c, re.IGNORECASE):
        return False
    if re.fullmatch(r"Not\s+Mac", c, re.IGNORECASE):
        return True
    m = re.fullmatch(r'App\s*(=|<>)\s*"([^"]*)"', c, re.IGNORECASE)
    if m:
        return (m.group(2) == app) == (m.group(1) == "=")
    return None


def resolve_for_windows_excel(text: str) -> str:
    """``text`` (a CRLF ``.bas``) with the blocks LibreOffice cannot compile resolved for Excel on Windows.

    Deterministic; each resolved block is replaced by the lines of its active branch, unchanged (nested
    directives in it are kept unless they need resolving themselves); :data:`NOTE_LINE` is inserted after the
    licence header. Raises ValueError when such a block depends on anything but ``Mac`` and ``App``.
    """
    return _resolve(text)[0]


def resolved_blocks(text: str) -> list[int]:
    """The 1-based line numbers (in ``text``) of the ``#If`` lines :func:`resolve_for_windows_excel` resolves."""
    return _resolve(text)[1]


def _resolve(text: str) -> tuple[str, list[int]]:
    lines = text.split("\r\n")
    consts = _CONST_APP.findall(text)
    if len(consts) != 1:
        raise ValueError("expected one #Const App = \"...\" in xlwings.bas")
    app = consts[0]
    resolved: list[int] = []

    def emit(first: int, end: int, blocks: list[_Block]) -> list[str]:
        out, i = [], first
        for block in blocks:
            out += lines[i:block.start]
            i = block.end + 1
            if _needs_resolution(block, lines):
                values = [True if cond is None else _evaluate(cond, app) for cond, _, _ in block.branches]
                if None in values:
                    raise ValueError(f"line {block.start + 1}: LibreOffice cannot compile {lines[block.start].strip()!r}"
                                     f" and it depends on more than Mac/App: resolve by hand or not at all")
                resolved.append(block.start + 1)
                active = next((n for n, value in enumerate(values) if value), None)
                if active is not None:
                    body_first, body_end = block.branches[active][2]
                    inner = [c for c in block.children if body_first <= c.start < body_end]
                    out += emit(body_first, body_end, inner)
            else:
                # kept: its directive lines as they are, each branch body with its own nested blocks considered
                for _, directive, (body_first, body_end) in block.branches:
                    out.append(lines[directive])
                    inner = [c for c in block.children if body_first <= c.start < body_end]
                    out += emit(body_first, body_end, inner)
                out.append(lines[block.end])
        out += lines[i:end]
        return out

    result = emit(0, len(lines), _parse_blocks(lines))
    if resolved:
        result.insert(result.index(LICENCE_LAST_LINE) + 1, NOTE_LINE)
    return "\r\n".join(result), resolved


@contextlib.contextmanager
def _xlwings_udfs_module():
    """``xlwings.udfs`` importable off Windows: the pywin32 modules it imports are stubbed while in use."""
    _xlwings()
    saved = {name: sys.modules.get(name) for name in (*_WINDOWS_ONLY, "xlwings.udfs")}
    try:
        try:
            import pythoncom  # noqa: F401  (Windows: the real thing)
        except ImportError:
            for name in _WINDOWS_ONLY:
                stub = types.ModuleType(name)
                stub.CoInitialize = lambda: None
                stub.Dispatch = lambda *args, **kwargs: None
                stub.com_error = Exception
                sys.modules[name] = stub
            sys.modules.pop("xlwings.udfs", None)
        import xlwings.udfs as xlwings_udfs

        yield xlwings_udfs
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def decorated_udfs_module(xlwings_udfs=None) -> types.ModuleType:
    """A fresh copy of :mod:`xlperf.udfs` executed with xlwings' real ``func/arg/ret`` decorators, so each UDF
    carries the ``__xlfunc__`` metadata Excel's import would see (argument options, docstrings)."""
    import xlwings

    def load(udfs):
        saved = xlwings.func, xlwings.arg, xlwings.ret
        xlwings.func, xlwings.arg, xlwings.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret
        try:
            spec = importlib.util.find_spec(UDF_MODULE)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
        finally:
            xlwings.func, xlwings.arg, xlwings.ret = saved

    if xlwings_udfs is not None:
        return load(xlwings_udfs)
    with _xlwings_udfs_module() as udfs:
        return load(udfs)


class _Workbook:
    Name = "template.xlsm"  # generate_vba_wrapper only asks whether the host is an add-in (.xlam)


def udfs_text() -> str:
    """The ``xlwings_udfs`` module as xlwings' "Import Functions" writes it (header lines included), CRLF."""
    with _xlwings_udfs_module() as udfs:
        module = decorated_udfs_module(udfs)
        out = io.StringIO()
        # The three header lines of xlwings.udfs.import_udfs, then the generated wrappers.
        out.write('Attribute VB_Name = "xlwings_udfs"\n')
        out.write("'Autogenerated code by xlwings - changes will be lost with next import!\n")
        out.write("#Const App = \"Microsoft Excel\" 'Adjust when using outside of Excel\n")
        udfs.generate_vba_wrapper(UDF_MODULE, module, out, _Workbook())
    text = out.getvalue().replace("\r\n", "\n").replace("\n", "\r\n")
    text.encode("ascii")  # UDF names and argument names must be ASCII
    return text


def write_files() -> list[Path]:
    """Regenerate both committed files."""
    STANDALONE_FILE.write_bytes(standalone_text().encode("ascii"))
    UDFS_FILE.write_bytes(udfs_text().encode("ascii"))
    return [STANDALONE_FILE, UDFS_FILE]


if __name__ == "__main__":
    for path in write_files():
        print(path)
