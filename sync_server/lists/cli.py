"""Command-line import, export and printing; the command line runs with full scope.

Commands: ``import``, ``export``, ``template``, ``print-cards``, ``print-enterprise-cards``,
``notice`` and ``ledger``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from shared.errors import InvalidInput
from sync_server.db import one_transaction
from sync_server.lists import documents, queries
from sync_server.lists.export import export_workbook, template_workbook
from sync_server.lists.importer import import_tables
from sync_server.lists.pdf_cards import CARDS_PER_PAGE
from sync_server.lists.store import ImportSummary, load_reference
from sync_server.lists.workbook import read_tables
from sync_server.problems import ImportRejected
from sync_server.settings import Settings

Command = Callable[..., argparse.ArgumentParser]


def add_list_commands(command: Command) -> None:
    """Register the list and document commands with the server's ``command`` helper."""
    sub = command("import", _import, "import lists from an .xlsx workbook or a CSV file")
    sub.add_argument("file", help="the .xlsx or .csv file (see docs/import.md)")
    sub.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    sub = command("export", _export, "export lists as a workbook in the import format")
    sub.add_argument("--tenant", help="one enterprise (default: all)")
    sub.add_argument("--out", required=True)
    command("template", _template, "write the blank import template").add_argument(
        "--out", required=True
    )
    sub = command("print-cards", _print_cards, "QR post-card sheets of an enterprise (PDF)")
    which = sub.add_mutually_exclusive_group(required=True)
    which.add_argument("--tenant", help="the enterprise's tenant id (its credit code)")
    which.add_argument("--enterprise", help="the enterprise's name or credit code")
    sub.add_argument("--post", action="append", default=[], help="only this post (repeatable)")
    sub.add_argument("-o", "--out", required=True)
    sub = command("print-enterprise-cards", _enterprise_cards, "enterprise QR sheet (PDF)")
    _one_of(sub, "--tenant", "--grid-unit")
    sub.add_argument("--out", required=True)
    sub = command("notice", _notice, "整改通知书 of a hazard or an inspection (PDF)")
    _one_of(sub, "--hazard", "--inspection")
    sub.add_argument("--out", required=True)
    sub = command("ledger", _ledger, "隐患台账 of an enterprise or grid unit (.xlsx or .pdf)")
    _one_of(sub, "--tenant", "--grid-unit")
    sub.add_argument("--from", dest="start", type=date.fromisoformat, help="YYYY-MM-DD")
    sub.add_argument("--to", dest="end", type=date.fromisoformat, help="YYYY-MM-DD (today)")
    sub.add_argument("--out", required=True, help="file.xlsx or file.pdf")


def _one_of(sub: argparse.ArgumentParser, *flags: str) -> None:
    group = sub.add_mutually_exclusive_group(required=True)
    for flag in flags:
        group.add_argument(flag)


def _write(path: str, data: bytes) -> int:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror}", path=path) from None
    sys.stdout.write(f"wrote {path} ({len(data)} bytes)\n")
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}", path=str(path)) from None
    try:
        tables = read_tables(data, path.name)  # before the writer, as the server does
        with one_transaction(settings) as conn:
            summary = import_tables(conn, tables, path.name, dry_run=args.dry_run)
    except ImportRejected as rejected:
        sys.stderr.write(f"error [{rejected.code}]: {rejected.message}\n")
        for problem in rejected.details["errors"]:
            where = " ".join(
                str(part)
                for part in (problem["sheet"], problem["cell"] or problem["row"], problem["column"])
                if part
            )
            sys.stderr.write(f"  {where}: [{problem['code']}] {problem['reason']}\n")
        return 2
    sys.stdout.write(_summary(summary, args.dry_run))
    return 0


def _summary(summary: ImportSummary, dry_run: bool) -> str:
    lines = ["dry run: nothing written" if dry_run else "imported"]
    for kind, created in summary.created.items():
        updated, same = summary.updated[kind], summary.unchanged[kind]
        lines.append(f"  {kind:<11} created {created}, updated {updated}, unchanged {same}")
    return "\n".join(lines) + "\n"


def _export(args: argparse.Namespace, settings: Settings) -> int:
    with one_transaction(settings) as conn:
        if args.tenant:
            queries.enterprise(conn, args.tenant)
        refs = load_reference(conn, [args.tenant] if args.tenant else None)
    return _write(args.out, export_workbook(refs))


def _template(args: argparse.Namespace, _: Settings) -> int:
    return _write(args.out, template_workbook())


def _print_cards(args: argparse.Namespace, settings: Settings) -> int:
    """Write the sheets, then say which page holds each post's QR (to find the one to scan)."""
    secret = settings.signing_secret()
    with one_transaction(settings) as conn:
        tenant = args.tenant or queries.find_enterprise(conn, args.enterprise).id
        data = documents.post_cards_pdf(conn, tenant, secret, posts=args.post, visible=None)
        cards = queries.post_cards(conn, tenant, secret, args.post)
    _write(args.out, data)
    for index, card in enumerate(cards):
        page = index // CARDS_PER_PAGE + 1
        sys.stdout.write(f"  page {page}: {card.post_id}  {card.workshop} · {card.post}\n")
    return 0


def _enterprise_cards(args: argparse.Namespace, settings: Settings) -> int:
    with one_transaction(settings) as conn:
        tenants, _ = documents.ledger_scope(
            conn, tenant=args.tenant, grid_unit=args.grid_unit, visible=None
        )
        data = documents.enterprise_cards_pdf(
            conn, tenants, settings.signing_secret(), visible=None
        )
    return _write(args.out, data)


def _notice(args: argparse.Namespace, settings: Settings) -> int:
    with one_transaction(settings) as conn:
        if args.hazard:
            data = documents.hazard_notice(conn, args.hazard, visible=None)
        else:
            data = documents.inspection_notice(conn, args.inspection, visible=None)
    return _write(args.out, data)


def _ledger(args: argparse.Namespace, settings: Settings) -> int:
    suffix = Path(args.out).suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        sys.stderr.write("error: --out must end in .xlsx or .pdf\n")
        return 2
    fmt: documents.LedgerFormat = "xlsx" if suffix == ".xlsx" else "pdf"
    end = args.end or datetime.now(queries.CHINA).date()
    start = args.start or end - timedelta(days=30)
    with one_transaction(settings) as conn:
        tenants, scope = documents.ledger_scope(
            conn, tenant=args.tenant, grid_unit=args.grid_unit, visible=None
        )
        data = documents.ledger(conn, tenants, scope=scope, start=start, end=end, fmt=fmt)
    return _write(args.out, data)
