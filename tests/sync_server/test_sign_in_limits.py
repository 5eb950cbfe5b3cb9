"""The login throttle: a minute's allowance per name, and no memory of names gone quiet."""

from __future__ import annotations

import pytest

from sync_server.sign_in_limits import PRUNE_FLOOR, LoginThrottle
from sync_server.problems import RateLimited


def test_the_eleventh_attempt_at_a_name_within_a_minute_is_refused_and_the_next_minute_allowed():
    throttle = LoginThrottle(10)
    for second in range(10):
        throttle.check("manager1", now=float(second))
    with pytest.raises(RateLimited):
        throttle.check("manager1", now=30.0)
    throttle.check("manager1", now=61.0)  # the first attempt has left the window
    assert throttle.tracked() == 1


def test_names_tried_once_long_ago_are_forgotten_so_guessing_names_cannot_fill_memory():
    throttle = LoginThrottle(10)
    for n in range(100_000):
        throttle.check(f"guess-{n}", now=n / 100)  # 100 new names a second for 1,000 seconds
    # What is kept is bounded by the names of about the last minute (6,000), not all 100,000.
    assert throttle.tracked() <= 2 * 6_000 + PRUNE_FLOOR
