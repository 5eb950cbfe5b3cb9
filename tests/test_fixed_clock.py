"""No test depends on the calendar date: the demo history is seeded on a fixed day in tests.

The demo history is drawn from the day it ends on (its card schedule follows the weekdays, and
its random draws are seeded with the date), so a test that seeds it on the real today sees a
different city every day, and fails on some days only. Pinned by reading every test's calls.
The browser stories are the one exception: they run the real server, whose nightly scoring
reads the real clock, so they seed through ``python -m sync_server demo`` and compute what they
expect from the same clock (tests/mobile/e2e).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDERS = {"seed_demo", "make_history"}


def _called(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _seeds_on_the_real_date(node: ast.AST) -> bool:
    """A seeding call of the history without a day, or a ``seed-demo`` command without one."""
    if isinstance(node, ast.Call) and _called(node) in SEEDERS:
        keywords = {k.arg: k.value for k in node.keywords}
        if _called(node) == "make_history":
            return "today" not in keywords and len(node.args) < 2
        return _is_true(keywords.get("history")) and "today" not in keywords
    if isinstance(node, ast.List):
        words = {e.value for e in node.elts if isinstance(e, ast.Constant)}
        return "seed-demo" in words and "--today" not in words
    return False


def real_date_seeds(folder: Path) -> Iterator[str]:
    """``file:line`` of every place below ``folder`` that seeds the history on the real date."""
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if _seeds_on_the_real_date(node):
                yield f"{path.relative_to(folder)}:{getattr(node, 'lineno', 0)}"


def test_no_test_seeds_the_demo_history_on_the_day_it_runs():
    assert list(real_date_seeds(ROOT / "tests")) == []


def test_the_checker_would_catch_a_history_seeded_on_the_real_date(tmp_path):
    """Guard against a checker that silently reads nothing."""
    (tmp_path / "test_bad.py").write_text(
        "seed_demo(conn, history=True)\n"
        "seed_demo(conn)\n"  # no history: no date to depend on
        "seed_demo(conn, history=True, today=TODAY)\n"
        "demo.make_history(conn)\n"
        "make_history(conn, TODAY)\n"
        "main(['seed-demo', '--data', folder])\n"
        "main(['seed-demo', '--data', folder, '--today', '2026-11-30'])\n",
        encoding="utf-8",
    )
    assert list(real_date_seeds(tmp_path)) == ["test_bad.py:1", "test_bad.py:4", "test_bad.py:6"]
