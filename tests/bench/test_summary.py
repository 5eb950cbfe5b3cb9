"""The summary reads each target's figure from the section its benchmark wrote."""

from __future__ import annotations

from bench import load, report, summary

SYNC = """<!-- bench:sync -->
## Sync
Command: `python -m bench.sync_throughput` · machine: 2 cores.
- Push on SQLite: slowest 3,856 events/s: target met.
- Pull p95 10^6 / 10^5 on sqlite (one): 1.13×: target met.
- Pull p95 10^6 / 10^5 on postgresql (one): 2.40×: target NOT met.
<!-- /bench:sync -->
"""

LOAD_ROW = {
    "phones": 200,
    "seconds": 60.2,
    "interval_s": 10.0,
    "sign_in_s": 21.0,
    "pushes": 1200,
    "pulls": 1250,
    "events": 2400,
    "pulled": 50000,
    "errors": 0,
    "push_ms": {"p50": 12.0, "p95": 80.0, "max": 300.0},
    "pull_ms": {"p50": 9.0, "p95": 40.0, "max": 200.0},
    "rss_window_mb": 150,
    "rss_sign_in_mb": 360,
    "rss_peak_mb": 360,
    "load_avg_before": 0.5,
}


def rows_of(text: str) -> dict[str, str]:
    return {line.split("|")[2].strip(): line for line in text.splitlines() if line.startswith("| ")}


def test_each_target_takes_the_worst_figure_of_its_section_and_says_if_it_is_met():
    rows = rows_of(summary.summary(SYNC))
    push = rows["push ≥ 2,000 events/s on SQLite"]
    assert "3,856 events/s" in push and "**met**" in push
    assert "`python -m bench.sync_throughput`" in push
    pull = rows["pull p95 at 10^6 stored within 2× of 10^5"]
    assert "2.4 ×" in pull and "**not met**" in pull  # the worst of the two ratios


def test_a_benchmark_not_run_yet_is_pending():
    rows = rows_of(summary.summary(SYNC))
    assert rows["app cold start ≤ 4 s"].endswith("| pending |")


def test_the_load_section_is_read_back_with_its_latencies_and_memory():
    section = f"<!-- bench:load -->\n{load.report([LOAD_ROW])}\n"
    text = summary.summary(section + "<!-- /bench:load -->\n")
    assert "**met**" in rows_of(text)["200 phones syncing for 60 s: zero errors"]
    assert "push p50 / p95 / max 12 / 80 / 300 ms" in text
    assert "server memory 360 / 150 MB" in text


def test_the_summary_is_written_first_in_the_report(tmp_path, monkeypatch):
    target = tmp_path / "benchmarks.md"
    monkeypatch.setattr(report, "REPORT", target)
    target.write_text(report.HEADER + "\n" + SYNC, encoding="utf-8")
    summary.main()
    text = target.read_text(encoding="utf-8")
    assert text.index("<!-- bench:summary -->") < text.index("<!-- bench:sync -->")
    assert text.count("<!-- bench:summary -->") == 1
