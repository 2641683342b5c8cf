"""The layering rule and a fast CLI start: checked, not just hoped for.

Arrows point one way: ``desktop_app -> recommender.playlists -> recommender.models ->
recommender.history -> analysis``. Ruff's banned-api enforces it while editing (pyproject.toml
and the ruff.toml of each lower layer); the ast walk below checks the same on every import,
including the ones inside functions, and that ``recommender/`` has no import circle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=300
    )


def test_ruff_enforces_layering_and_style():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "analysis",
            "recommender",
            "desktop_app",
            "tests",
            "benchmarks",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_core_packages_import_no_qt():
    code = (
        "import pkgutil, importlib, sys, analysis, recommender\n"
        "for pkg in (analysis, recommender):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'desktop_app'))]\n"
        "assert not bad, bad\n"
    )
    out = run(code)
    assert out.returncode == 0, out.stderr


def test_cli_parser_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from desktop_app.cli import build_parser\n"
        "build_parser()\n"
        "heavy = [m for m in ('torch', 'librosa', 'PySide6', 'sklearn', 'av', 'numba') "
        "if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    out = run(code)
    assert out.returncode == 0, out.stderr


def test_mypy_on_the_core_packages():
    # types checked on the packages listed in pyproject.toml ([tool.mypy] packages)
    out = subprocess.run(
        [sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=REPO, timeout=600
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_cli_history_formats_mirror_the_importers():
    from desktop_app.commands.arguments import HISTORY_FORMAT_CHOICES
    from recommender.history.importers import FORMATS

    assert HISTORY_FORMAT_CHOICES[0] == "auto"
    assert sorted(HISTORY_FORMAT_CHOICES[1:]) == sorted(FORMATS)


def test_time_arguments():
    import pytest

    from analysis.errors import DeepCutsError
    from desktop_app.commands.arguments import parse_time

    assert parse_time("1714564800", option="--at") == 1714564800.0
    assert parse_time("2024-05-01T12:00:00Z", option="--at") == 1714564800.0
    with pytest.raises(DeepCutsError, match="--as-of 'yesterday' is not a time"):
        parse_time("yesterday", option="--as-of")


# -- the import graph, by ast -------------------------------------------------------------------

#: Layer of each package prefix; a module may import only its own layer or lower ones.
LAYERS = {
    "analysis": 0,
    "recommender": 1,
    "recommender.history": 1,
    "recommender.models": 2,
    "recommender.playlists": 3,
    "recommender.words": 4,  # sentences to constraints: above the playlists
    "desktop_app": 5,
}
CHECKED = ("analysis", "recommender")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> int | None:
    """The layer of the longest matching package prefix (None: not ours)."""
    best: tuple[int, int] | None = None
    for prefix, rank in LAYERS.items():
        if (module == prefix or module.startswith(prefix + ".")) and (
            best is None or len(prefix) > best[0]
        ):
            best = (len(prefix), rank)
    return None if best is None else best[1]


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """Every project module ``path`` imports anywhere (top level, functions, TYPE_CHECKING).

    ``from a.b import c`` counts as importing ``a.b.c`` when that is a module, else ``a.b``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.add(full if full in modules else base)
    return {m for m in out if layer(m) is not None}


def import_graph() -> dict[str, set[str]]:
    files = [p for pkg in (*CHECKED, "desktop_app") for p in (REPO / pkg).rglob("*.py")]
    modules = {module_name(p) for p in files}
    return {
        module_name(p): imported_modules(p, modules)
        for p in files
        if module_name(p).split(".")[0] in CHECKED
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle among the graph's modules (as a path), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_points_up():
    graph = import_graph()
    assert any(m.startswith("recommender.playlists.") for m in graph)  # the walk found them
    bad = [
        f"{src} imports {dst}"
        for src, targets in sorted(graph.items())
        for dst in sorted(targets)
        if layer(dst) > layer(src)  # type: ignore[operator]
    ]
    assert not bad, "imports pointing up a layer:\n" + "\n".join(bad)


def test_no_import_circle_inside_recommender():
    graph = {
        m: {t for t in ts if t.startswith("recommender")}
        for m, ts in import_graph().items()
        if m.startswith("recommender")
    }
    assert len(graph) > 30
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
    ],
)
def test_find_cycle_finds_circles(graph, expected):
    assert find_cycle(graph) == expected


def test_layer_of_a_module():
    assert layer("recommender.history.importers.itunes") == 1
    assert layer("recommender.models.hybrid") == 2
    assert layer("recommender.playlists.files.read") == 3
    assert layer("analysis.catalog") == 0
    assert layer("numpy") is None
