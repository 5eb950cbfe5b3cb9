"""Every target of every issue, against the figure its benchmark last wrote to docs/benchmarks.md.

Run: ``python -m bench.summary`` after any benchmark. Nothing is measured here: each figure is
read from the section its script wrote (with that section's command and machine), so the
summary never disagrees with the detail below it. A section not written yet is "pending".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bench import report

NUMBER = r"([\d,]+(?:\.\d+)?)"


@dataclass(frozen=True)
class Target:
    """One target: where its figure is written and how it is judged."""

    issue: str
    what: str
    section: str
    pattern: str  # finds the figure(s) in the section; the worst one counts
    unit: str
    met: Callable[[float], bool]
    worst: Callable[[list[float]], float] = max


TARGETS = [
    Target(
        "2/8",
        "push ≥ 2,000 events/s on SQLite",
        "sync",
        r"Push on SQLite: slowest " + NUMBER + " events/s",
        "events/s",
        lambda v: v >= 2000,
        min,
    ),
    Target(
        "2/8",
        "pull p95 at 10^6 stored within 2× of 10^5",
        "sync",
        r"Pull p95 10\^6 / 10\^5 on \w+ \(\w+\): " + NUMBER + "×",
        "× (worst of SQLite, PostgreSQL; one enterprise, city)",
        lambda v: v <= 2,
    ),
    Target(
        "4/8",
        "save a card tick: p95 ≤ 50 ms with 50,000 events of history",
        "phone-save",
        r"Target p95 ≤ 50 ms at 50,000: " + NUMBER + " ms",
        "ms",
        lambda v: v <= 50,
    ),
    Target(
        "4/8",
        "process a 12 MP photo: p95 ≤ 200 ms",
        "phone-photo",
        r"Time: p95 " + NUMBER + " ms",
        "ms",
        lambda v: v <= 200,
    ),
    Target(
        "4/8",
        "stored photo ≤ 400 KB",
        "phone-photo",
        r"Size: largest " + NUMBER + " KB",
        "KB",
        lambda v: v <= 400,
    ),
    Target(
        "4/8",
        "decode a post QR: median ≤ 15 ms",
        "phone-qr",
        r"Target median ≤ 15 ms with the default cascade: " + NUMBER + " ms",
        "ms",
        lambda v: v <= 15,
    ),
    Target(
        "15",
        "decode a post QR with OpenCV alone (the phone): ≥ 90 % of frames",
        "phone-qr",
        r"OpenCV alone, target decoded ≥ 90%: " + NUMBER + "%",
        "%",
        lambda v: v >= 90,
    ),
    Target(
        "15",
        "… with zero misreads",
        "phone-qr",
        r"OpenCV alone, target zero misreads: " + NUMBER + " misreads",
        "misreads",
        lambda v: v == 0,
    ),
    Target(
        "15",
        "… median ≤ 15 ms",
        "phone-qr",
        r"OpenCV alone, target median ≤ 15 ms: " + NUMBER + " ms",
        "ms",
        lambda v: v <= 15,
    ),
    Target(
        "15",
        "… p95 ≤ 150 ms",
        "phone-qr",
        r"OpenCV alone, target p95 ≤ 150 ms: " + NUMBER + " ms",
        "ms",
        lambda v: v <= 150,
    ),
    Target(
        "5/8",
        "app cold start ≤ 4 s",
        "app_cold_start",
        r"Worst cold start to a painted first screen: " + NUMBER + " s",
        "s",
        lambda v: v <= 4,
    ),
    Target(
        "7/8",
        "score 10,000 enterprises in ≤ 60 s",
        "scoring",
        r"\| \w+ \| 10,000 \| [\d,]+ \| [\d.]+ \| " + NUMBER + r" \|",
        "s of CPU (worst of SQLite, PostgreSQL)",
        lambda v: v <= 60,
    ),
    Target(
        "16",
        "score 50,000 enterprises in ≤ 60 s",
        "scoring",
        r"Scoring one day of 50,000 at the slowest CPU rate measured: ~" + NUMBER + " s",
        "s of CPU (from the slowest rate measured)",
        lambda v: v <= 60,
    ),
    Target(
        "13/9",
        "10,000-hazard ledger (xlsx and PDF) within the balancer timeout in docs/deploy.md (30 s)",
        "ledger",
        r"Slowest [\d,]+-hazard ledger: " + NUMBER + " s",
        "s",
        lambda v: v <= 30,
    ),
    Target(
        "13/9",
        "ledger time ratio 2,500 → 10,000 hazards ≤ ~4.5×",
        "ledger",
        r"in CPU time, worst of xlsx and PDF: " + NUMBER + "×",
        "×",
        lambda v: v <= 4.5,
    ),
    Target(
        "8/8",
        "200 phones syncing for 60 s: zero errors",
        "load",
        r"Zero errors: " + NUMBER + " errors",
        "errors",
        lambda v: v == 0,
    ),
]


def sections(text: str) -> dict[str, str]:
    """Each ``<!-- bench:key -->`` section of the report by key."""
    found = re.finditer(r"<!-- bench:([\w-]+) -->\n(.*?)\n<!-- /bench:\1 -->", text, re.DOTALL)
    return {match.group(1): match.group(2) for match in found}


def row(target: Target, found: dict[str, str]) -> str:
    section = found.get(target.section)
    if section is None:
        return f"| {target.issue} | {target.what} | — | not run yet | pending |"
    figures = [float(v.replace(",", "")) for v in re.findall(target.pattern, section)]
    command = re.search(r"Command: `([^`]+)`", section)
    where = f"`{command.group(1)}`" if command else "(no command)"
    if not figures:
        return f"| {target.issue} | {target.what} | not found in its section | {where} | pending |"
    value = target.worst(figures)
    verdict = "**met**" if target.met(value) else "**not met**"
    return f"| {target.issue} | {target.what} | {value:,g} {target.unit} | {where} | {verdict} |"


def summary(text: str) -> str:
    found = sections(text)
    lines = [
        "## Summary: every target (all issues)",
        "",
        "Command: `python -m bench.summary` (reads the sections below; measures nothing).",
        "Each figure is the worst the named command measured; its section gives the machine",
        "and the details. Figures from this shared 2-core machine are noisy: a target missed by",
        "a little should be measured again before it is believed.",
        "",
        "| issue | target | measured | command | |",
        "|---|---|---|---|---|",
        *(row(target, found) for target in TARGETS),
    ]
    load = found.get("load")
    if load is not None:
        lines += ["", "Load (8/8) reports, with no target: " + _load_figures(load) + "."]
    return "\n".join(lines)


def _load_figures(section: str) -> str:
    cells = [line for line in section.splitlines() if line.startswith("| 200 ")]
    if not cells:
        return "see its section"
    parts = [cell.strip() for cell in cells[0].strip("|").split("|")]
    return (
        f"syncing every {parts[2]} s on average, push p50 / p95 / max {parts[9]} ms, "
        f"pull {parts[10]} ms, server memory {parts[11]} MB (signed in / peak in the minute)"
    )


def main() -> None:
    text = report.REPORT.read_text(encoding="utf-8")
    if "<!-- bench:summary -->" not in text:  # the summary goes first, before the details
        first = text.find("<!-- bench:")
        first = len(text) if first < 0 else first
        empty = "<!-- bench:summary -->\n<!-- /bench:summary -->\n\n"
        report.REPORT.write_text(text[:first] + empty + text[first:], encoding="utf-8")
    report.write_section("summary", summary(report.REPORT.read_text(encoding="utf-8")))


if __name__ == "__main__":
    main()
