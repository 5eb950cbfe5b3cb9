"""Importing into the database: all or nothing, by code, and an export imports back unchanged."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from sync_server.demo import KITCHEN, demo_reference, seed_demo
from sync_server.lists.export import export_workbook
from sync_server.lists.importer import import_file
from sync_server.lists.store import load_reference
from sync_server.problems import ImportRejected
from sync_server.schema import audit, reference
from sync_server.settings import Settings
from tests.sync_server.lists.workbooks import demo_book, demo_bytes, set_cell, to_bytes

KINDS = ("grid_unit", "enterprise", "workshop", "card", "post", "risk_point")


def rows(engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return sorted(tuple(row) for row in conn.execute(select(reference)))


def test_a_clean_file_imports_everything_and_the_same_file_again_changes_nothing(app):
    engine = app.state.engine
    with engine.begin() as conn:
        first = import_file(conn, demo_bytes(), "demo.xlsx", by="admin")
    assert first.created == {kind: len(demo_reference().of(kind)) for kind in KINDS}
    before = rows(engine)
    with engine.begin() as conn:
        again = import_file(conn, demo_bytes(), "demo.xlsx", by="admin")
    assert sum(again.created.values()) == sum(again.updated.values()) == 0
    assert again.unchanged == first.created
    assert rows(engine) == before


def test_a_file_with_one_bad_row_imports_nothing(app):
    book = demo_book()
    set_cell(book, "风险点", 2, "LEC-C", 8)
    with pytest.raises(ImportRejected), app.state.engine.begin() as conn:
        import_file(conn, to_bytes(book), "demo.xlsx")
    assert rows(app.state.engine) == []


def test_export_then_import_into_an_empty_database_round_trips(app, make_app, tmp_path):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
        seeded = load_reference(conn)
        exported = export_workbook(seeded)
    other = make_app(Settings(data_dir=tmp_path / "other", secret=b"x" * 32))
    with other.state.engine.begin() as conn:
        import_file(conn, exported, "export.xlsx")
    with other.state.engine.connect() as conn:
        back = load_reference(conn)
    for kind in KINDS:
        assert back.of(kind) == seeded.of(kind), kind


def test_one_enterprise_exports_with_its_grid_units_and_imports_into_an_empty_database(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
        refs = load_reference(conn, [KITCHEN])
    assert [unit.id for unit in refs.grid_unit] == ["C-QH", "X-HG", "Z-XC", "V-DL"]
    assert {post.id for post in refs.post} == {"P-STOVE"}


def test_a_changed_card_gets_a_new_version_and_updates_by_code(app):
    with app.state.engine.begin() as conn:
        import_file(conn, demo_bytes(), "demo.xlsx")
    book = demo_book()
    set_cell(book, "检查卡", 2, "合格标准", "有二维码；未超检验期")
    with app.state.engine.begin() as conn:
        summary = import_file(conn, to_bytes(book), "demo.xlsx")
        card = next(c for c in load_reference(conn).card if c.id == "CARD-STOVE")
    assert summary.updated["card"] == 1 and summary.created["card"] == 0
    assert card.version == 2
    assert card.items[0].pass_criterion == "有二维码；未超检验期"


def test_a_dry_run_counts_but_writes_nothing(app):
    with app.state.engine.begin() as conn:
        summary = import_file(conn, demo_bytes(), "demo.xlsx", dry_run=True)
    assert summary.created["post"] == len(demo_reference().post)
    assert rows(app.state.engine) == []
    with app.state.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(audit)).scalar_one() == 0


@pytest.mark.parametrize(
    ("typed", "evidence"),
    [("说明", "note"), ("照片或说明", "photo_or_note"), ("照片", "photo"), (None, "photo")],
)
def test_a_card_item_says_what_a_failed_tick_must_carry_and_defaults_to_a_photo(
    app, typed, evidence
):
    book = demo_book()
    set_cell(book, "检查卡", 2, "不合格证据", typed)
    with app.state.engine.begin() as conn:
        import_file(conn, to_bytes(book), "demo.xlsx")
        card = next(c for c in load_reference(conn).card if c.id == "CARD-STOVE")
    assert card.items[0].evidence == evidence


def test_a_post_located_on_the_phone_keeps_its_position_through_a_file_without_one(app):
    engine = app.state.engine
    with engine.begin() as conn:
        import_file(conn, demo_bytes(), "demo.xlsx", by="admin")
        stove = conn.execute(
            select(reference.c.body).where(reference.c.kind == "post", reference.c.id == "P-STOVE")
        ).scalar_one()
        located = {**stove, "latitude": 39.9354, "longitude": 119.6005}  # as post.located folds
        conn.execute(
            update(reference)
            .where(reference.c.kind == "post", reference.c.id == "P-STOVE")
            .values(body=located)
        )
    with engine.begin() as conn:
        again = import_file(conn, demo_bytes(), "demo.xlsx", by="admin")  # no 纬度/经度
    assert again.updated.get("post", 0) == 0
    with engine.connect() as conn:
        kept = conn.execute(
            select(reference.c.body).where(reference.c.kind == "post", reference.c.id == "P-STOVE")
        ).scalar_one()
    assert (kept["latitude"], kept["longitude"]) == (39.9354, 119.6005)
