"""责任人账号 on import: a card item or risk point names a person by username or name (issue 21)."""

from __future__ import annotations

import pytest

from sync_server.demo import KITCHEN, seed_demo
from sync_server.lists.importer import import_file
from sync_server.lists.store import load_reference
from sync_server.problems import ImportRejected
from tests.sync_server.lists.workbooks import demo_book, kitchen_only, set_cell, to_bytes


@pytest.fixture
def engine(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)  # the accounts a 责任人 names
    return app.state.engine


def imported(engine, card_cell: str, point_cell: str = ""):
    book = demo_book(kitchen_only())
    set_cell(book, "检查卡", 2, "责任人账号", card_cell)
    set_cell(book, "风险点", 2, "责任人账号", point_cell)
    with engine.begin() as conn:
        import_file(conn, to_bytes(book), "kitchen.xlsx", by="admin")
    with engine.connect() as conn:
        refs = load_reference(conn, [KITCHEN])
    [card] = refs.card
    [point] = refs.risk_point
    return card.items[0], point


@pytest.mark.parametrize(
    ("given", "username"),
    [("worker1", "worker1"), ("王师傅", "worker1"), ("李店长", "manager1"), ("", None)],
    ids=["username", "name", "a manager by name", "left empty"],
)
def test_a_person_is_named_by_username_or_name_and_kept_by_username(engine, given, username):
    item, point = imported(engine, given, given)
    assert (item.responsible, point.responsible) == (username, username)


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("赵六", "there is no user"),  # nobody has this name
        ("worker2", "does not belong to this enterprise"),  # the lathe shop's worker
        ("周网格员", "is an inspector"),  # inspector1 by name
    ],
    ids=["unknown", "another enterprise", "an inspector"],
)
def test_a_person_who_cannot_answer_for_the_item_is_refused_with_sheet_row_and_column(
    engine, given, why
):
    with pytest.raises(ImportRejected) as refused:
        imported(engine, given)
    [error] = refused.value.details["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("检查卡", 2, "责任人账号")
    assert error["code"] == "bad_responsible" and why in error["reason"]


def imported_post(engine, cell: str):
    book = demo_book(kitchen_only())
    set_cell(book, "岗位", 2, "责任人账号", cell)
    with engine.begin() as conn:
        import_file(conn, to_bytes(book), "kitchen.xlsx", by="admin")
    with engine.connect() as conn:
        refs = load_reference(conn, [KITCHEN])
    return refs.post[0]


@pytest.mark.parametrize(
    ("given", "username"),
    [("worker1", "worker1"), ("李店长", "manager1"), ("", None)],
    ids=["username", "name", "left empty"],
)
def test_a_post_names_its_responsible_person_by_username_or_name(engine, given, username):
    assert imported_post(engine, given).responsible == username


def test_a_post_naming_someone_of_another_enterprise_is_refused_on_its_cell(engine):
    with pytest.raises(ImportRejected) as refused:
        imported_post(engine, "worker2")  # the lathe shop's worker
    [error] = refused.value.details["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("岗位", 2, "责任人账号")
    assert error["code"] == "bad_responsible"
