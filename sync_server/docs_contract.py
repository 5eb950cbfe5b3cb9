"""Writes the event reference of docs/sync-protocol.md from the tables the code runs on.

An independent client could not build valid events from the docs alone: the payload fields,
their limits and who may send each type lived only in code. The parts of the document between
``<!-- generated: NAME -->`` and ``<!-- end generated: NAME -->`` are made here from
``shared/payloads.py``, ``shared/text.py``, ``PERMITTED_ROLES`` and the concurrency table, and a
test fails when the document and the tables drift. Run ``python -m sync_server.docs_contract``
after changing one of them (``--check`` only reports).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from enum import IntEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from shared import cards, payloads
from shared.events import AGGREGATE_OF, EventType
from shared.hazards import CONCURRENCY
from shared.lifecycle import PERMITTED_ROLES
from shared.payloads import PAYLOAD_MODELS
from shared.roles import Role
from shared.text import LIMITS, MULTI_LINE, TextKind

DOC = Path(__file__).resolve().parent.parent / "docs" / "sync-protocol.md"

Schema = dict[str, Any]


def sections() -> dict[str, str]:
    """Every generated part of the document, by name."""
    return {"text-limits": text_limits(), "events": event_reference(), "conflicts": conflicts()}


def text_limits() -> str:
    """The table of text kinds: maximum and whether line breaks are allowed."""
    rows = ["| kind | at most (characters) | line feed and tab |", "|---|---|---|"]
    for kind in TextKind:
        allowed = "allowed" if kind in MULTI_LINE else "refused"
        rows.append(f"| `{kind.value}` | {LIMITS[kind]} | {allowed} |")
    return "\n".join(rows)


def event_reference() -> str:
    """One subsection per event type, then the shapes nested in payloads."""
    parts: list[str] = []
    nested: dict[str, Schema] = {}
    for kind in EventType:
        model = PAYLOAD_MODELS[kind.value]
        schema = model.model_json_schema()
        nested.update(schema.get("$defs", {}))
        roles = ", ".join(role.value for role in Role if role in PERMITTED_ROLES[kind])
        parts += [
            f"### `{kind.value}`",
            "",
            f"{_summary(model)} Aggregate `{AGGREGATE_OF[kind].value}`; sent by: {roles}.",
            "",
            *_field_table(schema),
            "",
        ]
    objects = {name: s for name, s in sorted(nested.items()) if s.get("type") == "object"}
    for name, schema in objects.items():
        table = _field_table({**schema, "$defs": nested})
        parts += [f"#### `{name}`", "", _summary_text(schema), "", *table, ""]
    return "\n".join(parts).rstrip()


def conflicts() -> str:
    """The concurrency table: which pair of concurrent events raises which conflict code."""
    rows = ["| incoming | concurrent with (already applied) | rule | flag | code |"]
    rows.append("|---|---|---|---|---|")
    # Sorted: part of the table is built from a set, whose order changes between runs.
    by_code = sorted(CONCURRENCY.items(), key=lambda item: (item[1][2], item[0]))
    for (incoming, applied), (rule, severity, code) in by_code:
        flag = severity.value if severity else "none"
        rows.append(f"| `{incoming}` | `{applied}` | {rule.value} | {flag} | `{code}` |")
    edits = f"`{EventType.HAZARD_EDITED}`"
    rows.append(f"| {edits} | {edits}, other fields | both apply, newest stamp wins | soft | ")
    rows[-1] += "`edit_other_field` |"
    rows.append(f"| {edits} | {edits}, a same field | both apply, newest stamp wins | hard | ")
    rows[-1] += "`edit_same_field` |"
    return "\n".join(rows)


def _summary(model: type[BaseModel]) -> str:
    return _summary_text(model.model_json_schema())


def _summary_text(schema: Schema) -> str:
    text = str(schema.get("description", "")).split("\n\n")[0]
    return " ".join(text.split())


def _field_table(schema: Schema) -> list[str]:
    properties: dict[str, Schema] = schema.get("properties", {})
    if not properties:
        return ["No fields: the payload is `{}`."]
    required = set(schema.get("required", []))
    defs: dict[str, Schema] = schema.get("$defs", {})
    rows = ["| field | type and limits | required |", "|---|---|---|"]
    for name, field in properties.items():
        needed = "yes" if name in required else f"no (default `{_json(field.get('default'))}`)"
        rows.append(f"| `{name}` | {_describe(field, defs)} | {needed} |")
    return rows


def _json(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list | tuple):
        return "[]" if not value else str(list(value))
    return str(value)


def _describe(field: Schema, defs: dict[str, Schema]) -> str:
    options = field.get("anyOf")
    if options is None:
        return _describe_one(field, defs)
    types = {option.get("type") for option in options}
    if {"number", "string"} <= types:
        number = next(option for option in options if option.get("type") == "number")
        shape = f"decimal (number or numeric string){_range(number)}"
    else:
        shape = " or ".join(_describe_one(o, defs) for o in options if o.get("type") != "null")
    return f"{shape}, or null" if "null" in types else shape


def _describe_one(field: Schema, defs: dict[str, Schema]) -> str:
    if "$ref" in field:
        name = field["$ref"].split("/")[-1]
        target = defs.get(name, {})
        if "enum" in target:
            return "one of " + ", ".join(_enum_value(name, value) for value in target["enum"])
        return f"`{name}` (below)"
    kind = field.get("type")
    if kind == "string":
        return _string(field)
    if kind in ("integer", "number"):
        return f"{kind}{_range(field)}"
    if kind == "array":
        return f"list of {_describe_one(field['items'], defs)}{_count(field, 'Items')}"
    if kind == "object":
        keys = _string(field.get("propertyNames", {"type": "string"}))
        values = _describe_one(field["additionalProperties"], defs)
        return f"object: key {keys} → {values}{_count(field, 'Properties')}"
    return str(kind)


def _enum_value(name: str, value: Any) -> str:
    """A value of an enum, with its member's name when the value is a bare number."""
    enum = getattr(payloads, name, None) or getattr(cards, name, None)
    if isinstance(value, int) and isinstance(enum, type) and issubclass(enum, IntEnum):
        return f"`{value}` ({enum(value).name.lower()})"
    return f"`{_json(value)}`"


def _string(field: Schema) -> str:
    if field.get("format") == "date-time":
        return "date-time (RFC 3339)"
    if "pattern" in field:
        return f"string matching `{field['pattern']}`"
    kind = field.get("x-text-kind")
    shape = f"text `{kind}`" if kind else "string"
    least = field.get("minLength", 0)
    bounds = f"{least}–{field['maxLength']}" if "maxLength" in field else f"≥ {least}"
    return f"{shape}, {bounds} chars"


def _range(field: Schema) -> str:
    low = field.get("minimum")
    low_open = field.get("exclusiveMinimum")
    high = field.get("maximum")
    parts = []
    if low is not None:
        parts.append(f"≥ {_number(low)}")
    if low_open is not None:
        parts.append(f"> {_number(low_open)}")
    if high is not None:
        parts.append(f"≤ {_number(high)}")
    return f", {' and '.join(parts)}" if parts else ""


def _number(value: float) -> str:
    return f"{int(value):,}".replace(",", " ") if float(value).is_integer() else str(value)


def _count(field: Schema, noun: str) -> str:
    low, high = field.get(f"min{noun}"), field.get(f"max{noun}")
    if low is not None and high is not None:
        return f", {low}–{high} entries"
    return f", at most {high} entries" if high is not None else ""


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- generated: {name} -->", f"<!-- end generated: {name} -->"


def render(document: str) -> str:
    """The document with every generated part replaced by what the tables say today."""
    for name, body in sections().items():
        start, end = _markers(name)
        found = re.search(re.escape(start) + r".*?" + re.escape(end), document, re.DOTALL)
        if found is None:
            raise ValueError(f"docs/sync-protocol.md has no {start} … {end} markers")
        replacement = f"{start}\n{body}\n{end}"
        document = document[: found.start()] + replacement + document[found.end() :]
    return document


def drift(document: str) -> Iterator[str]:
    """The names of the generated parts that differ from the tables."""
    rendered = render(document)
    for name in sections():
        start, end = _markers(name)
        if _between(document, start, end) != _between(rendered, start, end):
            yield name


def _between(document: str, start: str, end: str) -> str:
    return document.split(start, 1)[1].split(end, 1)[0]


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated parts of the document, or with ``--check`` only report drift."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="report drift, change nothing")
    parser.add_argument("--doc", type=Path, default=DOC)
    args = parser.parse_args(argv)
    document = args.doc.read_text(encoding="utf-8")
    stale = list(drift(document))
    if args.check:
        for name in stale:
            sys.stderr.write(f"{args.doc}: the generated part {name!r} is out of date\n")
        return 1 if stale else 0
    args.doc.write_text(render(document), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
