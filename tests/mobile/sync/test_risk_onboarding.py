"""A risk list a manager builds from the library on the phone is folded by the server."""

from __future__ import annotations

from sqlalchemy import select

from mobile.services.catalog import my_posts
from mobile.services.risk_onboarding import adopt_risk_list, propose_risk_list
from shared.org import SmallPlaceKind
from sync_server.schema import reference
from sync_server.standards import shipped_library
from tests.mobile.sync.phones import actor_of


def test_the_server_accepts_and_lists_every_risk_point_the_manager_kept(world, phones):
    manager = phones.new("m", "manager1")
    manager.engine.sync_once()
    actor = actor_of(manager)
    posts = my_posts(manager.record.store, actor)
    proposal = propose_risk_list(shipped_library(), SmallPlaceKind.RESTAURANT, posts)
    made = adopt_risk_list(manager.record, actor, proposal, posts)
    events = len(manager.record.pending())

    assert manager.engine.sync_once().pushed == {"accepted": events}
    with world.state.engine.connect() as conn:
        rows = conn.execute(
            select(reference.c.id, reference.c.body).where(
                reference.c.kind == "risk_point", reference.c.id.in_(made)
            )
        ).all()
    listed = {row.id: row.body for row in rows}
    assert set(listed) == set(made)
    assert all(body["measures"] and body["five_high"] for body in listed.values())
