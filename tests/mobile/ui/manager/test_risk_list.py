"""建风险清单 on manager1's phone, offline with a kept library."""

from __future__ import annotations

from mobile import reference
from mobile.services.risk_loop import local_risks
from shared.org import SmallPlaceKind
from shared.risk import RiskColour
from sync_server.standards import shipped_library
from tests.mobile.ui.fakes import click, control, fire, has, pick, screen_text
from tests.mobile.ui.manager.test_onboard import keep_library
from tests.mobile.world import (
    MANAGER,
    WORKER,
    demo_reference_body,
    load_reference,
    sign_in_offline,
)

LIBRARY = shipped_library()
RESTAURANT = LIBRARY.risks_for(SmallPlaceKind.RESTAURANT)


def test_the_manager_keeps_two_restaurant_risks_and_confirms_one_grade_higher(ui, phone):
    keep_library(phone)
    app, page = ui
    app.go("/enterprise")
    click(page, "risk-list")
    click(page, "risk-basis-restaurant")
    assert all(control(page, f"risk-{r.code}").value for r in RESTAURANT)
    gas, kitchen, *rest = RESTAURANT
    for risk in rest:
        fire(control(page, f"risk-{risk.code}").on_change)
    assert not has(page, f"l-{rest[0].code}")  # an unticked risk asks for no grade
    pick(page, f"l-{gas.code}", "4")  # R = 4 × 5 = 20: 重大风险
    assert "R = 4 × 5 = 20" in screen_text(page)
    click(page, "risk-list-save")

    points = sorted(local_risks(phone.record).values(), key=lambda r: r.name)
    assert sorted((p.name, p.grade.colour) for p in points) == sorted(
        [(gas.name, RiskColour.RED), (kitchen.name, kitchen.grading().colour())]
    )
    assert page.view.route == "/enterprise"


def test_a_second_visit_proposes_only_what_is_not_listed_yet(ui, phone):
    keep_library(phone)
    app, page = ui
    app.go("/risk-list")
    click(page, "risk-basis-restaurant")
    click(page, "risk-list-save")
    app.go("/risk-list")
    assert not has(page, f"risk-{RESTAURANT[0].code}")
    assert "都已在清单中" in screen_text(page)


def test_a_worker_is_told_only_a_manager_builds_the_list(make_phone, open_app):
    phone = make_phone()
    sign_in_offline(phone.store, WORKER)
    load_reference(phone.store)
    keep_library(phone)
    app, page = open_app(phone)
    app.go("/risk-list")
    assert "只有企业安全管理员" in screen_text(page)
    assert phone.record.pending() == []


def test_the_person_picked_answers_for_every_risk_kept(ui, phone):
    keep_library(phone)
    app, page = ui
    app.go("/risk-list")
    pick(page, "risk-list-responsible", "manager1")
    click(page, "risk-list-save")
    assert {p.responsible for p in local_risks(phone.record).values()} == {"manager1"}


def test_each_risk_has_its_own_responsible_person_after_one_pick_for_all(ui, phone):
    keep_library(phone)
    app, page = ui
    app.go("/risk-list")
    click(page, "risk-basis-restaurant")
    gas, kitchen, *_ = RESTAURANT
    pick(page, "risk-list-responsible", "manager1")
    pick(page, f"responsible-{gas.code}", "worker1")
    click(page, "risk-list-save")
    by_name = {p.name: p.responsible for p in local_risks(phone.record).values()}
    assert by_name[gas.name] == "worker1"
    assert by_name[kitchen.name] == "manager1"


def test_a_risk_at_a_post_defaults_to_the_posts_responsible_person(make_phone, open_app):
    phone = make_phone()
    sign_in_offline(phone.store, MANAGER)
    body = demo_reference_body()
    body["post"] = [{**p, "responsible": "worker1"} for p in body["post"]]
    reference.save_reference(phone.store, body, now_ms=0)
    keep_library(phone)
    app, page = open_app(phone)
    app.go("/risk-list")
    click(page, "risk-basis-restaurant")
    at_stove = [r for r in RESTAURANT if control(page, f"post-{r.code}").value == "P-STOVE"]
    assert at_stove  # the stove's card checks some of the restaurant's risks
    assert {control(page, f"responsible-{r.code}").value for r in at_stove} == {"worker1"}
    click(page, "risk-list-save")
    stove = [p for p in local_risks(phone.record).values() if p.post_id == "P-STOVE"]
    assert stove and {p.responsible for p in stove} == {"worker1"}
