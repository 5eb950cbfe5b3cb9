"""The score's weights as versioned data: who changed them, when, why, from what to what.

A city tunes its weights (``shared.scoring.ScoreWeights``); a score is only fair if everyone
can see which weights made it and that they were not changed quietly. ``scoring.json`` gives
version 0; a regulator of the city (a unit with no parent) or an admin changes them through
the API, and every change is a new version row keeping the weights before and after. The
nightly run scores a day with the version current when it started (a resumed run keeps it)
and records it for the day. Past days are rescored with new weights only when asked
(``score --date D``): the nightly run never goes back.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from shared.errors import BadWeights, NotPermitted
from shared.roles import Actor, Role
from shared.scoring import ScoreWeights
from sync_server.problems import Conflict
from sync_server.schema import score_day_weights, score_weights
from sync_server.scope import grid_units
from sync_server.scoring.inputs import aware

FILE_VERSION = 0
"""The version of the weights in ``scoring.json`` (or the defaults), before any change."""


class WeightsVersion(BaseModel):
    """The weights in force from a version on."""

    version: int
    weights: ScoreWeights


class WeightsChange(BaseModel):
    """One recorded change: who, when, why, and what changed from what to what."""

    version: int
    changed_by: str
    changed_at: datetime
    reason: str
    changed: dict[str, list[Any]]
    """{weight: [old, new]} of every weight that changed."""


class ChangeRequest(BaseModel):
    """A change asked for: the weights to change (others keep their values) and why."""

    weights: dict[str, Any] = Field(min_length=1)
    reason: str = Field(min_length=1, max_length=500)


def current(conn: Connection, base: ScoreWeights) -> WeightsVersion:
    """The newest version, or ``base`` (``scoring.json``'s) as version 0 when none was made."""
    row = conn.execute(
        select(score_weights.c.version, score_weights.c.weights)
        .order_by(score_weights.c.version.desc())
        .limit(1)
    ).first()
    if row is None:
        return WeightsVersion(version=FILE_VERSION, weights=base)
    return WeightsVersion(version=row.version, weights=ScoreWeights.model_validate(row.weights))


def of_version(conn: Connection, version: int, base: ScoreWeights) -> WeightsVersion:
    """The weights of one version (0: ``base``); the current ones if it is unknown."""
    if version == FILE_VERSION:
        return WeightsVersion(version=FILE_VERSION, weights=base)
    row = conn.execute(
        select(score_weights.c.weights).where(score_weights.c.version == version)
    ).first()
    if row is None:
        return current(conn, base)
    return WeightsVersion(version=version, weights=ScoreWeights.model_validate(row.weights))


def for_run(conn: Connection, day: date, base: ScoreWeights, *, resuming: bool) -> WeightsVersion:
    """The weights a run of ``day`` scores with, recorded for the day.

    A fresh run takes the current version; a resumed one keeps the version its first chunks
    were scored with, so one day is never scored with two.
    """
    recorded = conn.execute(
        select(score_day_weights.c.version).where(score_day_weights.c.day == day)
    ).scalar_one_or_none()
    if resuming and recorded is not None:
        return of_version(conn, recorded, base)
    chosen = current(conn, base)
    if recorded is None:
        conn.execute(insert(score_day_weights).values(day=day, version=chosen.version))
    elif recorded != chosen.version:
        conn.execute(
            update(score_day_weights)
            .where(score_day_weights.c.day == day)
            .values(version=chosen.version)
        )
    return chosen


def day_versions(conn: Connection, first: date, last: date) -> dict[date, int]:
    """The weights version each scored day of ``first``..``last`` used.

    Days scored before versions were recorded are missing.
    """
    rows = conn.execute(
        select(score_day_weights.c.day, score_day_weights.c.version).where(
            score_day_weights.c.day >= first, score_day_weights.c.day <= last
        )
    )
    return {row.day: row.version for row in rows}


def _may_change(conn: Connection, actor: Actor) -> bool:
    """An admin, or a regulator of the whole city: weights are the same for every enterprise."""
    if actor.role is Role.ADMIN:
        return True
    if actor.role is not Role.REGULATOR or actor.grid_unit is None:
        return False
    unit = grid_units(conn).get(actor.grid_unit)
    return unit is not None and unit.parent_id is None


def change(
    conn: Connection, actor: Actor, request: ChangeRequest, now: datetime, base: ScoreWeights
) -> WeightsChange:
    """Record a new version of the weights: the current ones with ``request.weights`` changed.

    Raises:
        NotPermitted: Not an admin or a city-level regulator.
        BadWeights: An unknown weight, a value out of range, or no change at all.
        Conflict: Another change was recorded at the same moment; read and try again.
    """
    if not _may_change(conn, actor):
        raise NotPermitted("only an admin or the city's regulator changes the score's weights")
    was = current(conn, base)
    old = was.weights.model_dump(mode="json")
    unknown = sorted(set(request.weights) - set(old))
    if unknown:
        raise BadWeights("no such weight", unknown=unknown)
    try:
        new = ScoreWeights.model_validate(old | request.weights).model_dump(mode="json")
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "weights"
        raise BadWeights(f"{where}: {first['msg']}", field=where) from exc
    changed = {key: [old[key], new[key]] for key in new if new[key] != old[key]}
    if not changed:
        raise BadWeights("the weights are already these")
    version = was.version + 1
    try:
        with conn.begin_nested():
            conn.execute(
                insert(score_weights).values(
                    version=version,
                    weights=new,
                    previous=old,
                    changed_by=actor.user_id,
                    changed_at=now,
                    reason=request.reason,
                )
            )
    except IntegrityError as exc:
        raise Conflict("the weights changed meanwhile; read them again") from exc
    return WeightsChange(
        version=version,
        changed_by=actor.user_id,
        changed_at=now,
        reason=request.reason,
        changed=changed,
    )


def history(conn: Connection) -> list[WeightsChange]:
    """Every recorded change, newest first."""
    rows = conn.execute(select(score_weights).order_by(score_weights.c.version.desc()))
    return [
        WeightsChange(
            version=row.version,
            changed_by=row.changed_by,
            changed_at=aware(row.changed_at),
            reason=row.reason,
            changed={
                key: [row.previous.get(key), value]
                for key, value in row.weights.items()
                if row.previous.get(key) != value
            },
        )
        for row in rows
    ]
