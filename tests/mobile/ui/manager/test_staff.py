"""人员管理 on a manager's phone, against the real server on loopback: add, posts, disable."""

from __future__ import annotations

import pytest

from mobile.services.people import assignees_for
from mobile.services.staff import NewWorker, StaffRefused, add_worker, set_posts, staff
from sync_server.demo import KITCHEN, seed_demo
from tests.mobile.sync.phones import make_phone, signed_in
from tests.mobile.ui.fakes import click, control, fire, has, screen_text, type_into


@pytest.fixture
def manager_phone(app, live_server, tmp_path):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    phone = signed_in(make_phone(tmp_path / "manager", live_server.url), "manager1")
    phone.engine.sync_once()
    yield phone
    phone.close()


def test_the_list_is_the_enterprises_people_by_name(manager_phone):
    people = staff(manager_phone)

    assert [(p.user_id, p.name) for p in people] == [
        ("manager1", "李店长"),
        ("worker1", "王师傅"),
    ]


def test_a_worker_added_on_the_phone_is_at_once_someone_to_assign(manager_phone):
    form = NewWorker("cook2", "secret-88", "刘师傅", "138 0000 1111", "后厨", ["P-STOVE"])

    added = add_worker(manager_phone, form)

    assert (added.name, added.posts, added.tenant) == ("刘师傅", ("P-STOVE",), KITCHEN)
    offered = [p.user_id for p in assignees_for(manager_phone.store, KITCHEN)]
    assert "cook2" in offered


@pytest.mark.parametrize(
    ("form", "key", "field"),
    [
        (NewWorker("worker1", "secret-88"), "staff.taken", "user_id"),
        (NewWorker("cook2", "short"), "staff.short_password", "password"),
        (NewWorker("cook2", "secret-88", phone="call me"), "staff.bad_field", "phone"),
        (NewWorker("cook2", "secret-88", posts=["P-LATHE-1"]), "staff.unknown_post", "posts"),
        (NewWorker("王", "secret-88"), "staff.bad_field", "user_id"),
    ],
)
def test_what_is_refused_says_which_field(manager_phone, form, key, field):
    with pytest.raises(StaffRefused) as refused:
        add_worker(manager_phone, form)

    assert (refused.value.key, refused.value.field) == (key, field)


def test_posts_set_on_the_phone_replace_the_ones_before(manager_phone):
    assert set_posts(manager_phone, "worker1", []).posts == ()


def test_the_screen_adds_a_worker_and_disables_one(manager_phone, open_app):
    _, page = open_app(manager_phone, "/staff")
    for key, text in [
        ("staff-user_id", "cook3"),
        ("staff-display_name", "孙师傅"),
        ("staff-password", "secret-88"),
    ]:
        type_into(page, key, text)
    stove = control(page, "staff-new-post-P-STOVE")
    stove.value = True
    fire(stove.on_change)

    click(page, "staff-add")

    assert has(page, "staff-cook3") and "孙师傅" in screen_text(page)
    assert control(page, "staff-user_id").value == ""
    click(page, "staff-toggle-cook3")
    *_, ok = page.dialogs[-1].actions
    fire(ok.on_click)
    assert "已停用" in screen_text(page)
    assert "cook3" not in [p.user_id for p in assignees_for(manager_phone.store, KITCHEN)]


def test_offline_the_screen_says_it_needs_a_connection(open_app, tmp_path):
    phone = make_phone(tmp_path / "lost", "http://127.0.0.1:9")
    try:
        phone.session.store.write_doc(
            "session",
            {
                "access_token": "a",
                "refresh_token": "r",
                "actor": {"user_id": "manager1", "role": "safety_manager", "tenant": KITCHEN},
            },
        )
        _, page = open_app(phone, "/staff")
        assert "人员管理需要联网" in screen_text(page)
    finally:
        phone.close()
