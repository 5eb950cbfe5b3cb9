"""The edge text policy and every free-text field's maximum, as phone and server apply them."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from shared.cards import CardItem, CheckCard, ShiftWindow
from shared.errors import BadText, TextTooLong
from shared.events import Event, EventType
from shared.org import Enterprise, GridUnit, Post, RiskPoint, Workshop
from shared.payloads import PAYLOAD_MODELS
from shared.text import LIMITS, TextKind, bad_character
from tests.factories import CARD_ITEM, PAYLOADS, Device, worker

E = EventType
K = TextKind
ITEM = {"result": "pass"}
CARD = {
    "post_id": "P1",
    "card_id": "C1",
    "card_version": 1,
    "period": "2026-11-28",
    "items": {"I1": dict(ITEM)},
    "started_at": "2026-11-28T08:00:00Z",
    "completed_at": "2026-11-28T08:05:00Z",
}
DEFINED_ITEM = {
    **CARD_ITEM,
    "control_goal": "初期火灾能扑灭",
    "standard": "SX-01",
    "standard_version": "2026.1",
}
DEFINED = {"post_id": "P1", "name": "灶台岗检查卡", "items": [DEFINED_ITEM], "library_version": "1"}
INSPECTION = {
    "findings": [{"standard_item": "灭火器", "result": "fail"}],
    "hazard_ids": ["H1"],
    "receipt": {"signer": "李店长", "refused": True, "witness": "王师傅"},
}
BASE: dict[EventType, dict[str, Any]] = {
    **PAYLOADS,
    E.CONFLICT_RESOLVED: {"conflict_id": "concurrent_edit:x", "reason": "已核实"},
    E.CARD_SUBMITTED: CARD,
    E.INSPECTION_RECORDED: INSPECTION,
    E.CARD_DEFINED: DEFINED,
    E.WORKSHOP_DEFINED: {"name": "后厨", "posts": [{"id": "P1", "name": "灶台岗"}]},
    E.HAZARD_REPORTED: {**PAYLOADS[E.HAZARD_REPORTED], "risk_id": "R1", "measure_id": "M1"},
    E.RISK_REASSESSED: {
        "hazard_id": "H1",
        "decision": "regrade",
        "regrade": PAYLOADS[E.RISK_REGRADED],
        "measure": PAYLOADS[E.RISK_MEASURE_ADDED],
    },
    E.RISK_LIST_REVIEWED: {
        "reason": "annual",
        "results": {"I1": {"result": "unchanged", "note": ""}},
    },
}

# (event type, path of the field in its payload, kind of text)
FIELDS: list[tuple[EventType, str, TextKind]] = [
    (E.HAZARD_REPORTED, "title", K.TITLE),
    (E.HAZARD_REPORTED, "description", K.TEXT),
    (E.HAZARD_REPORTED, "location", K.LINE),
    (E.HAZARD_REPORTED, "post_id", K.ID),
    (E.HAZARD_REPORTED, "card_id", K.ID),
    (E.HAZARD_REPORTED, "item_id", K.ID),
    (E.HAZARD_REPORTED, "no_photo_reason", K.REASON),
    (E.HAZARD_ASSIGNED, "assignee", K.ID),
    (E.HAZARD_ASSIGNED, "measures", K.TEXT),
    (E.HAZARD_STARTED, "note", K.TEXT),
    (E.HAZARD_RECTIFIED, "note", K.TEXT),
    (E.HAZARD_ACCEPTED, "comment", K.TEXT),
    (E.HAZARD_REJECTED, "reason", K.REASON),
    (E.HAZARD_CLOSED, "note", K.TEXT),
    (E.HAZARD_REOPENED, "reason", K.REASON),
    (E.HAZARD_VOIDED, "reason", K.REASON),
    (E.HAZARD_EDITED, "title", K.TITLE),
    (E.HAZARD_EDITED, "description", K.TEXT),
    (E.HAZARD_EDITED, "location", K.LINE),
    (E.HAZARD_EDITED, "measures", K.TEXT),
    (E.HAZARD_REGRADED, "reason", K.TEXT),
    (E.HAZARD_ANNOTATED, "note", K.TEXT),
    (E.HAZARD_MAJOR_REPORTED, "authority", K.LINE),
    (E.HAZARD_MAJOR_REPORTED, "reference", K.LINE),
    (E.HAZARD_PLAN_ATTACHED, "summary", K.TEXT),
    (E.HAZARD_SUPERVISED, "level", K.LINE),
    (E.HAZARD_SUPERVISED, "note", K.TEXT),
    (E.HAZARD_SUPERVISED, "responsible_unit", K.LINE),
    (E.HAZARD_SUPERVISION_LIFTED, "note", K.TEXT),
    (E.HAZARD_MAJOR_REVIEWED, "reason", K.REASON),
    (E.CONFLICT_RESOLVED, "conflict_id", K.LINE),
    (E.CONFLICT_RESOLVED, "reason", K.REASON),
    (E.CARD_SUBMITTED, "post_id", K.ID),
    (E.CARD_SUBMITTED, "card_id", K.ID),
    (E.CARD_SUBMITTED, "period", K.ID),
    (E.CARD_SUBMITTED, "items.I1.note", K.TEXT),
    (E.INSPECTION_RECORDED, "findings.0.standard_item", K.LINE),
    (E.INSPECTION_RECORDED, "findings.0.note", K.TEXT),
    (E.INSPECTION_RECORDED, "notice_no", K.LINE),
    (E.INSPECTION_RECORDED, "hazard_ids.0", K.ID),
    (E.INSPECTION_RECORDED, "receipt.signer", K.NAME),
    (E.INSPECTION_RECORDED, "receipt.witness", K.LINE),
    (E.CARD_DEFINED, "post_id", K.ID),
    (E.CARD_DEFINED, "name", K.TITLE),
    (E.CARD_DEFINED, "library_version", K.ID),
    (E.CARD_DEFINED, "items.0.id", K.ID),
    (E.CARD_DEFINED, "items.0.what", K.CELL),
    (E.CARD_DEFINED, "items.0.how", K.CELL),
    (E.CARD_DEFINED, "items.0.pass_criterion", K.CELL),
    (E.CARD_DEFINED, "items.0.typical_hazard", K.CELL),
    (E.CARD_DEFINED, "items.0.responsible_role", K.NAME),
    (E.CARD_DEFINED, "items.0.control_goal", K.LINE),
    (E.CARD_DEFINED, "items.0.standard", K.ID),
    (E.CARD_DEFINED, "items.0.standard_version", K.ID),
    (E.CARD_DEFINED, "items.0.responsible", K.ID),
    (E.RISK_IDENTIFIED, "responsible", K.ID),
    (E.WORKSHOP_DEFINED, "name", K.NAME),
    (E.WORKSHOP_DEFINED, "posts.0.id", K.ID),
    (E.WORKSHOP_DEFINED, "posts.0.name", K.NAME),
    (E.WORKSHOP_DEFINED, "posts.0.responsible", K.ID),
    (E.HAZARD_REPORTED, "risk_id", K.ID),
    (E.RISK_MAP_PINNED, "risk_id", K.ID),
    (E.HAZARD_REPORTED, "measure_id", K.ID),
    (E.RISK_IDENTIFIED, "name", K.TITLE),
    (E.RISK_IDENTIFIED, "workshop_id", K.ID),
    (E.RISK_IDENTIFIED, "post_id", K.ID),
    (E.RISK_IDENTIFIED, "hazard_factors", K.TEXT),
    (E.RISK_IDENTIFIED, "control_goal", K.LINE),
    (E.RISK_IDENTIFIED, "location", K.LINE),
    (E.RISK_REGRADED, "reason", K.REASON),
    (E.RISK_MEASURE_ADDED, "measure_id", K.ID),
    (E.RISK_MEASURE_ADDED, "text", K.TEXT),
    (E.RISK_MEASURE_ADDED, "checks.0.card_id", K.ID),
    (E.RISK_MEASURE_ADDED, "checks.0.item_id", K.ID),
    (E.RISK_REASSESSED, "hazard_id", K.ID),
    (E.RISK_REASSESSED, "note", K.TEXT),
    (E.RISK_REASSESSED, "regrade.reason", K.REASON),
    (E.RISK_REASSESSED, "measure.measure_id", K.ID),
    (E.RISK_REASSESSED, "measure.text", K.TEXT),
    (E.RISK_REASSESSED, "measure.checks.0.card_id", K.ID),
    (E.RISK_REASSESSED, "measure.checks.0.item_id", K.ID),
    (E.RISK_LIST_REVIEWED, "note", K.TEXT),
    (E.RISK_LIST_REVIEWED, "results.I1.note", K.TEXT),
    (E.RISK_MAP_UNPINNED, "risk_id", K.ID),
    (E.RISK_PROPOSED, "seen", K.TEXT),
    (E.RISK_PROPOSED, "workshop_id", K.ID),
    (E.RISK_PROPOSED, "post_id", K.ID),
    (E.RISK_PROPOSED, "location", K.LINE),
    (E.RISK_PROPOSAL_CONFIRMED, "risk_id", K.ID),
    (E.RISK_PROPOSAL_CONFIRMED, "note", K.TEXT),
    (E.RISK_PROPOSAL_DECLINED, "reason", K.REASON),
]
MULTI_LINE = {K.CELL, K.REASON, K.TEXT}


def with_value(payload: dict[str, Any], path: str, value: str) -> dict[str, Any]:
    """A copy of ``payload`` with the field at a dotted path (list index or dict key) set."""
    result = copy.deepcopy(payload)
    *parents, last = path.split(".")
    node: Any = result
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return result


def refusal(kind: EventType, payload: dict[str, Any]) -> str | None:
    """The pydantic error type of a payload, or None when it is valid."""
    try:
        PAYLOAD_MODELS[kind].model_validate(payload)
    except ValidationError as exc:
        return str(exc.errors()[0]["type"])
    return None


@pytest.mark.parametrize(("kind", "path", "text"), FIELDS)
def test_each_payload_text_field_holds_its_maximum_and_refuses_one_more(kind, path, text):
    limit = LIMITS[text]
    base = BASE[kind]
    assert refusal(kind, with_value(base, path, "字" * limit)) is None
    assert refusal(kind, with_value(base, path, "字" * (limit + 1))) == "string_too_long"


@pytest.mark.parametrize(("kind", "path", "text"), FIELDS)
def test_each_payload_text_field_refuses_control_characters_and_keeps_line_breaks_where_multi_line(
    kind, path, text
):
    base = BASE[kind]
    for bad in ("\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\ufffe", "\r"):
        assert refusal(kind, with_value(base, path, f"a{bad}b")) == "text.bad_character", bad
    expected = None if text in MULTI_LINE else "text.bad_character"
    assert refusal(kind, with_value(base, path, "a\nb\tc")) == expected


def test_card_item_ids_as_keys_are_held_to_the_id_maximum():
    items = {"I" * LIMITS[K.ID]: ITEM}
    assert refusal(E.CARD_SUBMITTED, {**CARD, "items": items}) is None
    items = {"I" * (LIMITS[K.ID] + 1): ITEM}
    assert refusal(E.CARD_SUBMITTED, {**CARD, "items": items}) == "string_too_long"


def test_the_table_names_every_text_field_of_every_payload():
    def text_fields(schema: dict[str, Any], defs: dict[str, Any], prefix: str) -> set[str]:
        found: set[str] = set()
        for name, field in schema.get("properties", {}).items():
            for option in field.get("anyOf", [field]):
                found |= walk(option, defs, f"{prefix}{name}")
        return found

    def walk(node: dict[str, Any], defs: dict[str, Any], path: str) -> set[str]:
        if "$ref" in node:
            return text_fields(defs[node["$ref"].split("/")[-1]], defs, f"{path}.")
        if node.get("type") == "string" and "x-text-kind" in node:
            return {path}
        if node.get("type") == "array" and "items" in node:
            return walk(node["items"], defs, f"{path}.0")
        if node.get("type") == "object" and "additionalProperties" in node:
            return walk(node["additionalProperties"], defs, f"{path}.I1")
        return set()

    listed = {(kind, path) for kind, path, _ in FIELDS}
    for kind, model in PAYLOAD_MODELS.items():
        schema = model.model_json_schema()
        found = text_fields(schema, schema.get("$defs", {}), "")
        assert {(E(kind), path) for path in found} <= listed, kind


ORG_MODELS: list[type[BaseModel]] = [
    GridUnit,
    Enterprise,
    Workshop,
    Post,
    RiskPoint,
    CheckCard,
    CardItem,
    ShiftWindow,
    *PAYLOAD_MODELS.values(),
]


@pytest.mark.parametrize("model", ORG_MODELS, ids=lambda model: model.__name__)
def test_every_free_text_field_has_a_maximum(model):
    def strings(node: Any, name: str) -> list[tuple[str, dict[str, Any]]]:
        if isinstance(node, dict):
            own = [(name, node)] if node.get("type") == "string" else []
            inner = node.get("properties", {})
            named = [s for key, value in inner.items() for s in strings(value, key)]
            rest = [s for key, v in node.items() if key != "properties" for s in strings(v, name)]
            return own + named + rest
        if isinstance(node, list):
            return [s for value in node for s in strings(value, name)]
        return []

    for name, field in strings(model.model_json_schema(), ""):
        # Ids of reference data are checked where they are imported, against the stored ones.
        is_id = name in {"id", "tenant", "credit_code"} or name.endswith("_id")
        is_id = is_id or name.endswith("_yuan")  # a Decimal, bounded as a number
        free = not ({"format", "pattern", "enum", "const"} & field.keys()) and not is_id
        assert not free or "maxLength" in field, (model.__name__, name, field)


NAMED = {
    "grid unit": lambda name: GridUnit(id="G", name=name, level="city"),
    "workshop": lambda name: Workshop(id="W", tenant="T", name=name),
    "post": lambda name: Post(id="P", tenant="T", workshop_id="W", name=name),
}


@pytest.mark.parametrize("make", NAMED.values(), ids=NAMED.keys())
def test_a_name_holds_its_maximum_and_refuses_one_more(make):
    assert make("名" * LIMITS[K.NAME]).name == "名" * LIMITS[K.NAME]
    assert make(f"  {'名' * LIMITS[K.NAME]}  ").name == "名" * LIMITS[K.NAME]  # trimmed first
    with pytest.raises(ValidationError, match="at most 100 characters"):
        make("名" * (LIMITS[K.NAME] + 1))
    with pytest.raises(ValidationError, match="U\\+0007"):
        make("老街\u0007小厨")


def event_with(payload: dict[str, Any]) -> dict[str, Any]:
    body = Device("phone", worker).event(E.HAZARD_REPORTED, base=0).model_dump(mode="json")
    return {**body, "payload": payload}


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ({"title": "灭火器\u0000"}, BadText),
        ({"title": "灭火器", "description": "\u0007"}, BadText),
        ({"title": "字" * 301}, TextTooLong),
        ({"title": "ok", "description": "字" * 4001}, TextTooLong),
    ],
)
def test_an_event_refused_for_its_text_carries_the_policy_code(payload, error):
    with pytest.raises(error) as refused:
        Event.from_wire(event_with(payload))
    assert refused.value.code in {"text.bad_character", "text.too_long"}
    assert refused.value.message.startswith(
        ("bad event: payload: title", "bad event: payload: desc")
    )


def test_an_event_without_a_payload_is_refused_not_read_as_an_empty_one():
    body = event_with({})
    del body["payload"]
    with pytest.raises(Exception, match="payload: Field required"):
        Event.from_wire(body)


def test_an_empty_payload_is_checked_against_the_type():
    with pytest.raises(Exception, match="title: Field required"):
        Event.from_wire(event_with({}))


@given(st.text())
def test_the_policy_refuses_exactly_control_characters_surrogates_and_noncharacters(text):
    import unicodedata

    def refused(char: str) -> bool:
        return unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"

    expected = next((i for i, char in enumerate(text) if refused(char)), None)
    assert bad_character(text, multi_line=False) == expected
    lines = next((i for i, c in enumerate(text) if refused(c) and c not in "\n\t"), None)
    assert bad_character(text, multi_line=True) == lines
