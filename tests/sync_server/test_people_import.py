"""Bulk import of people from the 人员 sheet: row and column errors, all or nothing, idempotent."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from sqlalchemy import func, select

from sync_server.demo import KITCHEN, seed_demo
from sync_server.people_import import COLUMNS
from sync_server.schema import audit
from tests.sync_server.test_people import as_, people_in_reference

HEADER = ["用户名", "姓名", "手机", "部门", "角色", "企业", "网格", "岗位", "执法证号", "初始密码"]
COOK = [
    "cook7",
    "刘厨师",
    "138 0000 0007",
    "后厨",
    "岗位员工",
    KITCHEN,
    "",
    "P-STOVE",
    "",
    "longpass1",
]
OTHER = ["cook8", *COOK[1:]]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def web(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    with TestClient(app) as client:
        yield client


def sheet(*rows: list[str], header: list[str] = HEADER) -> bytes:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(web: TestClient, data: bytes, username: str = "admin", **params: Any) -> Any:
    files = {"file": ("人员.xlsx", data, XLSX)}
    return web.post("/v1/users/import", files=files, params=params, headers=as_(web, username))


def audited(web: TestClient) -> int:
    with web.app.state.engine.connect() as conn:  # type: ignore[attr-defined]
        changes = select(func.count()).select_from(audit).where(audit.c.action.like("user.%"))
        return int(conn.execute(changes).scalar_one())


def test_an_admin_imports_people_with_their_profile_and_posts(web):
    answer = upload(web, sheet(COOK))

    assert answer.status_code == 200, answer.text
    assert answer.json() == {"added": ["cook7"], "updated": [], "unchanged": [], "dry_run": False}
    cook = people_in_reference(web, "manager1")["cook7"]
    assert (cook["display_name"], cook["phone"], cook["department"], cook["posts"]) == (
        "刘厨师",
        "138 0000 0007",
        "后厨",
        ["P-STOVE"],
    )
    login = {"username": "cook7", "password": "longpass1"}
    assert web.post("/v1/auth/login", json=login).status_code == 200


def test_importing_the_same_sheet_again_changes_nothing(web):
    upload(web, sheet(COOK))
    before = audited(web)

    answer = upload(web, sheet(COOK))

    assert answer.json()["unchanged"] == ["cook7"]
    assert audited(web) == before


def test_a_reimport_updates_name_and_posts_and_never_the_password(web):
    upload(web, sheet(COOK))
    renamed = [*COOK[:1], "刘大厨", *COOK[2:7], "", "", "another-pass"]

    answer = upload(web, sheet(renamed))

    assert answer.json()["updated"] == ["cook7"]
    cook = people_in_reference(web, "manager1")["cook7"]
    assert (cook["display_name"], cook["posts"]) == ("刘大厨", [])
    login = {"username": "cook7", "password": "longpass1"}
    assert web.post("/v1/auth/login", json=login).status_code == 200


def test_a_managers_import_adds_workers_to_their_own_enterprise(web):
    row = ["cook8", "孙师傅", "", "后厨", "岗位员工", "", "", "P-STOVE", "", "longpass1"]

    answer = upload(web, sheet(row), "manager1")

    assert answer.status_code == 200, answer.text
    assert people_in_reference(web, "manager1")["cook8"]["tenant"] == KITCHEN


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        (["bad name", *OTHER[1:]], "用户名", "bad_username"),
        ([*OTHER[:4], "厨师长", *OTHER[5:]], "角色", "bad_role"),
        ([*OTHER[:7], "P-NOPE", *OTHER[8:]], "岗位", "unknown_post"),
        ([*OTHER[:9], ""], "初始密码", "bad_password"),
        ([*OTHER[:2], "not a phone", *OTHER[3:]], "手机", "bad_value"),
        (["worker2", *OTHER[1:]], "角色", "account_differs"),  # the lathe shop's worker
        ([*OTHER[:5], "", *OTHER[6:]], "企业", "missing_value"),
        ([*OTHER[:5], "NO-SUCH-ENTERPRISE", "", "", "", "longpass1"], "企业", "unknown_enterprise"),
    ],
    ids=[
        "username",
        "role",
        "post",
        "password",
        "phone",
        "moves-an-account",
        "no-enterprise",
        "unknown-enterprise",
    ],
)
def test_a_bad_row_rejects_the_sheet_naming_row_and_column(web, row, column, code):
    before = audited(web)

    answer = upload(web, sheet(COOK, row))

    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["code"] == "import.rejected"
    assert [(e["row"], e["column"], e["code"]) for e in problem["details"]["errors"]] == [
        (3, column, code)
    ]
    assert "cook7" not in people_in_reference(web, "manager1")  # nothing at all was imported
    assert audited(web) == before


def test_a_missing_column_and_a_repeated_username_are_both_reported(web):
    without_role = [h for h in HEADER if h != "角色"]
    answer = upload(web, sheet(header=without_role))
    assert [e["code"] for e in answer.json()["details"]["errors"]] == ["missing_column"]

    answer = upload(web, sheet(COOK, COOK))
    assert [(e["row"], e["code"]) for e in answer.json()["details"]["errors"]] == [
        (3, "duplicate_username")
    ]


@pytest.mark.parametrize(
    ("row", "code"),
    [
        (["insp9", "吴检查员", "", "", "检查员", "", "X-HG", "", "", "longpass1"], "not_permitted"),
        (["worker2", "王", "", "", "岗位员工", "", "", "", "", ""], "username_taken"),
    ],
    ids=["an-inspector", "another-enterprises-worker"],
)
def test_a_manager_imports_only_their_enterprises_workers(web, row, code):
    answer = upload(web, sheet(row), "manager1")

    assert answer.status_code == 422
    assert [e["code"] for e in answer.json()["details"]["errors"]] == [code]


def test_a_dry_run_reports_without_writing(web):
    answer = upload(web, sheet(COOK), dry_run="true")

    assert answer.json()["added"] == ["cook7"] and answer.json()["dry_run"] is True
    assert "cook7" not in people_in_reference(web, "manager1")


def test_a_worker_may_not_import_people(web):
    assert upload(web, sheet(COOK), "worker1").status_code == 403
    assert web.get("/v1/users/import/template.xlsx", headers=as_(web, "worker1")).status_code == 403


def test_the_template_has_every_column_and_imports_as_nothing(web):
    answer = web.get("/v1/users/import/template.xlsx", headers=as_(web, "manager1"))

    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    header = [cell.value for cell in book["人员"][1]]
    assert header == [f"{h}*" if required else h for _, h, required, _ in COLUMNS]
    assert book.sheetnames == ["人员", "说明"]
    assert upload(web, answer.content).json()["added"] == []


@pytest.mark.parametrize("name", ["人员.csv", "staff.csv", "upload"])
def test_a_csv_of_people_imports_whatever_its_file_is_called(web, name):
    """The route takes only the 人员 list: its name is not guessed from the file's."""
    text = "\n".join(",".join(row) for row in (HEADER, COOK)) + "\n"
    files = {"file": (name, text.encode("gb18030"), "text/csv")}
    answer = web.post("/v1/users/import", files=files, headers=as_(web, "admin"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["added"] == ["cook7"]


def test_a_people_sheet_may_be_as_large_as_a_list_import(web):
    """The 人员 sheet has the import's 10 MiB, not the 8 MiB of an ordinary request."""
    big = b"PK\x03\x04" + b"\x00" * (9 * 1024 * 1024)  # past 8 MiB, and no workbook
    files = {"file": ("人员.xlsx", big, XLSX)}
    answer = web.post("/v1/users/import", files=files, headers=as_(web, "admin"))
    assert answer.status_code != 413, answer.text
    assert answer.json()["code"].startswith("import.")
