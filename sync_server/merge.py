"""The merge service: one transaction per pushed batch, a final status for every event.

Nothing a phone sent is dropped. Accepted and held events go to ``events``; rejected events and
id conflicts go to ``quarantine`` with their reason; duplicates point at the stored original.
Every answer is final and idempotent: a resend after a lost answer gets the same answer, and a
refused event is quarantined once however often it is resent.
The global sequence row is locked first, so pushes from every replica serialise and
``server_seq`` follows commit order on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from shared.cards import CheckCard
from shared.errors import (
    BadSupervision,
    ClockTooFarAhead,
    DeviceOfAnotherUser,
    DomainError,
    InvalidInput,
    NotPermitted,
    SeqReused,
    UnknownReference,
)
from shared.events import AggregateType, Event, EventType, is_device_seq
from shared.evidence import evidence_refusal
from shared.hlc import MAX_AHEAD_MS
from shared.ids import TenantId
from shared.lifecycle import PERMITTED_ROLES
from shared.payloads import CardDefined, HazardSupervised, RiskIdentified, WorkshopDefined
from shared.people import Person, assignee_refusal, post_refusal, responsible_refusal
from shared.protocol import EventResult, PushResponse, PushStatus
from shared.roles import Actor
from shared.text import STORED, bad_character
from sync_server.notice_numbers import confirm_number, note_numbers_on_record
from sync_server.people import PostHoldings, people, post_holdings
from sync_server.projections import refresh_projections
from sync_server.risk_checks import MAX_RISK_ID, RiskReferences
from sync_server.schema import audit, devices, events, quarantine, reference, sequence
from sync_server.scope import visible_among

MAX_MISSING_REPORTED = 100
MAX_CARD_ID = 64
"""A defined card's id becomes a reference row's id (64 characters)."""
ID_CONFLICT = "sync.id_conflict"


@dataclass(frozen=True)
class _Stored:
    """What is stored under an event id, to tell a resend from an id conflict."""

    content_hash: str
    server_seq: int | None
    held: bool


@dataclass
class _Batch:
    """What one push decided, before it is written."""

    actor: Actor
    device_id: str
    now: datetime
    tenants: frozenset[TenantId]
    known: dict[str, _Stored]  # events stored before or earlier in this batch, by id
    reported: set[str]  # hazard ids whose report is stored and accepted, or in this batch
    refused: dict[str, list[tuple[Any, str, str]]]  # event_id → quarantined (body, code, reason)
    owners: dict[tuple[str, str], str]  # (aggregate type, id) → the enterprise whose record it is
    posts: dict[str, str]  # post id → its enterprise, for the posts named in the batch
    workshops: dict[str, str]  # workshop id → its enterprise, for the workshops defined in it
    seqs: dict[int, str]  # device_seq → the id of this device's stored event that uses it
    results: list[EventResult] = field(default_factory=list)
    to_store: list[tuple[Event, str, PushStatus]] = field(default_factory=list)
    reports_in_batch: set[str] = field(default_factory=set)
    refused_seqs: list[int] = field(default_factory=list)  # this device's, newly quarantined
    released_here: set[str] = field(default_factory=set)  # held on arrival, released by this batch
    cards: dict[str, str] = field(default_factory=dict)  # card id → its enterprise, if stored
    people: dict[str, Person] = field(default_factory=dict)  # assignees, 责任人 named in it
    risks: RiskReferences = field(default_factory=RiskReferences)  # what risk events name
    ticked: dict[str, CheckCard] = field(default_factory=dict)  # the cards submissions name
    holdings: PostHoldings = field(default_factory=PostHoldings)  # the pusher's posts


def push(
    conn: Connection,
    actor: Actor,
    device_id: str,
    raw_events: list[Any],
    *,
    now: datetime | None = None,
) -> PushResponse:
    """Store a batch and answer each event; the caller owns the transaction.

    Raises:
        DeviceOfAnotherUser: Another user registered this device id first; nothing is stored.
    """
    _lock_sequence(conn)
    _check_owner(conn, actor, device_id)
    names = _names_in(raw_events)
    batch = _Batch(
        actor,
        device_id,
        now or datetime.now(UTC),
        visible_among(conn, actor, names.tenants),
        known=_stored(conn, names.ids),
        reported=_reported(conn, names.aggregates),
        refused=_quarantined(conn, names.ids),
        owners=_owners(conn, names.aggregates),
        posts=_reference_tenants(conn, "post", names.posts),
        workshops=_reference_tenants(conn, "workshop", names.workshops),
        seqs=_seqs_taken(conn, device_id, names.seqs),
        cards=_card_tenants(conn, names.aggregates),
        people=people(conn, user_ids=names.assignees) if names.assignees else {},
        risks=RiskReferences.load(conn, raw_events),
        ticked=_cards(conn, names.cards),
        holdings=(
            post_holdings(conn, actor.user_id, names.tenants) if names.ticks else PostHoldings()
        ),
    )
    for raw in raw_events:
        batch.results.append(_classify(conn, batch, raw))
    _release_in_batch(batch)
    released = _store(conn, batch)
    touched = {(e.aggregate.type, e.aggregate.id) for e, _, _ in batch.to_store} | released
    refresh_projections(conn, touched)
    max_seq, missing = _track_device(conn, batch)
    return PushResponse(results=batch.results, device_max_seq=max_seq, missing_seqs=missing)


@dataclass
class _Names:
    """Ids named in a batch, read before validation so each kind is looked up in one query."""

    ids: set[str] = field(default_factory=set)
    aggregates: set[str] = field(default_factory=set)
    posts: set[str] = field(default_factory=set)
    seqs: set[int] = field(default_factory=set)
    assignees: set[str] = field(default_factory=set)  # and 责任人 of card items, risk points
    tenants: set[str] = field(default_factory=set)  # checked against the scope, not the city
    cards: set[str] = field(default_factory=set)
    workshops: set[str] = field(default_factory=set)
    ticks: bool = False  # whether the batch holds a check-card tick


def _names_in(raw_events: list[Any]) -> _Names:
    names = _Names()
    for raw in raw_events:
        if isinstance(raw, dict):
            if isinstance(event_id := raw.get("event_id"), str):
                names.ids.add(_readable_id(event_id))  # as it is quarantined
            if is_device_seq(seq := raw.get("device_seq")):
                names.seqs.add(seq)
            names.tenants |= _text(raw.get("tenant"))
            aggregate, payload = raw.get("aggregate"), raw.get("payload")
            if isinstance(aggregate, dict):
                names.aggregates |= _text(aggregate.get("id"))
            if isinstance(payload, dict):
                names.posts |= _text(payload.get("post_id"))
                if raw.get("type") == EventType.HAZARD_ASSIGNED.value:
                    names.assignees |= _text(payload.get("assignee"))
                names.cards |= _text(payload.get("card_id"))
                names.assignees |= _responsible_in(payload)
                if raw.get("type") == EventType.WORKSHOP_DEFINED.value:
                    _name_workshop(names, aggregate, payload)
            if raw.get("type") == EventType.POST_LOCATED.value and isinstance(aggregate, dict):
                names.posts |= _text(aggregate.get("id"))  # the post it locates
            names.ticks |= raw.get("type") == EventType.CARD_SUBMITTED.value
    return names


def _responsible_in(payload: dict[str, Any]) -> set[str]:
    """The 责任人 a risk point or a card's items name (looked up with the assignees)."""
    found = _text(payload.get("responsible"))
    items = payload.get("items")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            found |= _text(item.get("responsible"))
    return found


def _name_workshop(names: _Names, aggregate: Any, payload: dict[str, Any]) -> None:
    """A workshop definition names the workshop and each of its posts."""
    if isinstance(aggregate, dict):
        names.workshops |= _text(aggregate.get("id"))
    lines = payload.get("posts")
    for line in lines if isinstance(lines, list) else []:
        if isinstance(line, dict):
            names.posts |= _text(line.get("id"))
            names.assignees |= _text(line.get("responsible"))  # the post's 责任人


def _text(value: Any) -> set[str]:
    # An id with a control character names nothing stored (and a NUL cannot be queried on
    # PostgreSQL): it is left out of the lookups, and the event is refused on its own.
    plain = isinstance(value, str) and bad_character(value, multi_line=False) is None
    return {value} if plain else set()


def _lock_sequence(conn: Connection) -> None:
    # A no-op update takes the row lock until commit: pushes from all replicas queue here.
    conn.execute(update(sequence).where(sequence.c.id == 1).values(value=sequence.c.value))


def _check_owner(conn: Connection, actor: Actor, device_id: str) -> None:
    """A device id is its first pusher's: anyone else's push under it would rewrite its record.

    Checked under the sequence lock, so two users racing for a new id cannot both register it.
    """
    owner = conn.execute(select(devices.c.user_id).where(devices.c.id == device_id)).scalar()
    if owner is not None and owner != actor.user_id:
        raise DeviceOfAnotherUser(
            "this device id is registered to another user; push under a device id of your own",
            device_id=device_id,
        )


def _seqs_taken(conn: Connection, device_id: str, seqs: set[int]) -> dict[int, str]:
    """Which of ``seqs`` this device already used, and for which event.

    Stored events hold their numbers, and so do refused ones (their numbers count as received),
    except those refused for reusing a number or an id: theirs is the original's. Quarantined
    bodies are read only when the batch names numbers, and only this device's.
    """
    if not seqs:
        return {}
    rows = conn.execute(
        select(events.c.device_seq, events.c.event_id).where(
            events.c.device_id == device_id, events.c.device_seq.in_(sorted(seqs))
        )
    )
    taken = {int(row.device_seq): row.event_id for row in rows}
    refused = conn.execute(
        select(quarantine.c.event_id, quarantine.c.body).where(
            quarantine.c.device_id == device_id,
            quarantine.c.reason_code.not_in([SeqReused.code, ID_CONFLICT]),
        )
    )
    for row in refused:
        seq = _own_seq(device_id, row.body)
        if seq in seqs:
            taken.setdefault(seq, row.event_id)
    return taken


def _classify(conn: Connection, batch: _Batch, raw: Any) -> EventResult:
    event_id = _readable_id(raw.get("event_id", "")) if isinstance(raw, dict) else ""
    try:
        event = Event.from_wire(raw)
        content_hash = event.content_hash()
        stored = batch.known.get(event.event_id)
        if stored is not None:
            return _repeat(conn, batch, event, raw, content_hash, stored)
        event = _authorise(batch, event)
        _check_evidence(batch, event)
        _check_seq(batch, event)
    except DomainError as error:
        return _refuse(conn, batch, event_id, raw, error)
    status = PushStatus.HELD if _waits_for_report(batch, event) else PushStatus.ACCEPTED
    if event.type is EventType.HAZARD_REPORTED:
        batch.reports_in_batch.add(event.aggregate.id)
        batch.reported.add(event.aggregate.id)
    batch.to_store.append((event, content_hash, status))
    batch.risks.note(event)
    if event.type is EventType.WORKSHOP_DEFINED:
        _note_workshop(batch, event)
    batch.seqs[event.device_seq] = event.event_id
    batch.owners.setdefault((event.aggregate.type.value, event.aggregate.id), event.tenant)
    # A repeat later in the batch is a resend.
    batch.known[event.event_id] = _Stored(content_hash, None, status is PushStatus.HELD)
    return EventResult(event_id=event.event_id, status=status)


def _readable_id(value: Any) -> str:
    """The id to answer and quarantine a refused event under: its own, if it is plain text.

    PostgreSQL text columns cannot hold a NUL, and a control character has no place in an
    id: such an id is kept in its escaped form (the body in quarantine keeps the original).
    """
    text = str(value)[:64]
    return text if bad_character(text, multi_line=False) is None else ascii(text)[:64]


def _stored(conn: Connection, ids: set[str]) -> dict[str, _Stored]:
    """Content hash, server_seq and status of those ids that are already stored."""
    if not ids:
        return {}
    rows = conn.execute(
        select(
            events.c.event_id, events.c.content_hash, events.c.server_seq, events.c.status
        ).where(events.c.event_id.in_(sorted(ids)))
    )
    return {
        row.event_id: _Stored(row.content_hash, row.server_seq, row.status == PushStatus.HELD)
        for row in rows
    }


def _owners(conn: Connection, aggregates: set[str]) -> dict[tuple[str, str], str]:
    """The enterprise of each stored aggregate among these ids (the first to use an id owns it)."""
    if not aggregates:
        return {}
    rows = conn.execute(
        select(events.c.aggregate_type, events.c.aggregate_id, events.c.tenant)
        .where(events.c.aggregate_id.in_(sorted(aggregates)))
        .distinct()
    )
    return {(row.aggregate_type, row.aggregate_id): row.tenant for row in rows}


def _reference_tenants(conn: Connection, kind: str, ids: set[str]) -> dict[str, str]:
    """The enterprise of each of these posts (or workshops) in the reference data."""
    if not ids:
        return {}
    rows = conn.execute(
        select(reference.c.id, reference.c.tenant).where(
            reference.c.kind == kind, reference.c.id.in_(sorted(ids))
        )
    )
    return {row.id: row.tenant for row in rows}


def _card_tenants(conn: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = conn.execute(
        select(reference.c.id, reference.c.tenant).where(
            reference.c.kind == "card", reference.c.id.in_(sorted(ids))
        )
    )
    return {row.id: row.tenant for row in rows}


def _cards(conn: Connection, ids: set[str]) -> dict[str, CheckCard]:
    """The stored cards among these ids, for the evidence their items ask of a failed tick."""
    if not ids:
        return {}
    rows = conn.execute(
        select(reference.c.id, reference.c.body).where(
            reference.c.kind == "card", reference.c.id.in_(sorted(ids))
        )
    )
    return {row.id: CheckCard.model_validate(row.body, context=STORED) for row in rows}


def _quarantined(conn: Connection, ids: set[str]) -> dict[str, list[tuple[Any, str, str]]]:
    """What is already in quarantine under these ids: body, code and reason of each."""
    if not ids:
        return {}
    rows = conn.execute(
        select(
            quarantine.c.event_id, quarantine.c.body, quarantine.c.reason_code, quarantine.c.reason
        ).where(quarantine.c.event_id.in_(sorted(ids)))
    )
    found: dict[str, list[tuple[Any, str, str]]] = {}
    for row in rows:
        found.setdefault(row.event_id, []).append((row.body, row.reason_code, row.reason))
    return found


def _reported(conn: Connection, aggregates: set[str]) -> set[str]:
    """Those hazards among ``aggregates`` whose report is stored and accepted."""
    if not aggregates:
        return set()
    rows = conn.execute(
        select(events.c.aggregate_id).where(
            events.c.aggregate_type == AggregateType.HAZARD.value,
            events.c.aggregate_id.in_(sorted(aggregates)),
            events.c.type == EventType.HAZARD_REPORTED.value,
            events.c.status == "accepted",
        )
    )
    return {row.aggregate_id for row in rows}


def _repeat(
    conn: Connection,
    batch: _Batch,
    event: Event,
    raw: dict[str, Any],
    content_hash: str,
    stored: _Stored,
) -> EventResult:
    """A known id: a resend after a lost answer, or a different event under a used id.

    A resend of an event still held is answered ``held`` again, as the first time: the phone
    must not believe it is in the record before its report arrives.
    """
    if stored.content_hash == content_hash:
        status = PushStatus.HELD if stored.held else PushStatus.DUPLICATE
        return EventResult(event_id=event.event_id, status=status, server_seq=stored.server_seq)
    error = InvalidInput("another event is already stored under this id; kept apart for review")
    return _refuse(conn, batch, event.event_id, raw, error, code=ID_CONFLICT)


def _authorise(batch: _Batch, event: Event) -> Event:
    """Refuse what the signed-in user may not record; stamp the server's view of the actor."""
    actor = batch.actor
    if event.device_id != batch.device_id:
        raise InvalidInput("the event was made on another device than the one pushing it")
    if event.actor.user_id != actor.user_id:
        raise NotPermitted("an event is pushed by the person who made it, under their sign-in")
    if actor.role not in PERMITTED_ROLES[event.type]:
        raise NotPermitted(f"a {actor.role} may not make {event.type} events")
    if event.tenant not in batch.tenants:
        raise NotPermitted("this enterprise is outside your scope")
    owner = batch.owners.get((event.aggregate.type.value, event.aggregate.id), event.tenant)
    if owner != event.tenant:
        # Otherwise the record would fold differently on the server (which holds both
        # enterprises' events) and on each enterprise's phones (which hold their own).
        raise NotPermitted("this record belongs to another enterprise")
    ahead_ms = event.hlc.wall_ms - int(batch.now.timestamp() * 1000)
    if ahead_ms > MAX_AHEAD_MS:
        raise ClockTooFarAhead(
            f"the clock stamp is {ahead_ms // 3_600_000} h ahead of the server's clock; at most "
            f"{MAX_AHEAD_MS // 3_600_000} h is accepted (set the phone's date and time)",
            ahead_ms=ahead_ms,
        )
    _check_references(batch, event)
    return event.model_copy(update={"actor": actor})


def _check_references(batch: _Batch, event: Event) -> None:
    """What the payload names must exist in the event's enterprise: a post, a card id, a person."""
    if event.type in (EventType.CARD_SUBMITTED, EventType.CARD_DEFINED):
        post = str(event.payload["post_id"])
        if batch.posts.get(post) != event.tenant:
            raise UnknownReference(f"no post {post} in this enterprise")
    if event.type is EventType.POST_LOCATED and batch.posts.get(event.aggregate.id) != (
        event.tenant
    ):
        raise UnknownReference(f"no post {event.aggregate.id} in this enterprise")
    if event.type is EventType.CARD_SUBMITTED:
        _check_post_held(batch, event)
    if event.type is EventType.CARD_DEFINED:
        _check_card_id(batch, event)
    if event.type is EventType.HAZARD_ASSIGNED:
        _check_assignee(batch, event)
    if event.type is EventType.HAZARD_SUPERVISED:
        _check_supervision(event)
    if event.type is EventType.WORKSHOP_DEFINED:
        _check_workshop(batch, event)
    if event.type in (
        EventType.CARD_DEFINED,
        EventType.RISK_IDENTIFIED,
        EventType.WORKSHOP_DEFINED,
    ):
        _check_responsible(batch, event)
    batch.risks.check(event)


def _check_responsible(batch: _Batch, event: Event) -> None:
    """A card item's, risk point's or post's 责任人 is a person who may answer for it (issue 21).

    Checked like a rectification's assignee, so a list never names someone who left, a person
    of another enterprise, or an inspector; nothing of the event is stored when one is wrong.
    """
    payload = event.parsed()
    named = [item.responsible for item in payload.items] if isinstance(payload, CardDefined) else []
    if isinstance(payload, RiskIdentified):
        named = [payload.responsible]
    if isinstance(payload, WorkshopDefined):
        named = [line.responsible for line in payload.posts]
    for user_id in dict.fromkeys(u for u in named if u is not None):
        refusal = responsible_refusal(user_id, batch.people.get(user_id), event.tenant)
        if refusal is not None:
            raise refusal


def _check_workshop(batch: _Batch, event: Event) -> None:
    """A workshop and its posts are new or the enterprise's own, with ids a reference row takes.

    Otherwise one enterprise's definition would rename another's post (post ids are made on
    the phone, and an id from a printed card could be typed in by hand).
    """
    payload: WorkshopDefined = event.parsed()  # type: ignore[assignment]
    ids = [event.aggregate.id, *(line.id for line in payload.posts)]
    if any(len(i) > MAX_RISK_ID for i in ids):
        raise InvalidInput(
            f"a workshop or post id has at most {MAX_RISK_ID} characters", field="aggregate.id"
        )
    if batch.workshops.get(event.aggregate.id, event.tenant) != event.tenant:
        raise NotPermitted(f"workshop {event.aggregate.id} belongs to another enterprise")
    for line in payload.posts:
        if batch.posts.get(line.id, event.tenant) != event.tenant:
            raise NotPermitted(f"post {line.id} belongs to another enterprise")


def _note_workshop(batch: _Batch, event: Event) -> None:
    """The batch's later events may name the workshop and posts it just set up."""
    payload: WorkshopDefined = event.parsed()  # type: ignore[assignment]
    batch.workshops[event.aggregate.id] = event.tenant
    batch.risks.places[("workshop", event.aggregate.id)] = event.tenant
    for line in payload.posts:
        batch.posts[line.id] = event.tenant
        batch.risks.places[("post", line.id)] = event.tenant


def _check_supervision(event: Event) -> None:
    """A 挂牌督办's deadline lies after the moment it is placed (the phone offers only such).

    A past deadline would make the hazard overdue the moment it is supervised, and the
    enterprise could do nothing to meet it; nothing of the event is stored.
    """
    payload: HazardSupervised = event.parsed()  # type: ignore[assignment]
    if payload.deadline <= event.at:
        raise BadSupervision(
            "the supervision deadline must be after the moment it is placed", field="deadline"
        )


def _check_assignee(batch: _Batch, event: Event) -> None:
    """A rectification goes to an active worker or manager of the hazard's own enterprise.

    The phone offers only those (``shared.people.eligible_assignees``); a hand-made push, or a
    phone that assigned someone disabled since, is refused here, before the hazard is owned by
    nobody (issue 19).
    """
    assignee = str(event.payload["assignee"])
    refusal = assignee_refusal(assignee, batch.people.get(assignee), event.tenant)
    if refusal is not None:
        raise refusal


def _check_post_held(batch: _Batch, event: Event) -> None:
    """A worker ticks only a post they hold (or held), as the phone offers (issue 19).

    Managers tick any post of their enterprise; where nobody holds a post, anyone may.
    """
    holdings = batch.holdings
    refusal = post_refusal(
        batch.actor.role,
        str(event.payload["post_id"]),
        holdings.held,
        anyone_holds=event.tenant in holdings.assigning,
    )
    if refusal is not None:
        raise refusal


def _check_evidence(batch: _Batch, event: Event) -> None:
    """A new 不合格 tick or hazard report without its evidence is refused (``shared.evidence``).

    Only new events reach here: a resend of a stored event is answered before, so nothing
    stored before the rule is judged by it.
    """
    card = None
    if event.type is EventType.CARD_SUBMITTED:
        card = batch.ticked.get(str(event.payload["card_id"]))
        card = card if card is not None and card.tenant == event.tenant else None
    refusal = evidence_refusal(event, card)
    if refusal is not None:
        raise refusal


def _check_seq(batch: _Batch, event: Event) -> None:
    """A device numbers each event once: a second event under a used number is refused.

    The first event keeps the number (and its place in the device's sequence); the second is
    quarantined and does not count as received, so it hides no gap.
    """
    taken = batch.seqs.get(event.device_seq)
    if taken is not None and taken != event.event_id:
        raise SeqReused(
            f"device_seq {event.device_seq} of this device is already another event's",
            device_seq=event.device_seq,
            event_id=taken,
        )


def _release_in_batch(batch: _Batch) -> None:
    """Accept the held events whose report came later in the same batch.

    Whatever order a batch holds them in, a report and the events that follow it end up in the
    record together (issue 13.1: a note before its report was held for good).
    """
    for index, (event, content_hash, status) in enumerate(batch.to_store):
        if status is PushStatus.HELD and event.aggregate.id in batch.reports_in_batch:
            batch.to_store[index] = (event, content_hash, PushStatus.ACCEPTED)
            batch.released_here.add(event.event_id)
            batch.known[event.event_id] = _Stored(content_hash, None, held=False)


def _check_card_id(batch: _Batch, event: Event) -> None:
    """A defined card takes a new id: an imported card, or another enterprise's, stays as it is.

    Cards share one id space in the reference table, and an imported card's version is the
    import's; redefining it by events would renumber it under the ticks made against it.
    """
    card_id = event.aggregate.id
    if len(card_id) > MAX_CARD_ID:
        raise InvalidInput(f"a card id has at most {MAX_CARD_ID} characters", field="aggregate.id")
    defined_here = (AggregateType.CARD.value, card_id) in batch.owners
    if card_id in batch.cards and not defined_here:
        raise NotPermitted(f"card {card_id} exists already; define a new card id instead")


def _waits_for_report(batch: _Batch, event: Event) -> bool:
    if event.aggregate.type is not AggregateType.HAZARD or event.type is EventType.HAZARD_REPORTED:
        return False
    return event.aggregate.id not in batch.reported


def _store(conn: Connection, batch: _Batch) -> set[tuple[AggregateType, str]]:
    """Write the batch, numbering accepted events and any held ones their report releases."""
    released = _held_released_by(conn, batch.reports_in_batch)
    accepted = [item for item in batch.to_store if item[2] is PushStatus.ACCEPTED]
    # Released events after the rest, so a report's server_seq is below its followers'.
    accepted.sort(key=lambda item: item[0].event_id in batch.released_here)
    first = allocate_server_seqs(conn, len(accepted) + len(released))
    seqs: dict[str, int] = {event.event_id: first + i for i, (event, _, _) in enumerate(accepted)}
    seqs |= {event_id: first + len(accepted) + i for i, event_id in enumerate(released)}
    rows = [
        event_row(
            event,
            status=status,
            server_seq=seqs.get(event.event_id),
            received_at=batch.now,
            pushed_by=batch.actor.user_id,
            content_hash=content_hash,
        )
        for event, content_hash, status in batch.to_store
    ]
    if rows:
        conn.execute(insert(events), rows)
    for i, event_id in enumerate(released):
        conn.execute(
            update(events)
            .where(events.c.event_id == event_id)
            .values(status="accepted", server_seq=first + len(accepted) + i)
        )
    _confirm_notice_numbers(conn, batch)
    _answer(batch, seqs)
    _audit_batch(conn, batch, len(released))
    return {(AggregateType.HAZARD, aggregate_id) for aggregate_id in batch.reports_in_batch}


def _confirm_notice_numbers(conn: Connection, batch: _Batch) -> None:
    """Number each accepted inspection's notice officially, in this transaction."""
    note_numbers_on_record(
        conn,
        (
            event.payload
            for event, _, _ in batch.to_store
            if event.type is EventType.INSPECTION_RECORDED
        ),
    )
    for event, _, status in batch.to_store:
        if status is PushStatus.ACCEPTED and event.type is EventType.INSPECTION_RECORDED:
            confirm_number(conn, event, batch.now)


def _answer(batch: _Batch, seqs: dict[str, int]) -> None:
    """Give each answer its server_seq; a held event released in this push is answered so.

    Its first answer in the push is ``accepted``, a repeat of it later in the batch ``duplicate``.
    """
    seen: set[str] = set()
    for result in batch.results:
        result.server_seq = seqs.get(result.event_id, result.server_seq)
        if result.status is PushStatus.HELD and result.event_id in seqs:
            repeat = result.event_id in seen
            result.status = PushStatus.DUPLICATE if repeat else PushStatus.ACCEPTED
        seen.add(result.event_id)


def _held_released_by(conn: Connection, reports: Iterable[str]) -> list[str]:
    ids = list(reports)
    if not ids:
        return []
    rows = conn.execute(
        select(events.c.event_id)
        .where(events.c.status == "held", events.c.aggregate_id.in_(ids))
        .order_by(events.c.hlc, events.c.device_id, events.c.event_id)
    )
    return [row.event_id for row in rows]


def allocate_server_seqs(conn: Connection, count: int) -> int:
    """Reserve ``count`` consecutive server_seq values; returns the first."""
    value = conn.execute(
        update(sequence)
        .where(sequence.c.id == 1)
        .values(value=sequence.c.value + count)
        .returning(sequence.c.value)
    ).scalar_one()
    return int(value) - count + 1


def event_row(
    event: Event,
    *,
    status: PushStatus,
    server_seq: int | None,
    received_at: datetime,
    pushed_by: str,
    content_hash: str | None = None,
) -> dict[str, Any]:
    """The ``events`` row of an event: what the device said plus the server-owned columns."""
    return {
        "event_id": event.event_id,
        "server_seq": server_seq,
        "status": status.value,
        "tenant": event.tenant,
        "aggregate_type": event.aggregate.type.value,
        "aggregate_id": event.aggregate.id,
        "type": event.type.value,
        "device_id": event.device_id,
        "device_seq": event.device_seq,
        "hlc": event.hlc.encode(),
        "content_hash": content_hash or event.content_hash(),
        "body": event.model_dump(mode="json"),
        "received_at": received_at,
        "pushed_by": pushed_by,
    }


def _refuse(
    conn: Connection,
    batch: _Batch,
    event_id: str,
    raw: Any,
    error: DomainError,
    *,
    code: str | None = None,
) -> EventResult:
    """Quarantine a refused event, once: a resend of it gets the first answer again.

    A phone resends only when it never heard the answer, so the same body under the same id
    is that resend. Its device_seq counts as received: the server saw it, even if it refused it.
    """
    earlier = next(
        (
            (first_code, reason)
            for body, first_code, reason in batch.refused.get(event_id, [])
            if event_id and body == _storable(raw)
        ),
        None,
    )
    if earlier is None:
        earlier = (code or error.code, error.message)
        _quarantine(conn, batch, event_id or "(none)", raw, error, code=code)
        batch.refused.setdefault(event_id, []).append((_storable(raw), *earlier))
        seq = _own_seq(batch.device_id, raw)
        # An id conflict's or a reused number's seq is the original's: not received again.
        if seq is not None and code != ID_CONFLICT and not isinstance(error, SeqReused):
            batch.refused_seqs.append(seq)
    status = PushStatus.ID_CONFLICT if earlier[0] == ID_CONFLICT else PushStatus.REJECTED
    return EventResult(event_id=event_id, status=status, code=earlier[0], reason=earlier[1])


def _own_seq(device_id: str, body: Any) -> int | None:
    """The device_seq of an event as sent, if it is this device's and a valid number."""
    if not isinstance(body, dict) or body.get("device_id") != device_id:
        return None
    seq = body.get("device_seq")
    return seq if is_device_seq(seq) else None


def _storable(value: Any) -> Any:
    """The body as strict JSON, to keep in quarantine.

    NaN and infinities, which Python's JSON parser lets through, become their names: PostgreSQL's
    json type refuses them, and a push carrying one answered 500 (found by probing).
    """
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, dict):
        return {key: _storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_storable(item) for item in value]
    return value


def _quarantine(
    conn: Connection,
    batch: _Batch,
    event_id: str,
    raw: Any,
    error: DomainError,
    *,
    code: str | None = None,
) -> None:
    conn.execute(
        insert(quarantine).values(
            event_id=event_id,
            reason_code=code or error.code,
            reason=error.message,
            body=_storable(raw) if isinstance(raw, dict) else {"value": repr(raw)[:2000]},
            pushed_by=batch.actor.user_id,
            device_id=batch.device_id,
            received_at=batch.now,
        )
    )
    conn.execute(
        insert(audit).values(
            at=batch.now,
            actor=batch.actor.user_id,
            action="event.quarantined",
            subject=event_id,
            detail={"code": code or error.code, "reason": error.message},
        )
    )


def _audit_batch(conn: Connection, batch: _Batch, released: int) -> None:
    counts: dict[str, int] = {}
    for result in batch.results:
        counts[result.status.value] = counts.get(result.status.value, 0) + 1
    conn.execute(
        insert(audit).values(
            at=batch.now,
            actor=batch.actor.user_id,
            action="sync.push",
            subject=batch.device_id,
            detail={**counts, "released": released},
        )
    )


def _track_device(conn: Connection, batch: _Batch) -> tuple[int, list[int]]:
    """Register the device to the pushing user, or update it, and report gaps in its numbers.

    The counters grow with each batch (every stored event of a push is of the pushing device),
    so a push never counts the device's history; gaps are looked up only when there are some.
    A number counts once, however many events came under it.
    """
    row = conn.execute(select(devices).where(devices.c.id == batch.device_id)).first()
    mine = {event.event_id for event, _, _ in batch.to_store}
    before = {seq for seq, event_id in batch.seqs.items() if event_id not in mine}
    new_seqs = (
        {event.device_seq for event, _, _ in batch.to_store} | set(batch.refused_seqs)
    ) - before
    max_seq = max([int(row.max_seq) if row else 0, *new_seqs])
    count = (int(row.seq_count) if row else 0) + len(new_seqs)
    now_ms = int(batch.now.timestamp() * 1000)
    skews = [abs(e.hlc.wall_ms - now_ms) for e, _, _ in batch.to_store]
    skew = max([*skews, int(row.max_skew_ms) if row else 0])
    values = {
        "max_seq": max_seq,
        "seq_count": count,
        "last_seen_at": batch.now,
        "max_skew_ms": skew,  # recorded; only a stamp over a day ahead is refused
    }
    if row is None:
        conn.execute(
            insert(devices).values(
                id=batch.device_id, user_id=batch.actor.user_id, registered_at=batch.now, **values
            )
        )
    else:  # the owner never changes (``_check_owner``)
        conn.execute(update(devices).where(devices.c.id == batch.device_id).values(**values))
    return max_seq, missing_seqs(conn, batch.device_id, max_seq, count)


def missing_seqs(conn: Connection, device_id: str, max_seq: int, count: int) -> list[int]:
    """The first sequence numbers of a device never received: events lost or not yet sent.

    Computed from the numbers stored, gap by gap, never by counting up to ``max_seq``: time and
    memory follow what the device stored, and the answer holds at most
    ``MAX_MISSING_REPORTED`` numbers, whatever the numbers are (one push with seq 2**53 - 1
    once built a list of every number below it). Refused events were received: their numbers
    are read from the quarantined bodies.
    """
    if count >= max_seq:
        return []
    stored = conn.execute(
        select(events.c.device_seq).where(events.c.device_id == device_id)
    ).scalars()
    refused = conn.execute(select(quarantine.c.body).where(quarantine.c.device_id == device_id))
    present = {int(seq) for seq in stored}
    present |= {seq for (body,) in refused if (seq := _own_seq(device_id, body)) is not None}
    return first_gaps(sorted(present), MAX_MISSING_REPORTED)


def first_gaps(present: Iterable[int], limit: int) -> list[int]:
    """The first ``limit`` positive numbers missing below the largest of ``present`` (sorted)."""
    missing: list[int] = []
    expected = 1
    for seq in present:
        if seq > expected:
            missing.extend(range(expected, min(seq, expected + limit - len(missing))))
            if len(missing) >= limit:
                break
        expected = max(expected, seq + 1)
    return missing
