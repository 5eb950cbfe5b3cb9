"""车间有表册, the places: a manager sets up the enterprise's workshops and posts on the phone.

A new enterprise (a 小餐饮 that joined yesterday) has no workshops or posts until someone makes
them; waiting for an admin's import is what onboarding ends. Each workshop with its posts is
one ``workshop.defined`` event; the server folds it into the reference data (its posts get
ids made here, so a card can be defined for them after the next sync), and the post cards and
risk list are then built on the same phone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from mobile.local_record import LocalRecord
from mobile.services.actions import Action, record_action
from shared.errors import InvalidInput, NotPermitted
from shared.events import Event, EventType
from shared.ids import TenantId
from shared.lifecycle import PERMITTED_ROLES
from shared.payloads import MAX_WORKSHOP_POSTS, PostLocated
from shared.roles import Actor

__all__ = ["define_workshop", "degrees", "locate_post", "post_names"]


def post_names(text: str) -> list[str]:
    """The posts typed one a line (or separated by 、，,), blanks and repeats dropped."""
    for mark in "、，,；;":
        text = text.replace(mark, "\n")
    names: list[str] = []
    for line in text.splitlines():
        name = line.strip()
        if name and name not in names:
            names.append(name)
    return names


def define_workshop(
    record: LocalRecord,
    actor: Actor,
    name: str,
    posts: Sequence[str],
    *,
    responsible: str | None = None,
    make: Callable[[], uuid.UUID] = uuid.uuid4,
) -> Event:
    """Save a new workshop (or place) with its posts as one ``workshop.defined`` event.

    ``responsible`` (a user id of the enterprise) is each new post's 责任人; the server checks
    it is someone who may answer for a post.

    Raises:
        NotPermitted: Only a safety manager sets up workshops; nothing is saved.
        InvalidInput: No name, no post, or too many posts; nothing is saved.
    """
    if actor.role not in PERMITTED_ROLES[EventType.WORKSHOP_DEFINED]:
        raise NotPermitted(f"a {actor.role} may not set up workshops")
    if not name.strip():
        raise InvalidInput("a workshop needs a name", field="name")
    if not posts or len(posts) > MAX_WORKSHOP_POSTS:
        raise InvalidInput(f"a workshop has 1 to {MAX_WORKSHOP_POSTS} posts", field="posts")
    payload = {
        "name": name.strip(),
        "posts": [
            {"id": f"P-{make().hex[:12].upper()}", "name": post, "responsible": responsible}
            for post in posts
        ],
    }
    tenant = TenantId(actor.tenant or "")
    workshop_id = f"W-{make().hex[:12].upper()}"
    return record_action(
        record, Action(actor, tenant, workshop_id, EventType.WORKSHOP_DEFINED, payload)
    )


def degrees(text: str) -> float | None:
    """Typed degrees as a number (``39.9354``, ``39.9354°``); None when it is not one.

    Decimal degrees only: a degrees-minutes form would be read wrong, so it is refused.
    """
    cleaned = text.strip().rstrip("°").strip().replace("，", ".").replace("。", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def locate_post(
    record: LocalRecord, actor: Actor, post_id: str, latitude: float, longitude: float
) -> Event:
    """Save where a post is (WGS-84) as one ``post.located`` event, for the 200 m check.

    Raises:
        NotPermitted: Only a safety manager locates posts; nothing is saved.
        InvalidInput: Degrees out of range; nothing is saved.
    """
    if actor.role not in PERMITTED_ROLES[EventType.POST_LOCATED]:
        raise NotPermitted(f"a {actor.role} may not locate posts")
    try:
        where = PostLocated(latitude=latitude, longitude=longitude)
    except ValidationError as exc:
        raise InvalidInput("latitude −90…90 and longitude −180…180", field="latitude") from exc
    tenant = TenantId(actor.tenant or "")
    return record_action(
        record,
        Action(actor, tenant, post_id, EventType.POST_LOCATED, where.model_dump(mode="json")),
    )
