"""The package's shape, enforced: layers import downward only, no import cycles (function-level imports
included), heavy libraries stay in the modules that need them, and modules and functions stay a size a reader
can hold. docs/architecture.md explains the table below."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "xlperf"

# Bottom to top. A module may import its own layer and the layers below it, never one above.
LAYERS = (
    ("__init__",),  # xlperf/__init__.py: the version, nothing else
    ("text",),  # pure text and number functions
    ("form",),  # the form: model, layout, taxonomy, findings, marks, errors
    ("rulebook",),  # registry, engine, settings: the rule machinery, knowing no rule
    ("rules",),  # the catalogue: one package/module per family
    ("checks",),  # the facade over rulebook + rules
    ("files",),  # the safety gate, the readers, annotate, interchange, safe output
    ("template",),  # the template builder and the VBA project writer
    ("services",),  # check (the one pipeline), review, diff, export, report, catalogue
    ("cli", "excel", "udfs", "__main__", "serve"),  # the front doors: thin, and never importing one another
)
# ...with one exception: the command line starts the server (`xlperf serve` → serve.run). The server never
# imports the command line.
FRONT_DOOR_STARTS = {("cli", "serve")}
LAYER_OF = {top: i for i, tops in enumerate(LAYERS) for top in tops}
FRONT_DOORS = set(LAYERS[-1])

# Heavy or platform-bound libraries, and the only modules that may import them.
CONFINED = {
    "xlwings": {"excel", "udfs", "template.vba.xlwings_modules"},
    "openpyxl": {"services.export", "services.export_formulas", "services.export_print"},
    "pandas": set(),  # the summary is written by XlsxWriter in constant memory (issue 15)
    "numpy": set(),
    # the check server's web stack
    "starlette": {"serve.app"},
    "fastapi": set(),
    "uvicorn": {"serve"},
    "python_multipart": {"serve.upload"},
}

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
GENERATED: set[str] = set()  # generated modules are exempt from the size limits
# Modules and functions allowed over the limits, each with the most it may grow to: none since issue 10 split the
# last of them. An entry here is a debt with a size cap, removed when its module or function is split.
OVERSIZE_MODULES: dict[str, int] = {}
OVERSIZE_FUNCTIONS: dict[str, int] = {}


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = rel.parts[:-1] if rel.parts[-1] == "__init__" and len(rel.parts) > 1 else rel.parts
        out[".".join(parts)] = path
    return out


MODULES = modules()


def imports_of(name: str, path: Path) -> set[str]:
    """The xlperf modules ``name`` imports (module level and inside functions), as keys of MODULES."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    package = name.split(".") if is_package and name != "__init__" else name.split(".")[:-1]
    if name == "__init__":
        package = []
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names if a.name.startswith("xlperf")]
            found |= {_known(t.split(".")[1:]) for t in targets}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] + (node.module.split(".") if node.module else [])
            elif (node.module or "").startswith("xlperf"):
                base = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:
                candidate = ".".join(base + [alias.name])
                found.add(candidate if candidate in MODULES else _known(base))
    found.discard(name)
    return {f for f in found if f}


def _known(parts: list[str]) -> str:
    return ".".join(parts) if parts else "__init__"


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def layer(name: str) -> int:
    top = name.split(".")[0]
    assert top in LAYER_OF, f"xlperf/{top}: add it to the layer table in tests/test_architecture.py"
    return LAYER_OF[top]


def test_every_module_has_a_layer():
    for name in MODULES:
        layer(name)


def test_imports_point_down_only():
    upward = [f"{a} → {b}" for a, targets in GRAPH.items() for b in targets if layer(b) > layer(a)]
    assert upward == []


def test_front_doors_do_not_import_one_another():
    crossing = [f"{a} → {b}" for a, targets in GRAPH.items() for b in targets
                if a.split(".")[0] in FRONT_DOORS and b.split(".")[0] in FRONT_DOORS
                and a.split(".")[0] != b.split(".")[0] and a != "__main__"
                and (a.split(".")[0], b.split(".")[0]) not in FRONT_DOOR_STARTS]
    assert crossing == []


def test_rule_families_share_only_through_shared():
    crossing = [f"{a} → {b}" for a, targets in GRAPH.items() for b in targets
                if a.startswith("rules.") and b.startswith("rules.") and not b.startswith("rules._shared")
                and _family(a) != _family(b)]
    assert crossing == []


def _family(name: str) -> str:
    return name.split(".")[1]


def test_no_import_cycles():
    cycles = [sorted(c) for c in _strongly_connected(GRAPH) if len(c) > 1]
    assert cycles == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively."""
    index, low, on_stack, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    out.append(component)
    return out


def test_the_cycle_finder_finds_cycles():
    assert [c for c in _strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) if len(c) > 1] == [
        {"a", "b", "c"}]


def test_libraries_stay_where_they_belong():
    misplaced = defaultdict(list)
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            for imported in names:
                library = imported.split(".")[0]
                if library in CONFINED and name not in CONFINED[library]:
                    misplaced[library].append(name)
    assert dict(misplaced) == {}


def test_modules_stay_readable():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()
             if name not in GENERATED}
    too_big = {name: n for name, n in sizes.items() if n > max(MAX_MODULE_LINES, OVERSIZE_MODULES.get(name, 0))}
    assert too_big == {}
    stale = {name for name in OVERSIZE_MODULES if sizes.get(name, 0) <= MAX_MODULE_LINES}
    assert stale == set(), "split: remove these from OVERSIZE_MODULES"


def test_functions_stay_readable():
    too_long = {}
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                key = f"{name}.{node.name}"
                length = node.end_lineno - node.lineno + 1
                if length > max(MAX_FUNCTION_LINES, OVERSIZE_FUNCTIONS.get(key, 0)):
                    too_long[key] = length
    assert too_long == {}


@pytest.mark.parametrize("top", sorted({name.split(".")[0] for name in MODULES} - {"__init__"}))
def test_each_layer_is_documented(top):
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert f"`{top}" in doc
