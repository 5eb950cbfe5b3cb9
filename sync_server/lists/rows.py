"""Rows of an import sheet read cell by cell: each bad cell is one report line, none stops it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from pydantic import BaseModel, ConfigDict

from sync_server.lists.columns import NO, YES, Sheet, header_keys, normalise_header
from sync_server.lists.workbook import Table

CODE = re.compile(r"[0-9A-Z][0-9A-Z$%*+\-./]{0,31}", re.ASCII)
"""Codes fit in a QR payload: 1–32 of ``0-9 A-Z $ % * + - . /``, starting with a letter or digit."""

_HEADER_SEARCH = 5


class RowError(BaseModel):
    """One problem in an import file, located as a person would look for it."""

    model_config = ConfigDict(frozen=True)

    sheet: str
    row: int | None  # 1-based, as Excel numbers rows; None for the file or sheet as a whole
    column: str | None  # the header, as the template writes it
    cell: str | None  # e.g. "C7"
    code: str  # missing_column, missing_value, duplicate_code, bad_credit_code, …
    reason: str


@dataclass
class Row:
    """One data row: its cells by column key, and the list its problems go to."""

    sheet: Sheet
    number: int
    values: dict[str, str]
    positions: dict[str, int]
    problems: list[RowError]
    errors: int = 0

    def error(self, key: str | None, code: str, reason: str) -> None:
        """Report a problem with one cell (``key``) or with the row as a whole (None)."""
        header = self.sheet.column(key).header if key else None
        position = self.positions.get(key) if key else None
        cell = f"{get_column_letter(position + 1)}{self.number}" if position is not None else None
        self.problems.append(
            RowError(
                sheet=self.sheet.name,
                row=self.number,
                column=header,
                cell=cell,
                code=code,
                reason=reason,
            )
        )
        self.errors += 1

    def text(self, key: str) -> str:
        """The cell's text, "" when empty or when the sheet has no such column."""
        return self.values.get(key, "")

    def required(self, key: str) -> str | None:
        """The cell's text, or None after reporting it empty."""
        value = self.text(key)
        if not value:
            self.error(key, "missing_value", f"{self.sheet.column(key).header} is required")
            return None
        return value

    def code(self, key: str, *, required: bool = True) -> str | None:
        """A code, upper-cased; None (reported) when required and empty or badly formed."""
        value = unicodedata.normalize("NFKC", self.text(key)).strip().upper()
        if not value:
            return self.required(key) if required else None
        if not CODE.fullmatch(value):
            self.error(key, "bad_code", f"{value!r}: use 1-32 of A-Z 0-9 - . / (no spaces)")
            return None
        return value

    def choice(self, key: str, names: Mapping[str, str], default: str | None = None) -> str | None:
        """The value a name stands for (每日 → daily); ``default`` when empty, None if unknown."""
        value = self.text(key)
        if not value:
            return default if default is not None else self.required(key)
        if value not in names:
            allowed = "、".join(dict.fromkeys(names))
            self.error(key, "bad_value", f"{value!r} is not one of {allowed}")
            return None
        return names[value]

    def integer(self, key: str, default: int, minimum: int) -> int | None:
        """A whole number ≥ ``minimum``; ``default`` when empty, None (reported) otherwise."""
        value = self.text(key)
        if not value:
            return default
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or number != number.to_integral_value() or number < minimum:
            self.error(key, "bad_value", f"{value!r} is not a whole number ≥ {minimum}")
            return None
        return int(number)

    def degrees(self, key: str, limit: int) -> float | None:
        """Degrees within ±``limit`` (a latitude or longitude); None when empty or reported."""
        value = self.text(key)
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or abs(number) > limit:
            self.error(key, "bad_value", f"{value!r} is not a number of degrees within ±{limit}")
            return None
        return float(number)

    def yes_no(self, key: str) -> bool | None:
        """是 or 否 (empty is 否)."""
        value = self.text(key).upper()
        if value in YES:
            return True
        if value in NO:
            return False
        self.error(key, "bad_value", f"{value!r}: write 是 or 否")
        return None

    def listing(self, key: str, separators: str) -> tuple[str, ...]:
        """The cell split at ``separators`` (a regular expression), blanks dropped."""
        parts = re.split(separators, self.text(key))
        return tuple(part.strip() for part in parts if part.strip())


@dataclass
class SheetRows:
    """A sheet's data rows, or the reason it has none (a missing required column)."""

    sheet: Sheet
    rows: list[Row] = field(default_factory=list)


def sheet_rows(sheet: Sheet, table: Table, problems: list[RowError]) -> SheetRows:
    """The data rows below the header row; missing or repeated columns are reported instead.

    The header row is the first of the first five rows naming two or more known columns, so a
    title line above the headers is allowed. Unknown columns (notes, 序号) are ignored.
    """
    keys = header_keys(sheet)
    found = SheetRows(sheet)
    header_at = _header_row(table, keys)
    if header_at is None:
        _missing(sheet, 1, [c.header for c in sheet.columns if c.required], problems)
        return found
    number, cells = table.rows[header_at]
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = keys.get(normalise_header(cell))
        if key is not None and key in positions:
            problems.append(_sheet_error(sheet, number, cell, "duplicate_column", "twice"))
        elif key is not None:
            positions[key] = index
    missing = [c.header for c in sheet.columns if c.required and c.key not in positions]
    if missing:
        _missing(sheet, number, missing, problems)
        return found
    for row_number, row_cells in table.rows[header_at + 1 :]:
        values = {key: row_cells[i] if i < len(row_cells) else "" for key, i in positions.items()}
        if any(values.values()):
            found.rows.append(Row(sheet, row_number, values, positions, problems))
    return found


def _header_row(table: Table, keys: Mapping[str, str]) -> int | None:
    for index, (_, cells) in enumerate(table.rows[:_HEADER_SEARCH]):
        if sum(normalise_header(cell) in keys for cell in cells) >= 2:
            return index
    return None


def _missing(sheet: Sheet, row: int, headers: list[str], problems: list[RowError]) -> None:
    for header in headers:
        problems.append(_sheet_error(sheet, row, header, "missing_column", "column is missing"))


def _sheet_error(sheet: Sheet, row: int, header: str, code: str, what: str) -> RowError:
    return RowError(
        sheet=sheet.name, row=row, column=header, cell=None, code=code, reason=f"{header}: {what}"
    )
