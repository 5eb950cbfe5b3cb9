"""What must hold after the chaos and a quiet full sync, checked against the server's database.

- every event a phone made is on the server exactly once: in the record (accepted or held) or
  in quarantine (rejected), never both, never twice, and the phone knows which;
- every phone's projections equal the server's for everything in its user's scope, and it holds
  every event of that scope (so no pull cursor skipped one);
- the server's projection tables equal a fresh fold of its stored events;
- no device has a gap in its ``device_seq`` on the server, and the server reports none;
- every photo an accepted event shows is verified on the server, and a phone deletes its copy
  only once that holds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from mobile.local_record import photo_hashes
from mobile.store import STORED_ON_SERVER
from shared.card_ticks import fold_card_records
from shared.events import Event
from shared.hazards import fold_hazards
from shared.protocol import PushStatus
from shared.roles import Role
from sync_server.merge import missing_seqs
from sync_server.schema import blobs, card_records, devices, events, hazards, quarantine
from tests.chaos.actions import TENANTS
from tests.chaos.simulation import SimPhone, Simulation


@dataclass
class ServerState:
    """The server's tables, read once after the quiet sync."""

    events: dict[str, Any]  # event_id -> row
    quarantined: Counter[str]
    quarantine_bodies: list[tuple[str | None, dict[str, Any]]]  # (pushing device, body)
    hazards: dict[str, Any]
    card_records: dict[str, Any]
    devices: dict[str, Any]
    blobs: set[tuple[str, str]]
    missing: dict[str, list[int]]


def read_server(engine: Engine) -> ServerState:
    """Everything the checks need, in one transaction."""
    with engine.connect() as conn:
        stored = {row.event_id: row for row in conn.execute(select(events))}
        q_rows = conn.execute(select(quarantine)).all()
        device_rows = {row.id: row for row in conn.execute(select(devices))}
        missing = {
            row.id: missing_seqs(conn, row.id, int(row.max_seq), int(row.seq_count))
            for row in device_rows.values()
        }
        return ServerState(
            events=stored,
            quarantined=Counter(row.event_id for row in q_rows),
            quarantine_bodies=[(row.device_id, row.body) for row in q_rows],
            hazards={row.id: row.body for row in conn.execute(select(hazards))},
            card_records={row.id: row.body for row in conn.execute(select(card_records))},
            devices=device_rows,
            blobs={(row.tenant, row.sha256) for row in conn.execute(select(blobs))},
            missing=missing,
        )


def check_everything(sim: Simulation, engine: Engine) -> None:
    """Every invariant of the module docstring; the first that fails raises AssertionError."""
    server = read_server(engine)
    each_event_once(sim, server)
    for phone in sim.phones:
        phone_agrees_with_server(phone, server)
    projections_are_a_fresh_fold(server)
    no_sequence_gaps(sim, server)
    photos_are_safe(sim, server)


def each_event_once(sim: Simulation, server: ServerState) -> None:
    made = {event.event_id: (phone, event) for phone in sim.phones for event in phone.made}
    on_phones = {
        (phone.name, known.event_id): known.status
        for phone in sim.phones
        for known in phone.phone.store.known()
    }
    assert len(made) == sum(len(phone.made) for phone in sim.phones), "an event id was reused"
    hostile = {event.event_id for event in sim.hostile}
    assert not hostile & set(server.events), "a hostile event was stored in the record"
    assert all(server.quarantined[event_id] == 1 for event_id in hostile), "hostile: not kept once"
    unknown = (set(server.events) | set(server.quarantined)) - set(made) - hostile
    assert not unknown, f"the server holds events no phone made: {sorted(unknown)}"
    for event_id, (phone, event) in made.items():
        where = f"{phone.name}'s {event.type} seq {event.device_seq} ({event_id})"
        in_record = event_id in server.events
        times_quarantined = server.quarantined[event_id]
        assert in_record or times_quarantined, f"{where} never reached the server"
        assert not (in_record and times_quarantined), f"{where} is stored and quarantined"
        assert times_quarantined <= 1, f"{where} was quarantined {times_quarantined} times"
        expected = PushStatus(server.events[event_id].status) if in_record else PushStatus.REJECTED
        on_phone = on_phones.get((phone.name, event_id))
        assert on_phone is expected, f"{where}: the phone says {on_phone}, the server {expected}"


def phone_agrees_with_server(phone: SimPhone, server: ServerState) -> None:
    record = phone.phone.record
    assert record.pending() == [], f"{phone.name} still has events to send"
    actor = record.store.read_doc("session")
    assert actor is not None
    scope = _scope(actor["actor"])
    in_scope = {
        event_id
        for event_id, row in server.events.items()
        if row.status == "accepted" and row.tenant in scope
    }
    known = phone.phone.store.known()
    held_here = {k.event_id for k in known if k.status is PushStatus.HELD}
    in_record = {k.event_id for k in known if k.status in STORED_ON_SERVER}
    assert in_record - held_here == in_scope, (
        f"{phone.name} lacks {sorted(in_scope - in_record)} "
        f"and has {sorted(in_record - held_here - in_scope)} beyond the server's record"
    )
    theirs = {key: body for key, body in server.hazards.items() if body["tenant"] in scope}
    mine = {str(k): h.model_dump(mode="json") for k, h in record.projections.hazards().items()}
    _same(phone.name, "hazard", mine, theirs)
    cards = {k.body["aggregate"]["id"] for k in known if k.body["aggregate"]["type"] != "hazard"}
    mine_cards = {
        key: folded.model_dump(mode="json")
        for key in cards
        if (folded := record.projections.card_record(key)) is not None
    }
    theirs_cards = {k: b for k, b in server.card_records.items() if b["tenant"] in scope}
    _same(phone.name, "card record", mine_cards, theirs_cards)


def _scope(actor: dict[str, Any]) -> set[str]:
    """The tenants whose events the user's phone keeps."""
    if actor["role"] in (Role.WORKER.value, Role.SAFETY_MANAGER.value):
        return {actor["tenant"]}
    if actor["role"] == Role.REGULATOR.value:
        return set()  # a regulator's screens read the server's aggregates: no raw events
    return set(TENANTS)  # the inspector's county holds both


def _same(name: str, kind: str, mine: dict[str, Any], theirs: dict[str, Any]) -> None:
    assert mine.keys() == theirs.keys(), (
        f"{name} shows {kind}s {sorted(mine.keys() - theirs.keys())} the server lacks, "
        f"lacks {sorted(theirs.keys() - mine.keys())}"
    )
    for key in sorted(mine):
        assert mine[key] == theirs[key], f"{name}'s {kind} {key} differs:\n" + _diff(
            mine[key], theirs[key]
        )


def _diff(mine: dict[str, Any], theirs: dict[str, Any]) -> str:
    return "\n".join(
        f"  {field}: phone {mine.get(field)!r}\n  {' ' * len(field)}  server {theirs.get(field)!r}"
        for field in sorted(mine.keys() | theirs.keys())
        if mine.get(field) != theirs.get(field)
    )


def projections_are_a_fresh_fold(server: ServerState) -> None:
    accepted = [
        Event.model_validate(row.body) for row in server.events.values() if row.status == "accepted"
    ]
    folded = {str(key): h.model_dump(mode="json") for key, h in fold_hazards(accepted).items()}
    _same("the server", "hazard", server.hazards, folded)
    cards = {key: c.model_dump(mode="json") for key, c in fold_card_records(accepted).items()}
    _same("the server", "card record", server.card_records, cards)


def no_sequence_gaps(sim: Simulation, server: ServerState) -> None:
    for phone in sim.phones:
        device = phone.phone.store.device()
        if device.seq == 0:
            continue
        seqs = Counter(
            row.device_seq for row in server.events.values() if row.device_id == device.device_id
        )
        seqs.update(
            body["device_seq"]
            for pushed_by, body in server.quarantine_bodies
            if pushed_by == device.device_id and body.get("device_id") == device.device_id
        )
        assert sorted(seqs.elements()) == list(range(1, device.seq + 1)), (
            f"{phone.name}: device_seq on the server {sorted(seqs.elements())}, "
            f"made 1..{device.seq}"
        )
        row = server.devices[device.device_id]
        assert int(row.max_seq) == device.seq, f"{phone.name}: server max_seq {row.max_seq}"
        assert server.missing[device.device_id] == [], (
            f"{phone.name}: the server reports gaps {server.missing[device.device_id]} "
            f"in 1..{device.seq}"
        )


def photos_are_safe(sim: Simulation, server: ServerState) -> None:
    for row in server.events.values():
        if row.status != "accepted":
            continue
        for sha in photo_hashes(row.body["payload"]):
            assert (row.tenant, sha) in server.blobs, f"{row.event_id} shows a photo never sent"
    for phone in sim.phones:
        for sha in phone.phone.photos.stored():
            owners = phone.phone.record.photo_owners(sha)
            assert not owners or not all(o.status in STORED_ON_SERVER for o in owners), (
                f"{phone.name} kept photo {sha[:8]} after the server verified and accepted it"
            )
