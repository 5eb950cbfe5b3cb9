"""The layers stay layers: pinned by reading every import in the source tree."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STDLIB = frozenset(sys.stdlib_module_names)
# Standard-library modules that do I/O, read the clock or draw randomness: shared/ must stay pure.
IMPURE_STDLIB = frozenset(
    {
        "sqlite3",
        "socket",
        "ssl",
        "http",
        "urllib",
        "subprocess",
        "shutil",
        "tempfile",
        "os",
        "pathlib",
        "io",
        "random",
        "secrets",
        "time",
        "threading",
        "asyncio",
    }
)
# Calls that read a clock or draw randomness (uuid4 makes ids: the caller passes them in).
CLOCK_CALLS = frozenset(
    {"now", "utcnow", "today", "time", "monotonic", "perf_counter", "uuid1", "uuid4", "urandom"}
)


def imported_roots(package: str) -> Iterator[tuple[Path, str]]:
    """Yield (file, top-level module) for every absolute import below a package."""
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield path, node.module.split(".")[0]


def test_the_packages_exist_and_hold_code():
    for package in ("shared", "mobile", "sync_server"):
        assert (ROOT / package / "__init__.py").is_file()
    assert len(list(imported_roots("shared"))) > 10


def test_shared_imports_only_pydantic_the_standard_library_and_itself():
    # pydantic_core ships inside pydantic; shared takes only its custom error type from it.
    allowed = (STDLIB - IMPURE_STDLIB) | {"pydantic", "pydantic_core", "shared", "__future__"}
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path, name in imported_roots("shared")
        if name not in allowed
    ]
    assert offenders == []


def test_shared_never_reads_a_clock():
    offenders = []
    for path in sorted((ROOT / "shared").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in CLOCK_CALLS
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize(
    ("package", "forbidden"), [("mobile", "sync_server"), ("sync_server", "mobile")]
)
def test_the_phone_and_the_server_never_import_each_other(package, forbidden):
    offenders = [str(path) for path, name in imported_roots(package) if name == forbidden]
    assert offenders == []


def test_the_checker_would_catch_a_forbidden_import(tmp_path, monkeypatch):
    """Guard against a checker that silently reads nothing."""
    fake = tmp_path / "shared"
    fake.mkdir()
    (fake / "bad.py").write_text("import sqlite3\nfrom httpx import Client\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    names = {name for _, name in imported_roots("shared")}
    assert names == {"sqlite3", "httpx"}
    allowed = (STDLIB - IMPURE_STDLIB) | {"pydantic", "shared"}
    assert names.isdisjoint(allowed)


def module_imports(package: str) -> dict[str, set[str]]:
    """Each module of ``package`` and the package's modules it imports (type-only ones too)."""
    graph: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found = graph.setdefault(name, set())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.startswith(package + "."):
                    found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith(package + "."))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Pairs of modules that import each other, directly or through others (one per pair)."""
    reach: dict[str, set[str]] = {}

    def reachable(start: str) -> set[str]:
        if start not in reach:
            seen: set[str] = set()
            todo = list(graph.get(start, ()))
            while todo:
                here = todo.pop()
                if here not in seen:
                    seen.add(here)
                    todo.extend(graph.get(here, ()))
            reach[start] = seen
        return reach[start]

    return sorted(
        {tuple(sorted((a, b))) for a in graph for b in reachable(a) if a != b and a in reachable(b)}
    )


def test_the_rules_of_shared_form_no_import_cycle():
    """A rule module that needs its model back (even only for types) is one module in two."""
    assert cycles(module_imports("shared")) == []


def test_the_cycle_check_sees_a_type_only_cycle():
    assert cycles({"shared.a": {"shared.b"}, "shared.b": {"shared.c"}, "shared.c": {"shared.a"}})
    assert cycles({"shared.a": {"shared.b"}, "shared.b": set()}) == []
