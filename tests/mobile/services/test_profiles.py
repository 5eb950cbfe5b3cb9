"""What a profile and the due list read from the server, and the notice PDF on the phone."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest

from mobile.services.notices import fetch_notice_pdf, notice_link
from mobile.services.profiles import due_list, scores_of
from mobile.services.risk_points import by_colour
from mobile.store import MemoryStore
from mobile.sync.api import SyncApi
from mobile.sync.errors import Offline
from mobile.sync.reads import ServerReads
from mobile.sync.session import SessionKeeper
from shared.org import RiskPoint
from shared.risk import RiskColour
from sync_server.demo import demo_reference

ACTOR = {"user_id": "inspector1", "role": "inspector", "tenant": None, "grid_unit": "X-HG"}


def score_day(day: str, total: float, points: float) -> dict[str, Any]:
    return {"tenant": "T", "day": day, "total": total, "tier": "yellow", "month_score": 80.0,
            "light": "yellow", "lights": [{"colour": "yellow", "code": "zero_hazard",
                                           "reason_zh": "疑似零隐患", "reason_en": "zero"}],
            "components": [{"code": "card_completion", "points": points, "max_points": 35.0,
                            "detail": "按时 30"}]}  # fmt: skip


ANSWERS: dict[str, Any] = {
    "/v1/scores/enterprises/T": [score_day("2026-11-27", 81, 35.0), score_day("2026-11-28", 79, 7)],
    "/v1/scores/enterprises/EMPTY": [],
    "/v1/supervision/due": [
        {"tenant": "B", "name": "乙", "supervision_class": "C", "due_on": "2026-12-31",
         "reasons": ["regular"], "overdue": False},
        {"tenant": "A", "name": "甲", "supervision_class": "A", "due_on": "2026-11-01",
         "reasons": ["red_light"], "overdue": True},
        {"tenant": "C", "name": "丙", "supervision_class": "D", "due_on": "2026-12-01",
         "reasons": ["yellow_light"], "overdue": False},
    ],
    "/v1/documents/notice-link": {"path": "/v1/documents/shared/notice.pdf?inspection=I&sig=x"},
}  # fmt: skip


@pytest.fixture
def reads() -> tuple[dict[str, bool], ServerReads]:
    plug = {"online": True}

    def handle(request: httpx.Request) -> httpx.Response:
        if not plug["online"]:
            raise httpx.ConnectError("unplugged", request=request)
        if request.url.path.endswith(".pdf"):
            return httpx.Response(200, content=b"%PDF-1.7 notice")
        if request.url.path not in ANSWERS:
            return httpx.Response(404, json={"code": "not_found", "message": "nope"})
        return httpx.Response(200, json=ANSWERS[request.url.path])

    http = httpx.Client(base_url="http://s.test", transport=httpx.MockTransport(handle))
    store = MemoryStore()
    store.write_doc("session", {"access_token": "a1", "refresh_token": "r1", "actor": ACTOR})
    api = SyncApi(http)
    return plug, ServerReads(api, SessionKeeper(api, store), store, clock=lambda: 5_000)


def test_scores_give_the_latest_day_its_lights_and_the_completion_of_each_day(reads):
    plug, server = reads
    scores = scores_of(server, "T")
    assert scores is not None and scores.fresh
    assert (scores.latest.day, scores.latest.total, scores.month_score) == (
        date(2026, 11, 28),
        79,
        80,
    )
    assert [d.completion for d in scores.days] == [1.0, 0.2]
    assert scores.lights == (("yellow", "疑似零隐患", "zero"),)
    plug["online"] = False
    kept = scores_of(server, "T")
    assert kept is not None and not kept.fresh and kept.fetched_ms == 5_000


@pytest.mark.parametrize(
    "tenant",
    [
        "EMPTY",  # never scored
        "HIDDEN",  # refused (not in scope): looks the same
    ],
)
def test_no_scores_is_none_rather_than_an_error(reads, tenant):
    assert scores_of(reads[1], tenant) is None


def test_offline_scores_never_fetched_are_none(reads):
    plug, server = reads
    plug["online"] = False
    assert scores_of(server, "T") is None


def test_the_due_list_puts_overdue_first_then_by_due_day(reads):
    due = due_list(reads[1])
    assert due is not None and [line.name for line in due.lines] == ["甲", "丙", "乙"]


def test_the_due_list_never_fetched_is_none_offline(reads):
    plug, server = reads
    plug["online"] = False
    assert due_list(server) is None


def test_risk_points_group_by_colour_gravest_first():
    points = [RiskPoint.model_validate(p.model_dump()) for p in demo_reference().of("risk_point")]
    colours = [colour for colour, _ in by_colour(points)]
    assert colours == sorted(colours, key=list(RiskColour).index)
    assert sum(len(group) for _, group in by_colour(points)) == len(points)


def test_the_notice_pdf_is_kept_in_the_data_folder_and_opened_by_an_absolute_link(reads, tmp_path):
    plug, server = reads
    path = fetch_notice_pdf(server, tmp_path, "I/1")
    assert path == tmp_path / "notices" / "I_1.pdf" and path.read_bytes().startswith(b"%PDF")
    link = notice_link(server, "http://s.test/", "I")
    assert link == "http://s.test/v1/documents/shared/notice.pdf?inspection=I&sig=x"
    plug["online"] = False
    with pytest.raises(Offline):  # a kept link would have expired: never reuse one
        notice_link(server, "http://s.test/", "I")
