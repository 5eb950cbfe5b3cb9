"""Benchmark sections: each script rewrites its own section and leaves the others alone."""

from __future__ import annotations

from bench import report


def test_a_section_is_appended_then_replaced_in_place(tmp_path, monkeypatch):
    target = tmp_path / "benchmarks.md"
    monkeypatch.setattr(report, "REPORT", target)
    report.write_section("sync", "## Sync\nold figures")
    report.write_section("photos", "## Photos\n12 ms")
    report.write_section("sync", "## Sync\nnew figures")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks")
    assert "old figures" not in text and text.count("new figures") == 1
    assert text.index("new figures") < text.index("12 ms")  # replaced where it stood


def test_the_machine_line_names_cores_and_python():
    line = report.machine()
    assert "cores" in line and "Python 3." in line
