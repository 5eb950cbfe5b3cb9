"""The demo city's people: every account has a name, inspectors a badge, workers their posts."""

from __future__ import annotations

from shared.roles import Role
from sync_server.demo import seed_demo
from sync_server.people import people


def test_every_demo_account_has_a_name_and_every_worker_holds_a_post(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
        everyone = people(conn)

    assert [p.user_id for p in everyone.values() if not p.display_name] == []
    workers = [p for p in everyone.values() if p.role is Role.WORKER]
    assert workers and [p.user_id for p in workers if not p.posts] == []
    officials = [p for p in everyone.values() if p.role is Role.INSPECTOR]
    assert [p.user_id for p in officials if not (p.badge_no and p.authority)] == []
    assert everyone["worker2"].posts == ("P-LATHE-1",)  # one of the lathe shop's two posts
