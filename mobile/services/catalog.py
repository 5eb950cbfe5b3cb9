"""The posts, cards and workshops a signed-in user works with, read from the phone's reference data.

Reference data comes down with the first sync after sign-in (``mobile.reference``); until then
the screens say so rather than show an empty day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mobile.reference import models_of, reference_of, rows_of
from mobile.store import Store
from shared.cards import CheckCard
from shared.ids import PostId
from shared.org import Enterprise, Post, Workshop
from shared.people import Person, may_tick
from shared.roles import Actor

__all__ = ["PostCard", "enterprise_name", "find_post", "has_reference", "my_posts"]


@dataclass(frozen=True)
class PostCard:
    """A post with its check card (None if it has none yet) and where it is."""

    post: Post
    card: CheckCard | None
    workshop: str

    @property
    def place(self) -> str:
        """Workshop and post, as a location line: ``后厨 · 灶台岗``."""
        return f"{self.workshop} · {self.post.name}" if self.workshop else self.post.name


def has_reference(store: Store, actor: Actor) -> bool:
    """Whether the user's enterprise data is on the phone (after the first sync)."""
    return bool(actor.tenant) and reference_of(store, actor.tenant or "") is not None


def my_posts(store: Store, actor: Actor) -> list[PostCard]:
    """The user's posts, by workshop then name.

    A worker's are the posts they hold; a manager's are every post of the enterprise. Where
    nobody holds a post yet (a small place whose manager assigned none), every post is
    everyone's, as before posts had people (``shared.people.may_tick``, which the server
    applies again to every pushed tick).
    """
    doc = reference_of(store, actor.tenant) if actor.tenant else None
    if doc is None:
        return []
    held, anyone_holds = _held_posts(doc, actor)
    cards = {card.id: card for card in models_of(CheckCard, doc.get("card"))}
    workshops = {shop.id: shop.name for shop in models_of(Workshop, doc.get("workshop"))}
    posts = [
        PostCard(
            post,
            cards.get(post.card_id) if post.card_id else None,
            workshops.get(post.workshop_id, ""),
        )
        for post in models_of(Post, doc.get("post"))
        if may_tick(actor.role, post.id, held, anyone_holds=anyone_holds)
    ]
    return sorted(posts, key=lambda p: (p.workshop, p.post.name, p.post.id))


def _held_posts(doc: dict[str, Any], actor: Actor) -> tuple[frozenset[str], bool]:
    """The posts the user holds, and whether anyone in the enterprise holds one."""
    people = models_of(Person, doc.get("person"))
    me = next((person for person in people if person.user_id == actor.user_id), None)
    held = frozenset(me.posts) if me is not None else frozenset()
    return held, any(person.posts for person in people)


def find_post(store: Store, actor: Actor, post_id: str) -> PostCard | None:
    """One of the user's posts by id, or None when it is not theirs."""
    return next((p for p in my_posts(store, actor) if p.post.id == PostId(post_id)), None)


def enterprise_name(store: Store, actor: Actor) -> str:
    """The user's enterprise name, or its id when the reference data is not there yet."""
    rows = rows_of(store, actor.tenant, "enterprise", Enterprise) if actor.tenant else []
    return rows[0].name if rows else (actor.tenant or "")
