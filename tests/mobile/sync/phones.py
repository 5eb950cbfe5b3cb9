"""Phones for sync tests: built by ``mobile.wiring`` on a temp folder, talking to a live server.

``FaultyNetwork`` is an ``httpx.MockTransport`` in front of the real server: it forwards each
request over loopback and can fail chosen ones before they leave (timeout, refused) or after the
server processed them (the answer is lost), as a weak mobile network does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from mobile.photos import keep_photo, process_photo
from mobile.services.actions import Action, CardTick, record_action, tick_card
from mobile.wiring import Phone, build_phone
from shared.cards import ItemResult
from shared.events import Event, EventType
from shared.ids import CardId, ItemId, PostId, TenantId
from shared.roles import Actor
from tests.mobile.ui.pictures import a_photo

Rule = Callable[[httpx.Request], bool]


@dataclass
class FaultyNetwork:
    """Forwards to ``server``; ``cut_before`` / ``lose_answer`` rules fail matching requests."""

    server: str
    cut_before: list[Rule] = field(default_factory=list)
    lose_answer: list[Rule] = field(default_factory=list)
    seen: list[str] = field(default_factory=list)  # "METHOD /path" of every request
    requests: list[httpx.Request] = field(default_factory=list)
    down: bool = False  # every request fails before it leaves, as in a lift or a basement

    def __post_init__(self) -> None:
        self._real = httpx.Client(timeout=10)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    def close(self) -> None:
        self._real.close()

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(f"{request.method} {request.url.path}")
        self.requests.append(request)
        if self.down or _fires(self.cut_before, request):
            raise httpx.ConnectTimeout("no signal", request=request)
        answer = self._real.request(
            request.method, request.url, headers=request.headers, content=request.read()
        )
        if _fires(self.lose_answer, request):
            raise httpx.ReadTimeout("the answer never came", request=request)
        # ``content`` is already decoded: the server's gzip header would decode it twice.
        headers = [
            (k, v)
            for k, v in answer.headers.items()
            if k.lower() not in ("content-encoding", "content-length")
        ]
        return httpx.Response(answer.status_code, headers=headers, content=answer.content)


def _fires(rules: list[Rule], request: httpx.Request) -> bool:
    for rule in list(rules):
        if rule(request):
            rules.remove(rule)  # each rule fails one request
            return True
    return False


def once(method: str, path_part: str, *, skip: int = 0) -> Rule:
    """A rule matching the (skip+1)-th request with this method whose path contains path_part."""
    count = [0]

    def rule(request: httpx.Request) -> bool:
        if request.method == method and path_part in request.url.path:
            count[0] += 1
            return count[0] > skip
        return False

    return rule


def make_phone(folder: Path, server: str, network: FaultyNetwork | None = None) -> Phone:
    transport = network.transport() if network else None
    return build_phone(folder, server, transport=transport)


def signed_in(phone: Phone, username: str) -> Phone:
    phone.session.sign_in(username, "demo1234")
    return phone


def actor_of(phone: Phone) -> Actor:
    session = phone.session.current()
    assert session is not None, "sign the phone in first"
    return session.actor


def report_hazard(phone: Phone, hazard_id: str, *, photo: bytes | None = None) -> Event:
    actor = actor_of(phone)
    photos = []
    if photo is not None:
        processed = process_photo(photo, captured_at=datetime(2026, 11, 2, 8, tzinfo=UTC))
        photos.append(keep_photo(phone.photos, processed).model_dump(mode="json"))
    payload: dict[str, object] = {"title": "灭火器压力不足", "photos": photos}
    if not photos:
        payload["no_photo_reason"] = "手机没电"  # a report needs a photo or a reason
    action = Action(
        actor, TenantId(actor.tenant or ""), hazard_id, EventType.HAZARD_REPORTED, payload
    )
    return record_action(phone.record, action)


def tick_stove_card(phone: Phone, period: str = "2026-11-02") -> Event:
    actor = actor_of(phone)
    at = datetime(2026, 11, 2, 8, tzinfo=UTC)
    ticks = CardTick(
        post_id=PostId("P-STOVE"),
        card_id=CardId("CARD-STOVE"),
        card_version=1,
        period=period,
        results={ItemId("1"): ItemResult.PASS, ItemId("3"): ItemResult.FAIL},
        started_at=at,
        completed_at=at,
        scanned=True,
        # The failed item's evidence, as its card asks (a photo, by default).
        photos={ItemId("3"): [keep_photo(phone.photos, process_photo(a_photo(), captured_at=at))]},
    )
    return tick_card(phone.record, actor, ticks)
