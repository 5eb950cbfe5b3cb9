"""Current state on the phone: the shared folds over known events plus pending ones.

The phone runs the same folds as the server (``shared.hazards``, ``shared.card_ticks``) over
every event it knows to be in the record and every event it has not sent yet, so a worker sees
their own action at once and the same result as everyone else once synced.

Events are kept as compact UTF-8 JSON and validated only when their aggregate is folded; a fold is
cached until one of its events changes. A phone with a long history stays small and fast: a
card tick looks up one aggregate's version, it never refolds the history.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from pydantic import ValidationError

from shared.card_ticks import CardRecord, fold_card_records
from shared.events import AggregateRef, AggregateType, Event
from shared.hazards import Hazard, fold_hazard
from shared.ids import HazardId
from shared.text import STORED

__all__ = ["Projections"]

log = logging.getLogger(__name__)

Key = tuple[str, str]  # (aggregate type, aggregate id)


class Projections:
    """Events by aggregate, and their folds computed on demand."""

    def __init__(self) -> None:
        self._events: dict[Key, dict[str, bytes]] = {}  # aggregate -> event_id -> JSON
        self._where: dict[str, Key] = {}
        self._folded: dict[Key, Hazard | CardRecord | None] = {}
        self.unreadable: set[str] = set()  # ids of events this build cannot read (newer types)

    def put(self, body: dict[str, Any]) -> None:
        """Add an event, or replace the copy with the same id (the server's wins)."""
        event_id = str(body["event_id"])
        aggregate = body.get("aggregate") or {}
        key = (str(aggregate.get("type")), str(aggregate.get("id")))
        self.remove(event_id)
        self._events.setdefault(key, {})[event_id] = json.dumps(
            body, ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8")  # bytes: about half the memory of a str with Chinese in it
        self._where[event_id] = key
        self._folded.pop(key, None)

    def remove(self, event_id: str) -> None:
        """Forget an event (refused by the server: not part of the record)."""
        key = self._where.pop(event_id, None)
        if key is not None:
            del self._events[key][event_id]
            self._folded.pop(key, None)

    def version(self, aggregate: AggregateRef) -> int:
        """How many events of this aggregate the phone has folded: the next ``base_version``."""
        return len(self._events.get((aggregate.type.value, aggregate.id), {}))

    def hazard(self, hazard_id: str) -> Hazard | None:
        """One hazard's current state, or None before its report is known."""
        folded = self._fold((AggregateType.HAZARD.value, hazard_id))
        return folded if isinstance(folded, Hazard) else None

    def hazards(self) -> dict[HazardId, Hazard]:
        """Every hazard the phone knows of."""
        found = (self.hazard(aid) for kind, aid in self._events if kind == AggregateType.HAZARD)
        return {hazard.id: hazard for hazard in found if hazard is not None}

    def aggregate_ids(self, kind: AggregateType) -> list[str]:
        """The ids of every aggregate of a kind the phone knows of (inspections, hazards…)."""
        return [aggregate_id for key, aggregate_id in self._events if key == kind.value]

    def bodies(self, kind: AggregateType, aggregate_id: str) -> list[dict[str, Any]]:
        """One aggregate's events as JSON (the server's copy once pulled), in no set order.

        For screens that show what people wrote (a conflict's two sides, a notice), without
        reading the phone's whole history from its files.
        """
        found = self._events.get((kind.value, aggregate_id), {})
        return [json.loads(text) for text in found.values()]

    def card_record(self, instance_id: str) -> CardRecord | None:
        """One card instance as ticked so far on every device, or None if never ticked."""
        folded = self._fold((AggregateType.CARD_INSTANCE.value, instance_id))
        return folded if isinstance(folded, CardRecord) else None

    def __len__(self) -> int:
        return len(self._where)

    def _fold(self, key: Key) -> Hazard | CardRecord | None:
        if key not in self._folded:
            events = self._parsed(key)
            if key[0] == AggregateType.HAZARD:
                self._folded[key] = fold_hazard(events)
            else:
                self._folded[key] = fold_card_records(events).get(key[1])
        return self._folded[key]

    def _parsed(self, key: Key) -> list[Event]:
        events = []
        for event_id, text in self._events.get(key, {}).items():
            try:
                events.append(Event.model_validate_json(text, context=STORED))
            except ValidationError:
                if event_id not in self.unreadable:
                    log.warning("event %s cannot be read by this app version", event_id)
                    self.unreadable.add(event_id)
        return events
