"""Setting up workshops and posts on the phone: what is typed, and the event saved."""

from __future__ import annotations

import uuid

import pytest

from mobile.services.workshops import define_workshop, degrees, locate_post, post_names
from shared.errors import InvalidInput, NotPermitted
from shared.events import EventType
from shared.payloads import PostLocated, WorkshopDefined
from tests.mobile.world import MANAGER, WORKER


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("灶台岗\n切配岗", ["灶台岗", "切配岗"]),
        ("灶台岗、切配岗，收银岗", ["灶台岗", "切配岗", "收银岗"]),
        ("  灶台岗 \n\n灶台岗\n", ["灶台岗"]),  # blanks and repeats dropped
        ("", []),
    ],
)
def test_posts_are_read_one_a_line_or_between_commas(typed, names):
    assert post_names(typed) == names


def test_a_workshop_is_saved_with_new_post_ids_as_one_event(kitchen):
    ids = iter(uuid.UUID(int=n << 100) for n in range(1, 10))
    event = define_workshop(
        kitchen, MANAGER, " 前厅 ", ["收银岗", "迎宾岗"], make=lambda: next(ids)
    )
    assert kitchen.pending() == [event]
    assert event.type is EventType.WORKSHOP_DEFINED and event.aggregate.id.startswith("W-")
    made = WorkshopDefined.model_validate(event.payload)
    assert made.name == "前厅"
    assert [(p.name, p.id.startswith("P-")) for p in made.posts] == [
        ("收银岗", True),
        ("迎宾岗", True),
    ]
    assert len({p.id for p in made.posts}) == 2


@pytest.mark.parametrize(
    ("name", "posts"),
    [("", ["收银岗"]), ("前厅", []), ("前厅", [f"岗{n}" for n in range(51)])],
    ids=["no name", "no post", "51 posts"],
)
def test_a_workshop_without_a_name_or_posts_is_not_saved(kitchen, name, posts):
    with pytest.raises(InvalidInput):
        define_workshop(kitchen, MANAGER, name, posts)
    assert kitchen.pending() == []


def test_a_worker_cannot_set_up_workshops(kitchen):
    with pytest.raises(NotPermitted):
        define_workshop(kitchen, WORKER, "前厅", ["收银岗"])
    assert kitchen.pending() == []


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("39.9354", 39.9354),
        (" 119.6005° ", 119.6005),
        ("-33.5", -33.5),
        ("39，9354", 39.9354),  # a full-width comma typed for the decimal point
        ("", None),
        ("39°56'", None),  # degrees and minutes: refused rather than read wrong
        ("nan", None),
        ("inf", None),
    ],
)
def test_typed_degrees_are_read_as_decimal_degrees_or_refused(typed, value):
    assert degrees(typed) == value


def test_a_post_is_located_as_one_event_on_the_post(kitchen):
    event = locate_post(kitchen, MANAGER, "P-STOVE", 39.9354, 119.6005)
    assert kitchen.pending() == [event]
    assert (event.type, event.aggregate.type.value, event.aggregate.id) == (
        EventType.POST_LOCATED,
        "post",
        "P-STOVE",
    )
    assert PostLocated.model_validate(event.payload) == PostLocated(
        latitude=39.9354, longitude=119.6005
    )


@pytest.mark.parametrize(("latitude", "longitude"), [(90.5, 119.6), (39.9, 181.0)])
def test_a_position_out_of_range_is_not_saved(kitchen, latitude, longitude):
    with pytest.raises(InvalidInput):
        locate_post(kitchen, MANAGER, "P-STOVE", latitude, longitude)
    assert kitchen.pending() == []


def test_a_worker_cannot_locate_a_post(kitchen):
    with pytest.raises(NotPermitted):
        locate_post(kitchen, WORKER, "P-STOVE", 39.9354, 119.6005)
    assert kitchen.pending() == []
