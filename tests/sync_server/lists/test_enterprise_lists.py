"""一企一清单、一车间一表格、一岗一卡: the 风险清单, 隐患排查清单 and 岗位风险告知卡 documents."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from shared.events import EventType
from shared.qr import derive_tenant_key, verify_qr
from sync_server.demo import KITCHEN, LATHES
from tests.conftest import SECRET
from tests.factories import Device
from tests.sync_server.lists.pdf_reading import decoded_qr_codes, pdf_text
from tests.sync_server.test_defined_cards import MANAGER, push, sign_in, world

__all__ = ["world"]  # the fixture, shared with the defined cards' tests


def book(data: bytes) -> Workbook:
    return load_workbook(io.BytesIO(data))


def fetch(client, username: str, path: str) -> bytes:
    answer = client.get(path, headers=sign_in(client, username))
    assert answer.status_code == 200, answer.text
    data: bytes = answer.content
    return data


def flat(data: bytes) -> str:
    return re.sub(r"\s", "", pdf_text(data))  # a cell's lines are read back with spaces


def test_the_risk_list_has_every_point_with_its_grade_and_measures(world, client):
    text = flat(fetch(client, "manager1", "/v1/documents/risk-list.pdf"))
    for expected in ("安全风险清单", "海港区老街小厨餐馆", "后厨燃气灶台", "较大风险", "高风险物品",
                     "安装燃气泄漏报警与自动切断装置"):  # fmt: skip
        assert expected in text, expected
    sheet = book(fetch(client, "manager1", "/v1/documents/risk-list.xlsx")).active
    assert sheet["A1"].value == "安全风险清单"
    assert [c.value for c in sheet[5]][1] == "后厨燃气灶台"


def test_the_check_list_is_a_table_per_workshop_with_each_items_standard(world, client):
    text = flat(fetch(client, "manager1", "/v1/documents/check-list.pdf"))
    for expected in ("隐患排查清单", "车间（部门）：后厨", "液化气钢瓶来源与标识", "PC-11-01",
                     "后厨负责人"):  # fmt: skip
        assert expected in text, expected
    sheet = book(fetch(client, "manager1", "/v1/documents/check-list.xlsx")).active
    header = [c.value for c in sheet[4]]
    rows = [
        dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=5)
    ]
    assert len(rows) == 10 and {r["车间"] for r in rows} == {"后厨"}
    assert rows[0]["标准编码"] == "PC-11-01" and rows[0]["排查频次"] == "每日"


def test_a_posts_responsible_answers_for_its_items_and_risks_that_name_no_one(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    kitchen = {
        "name": "后厨",
        "posts": [{"id": "P-STOVE", "name": "灶台岗", "responsible": "manager1"}],
    }
    named = phone.event(EventType.WORKSHOP_DEFINED, "W-KITCHEN", base=0, payload=kitchen)
    assert push(client, "manager1", "phone-m", [named]) == [("accepted", None)]

    risks = book(fetch(client, "manager1", "/v1/documents/risk-list.xlsx")).active
    header = [c.value for c in risks[4]]
    [stove] = [r for r in risks.iter_rows(min_row=5, values_only=True) if r[1] == "后厨燃气灶台"]
    assert stove[header.index("责任人")] == "李店长"
    checks = book(fetch(client, "manager1", "/v1/documents/check-list.xlsx")).active
    header = [c.value for c in checks[4]]
    named_in = {r[header.index("责任人")] for r in checks.iter_rows(min_row=5, values_only=True)}
    assert named_in and all(name.startswith("李店长（") for name in named_in)  # and the title


def test_the_post_risk_card_tells_the_risks_what_to_do_and_carries_the_post_qr(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    gas = {
        "subject": "equipment",
        "name": "瓶装液化气及燃气管路",
        "post_id": "P-STOVE",
        "five_high": "material",
        "accident_types": ["other_explosion", "fire"],
        "grading": {"ls": {"l": 4, "s": 5}},
        "responsible": "worker1",
    }
    identified = phone.event(EventType.RISK_IDENTIFIED, "R-GAS", base=0, payload=gas)
    emergency = phone.event(
        EventType.RISK_MEASURE_ADDED,
        "R-GAS",
        base=1,
        payload={"measure_id": "M-1", "kind": "emergency", "text": "关闭角阀，开窗通风，撤离报警"},
    )
    kitchen = {
        "name": "后厨",
        "posts": [{"id": "P-STOVE", "name": "灶台岗", "responsible": "manager1"}],
    }
    named = phone.event(EventType.WORKSHOP_DEFINED, "W-KITCHEN", base=0, payload=kitchen)
    assert (
        push(client, "manager1", "phone-m", [identified, emergency, named])
        == [("accepted", None)] * 3
    )

    data = fetch(client, "manager1", "/v1/documents/risk-cards.pdf")
    text = flat(data)
    for expected in ("岗位风险告知卡", "后厨·灶台岗", "瓶装液化气及燃气管路", "重大风险",
                     "其它爆炸", "应急处置", "关闭角阀，开窗通风，撤离报警", "王师傅",
                     "后厨燃气灶台", "岗位责任人：李店长"):  # fmt: skip
        assert expected in text, expected
    assert text.index("瓶装液化气及燃气管路") < text.index("后厨燃气灶台")  # gravest first
    [code] = decoded_qr_codes(data)
    key = derive_tenant_key(SECRET, KITCHEN)
    read = verify_qr(code, key_for=lambda _: key, accepted_tenants={KITCHEN})
    assert read.target_id == "P-STOVE"


@pytest.mark.parametrize(
    ("username", "path", "status"),
    [
        ("worker1", "/v1/documents/risk-list.pdf", 403),  # a worker prints no lists
        ("manager1", f"/v1/documents/check-list.xlsx?tenant={LATHES}", 404),  # not theirs
        ("inspector1", f"/v1/documents/risk-cards.pdf?tenant={KITCHEN}", 200),  # 海港区's
        ("admin", f"/v1/documents/risk-list.xlsx?tenant={KITCHEN}", 403),
    ],
)
def test_only_the_enterprises_manager_and_its_grid_print_its_lists(
    world, client, username, path, status
):
    answer = client.get(path, headers=sign_in(client, username))
    assert answer.status_code == status, answer.text


def test_the_workbooks_open_as_workbooks(world, client):
    data = fetch(client, "manager1", "/v1/documents/check-list.xlsx")
    assert book(data).active.title == "隐患排查清单"
