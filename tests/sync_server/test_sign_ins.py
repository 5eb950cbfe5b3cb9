"""Sign-ins become one row per user and local day; password sign-ins are audited too."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from sync_server.clock import FakeClock
from sync_server.schema import audit, sign_in_days
from sync_server.sign_ins import SIGN_IN
from tests.sync_server.scoring_world import CLEAN, PASSWORD, SignIns, app_engine, moment, seed


def test_a_day_of_sign_ins_and_refreshes_is_one_row_in_the_local_day(client):
    engine = app_engine(client.app)
    seed(engine)
    clock = FakeClock(moment(0, 7, 59))  # 23:59 UTC the day before, 07:59 in Shanghai
    client.app.state.clock = clock
    user = f"safety_manager-{CLEAN}"
    session = SignIns(client)
    for _ in range(3):
        session.sign_in(user)
        clock.advance(900)
    clock.advance(86_400)
    session.sign_in(user)
    with engine.connect() as conn:
        days = conn.execute(select(sign_in_days.c.day, sign_in_days.c.role)).all()
        audited = conn.execute(select(audit.c.actor).where(audit.c.action == SIGN_IN)).all()
    assert sorted(days) == [
        (date(2026, 3, 2), "safety_manager"),
        (date(2026, 3, 3), "safety_manager"),
    ]
    assert [row.actor for row in audited] == [user]  # the password sign-in, not the refreshes
    assert (
        client.post(
            "/v1/auth/login", json={"username": user, "password": PASSWORD + "x"}
        ).status_code
        == 401
    )
