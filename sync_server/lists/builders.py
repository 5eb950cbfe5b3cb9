"""From checked rows to shared models, one builder per sheet; duplicates are caught on the way."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import reduce
from typing import Any

from pydantic import BaseModel, ValidationError

from shared.cards import CardItem, CheckCard
from shared.credit_code import validate_credit_code
from shared.errors import BadCreditCode, BadRiskFactor
from shared.org import Enterprise, GridLevel, GridUnit, Industry, Post, RiskPoint, Workshop
from shared.people import Person, responsible_refusal
from shared.risk import (
    DEFAULT_CONTROL_LEVELS,
    LecAssessment,
    LsAssessment,
    RiskColour,
    grade_lec,
    grade_ls,
    graver,
)
from sync_server.lists.columns import (
    CONTROL_LEVELS,
    EVIDENCES,
    FIVE_HIGHS,
    FREQUENCIES,
    GRADES,
    INDUSTRIES,
    LEVELS,
    SMALL_PLACES,
)
from sync_server.lists.model import KINDS
from sync_server.lists.rows import Row
from sync_server.standards import shipped_library

CLASSES = {letter: letter for letter in "ABCD"}
FACTOR_SPLIT = r"[、，,；;\n]+"
MEASURE_SPLIT = r"[；;\n]+"


@dataclass
class Found:
    """What the file defines so far: kind → code → (model, the row that defined it)."""

    records: dict[str, dict[str, tuple[BaseModel, Row]]] = field(
        default_factory=lambda: {kind: {} for kind in KINDS}
    )
    # The accounts a 责任人 column may name, by username (issue 21: a person, not free text).
    people: Mapping[str, Person] = field(default_factory=dict)

    def responsible(self, row: Row, tenant: str | None) -> dict[str, str]:
        """``{"responsible": username}`` for the person the 责任人 cell names, by username or name.

        Empty when the cell is; an unknown name, a name two people share, or someone who may
        not answer for the entry (``shared.people``) is reported on the cell.
        """
        given = row.text("responsible").strip()
        if not given or tenant is None:
            return {}
        person = self.people.get(given)
        if person is None:
            # By name: the enterprise's own first; else whoever has it, so the refusal says
            # why (another enterprise's, an inspector) rather than "no such person".
            same = [p for p in self.people.values() if p.name == given]
            own = [p for p in same if p.tenant == tenant] or same
            if len(own) > 1:
                row.error("responsible", "ambiguous_person", f"{given}: give the username")
                return {}
            person = own[0] if own else None
        refusal = responsible_refusal(person.user_id if person else given, person, tenant)
        if refusal is not None:
            row.error("responsible", "bad_responsible", refusal.message)
            return {}
        assert person is not None
        return {"responsible": person.user_id}

    def keep(self, kind: str, key: str, model: BaseModel | None, row: Row) -> None:
        """Add a record unless its code was already defined on an earlier row (reported)."""
        earlier = self.records[kind].get(key)
        if earlier is not None:
            row.error("id", "duplicate_code", f"{key} is already on row {earlier[1].number}")
        elif model is not None:
            self.records[kind][key] = (model, row)


def build(row: Row, model: type[BaseModel], **fields: Any) -> BaseModel | None:
    """The model, or None after reporting what the shared rules refused."""
    if row.errors:
        return None
    try:
        return model(**fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        row.error(None, "invalid_row", str(first["msg"]).removeprefix("Value error, "))
        return None


def credit_code(row: Row, key: str) -> str | None:
    """A valid 统一社会信用代码, normalised; None after reporting why it cannot be genuine."""
    value = row.required(key)
    if value is None:
        return None
    try:
        return validate_credit_code(value)
    except BadCreditCode as exc:
        row.error(key, "bad_credit_code", f"{value}: {exc.message}")
        return None


def grid_units(rows: list[Row], found: Found) -> None:
    """网格: a unit, its level and its parent (checked against the grid later)."""
    for row in rows:
        key, name = row.code("id"), row.required("name")
        level = row.choice("level", LEVELS)
        parent = row.code("parent_id", required=False)
        if level == GridLevel.CITY and parent:
            row.error("parent_id", "bad_value", "a city (市) has no parent unit")
        if level not in (None, GridLevel.CITY) and not parent:
            row.required("parent_id")
        unit = build(row, GridUnit, id=key, name=name, level=level, parent_id=parent)
        found.keep("grid_unit", key or "", unit, row)


def enterprises(rows: list[Row], found: Found) -> None:
    """企业: keyed by its credit code, which is also its tenant id."""
    for row in rows:
        key = credit_code(row, "id")
        industry = row.choice("industry", INDUSTRIES)
        kind = row.choice("small_place_kind", SMALL_PLACES, default="") or None
        if industry == Industry.SMALL_PLACE and kind is None and not row.errors:
            row.error("small_place_kind", "missing_value", "a 十小场所 needs its 十小类别")
        if industry not in (None, Industry.SMALL_PLACE) and kind is not None:
            row.error("small_place_kind", "bad_value", "only a 十小场所 has a 十小类别")
        company = build(
            row,
            Enterprise,
            id=key,
            name=row.required("name"),
            credit_code=key,
            grid_unit_id=row.code("grid_unit_id"),
            industry=industry,
            small_place_kind=kind,
            supervision_class=row.choice("supervision_class", CLASSES, default="") or None,
            staff_count=row.integer("staff_count", -1, 0) if row.required("staff_count") else 0,
            above_designated_size=row.yes_no("above_designated_size"),
            **_position(row),
        )
        found.keep("enterprise", key or "", company, row)


def workshops(rows: list[Row], found: Found) -> None:
    """车间: a workshop of an enterprise."""
    for row in rows:
        tenant, key = credit_code(row, "tenant"), row.code("id")
        shop = build(row, Workshop, id=key, tenant=tenant, name=row.required("name"))
        found.keep("workshop", key or "", shop, row)


def posts(rows: list[Row], found: Found) -> None:
    """岗位: a post in a workshop, with its card, QR version and 责任人 (a person)."""
    for row in rows:
        tenant, key = credit_code(row, "tenant"), row.code("id")
        post = build(
            row,
            Post,
            id=key,
            tenant=tenant,
            workshop_id=row.code("workshop_id"),
            name=row.required("name"),
            card_id=row.code("card_id", required=False),
            qr_version=row.integer("qr_version", 1, 1),
            **_position(row),
            **found.responsible(row, tenant),
        )
        found.keep("post", key or "", post, row)


def _position(row: Row) -> dict[str, float | None]:
    """纬度 and 经度 go together: one without the other would put the place nowhere."""
    latitude, longitude = row.degrees("latitude", 90), row.degrees("longitude", 180)
    given = {"latitude": bool(row.text("latitude")), "longitude": bool(row.text("longitude"))}
    if given["latitude"] != given["longitude"]:
        lacking = "longitude" if given["latitude"] else "latitude"
        header = row.sheet.column(lacking).header
        row.error(lacking, "missing_value", f"{header} is required with the other coordinate")
    return {"latitude": latitude, "longitude": longitude}


@dataclass
class _CardDraft:
    first: Row
    head: tuple[str | None, str | None, int | None]  # tenant, name, version
    items: list[CardItem] = field(default_factory=list)
    item_rows: dict[str, int] = field(default_factory=dict)


def cards(rows: list[Row], found: Found) -> None:
    """检查卡: one row per item; rows with the same card code make one card, in file order."""
    drafts: dict[str, _CardDraft] = {}
    for row in rows:
        key = row.code("id")
        head = (credit_code(row, "tenant"), row.required("name"), row.integer("version", 1, 1))
        item = _card_item(row, found.responsible(row, head[0]))
        if key is None:
            continue
        draft = drafts.setdefault(key, _CardDraft(row, head))
        _add_item(draft, row, head, item)
    for key, draft in drafts.items():
        tenant, name, version = draft.head
        card = build(
            draft.first, CheckCard, id=key, tenant=tenant, name=name, version=version,
            items=tuple(draft.items),
        )  # fmt: skip
        if card is not None:
            found.records["card"][key] = (card, draft.first)


def _card_item(row: Row, responsible: dict[str, str]) -> CardItem | None:
    fields = {k: row.required(k) for k in ("what", "how", "pass_criterion", "typical_hazard")}
    item = build(
        row,
        CardItem,
        id=row.code("item_id"),
        suggested_grade=row.choice("suggested_grade", GRADES, default="general"),
        frequency=row.choice("frequency", FREQUENCIES),
        responsible_role=row.required("responsible_role"),
        five_high=row.choice("five_high", FIVE_HIGHS),
        control_goal=row.text("control_goal"),
        evidence=row.choice("evidence", EVIDENCES, default="photo"),
        **_standard(row),
        **responsible,
        **fields,
    )
    return item if isinstance(item, CardItem) else None


def _standard(row: Row) -> dict[str, str | None]:
    """The library standard an item came from, at the shipped version; unknown codes refused."""
    code = row.code("standard", required=False)
    if code is None:
        return {}
    library = shipped_library()
    if code not in {s.code for s in library.everything()}:
        row.error(
            "standard", "bad_value", f"{code} is not in the standards library {library.version}"
        )
        return {}
    return {"standard": code, "standard_version": library.version}


def _add_item(
    draft: _CardDraft, row: Row, head: tuple[str | None, str | None, int | None], item: Any
) -> None:
    if row is not draft.first and head != draft.head and None not in head:
        first = draft.first.number
        row.error("name", "inconsistent", f"企业、检查卡名称和版本 must match row {first}")
    if item is None:
        return
    if item.id in draft.item_rows:
        earlier = draft.item_rows[item.id]
        row.error("item_id", "duplicate_code", f"item {item.id} is already on row {earlier}")
        return
    draft.item_rows[item.id] = row.number
    draft.items.append(item)


def risk_points(rows: list[Row], found: Found) -> None:
    """风险点: graded by LEC, by LS or both; the control level defaults from the colour."""
    for row in rows:
        tenant, key = credit_code(row, "tenant"), row.code("id")
        lec, ls = _lec(row), _ls(row)
        if lec is None and ls is None and not row.errors:
            row.error("lec_l", "missing_value", "give LEC (L, E, C) or LS (L, S), or both")
        colours = [a.colour for a in (lec, ls) if a is not None]
        colour = reduce(graver, colours) if colours else None
        point = build(
            row,
            RiskPoint,
            id=key,
            tenant=tenant,
            workshop_id=row.code("workshop_id", required=False),
            post_id=row.code("post_id", required=False),
            name=row.required("name"),
            hazard_factors=row.listing("hazard_factors", FACTOR_SPLIT),
            lec=lec,
            ls=ls,
            control_level=_control_level(row, colour),
            measures=row.listing("measures", MEASURE_SPLIT),
            five_high=row.choice("five_high", FIVE_HIGHS),
            control_goal=row.text("control_goal"),
            **found.responsible(row, tenant),
        )
        found.keep("risk_point", key or "", point, row)


def _control_level(row: Row, colour: RiskColour | None) -> str | None:
    if colour is None:
        return None
    return row.choice("control_level", CONTROL_LEVELS, default=DEFAULT_CONTROL_LEVELS[colour])


def _factors(row: Row, keys: tuple[str, ...]) -> list[int | float] | None:
    texts = [row.text(key) for key in keys]
    if not any(texts):
        return None
    values = []
    for key, text in zip(keys, texts, strict=True):
        try:
            values.append(Decimal(text) if text else Decimal("NaN"))
        except InvalidOperation:
            values.append(Decimal("NaN"))
        if not values[-1].is_finite():
            row.error(key, "bad_risk_factor", f"{text!r} is not a number from the table")
    if not all(v.is_finite() for v in values):
        return None
    return [int(v) if v == v.to_integral_value() else float(v) for v in values]


def _graded(row: Row, keys: tuple[str, ...], grade: Callable[..., Any]) -> Any:
    values = _factors(row, keys)
    if values is None:
        return None
    try:
        return grade(*values)
    except BadRiskFactor as exc:
        factor = str(exc.details.get("factor", ""))
        position = {"L": 0, "E": 1, "C": 2, "S": 1}.get(factor, 0)
        row.error(keys[min(position, len(keys) - 1)], "bad_risk_factor", exc.message)
        return None


def _lec(row: Row) -> LecAssessment | None:
    graded: LecAssessment | None = _graded(row, ("lec_l", "lec_e", "lec_c"), grade_lec)
    return graded


def _ls(row: Row) -> LsAssessment | None:
    graded: LsAssessment | None = _graded(row, ("ls_l", "ls_s"), grade_ls)
    return graded


BUILDERS: dict[str, Callable[[list[Row], Found], None]] = {
    "grid_unit": grid_units,
    "enterprise": enterprises,
    "workshop": workshops,
    "card": cards,
    "post": posts,
    "risk_point": risk_points,
}
"""The builder of each sheet kind."""
