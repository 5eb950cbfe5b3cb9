"""An admin on the phone, against the real server on loopback: enterprises, officials, import."""

from __future__ import annotations

import pytest

from mobile.services.directory import (
    ImportRefused,
    NewOfficial,
    add_official,
    enterprise_posts,
    enterprises,
    import_sheet,
    officials,
)
from mobile.services.staff import StaffRefused, staff
from mobile.ui.routes import Screen, tabs_for
from mobile.wiring import Phone
from shared.people import Person
from shared.roles import Role
from sync_server.demo import KITCHEN, seed_demo
from tests.mobile.sync.phones import make_phone, signed_in
from tests.mobile.ui.fakes import click, control, fire, has, screen_text, type_into

SHEET_HEAD = "用户名,姓名,角色,企业,岗位,初始密码\n"


@pytest.fixture
def admin_phone(app, live_server, tmp_path):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    phone = signed_in(make_phone(tmp_path / "admin", live_server.url), "admin")
    phone.engine.sync_once()
    yield phone
    phone.close()


def test_an_admins_tabs_are_enterprises_officials_import_and_settings():
    assert tabs_for(Role.ADMIN) == (
        Screen.ADMIN,
        Screen.OFFICIALS,
        Screen.PEOPLE_IMPORT,
        Screen.SETTINGS,
    )


def test_an_admin_signing_in_lands_on_the_enterprises_not_a_workers_today(admin_phone, open_app):
    _, page = open_app(admin_phone, "/")

    assert page.view.route == "/admin"
    assert has(page, f"admin-enterprise-{KITCHEN}")


def test_an_admin_finds_the_kitchen_and_its_posts(admin_phone):
    [kitchen] = enterprises(admin_phone, "老街小厨")

    assert kitchen.id == KITCHEN
    assert ("P-STOVE", "后厨 · 灶台岗") in enterprise_posts(admin_phone, KITCHEN)


def test_an_admin_adds_a_worker_to_the_enterprise_they_opened_and_the_worker_signs_in(
    admin_phone, open_app, tmp_path
):
    _, page = open_app(admin_phone, "/admin")
    type_into(page, "admin-search", "老街小厨")
    click(page, "admin-search-go")
    click(page, f"admin-enterprise-{KITCHEN}")
    assert "海港区老街小厨餐馆" in screen_text(page) and has(page, "staff-worker1")
    for key, text in [
        ("staff-user_id", "cook9"),
        ("staff-display_name", "赵师傅"),
        ("staff-password", "secret-99"),
    ]:
        type_into(page, key, text)
    stove = control(page, "staff-new-post-P-STOVE")
    stove.value = True
    fire(stove.on_change)

    click(page, "staff-add")

    assert has(page, "staff-cook9") and "赵师傅" in screen_text(page)
    [added] = [p for p in staff(admin_phone, KITCHEN) if p.user_id == "cook9"]
    assert (added.tenant, added.posts, added.role) == (KITCHEN, ("P-STOVE",), Role.WORKER)
    cook = make_phone(tmp_path / "cook", str(admin_phone.http.base_url))
    try:
        assert cook.session.sign_in("cook9", "secret-99").actor.tenant == KITCHEN
    finally:
        cook.close()


def test_an_admin_adds_an_enterprises_safety_manager(admin_phone, open_app):
    _, page = open_app(admin_phone, f"/admin/{KITCHEN}")
    click(page, "staff-role-safety_manager")
    for key, text in [("staff-user_id", "boss2"), ("staff-password", "secret-99")]:
        type_into(page, key, text)

    click(page, "staff-add")

    roles = {str(p.user_id): p.role for p in staff(admin_phone, KITCHEN)}
    assert roles["boss2"] is Role.SAFETY_MANAGER
    assert has(page, "staff-toggle-manager1")  # an admin manages managers too


def test_an_admin_adds_an_inspector_with_a_badge_in_a_grid_unit_found_by_search(
    admin_phone, open_app
):
    _, page = open_app(admin_phone, "/officials")
    assert has(page, "staff-inspector1")
    type_into(page, "grid-search", "海港")
    click(page, "grid-search-go")
    click(page, "grid-X-HG")
    for key, text in [
        ("staff-user_id", "insp9"),
        ("staff-display_name", "钱网格员"),
        ("staff-badge_no", "冀执0309"),
        ("staff-authority", "秦皇岛市海港区应急管理局"),
        ("staff-authority_code", "海港应急"),
        ("staff-password", "secret-99"),
    ]:
        type_into(page, key, text)

    click(page, "staff-add")

    assert "staff-refusal" not in str(page.view) and "已保存" in page.snacks()
    shown = [p for p in admin_phone_officials(admin_phone) if p.user_id == "insp9"]
    assert [(p.role, p.grid_unit, p.badge_no, p.authority_code) for p in shown] == [
        (Role.INSPECTOR, "X-HG", "冀执0309", "海港应急")
    ]


def admin_phone_officials(phone: Phone) -> list[Person]:
    return [p for page in range(5) for p in officials(phone, page)]


def test_an_official_needs_a_grid_unit(admin_phone):
    form = NewOfficial("insp8", "secret-99", Role.INSPECTOR, grid_unit="")

    with pytest.raises(StaffRefused) as refused:
        add_official(admin_phone, form)

    assert (refused.value.key, refused.value.field) == ("admin.need_grid_unit", "grid_unit")


def test_an_admin_edits_an_inspectors_badge_on_the_phone(admin_phone, open_app):
    _, page = open_app(admin_phone, "/officials")
    click(page, "staff-edit-inspector1")
    type_into(page, "staff-inspector1:badge_no", "冀执9999")

    click(page, "official-save")

    [inspector] = [p for p in admin_phone_officials(admin_phone) if p.user_id == "inspector1"]
    assert inspector.badge_no == "冀执9999" and inspector.display_name == "周网格员"


def test_a_sheet_with_a_bad_row_shows_the_row_and_column_and_imports_nothing(
    admin_phone, open_app, photos
):
    sheet = SHEET_HEAD + f"cook7,孙师傅,岗位员工,{KITCHEN},P-NOPE,secret-99\n"
    photos.sheet = ("人员.csv", sheet.encode())
    _, page = open_app(admin_phone, "/people-import")
    click(page, "import-pick")

    click(page, "import-run")

    text = screen_text(page)
    assert "一行也没有导入" in text and "第 2 行" in text and "岗位" in text
    assert "cook7" not in {p.user_id for p in staff(admin_phone, KITCHEN)}


def test_a_good_sheet_is_checked_first_then_imported(admin_phone, open_app, photos):
    sheet = SHEET_HEAD + f"cook7,孙师傅,岗位员工,{KITCHEN},P-STOVE,secret-99\n"
    photos.sheet = ("人员.csv", sheet.encode())
    _, page = open_app(admin_phone, "/people-import")
    click(page, "import-pick")

    click(page, "import-check")
    assert "将新增 1 人" in screen_text(page)
    assert "cook7" not in {p.user_id for p in staff(admin_phone, KITCHEN)}
    click(page, "import-run")

    assert "已导入：新增 1 人" in screen_text(page)
    assert "cook7" in {p.user_id for p in staff(admin_phone, KITCHEN)}


def test_a_file_that_is_no_sheet_is_refused_with_a_sentence(admin_phone):
    with pytest.raises(ImportRefused) as refused:
        import_sheet(admin_phone, "photo.xlsx", b"\x89PNG not a workbook")

    assert refused.value.key in ("admin.import_unreadable", "admin.import_rejected")
