"""督办 on the regulator's phone: the server's record of a hazard and the authority's forms."""

from __future__ import annotations

from typing import Any

import pytest

from mobile.store import Store
from mobile.sync.reads import _doc_name
from mobile.ui.regulator import oversee as screen
from shared.events import EventType
from shared.hazards import fold_hazard
from shared.ids import GridUnitId, UserId
from shared.roles import Actor, Role
from sync_server.demo import KITCHEN, demo_reference
from tests.factories import Device, manager
from tests.mobile.ui.fakes import click, control, has, text_of, type_into
from tests.mobile.world import load_reference, sign_in_offline
from tests.shared.test_hazards import walk

E = EventType
REGULATOR = Actor(user_id=UserId("regulator1"), role=Role.REGULATOR, grid_unit=GridUnitId("C-QH"))
MAJOR = {"title": "液化气钢瓶存放在地下室", "grade": "major", "no_photo_reason": "无信号"}


def record_of(*extra: Any) -> dict[str, Any]:
    """What ``GET /v1/hazards/H-MAJ`` answers for the kitchen's reported 重大隐患."""
    m = Device("pm", manager.model_copy(update={"tenant": KITCHEN}), tenant=KITCHEN)
    events = walk((m, E.HAZARD_REPORTED, MAJOR), (m, E.HAZARD_MAJOR_REPORTED), *extra)
    hazard = fold_hazard(events)
    assert hazard is not None
    state = hazard.model_copy(update={"timeline": (), "conflicts": ()})
    steps = [
        {"event_id": e.event_id, "type": e.type.value, "at": e.at.isoformat(),
         "actor": e.actor.model_dump(mode="json")}
        for e in events
    ]  # fmt: skip
    return {"state": state.model_dump(mode="json"), "timeline": steps}


def keep(store: Store, path: str, body: Any) -> None:
    store.write_doc(_doc_name(path, None), {"body": body, "at_ms": 1_764_400_000_000})


@pytest.fixture
def oversee(make_phone, open_app, monkeypatch):
    monkeypatch.setattr(screen, "SYNC_WAIT_STEPS", 0)  # offline: nothing is sent to wait for
    phone = make_phone()
    sign_in_offline(phone.store, REGULATOR)
    load_reference(phone.store, tuple(e.id for e in demo_reference().enterprise))
    keep(phone.store, "/v1/hazards/H1", record_of())
    return phone, open_app


def test_the_regulator_places_a_supervision_from_the_form(oversee):
    phone, open_app = oversee
    _, page = open_app(phone, "/hazards/H1")
    page.run_tasks()  # the record is fetched behind the screen
    assert text_of(control(page, "oversee-title")) == "液化气钢瓶存放在地下室"
    type_into(page, "oversee-deadline", "2099-12-31")
    type_into(page, "oversee-unit", "海港区应急管理局")
    click(page, "oversee-supervise")
    page.run_tasks()
    [saved] = phone.record.pending()
    assert saved.type is E.HAZARD_SUPERVISED
    assert saved.payload["responsible_unit"] == "海港区应急管理局"
    assert saved.payload["level"] == "市级"
    assert saved.base_version == 2  # the server record's version
    assert "待同步：挂牌督办" in text_of(control(page, "oversee-pending"))
    assert not has(page, "oversee-supervise")  # saved once: no second 挂牌督办 from this phone


def test_a_refutation_needs_a_reason_and_is_saved_with_it(oversee):
    phone, open_app = oversee
    _, page = open_app(phone, "/hazards/H1")
    page.run_tasks()
    click(page, "oversee-refute")
    assert phone.record.pending() == []
    assert text_of(control(page, "oversee-reason")) != ""  # the field says why
    type_into(page, "oversee-reason", "现场核实为一般隐患")
    click(page, "oversee-refute")
    [saved] = phone.record.pending()
    assert (saved.type, saved.payload["verdict"]) == (E.HAZARD_MAJOR_REVIEWED, "refuted")
    assert saved.payload["reason"] == "现场核实为一般隐患"


def test_a_supervised_hazard_offers_no_refutation_and_waits_for_销号_to_be_lifted(oversee):
    phone, open_app = oversee
    regulator = Device("pr", REGULATOR, tenant=KITCHEN)
    keep(phone.store, "/v1/hazards/H1", record_of((regulator, E.HAZARD_SUPERVISED)))
    _, page = open_app(phone, "/hazards/H1")
    page.run_tasks()
    assert "市级挂牌督办，期限 2026-12-15" in text_of(control(page, "oversee-supervised"))
    assert has(page, "oversee-confirm") and not has(page, "oversee-refute")
    assert not has(page, "oversee-lift")  # not closed yet
