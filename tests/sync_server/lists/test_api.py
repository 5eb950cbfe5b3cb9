"""The list and document endpoints: who may import, export and print what, and what they get."""

from __future__ import annotations

import io
from datetime import date

import pytest
from fastapi.testclient import TestClient

from sync_server.demo import KITCHEN, LATHES, seed_demo
from tests.sync_server.lists.pdf_reading import decoded_qr_codes, pdf_text
from tests.sync_server.lists.workbooks import (
    demo_book,
    demo_bytes,
    load_workbook,
    set_cell,
    to_bytes,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/v1/auth/login", json={"username": username, "password": "demo1234"})
    assert answer.status_code == 200, answer.text
    return {"authorization": f"Bearer {answer.json()['access_token']}"}


def upload(client: TestClient, username: str, data: bytes, name: str = "lists.xlsx", **params):
    return client.post(
        "/v1/import",
        files={"file": (name, data, XLSX)},
        params=params,
        headers=sign_in(client, username),
    )


def test_an_admin_imports_a_workbook_and_gets_the_counts(world, client):
    answer = upload(client, "admin", demo_bytes())
    assert answer.status_code == 200, answer.text
    assert answer.json()["unchanged"]["post"] == 14  # the demo city is already there


def test_a_bad_row_rejects_the_file_with_the_full_report(world, client):
    book = demo_book()
    set_cell(book, "岗位", 2, "车间编码", "W-NOPE")
    set_cell(book, "风险点", 2, "LEC-E", 7)
    answer = upload(client, "admin", to_bytes(book))
    assert answer.status_code == 422
    body = answer.json()
    assert body["code"] == "import.rejected"
    assert [(e["sheet"], e["row"], e["column"], e["code"]) for e in body["details"]["errors"]] == [
        ("岗位", 2, "车间编码", "unknown_reference"),
        ("风险点", 2, "LEC-E", "bad_risk_factor"),
    ]


@pytest.mark.parametrize(
    ("username", "data", "name", "status", "code"),
    [
        ("worker1", b"x", "lists.csv", 403, "auth.not_permitted"),
        ("inspector1", b"x", "lists.csv", 403, "auth.not_permitted"),
        ("admin", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "old.xls", 415, "import.bad_file"),
        ("admin", b"", "empty.xlsx", 415, "import.bad_file"),
    ],
)
def test_a_wrong_person_or_file_is_refused_with_a_catalogued_error(
    world, client, username, data, name, status, code
):
    answer = upload(client, username, data, name)
    assert (answer.status_code, answer.json()["code"]) == (status, code)


def test_a_safety_manager_imports_only_their_own_enterprise(world, client):
    others = upload(client, "manager1", demo_bytes(), dry_run="true")
    assert others.status_code == 422
    assert {e["code"] for e in others.json()["details"]["errors"]} == {"not_permitted"}
    own = client.get("/v1/export.xlsx", headers=sign_in(client, "manager1"))
    answer = upload(client, "manager1", own.content, dry_run="true")
    assert answer.status_code == 200, answer.text
    assert answer.json()["unchanged"]["post"] == 1


def test_a_safety_manager_cannot_lower_their_own_supervision_by_reimporting(world, client):
    own = load_workbook(
        io.BytesIO(client.get("/v1/export.xlsx", headers=sign_in(client, "manager1")).content)
    )
    for header, value in (("监管类别", "A"), ("行业", "其他"), ("从业人数", 1)):
        set_cell(own, "企业", 2, header, value)
    refused = upload(client, "manager1", to_bytes(own))
    assert refused.status_code == 422
    errors = refused.json()["details"]["errors"]
    assert [(e["column"], e["code"]) for e in errors] == [
        ("行业", "regulator_only"),
        ("监管类别", "regulator_only"),
        ("从业人数", "regulator_only"),
    ]
    assert "set by the regulator" in errors[0]["reason"]
    assert upload(client, "admin", to_bytes(own)).status_code == 200


def test_the_template_and_an_export_are_workbooks_in_the_import_format(world, client):
    template = client.get("/v1/import/template.xlsx", headers=sign_in(client, "worker1"))
    assert template.headers["content-type"] == XLSX
    assert load_workbook(io.BytesIO(template.content)).sheetnames[0] == "说明"
    export = client.get("/v1/export.xlsx", headers=sign_in(client, "manager2"))
    posts = load_workbook(io.BytesIO(export.content))["岗位"]
    assert [row[1].value for row in posts.iter_rows(min_row=2)] == ["P-LATHE-1", "P-LATHE-2"]


@pytest.mark.parametrize(
    ("username", "path", "status"),
    [
        ("manager1", f"/v1/documents/post-cards.pdf?tenant={KITCHEN}", 200),
        ("admin", f"/v1/documents/post-cards.pdf?tenant={LATHES}", 200),
        ("manager1", f"/v1/documents/post-cards.pdf?tenant={LATHES}", 404),
        ("worker1", f"/v1/documents/post-cards.pdf?tenant={KITCHEN}", 403),
        ("manager2", f"/v1/export.xlsx?tenant={KITCHEN}", 404),
        ("worker2", "/v1/export.xlsx", 403),
        ("inspector1", "/v1/documents/enterprise-cards.pdf?grid_unit=X-HG", 200),
        ("inspector1", "/v1/documents/enterprise-cards.pdf?grid_unit=X-CN", 404),
        ("inspector1", "/v1/documents/enterprise-cards.pdf", 422),
        ("admin", "/v1/documents/notice.pdf?hazard=YH-2026-0001", 404),
        ("manager1", "/v1/documents/ledger.pdf?from=2026-11-30&to=2026-11-01", 422),
        ("worker1", "/v1/documents/ledger.xlsx", 403),
    ],
)
def test_each_document_goes_only_to_the_roles_and_scopes_it_is_for(
    world, client, username, path, status
):
    answer = client.get(path, headers=sign_in(client, username))
    assert answer.status_code == status, answer.text
    if status != 200:
        assert answer.json()["code"] in ("not_found", "auth.not_permitted", "invalid_input")


def test_an_inspector_prints_the_enterprise_cards_of_their_county(world, client):
    answer = client.get(
        "/v1/documents/enterprise-cards.pdf",
        params={"grid_unit": "X-HG"},
        headers=sign_in(client, "inspector1"),
    )
    assert answer.headers["content-type"] == "application/pdf"
    assert len(decoded_qr_codes(answer.content)) == 2
    assert "秦海市精工机械加工厂" in pdf_text(answer.content)


def test_notices_and_ledgers_are_served_within_scope(app, client):
    with app.state.engine.begin() as conn:
        seed_demo(conn, history=True, today=date(2026, 11, 30))
    notice = client.get(
        "/v1/documents/notice.pdf",
        params={"inspection": "INS-HG-001"},
        headers=sign_in(client, "manager1"),
    )
    assert notice.status_code == 200 and "灭火器压力不足" in pdf_text(notice.content)
    ledger = client.get(
        "/v1/documents/ledger.xlsx",
        params={"grid_unit": "X-CN"},
        headers=sign_in(client, "inspector2"),
    )
    assert ledger.status_code == 200
    assert load_workbook(io.BytesIO(ledger.content))["隐患台账"].max_row > 10
    hidden = client.get(
        "/v1/documents/notice.pdf",
        params={"inspection": "INS-HG-001"},
        headers=sign_in(client, "manager2"),
    )
    assert hidden.status_code == 404
