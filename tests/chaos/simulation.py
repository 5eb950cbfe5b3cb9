"""Many phones in chaos: real phone stores and sync engines against the real server.

One seed decides everything: who acts and how, which phone syncs when, which requests and
answers the network loses, when an app is killed, how wrong each phone's clock is, and when a
signed-in user turns hostile (a far-future clock stamp, a push under another user's device
id: both must be refused without touching anyone's record). Phones
are built by ``mobile.wiring.build_phone`` on their own folders, so a killed app is rebuilt from
what its store made durable, exactly as a restarted phone would be.
"""

from __future__ import annotations

import io
import random
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
from PIL import Image

from mobile.photos import keep_photo, process_photo
from mobile.services.actions import Action, record_action
from mobile.services.risk_proposals import open_proposals
from mobile.store import TinyDbStore
from mobile.sync.errors import Offline, SignInRequired
from mobile.wiring import Phone, build_phone
from shared.events import AggregateRef, AggregateType, Event, EventType
from shared.hazards import Hazard
from shared.hlc import MAX_AHEAD_MS, MAX_COUNTER, MAX_WALL_MS, Hlc
from shared.ids import DeviceId
from shared.protocol import PushStatus
from shared.roles import Actor
from tests.chaos.actions import Choice, Desk, choose, legal_steps, moves_on, step_on
from tests.chaos.network import ChaosTransport

T0_MS = int(datetime(2026, 11, 2, 8, 0, tzinfo=UTC).timestamp() * 1000)
DAY_MS = 24 * 3600 * 1000
PASSWORD = "demo1234"
USERS = (
    ("w1", "worker1"),
    ("m1", "manager1"),
    ("w2", "worker2"),
    ("m2", "manager2"),
    ("i1", "inspector1"),
    ("r1", "regulator1"),
)
SECOND_PHONE = ("m1b", "manager1")
"""Some seeds give the kitchen's manager a second phone: one user, two devices."""
MAX_TRIES = 200
"""Attempts at a request through the lossy network before the simulation gives up."""


@dataclass
class SimPhone:
    """One simulated phone: its folder, user, clock error, network and what it made."""

    name: str
    username: str
    folder: Path
    skew_ms: int
    network_rng: random.Random
    phone: Phone
    transport: ChaosTransport
    made: list[Event] = field(default_factory=list)
    counter: int = 0
    restarts: int = 0


@dataclass
class Stats:
    """What a run did, to show the seeds together exercise every kind of action and fault."""

    made: dict[str, int] = field(default_factory=dict)  # "role type legal|illegal" → count
    syncs: int = 0
    offline: int = 0
    answers_lost: int = 0
    kills: int = 0
    photos: int = 0
    hostile_stamps: int = 0
    foreign_devices: int = 0

    def count(self, role: str, kind: EventType, illegal: bool) -> None:
        key = f"{role} {kind.value} {'illegal' if illegal else 'legal'}"
        self.made[key] = self.made.get(key, 0) + 1


def _risk_points(phone: SimPhone, actor: Actor) -> tuple[str, ...]:
    """The risk points of the user's enterprise this phone knows: in the record, or its own."""
    known = [
        k.body["aggregate"]["id"]
        for k in phone.phone.store.known()
        if k.body["type"] == EventType.RISK_IDENTIFIED.value
        and k.status is PushStatus.ACCEPTED
        and k.body["tenant"] == actor.tenant
    ]
    mine = [
        e.aggregate.id
        for e in phone.made
        if e.type is EventType.RISK_IDENTIFIED and e.tenant == actor.tenant
    ]
    return tuple(sorted(set(known) | set(mine)))


def _open_proposals(phone: SimPhone, actor: Actor) -> tuple[str, ...]:
    """The 风险点建议 of the user's enterprise this phone shows as still waiting."""
    return tuple(p.id for p in open_proposals(phone.phone.record, actor.tenant or ""))


def _actor(phone: SimPhone) -> Actor:
    session = phone.phone.session.current()
    assert session is not None, f"{phone.name} is signed out"
    return session.actor


class Simulation:
    """One seeded run; ``run()`` plays the chaos, then a quiet full sync.

    Args:
        seed: Decides everything.
        servers: Base URLs of the live servers (one, or replicas on one database).
        folder: Where the phones keep their data.
        drop: The chance of losing a request, and again its answer.
        concurrent: Let the phones of one sync burst sync at once (threads). Their choices stay
            seeded, but the order in which the server sees them is then the scheduler's.
    """

    def __init__(
        self,
        seed: int,
        servers: list[str],
        folder: Path,
        *,
        drop: float = 0.2,
        concurrent: bool = False,
    ) -> None:
        self.seed = seed
        self.servers = servers
        self.folder = folder
        self.drop = drop
        self.concurrent = concurrent
        self.rng = random.Random(seed)
        self.now_ms = T0_MS
        self.trace: list[str] = []
        self.stats = Stats()
        self.hostile_http = httpx.Client(base_url=servers[0], timeout=30)  # no lossy network
        self.hostile: list[Event] = []  # refused, kept in quarantine, never in the record
        users = [*USERS, SECOND_PHONE] if self.rng.random() < 0.5 else list(USERS)
        self.phones = [self._new_phone(name, username) for name, username in users]

    # --- the run ------------------------------------------------------------------------------

    def run(self, steps: int | None = None) -> None:
        """The chaos (``steps`` of it, by default 10–25 actions' worth), then a quiet sync."""
        for phone in self.phones:
            self._sign_in(phone)
        count = steps if steps is not None else self.rng.randint(20, 44)
        for _ in range(count):
            self.now_ms += self.rng.randint(1, 900) * 1000  # a working day, give or take
            roll = self.rng.random()
            if roll < 0.4:
                self._act(self._who_acts())
            elif roll < 0.5:
                self._at_once()
            elif roll < 0.935:
                self._sync_burst()
            elif roll < 0.96:
                self._turn_hostile()
            else:
                self._kill(self.rng.choice(self.phones), "killed and restarted")
        self.quiet_sync()

    def quiet_sync(self) -> None:
        """The network heals; every phone syncs until nothing is left to send or fetch."""
        self.trace.append("quiet: the network heals")
        for phone in self.phones:
            phone.transport.drop = 0.0
        for phone in self.phones:  # first everything is sent, then everyone fetches it
            if phone.phone.record.pending():
                phone.phone.engine.sync_once()
        for phone in self.phones:
            phone.phone.engine.sync_once()

    def close(self) -> None:
        """Close every phone."""
        for phone in self.phones:
            phone.phone.close()
        self.hostile_http.close()

    # --- phones -------------------------------------------------------------------------------

    def _new_phone(self, name: str, username: str) -> SimPhone:
        folder = self.folder / name
        device = f"{self.seed}-{name}"
        TinyDbStore(folder, new_device_id=lambda: device).close()  # a known device id
        skew = self.rng.randint(-DAY_MS, DAY_MS)
        network_rng = random.Random(f"{self.seed}/{name}")
        transport = ChaosTransport(self.servers, network_rng, drop=self.drop)
        phone = self._build(folder, transport, skew)
        self.trace.append(f"{name}: {username}, clock {skew / 3_600_000:+.1f} h")
        return SimPhone(name, username, folder, skew, network_rng, phone, transport)

    def _build(self, folder: Path, transport: ChaosTransport, skew_ms: int) -> Phone:
        return build_phone(folder, self.servers[0], transport=transport, clock=self._clock(skew_ms))

    def _clock(self, skew_ms: int) -> Callable[[], int]:
        return lambda: self.now_ms + skew_ms

    def _sign_in(self, phone: SimPhone) -> None:
        for _ in range(MAX_TRIES):
            try:
                phone.phone.session.sign_in(phone.username, PASSWORD)
                return
            except Offline:
                self.stats.offline += 1
        raise AssertionError(f"{phone.name} could not sign in through the lossy network")

    def _kill(self, phone: SimPhone, why: str) -> None:
        """The app dies: nothing in memory survives; the phone starts again from its folder."""
        self.trace.append(f"{phone.name}: {why}")
        self.stats.kills += 1
        phone.phone.http.close()  # the sockets die with the process; nothing else is closed
        phone.transport = ChaosTransport(self.servers, phone.network_rng, drop=phone.transport.drop)
        phone.phone = self._build(phone.folder, phone.transport, phone.skew_ms)
        phone.restarts += 1

    # --- actions and syncs --------------------------------------------------------------------

    def _who_acts(self) -> SimPhone:
        """Mostly someone with work to do (an assignee, a manager with something to accept)."""
        if self.rng.random() < 0.6:
            busy = [phone for phone in self.phones if moves_on(_actor(phone), self._hazards(phone))]
            if busy:
                return self.rng.choice(busy)
        return self.rng.choice(self.phones)

    def _at_once(self) -> None:
        """Two people act on the same hazard before either hears of the other: concurrency."""
        shared: dict[str, list[SimPhone]] = {}
        for phone in self.phones:
            for hazard, _ in legal_steps(_actor(phone), self._hazards(phone)):
                if phone not in shared.setdefault(hazard.id, []):
                    shared[hazard.id].append(phone)
        contested = sorted(key for key, phones in shared.items() if len(phones) > 1)
        if not contested:
            self._act(self._who_acts())
            return
        hazard_id = self.rng.choice(contested)
        for phone in self.rng.sample(shared[hazard_id], 2):
            self._act(phone, only=hazard_id)

    def _hazards(self, phone: SimPhone) -> dict[str, Hazard]:
        shown = phone.phone.record.projections.hazards()
        return {str(key): hazard for key, hazard in shown.items()}

    def _act(self, phone: SimPhone, only: str | None = None) -> None:
        actor = _actor(phone)
        desk = Desk(
            actor=actor,
            hazards=self._hazards(phone),
            now_ms=phone.phone.record.clock(),
            rng=self.rng,
            prefix=f"{self.seed}-{phone.name}",
            counter=phone.counter,
            risks=_risk_points(phone, actor),
            proposals=_open_proposals(phone, actor),
        )
        if only is not None:
            desk.hazards = {only: desk.hazards[only]}
        choice = choose(desk) if only is None else step_on(desk)
        phone.counter = desk.counter
        action = self._with_photo(phone, choice) if choice.photo else choice.action
        event = record_action(
            phone.phone.record,
            action,
            clock=phone.phone.record.clock,
            new_id=lambda: uuid.UUID(int=self.rng.getrandbits(128), version=4),
        )
        phone.made.append(event)
        self.stats.count(actor.role.value, event.type, choice.illegal)
        flag = " (illegal)" if choice.illegal else ""
        self.trace.append(
            f"{phone.name}: {event.type} {event.tenant[-4:]}/{event.aggregate.id} "
            f"seq {event.device_seq} base {event.base_version}{flag}"
        )
        roll = self.rng.random()
        if roll < 0.05:
            self._kill(phone, "killed right after saving")
        elif roll < 0.4 and only is None:  # online: the app syncs soon after an action
            self.trace.append(f"{phone.name}: sync {self._sync(phone)}")

    def _with_photo(self, phone: SimPhone, choice: Choice) -> Action:
        image = Image.frombytes("RGB", (48, 32), self.rng.randbytes(48 * 32 * 3))
        raw = io.BytesIO()
        image.save(raw, "PNG")
        taken = datetime.fromtimestamp(phone.phone.record.clock() / 1000, tz=UTC)
        processed = process_photo(raw.getvalue(), captured_at=taken)
        ref = keep_photo(phone.phone.photos, processed)
        self.stats.photos += 1
        taken_ref = ref.model_dump(mode="json")
        if "photo" in choice.action.payload:  # one photo, not a list: a 四色图's site plan
            payload = {**choice.action.payload, "photo": taken_ref}
        else:
            payload = {**choice.action.payload, "photos": [taken_ref]}
        return replace(choice.action, payload=payload)

    def _sync_burst(self) -> None:
        """One phone syncs, or a few at once (in threads when ``concurrent``)."""
        size = 1 if self.rng.random() < 0.7 else self.rng.randint(2, len(self.phones))
        burst = self.rng.sample(self.phones, size)
        kills = [self.rng.random() < 0.5 for _ in burst]  # decided up front: seeded
        if self.concurrent and len(burst) > 1:
            with ThreadPoolExecutor(len(burst)) as pool:
                outcomes = list(pool.map(self._sync, burst))
        else:
            outcomes = [self._sync(phone) for phone in burst]
        for phone, outcome, kill in zip(burst, outcomes, kills, strict=True):
            self.trace.append(f"{phone.name}: sync {outcome}")
            if outcome == "answer lost" and kill:
                self._kill(phone, "killed before hearing the answer to its push")

    def _sync(self, phone: SimPhone) -> str:
        self.stats.syncs += 1
        before = len(phone.transport.drops)
        try:
            report = phone.phone.engine.sync_once()
        except Offline:
            self.stats.offline += 1
            drop = phone.transport.last_drop()
            assert drop is not None and len(phone.transport.drops) > before
            if drop.answered and drop.path == "/v1/sync/push":
                self.stats.answers_lost += 1
                return "answer lost"
            return f"offline ({drop.method} {drop.path})"
        return f"ok: pushed {report.pushed}, pulled {report.pulled}"

    # --- hostile users --------------------------------------------------------------------------

    def _turn_hostile(self) -> None:
        """A signed-in user sends what no honest phone would; the server must refuse it all."""
        self._far_future_stamp()
        self._foreign_device()

    def _direct(self, phone: SimPhone, method: str, path: str, **kwargs: object) -> httpx.Response:
        """A request under ``phone``'s sign-in, straight to the server (not the lossy network)."""

        def send(token: str) -> httpx.Response:
            headers = {"authorization": f"Bearer {token}"}
            answer = self.hostile_http.request(method, path, headers=headers, **kwargs)  # type: ignore[arg-type]
            if answer.status_code == 401:
                raise SignInRequired("expired")
            return answer

        return phone.phone.session.call(send)

    def _far_future_stamp(self) -> None:
        """A report stamped at the end of the text form (or just over a day ahead)."""
        phone = self.rng.choice([p for p in self.phones if _actor(p).tenant is not None])
        actor = _actor(phone)
        assert actor.tenant is not None
        device = DeviceId(f"{self.seed}-{phone.name}-evil")
        server_now = int(datetime.now(UTC).timestamp() * 1000)  # the live server's clock
        wall, counter = self.rng.choice(
            [
                (MAX_WALL_MS, MAX_COUNTER),  # 9999999999999-ffff: nothing above it
                (MAX_WALL_MS, MAX_COUNTER - 1),  # …-fffe: the next stamp would overflow
                (server_now + MAX_AHEAD_MS + DAY_MS, 0),  # two days ahead
            ]
        )
        self.stats.hostile_stamps += 1
        event = Event(
            event_id=str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            device_id=device,
            device_seq=self.stats.hostile_stamps,
            actor=actor,
            tenant=actor.tenant,
            aggregate=AggregateRef(
                type=AggregateType.HAZARD, id=f"{self.seed}-evil-{self.stats.hostile_stamps}"
            ),
            type=EventType.HAZARD_REPORTED,
            payload={"title": "时间戳在遥远的未来", "photos": []},
            hlc=Hlc(wall_ms=wall, counter=counter, device=device),
            base_version=0,
        )
        self.hostile.append(event)
        body = {"device_id": device, "events": [event.model_dump(mode="json")]}
        answer = self._direct(phone, "POST", "/v1/sync/push", json=body)
        results = answer.json()["results"]
        assert answer.status_code == 200, answer.text
        assert [(r["status"], r["code"]) for r in results] == [
            ("rejected", "clock.too_far_ahead")
        ], answer.text
        self.trace.append(f"{phone.name}: hostile stamp {event.hlc} rejected")

    def _foreign_device(self) -> None:
        """A push, empty as in the issue, under the device id of another user's phone."""
        for victim in self.rng.sample(self.phones, 3):
            device = victim.phone.store.device().device_id
            status = f"/v1/devices/{device}"
            before = self._direct(victim, "GET", status)
            if before.status_code == 200:  # registered: the victim has pushed
                break
        else:
            return
        intruder = self.rng.choice([p for p in self.phones if p.username != victim.username])
        self.stats.foreign_devices += 1
        answer = self._direct(
            intruder, "POST", "/v1/sync/push", json={"device_id": device, "events": []}
        )
        assert (answer.status_code, answer.json()["code"]) == (403, "sync.device_of_another_user")
        after = self._direct(victim, "GET", status)
        assert after.json() == before.json(), "another user's push changed the device's record"
        self.trace.append(f"{intruder.name}: push under {victim.name}'s device id refused")
