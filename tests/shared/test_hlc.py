"""Hybrid logical clock: strictly increasing stamps, a total order, and a sortable text form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from shared.errors import BadHlc
from shared.hlc import MAX_AHEAD_MS, MAX_COUNTER, MAX_WALL_MS, Hlc, HlcText, receive, tick
from shared.ids import DeviceId

PHONE = DeviceId("phone-a")
OTHER = DeviceId("phone-b")
DAY_MS = 24 * 60 * 60 * 1000
NOW = 1_700_000_000_000

devices = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40)
walls = st.integers(min_value=0, max_value=MAX_WALL_MS)
# Stamps a property may build on: the last representable millisecond (year 2286) is tested apart.
walls_with_room = st.integers(min_value=0, max_value=MAX_WALL_MS - 100)
stamps = st.builds(
    Hlc,
    wall_ms=walls_with_room,
    counter=st.integers(min_value=0, max_value=MAX_COUNTER),
    device=devices,
)
# Clock readings close together, so stamps often share a millisecond and the counter runs.
readings = st.integers(min_value=NOW - 3 * DAY_MS, max_value=NOW + 3 * DAY_MS) | st.sampled_from(
    [NOW - 1, NOW, NOW + 1]
)


def stamp(wall_ms: int, counter: int = 0, device: str = "phone-a") -> Hlc:
    return Hlc(wall_ms=wall_ms, counter=counter, device=DeviceId(device))


# --- tick -------------------------------------------------------------------------------------


def test_a_fresh_install_stamps_its_clock_reading_with_counter_zero() -> None:
    assert tick(None, NOW, PHONE) == stamp(NOW)


@pytest.mark.parametrize(
    ("last", "now_ms", "expected"),
    [
        # The clock moved on: follow it and restart the counter.
        (stamp(NOW, 7), NOW + 5, stamp(NOW + 5, 0)),
        # Two events in the same millisecond: the counter orders them.
        (stamp(NOW, 7), NOW, stamp(NOW, 8)),
        # The clock was set back a day: keep our wall time, run the counter.
        (stamp(NOW, 7), NOW - DAY_MS, stamp(NOW, 8)),
        # The counter is full: move wall time on by 1 ms and restart it.
        (stamp(NOW, MAX_COUNTER), NOW, stamp(NOW + 1, 0)),
        # A stamp made on another device still only runs the counter.
        (stamp(NOW, 2, "phone-z"), NOW, stamp(NOW, 3)),
    ],
)
def test_tick_follows_the_clock_or_runs_the_counter(last: Hlc, now_ms: int, expected: Hlc) -> None:
    assert tick(last, now_ms, PHONE) == expected


@given(first=st.none() | stamps, clock=st.lists(readings, min_size=1, max_size=50))
def test_tick_is_strictly_increasing_whatever_the_clock_does(
    first: Hlc | None, clock: list[int]
) -> None:
    last = first
    for now_ms in clock:
        stamped = tick(last, now_ms, PHONE)
        assert last is None or stamped > last
        assert stamped.device == PHONE
        assert stamped.wall_ms >= now_ms
        last = stamped


def test_many_events_in_one_millisecond_overflow_into_the_next() -> None:
    last = None
    for _ in range(MAX_COUNTER + 1):  # counters 0 .. MAX_COUNTER fill one millisecond
        last = tick(last, NOW, PHONE)
    assert last == stamp(NOW, MAX_COUNTER)
    assert tick(last, NOW, PHONE) == stamp(NOW + 1, 0)


@pytest.mark.parametrize(
    ("last", "now_ms", "device"),
    [
        (None, -1, PHONE),  # a clock before 1970 cannot be written
        (None, MAX_WALL_MS + 1, PHONE),  # nor one past the year 2286
        (None, NOW, DeviceId("")),  # a stamp needs a device
        (None, NOW, DeviceId("phone a")),  # a space would make the text form ambiguous to read
        (stamp(MAX_WALL_MS, MAX_COUNTER), NOW, PHONE),  # no stamp left above this one
    ],
)
def test_tick_refuses_what_the_text_form_cannot_hold(
    last: Hlc | None, now_ms: int, device: DeviceId
) -> None:
    with pytest.raises(BadHlc) as caught:
        tick(last, now_ms, device)
    assert caught.value.code == "clock.bad_hlc"
    assert caught.value.message


# --- receive ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "remote", "now_ms", "expected"),
    [
        # Our clock is ahead of both: follow it.
        (stamp(NOW, 4), stamp(NOW, 9, "phone-b"), NOW + 10, stamp(NOW + 10, 0)),
        # The remote clock is a day ahead: adopt its wall time, never reject the skew.
        (stamp(NOW, 4), stamp(NOW + DAY_MS, 9, "phone-b"), NOW, stamp(NOW + DAY_MS, 10)),
        # Ours is ahead of the remote one: run our counter.
        (stamp(NOW + 5, 4), stamp(NOW, 9, "phone-b"), NOW, stamp(NOW + 5, 5)),
        # Same millisecond everywhere: one past the larger counter.
        (stamp(NOW, 4), stamp(NOW, 9, "phone-b"), NOW, stamp(NOW, 10)),
        # A fresh install that first hears from another device.
        (None, stamp(NOW, 9, "phone-b"), NOW - 3, stamp(NOW, 10)),
        # The remote counter is full: move on by 1 ms.
        (None, stamp(NOW, MAX_COUNTER, "phone-b"), NOW, stamp(NOW + 1, 0)),
    ],
)
def test_receive_merges_the_remote_stamp(
    last: Hlc | None, remote: Hlc, now_ms: int, expected: Hlc
) -> None:
    assert receive(last, remote, now_ms, PHONE) == expected


@given(last=st.none() | stamps, remote=stamps, now_ms=walls)
def test_receive_is_greater_than_both_inputs_when_the_remote_is_within_a_day(
    last: Hlc | None, remote: Hlc, now_ms: int
) -> None:
    judge = max(now_ms, last.wall_ms if last is not None else 0)
    top = max([remote] if last is None else [last, remote])
    merged = receive(last, remote, now_ms, PHONE)
    if (top.wall_ms, top.counter) == (MAX_WALL_MS, MAX_COUNTER):
        return  # nothing is left above it (the year 2286): tested apart
    assert last is None or merged > last
    assert merged.wall_ms >= now_ms
    if remote.wall_ms - judge <= MAX_AHEAD_MS:
        assert merged > remote
    else:
        assert merged.wall_ms <= judge + 1


@given(
    last=st.none() | stamps,
    remote=stamps,
    now_ms=st.integers(min_value=-(10**15), max_value=10**15),
    judge_ms=st.none() | st.integers(min_value=-(10**15), max_value=10**15),
)
def test_receive_never_raises_whatever_the_stamps_and_clocks(
    last: Hlc | None, remote: Hlc, now_ms: int, judge_ms: int | None
) -> None:
    merged = receive(last, remote, now_ms, PHONE, judge_ms=judge_ms)
    assert last is None or merged >= last
    assert merged.encode() == Hlc.parse(merged.encode()).encode()


@pytest.mark.parametrize(
    "hostile",
    [
        stamp(MAX_WALL_MS, MAX_COUNTER, "evil"),  # 9999999999999-ffff-…: nothing above it
        stamp(MAX_WALL_MS, MAX_COUNTER - 1, "evil"),  # …-fffe-…: the next stamp would overflow
        stamp(NOW + MAX_AHEAD_MS + 1, 0, "evil"),  # just over a day ahead
    ],
)
def test_a_far_future_stamp_is_not_followed_and_the_next_honest_stamp_parses(
    hostile: Hlc,
) -> None:
    merged = receive(stamp(NOW, 3), hostile, NOW, PHONE)
    assert merged == stamp(NOW, 4)
    following = tick(merged, NOW, PHONE)
    assert Hlc.parse(following.encode()) == following == stamp(NOW, 5)


def test_a_stamp_a_day_ahead_of_the_servers_clock_is_followed_even_if_the_phone_is_behind() -> None:
    # The phone's clock is three days slow; the server's clock says the stamp is honest.
    remote = stamp(NOW + DAY_MS, 0, "phone-b")
    merged = receive(None, remote, NOW - 3 * DAY_MS, PHONE, judge_ms=NOW)
    assert merged == stamp(NOW + DAY_MS, 1)


def test_a_full_counter_on_the_last_millisecond_leaves_the_stamp_as_it_is() -> None:
    top = stamp(MAX_WALL_MS, MAX_COUNTER)
    assert receive(top, stamp(NOW, 0, "phone-b"), NOW, PHONE) == top


@given(clock=st.lists(st.tuples(st.booleans(), readings, readings), min_size=1, max_size=30))
def test_two_phones_exchanging_stamps_never_go_backwards(
    clock: list[tuple[bool, int, int]],
) -> None:
    mine: Hlc | None = None
    theirs: Hlc | None = None
    for they_send, my_now, their_now in clock:
        theirs = tick(theirs, their_now, OTHER)
        before = mine
        # The stamps came through a server whose clock is as late as any phone's.
        mine = (
            receive(mine, theirs, my_now, PHONE, judge_ms=NOW + 3 * DAY_MS)
            if they_send
            else tick(mine, my_now, PHONE)
        )
        assert before is None or mine > before
        assert not they_send or mine > theirs


# --- order ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("smaller", "larger"),
    [
        (stamp(NOW, 9, "z"), stamp(NOW + 1, 0, "a")),  # wall time first
        (stamp(NOW, 9, "z"), stamp(NOW, 10, "a")),  # then the counter
        (stamp(NOW, 9, "a"), stamp(NOW, 9, "b")),  # then the device
        (stamp(NOW, 9, "a"), stamp(NOW, 9, "a-")),  # a device that extends another sorts after
    ],
)
def test_stamps_order_by_wall_time_then_counter_then_device(smaller: Hlc, larger: Hlc) -> None:
    assert smaller < larger
    assert smaller <= larger
    assert larger > smaller
    assert larger >= smaller
    assert smaller != larger
    assert str(smaller) < str(larger)


@given(a=stamps, b=stamps)
def test_text_order_is_stamp_order(a: Hlc, b: Hlc) -> None:
    assert (a < b) == (str(a) < str(b))
    assert (a == b) == (str(a) == str(b))
    assert (a > b) == (str(a) > str(b))


@given(many=st.lists(stamps, max_size=20))
def test_sorting_stamps_and_sorting_their_text_agree(many: list[Hlc]) -> None:
    assert [str(h) for h in sorted(many)] == sorted(str(h) for h in many)


def test_equal_stamps_are_one_set_member_and_compare_equal() -> None:
    assert {stamp(NOW, 1), stamp(NOW, 1)} == {stamp(NOW, 1)}
    assert stamp(NOW, 1) <= stamp(NOW, 1)


def test_a_stamp_does_not_compare_with_other_things() -> None:
    text: object = str(stamp(NOW))
    assert stamp(NOW) != text
    with pytest.raises(TypeError):
        assert stamp(NOW) < text


def test_a_stamp_cannot_be_changed() -> None:
    with pytest.raises(ValidationError):
        stamp(NOW).counter = 3  # type: ignore[misc]


# --- text form --------------------------------------------------------------------------------


def test_the_text_form_is_fixed_width_numbers_then_the_device() -> None:
    assert str(stamp(NOW, 255, "dev-1")) == "1700000000000-00ff-dev-1"
    assert stamp(0, 0, "x").encode() == "0000000000000-0000-x"


@given(h=stamps)
def test_the_text_form_reads_back_as_the_same_stamp(h: Hlc) -> None:
    assert Hlc.parse(str(h)) == h
    assert Hlc.parse(h.encode()).encode() == h.encode()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "1700000000000-0000-",  # no device
        "1700000000000-0000",  # cut off
        "-700000000000-0000-dev",  # a negative wall time
        "170000000000-0000-dev",  # 12 digits
        "17000000000000-0000-dev",  # 14 digits: beyond the year 2286
        "1700000000000-10000-dev",  # a counter past 0xffff
        "1700000000000-00FF-dev",  # uppercase hex would sort differently
        "1700000000000-0x0f-dev",
        "1700000000000-0000-dev 1",  # a space in the device
        " 1700000000000-0000-dev",  # surrounding whitespace is not canonical
        "1700000000000-0000-dev\n",
        "1700000000000-0000-" + "d" * 129,  # device too long
        "١٧٠٠٠٠٠٠٠٠٠٠٠-0000-dev",  # non-ASCII digits
    ],
)
def test_malformed_text_is_a_bad_hlc_with_a_clear_message(text: str) -> None:
    with pytest.raises(BadHlc, match="not a clock stamp") as caught:
        Hlc.parse(text)
    assert caught.value.details == {"text": text}
    assert "13 decimal digits" in caught.value.message


@pytest.mark.parametrize(
    "fields",
    [
        {"wall_ms": -1, "counter": 0, "device": "d"},
        {"wall_ms": MAX_WALL_MS + 1, "counter": 0, "device": "d"},
        {"wall_ms": 0, "counter": -1, "device": "d"},
        {"wall_ms": 0, "counter": MAX_COUNTER + 1, "device": "d"},
        {"wall_ms": "12", "counter": 0, "device": "d"},  # numbers must be numbers
        {"wall_ms": 0, "counter": 0, "device": ""},
        {"wall_ms": 0, "counter": 0, "device": "d", "extra": 1},
    ],
)
def test_the_model_refuses_out_of_range_fields(fields: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Hlc.model_validate(fields)


# --- carried in other models ------------------------------------------------------------------


class Stamped(BaseModel):
    nested: Hlc
    text: HlcText


def test_a_nested_stamp_dumps_as_an_object_and_hlc_text_as_its_text_form() -> None:
    h = stamp(NOW, 1)
    carrier = Stamped(nested=h, text=h)
    assert carrier.model_dump() == {
        "nested": {"wall_ms": NOW, "counter": 1, "device": "phone-a"},
        "text": "1700000000000-0001-phone-a",
    }
    assert Stamped.model_validate_json(carrier.model_dump_json()) == carrier


@pytest.mark.parametrize(
    "value",
    [
        "1700000000000-0001-phone-a",
        {"wall_ms": NOW, "counter": 1, "device": "phone-a"},
        stamp(NOW, 1),
    ],
)
def test_both_ways_of_carrying_accept_either_shape(value: object) -> None:
    carrier = Stamped.model_validate({"nested": value, "text": value})
    assert carrier.nested == carrier.text == stamp(NOW, 1)


def test_a_malformed_carried_stamp_is_a_validation_error_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Stamped.model_validate({"nested": "1700000000000-0001-phone-a", "text": "nope"})
    [error] = caught.value.errors()
    assert error["loc"] == ("text",)
    assert "not a clock stamp" in error["msg"]
