"""The 四色图 on the server: a plan and pins pushed as events, printed on A4 and A3.

Runs on SQLite and PostgreSQL like every server test. The PDFs are read back with a PDF
reader (their text, their images) and their pins found by colour in the rendered page.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from shared.events import Event, EventType
from shared.payloads import risk_map_id
from sync_server.demo import KITCHEN, seed_demo
from tests.factories import Device
from tests.sync_server.lists.pdf_reading import pdf_images, pdf_text
from tests.sync_server.test_blobs import blob_path, upload
from tests.sync_server.test_risks import results
from tests.sync_server.test_sync import MANAGER, push, sign_in, wire

E = EventType
MAP = risk_map_id(KITCHEN)


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def site_plan() -> bytes:
    """A drawn floor plan: walls and rooms on white, as a manager's photo of one would show."""
    image = Image.new("RGB", (1200, 800), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 1180, 780), outline="black", width=8)
    draw.line((600, 20, 600, 780), fill="black", width=6)
    draw.line((20, 400, 600, 400), fill="black", width=6)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def plan_set(phone: Device, data: bytes) -> Event:
    photo = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    return phone.event(E.RISK_MAP_PLAN_SET, MAP, base=0, payload={"photo": photo})


def pinned(phone: Device, risk_id: str, x: float, y: float) -> Event:
    payload = {"risk_id": risk_id, "x": x, "y": y}
    return phone.event(E.RISK_MAP_PINNED, MAP, base=0, payload=payload)


def risk_map(client: Any, headers: dict[str, str], **params: str) -> Any:
    return client.get("/v1/documents/risk-map.pdf", headers=headers, params=params)


def test_a_plan_and_a_pin_print_as_the_four_colour_picture_on_a4_and_a3(world, client):
    manager = sign_in(client, "manager1")
    data = site_plan()
    assert upload(client, manager, data, path=blob_path(data, KITCHEN)).status_code == 200
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    batch = [wire(plan_set(phone, data)), wire(pinned(phone, "R-KITCHEN-GAS", 0.25, 0.5))]
    assert results(push(client, manager, "phone-m", batch)) == [("accepted", None)] * 2

    sizes = {}
    for paper in ("A4", "A3"):
        answer = risk_map(client, manager, paper=paper)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/pdf"
        text = pdf_text(answer.content)
        assert "安全风险四色分布图" in text and "海港区老街小厨餐馆" in text
        assert "图例" in text and "重大风险" in text and "风险点一览" in text
        assert "未标注" not in text.split("风险点一览")[1].split("\n")[1]  # the gas point: placed
        [plan] = pdf_images(answer.content)
        assert plan.size == (1200, 800)  # the served derivative, placed once
        box = PdfReader(io.BytesIO(answer.content)).pages[0].mediabox
        sizes[paper] = (round(float(box.width)), round(float(box.height)))
    assert sizes == {"A4": (842, 595), "A3": (1191, 842)}  # landscape, in points


def test_without_a_plan_the_points_are_listed_on_a_plain_grid_and_marked_unplaced(world, client):
    answer = risk_map(client, sign_in(client, "manager1"))
    assert answer.status_code == 200, answer.text
    text = pdf_text(answer.content)
    assert "未上传平面布置图" in text
    assert "（未标注）" in text
    assert pdf_images(answer.content) == []


def test_a_plan_whose_photo_has_not_arrived_is_drawn_as_the_grid_and_says_so(world, client):
    manager = sign_in(client, "manager1")
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    assert results(push(client, manager, "phone-m", [wire(plan_set(phone, site_plan()))])) == [
        ("accepted", None)
    ]
    text = pdf_text(risk_map(client, manager).content)
    assert "平面布置图的照片尚未上传完成" in text


def test_a_pin_removed_on_the_phone_is_printed_as_not_placed(world, client):
    manager = sign_in(client, "manager1")
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    placed = pinned(phone, "R-KITCHEN-GAS", 0.25, 0.5)
    gone = phone.event(E.RISK_MAP_UNPINNED, MAP, base=1, payload={"risk_id": "R-KITCHEN-GAS"})
    batch = [wire(placed), wire(gone)]
    assert results(push(client, manager, "phone-m", batch)) == [("accepted", None)] * 2
    text = pdf_text(risk_map(client, manager).content)
    assert "已标注 0 个" in text
    assert "未标注" in text.split("风险点一览")[1].split("\n")[1]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"risk_id": "R-NOWHERE"}, "ref.unknown"),
        ({"x": 1.5}, "invalid_input"),
        ({"y": -0.1}, "invalid_input"),
    ],
)
def test_a_pin_on_no_point_of_the_enterprise_or_off_the_plan_is_refused_alone(
    world, client, change, code
):
    manager = sign_in(client, "manager1")
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    bad = wire(pinned(phone, "R-KITCHEN-GAS", 0.5, 0.5))
    bad["payload"] |= change
    good = wire(pinned(phone, "R-KITCHEN-GAS", 0.5, 0.5))
    assert results(push(client, manager, "phone-m", [bad, good])) == [
        ("rejected", code),
        ("accepted", None),
    ]


@pytest.mark.parametrize(
    ("who", "params", "status"),
    [
        ("worker1", {}, 403),  # a worker prints no risk documents
        ("manager2", {"tenant": KITCHEN}, 404),  # another enterprise's manager: not in scope
        ("inspector1", {"tenant": KITCHEN}, 200),  # the grid's inspector
        ("manager1", {"paper": "A5"}, 422),
    ],
)
def test_who_may_print_the_picture(world, client, who, params, status):
    assert risk_map(client, sign_in(client, who), **params).status_code == status


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_a_signed_link_opens_the_picture_without_a_token_until_it_expires(world, client, paper):
    answer = client.get(
        "/v1/documents/risk-map-link", headers=sign_in(client, "manager1"), params={"paper": paper}
    )
    assert answer.status_code == 200, answer.text
    path = answer.json()["path"]
    assert path.startswith("/v1/documents/shared/risk-map.pdf?")
    opened = client.get(path)  # no token: the browser's or the phone's viewer
    assert opened.status_code == 200, opened.text
    assert opened.headers["content-disposition"].startswith("inline")
    assert "安全风险四色分布图" in pdf_text(opened.content)
    box = PdfReader(io.BytesIO(opened.content)).pages[0].mediabox
    assert round(float(box.width)) == {"A4": 842, "A3": 1191}[paper]


@pytest.mark.parametrize(
    "change",
    [
        {"risk_map": "91350100M000100Y43"},  # another enterprise under the same signature
        {"sig": "0" * 32},
        {"expires": "1"},  # long gone
    ],
    ids=["another enterprise", "a wrong signature", "expired"],
)
def test_a_link_changed_or_expired_opens_nothing(world, client, change):
    answer = client.get("/v1/documents/risk-map-link", headers=sign_in(client, "manager1"))
    path, query = answer.json()["path"].split("?", 1)
    params = dict(pair.split("=", 1) for pair in query.split("&")) | change
    assert client.get(path, params=params).status_code == 404


def test_a_worker_gets_no_link_to_the_picture(world, client):
    answer = client.get("/v1/documents/risk-map-link", headers=sign_in(client, "worker1"))
    assert answer.status_code == 403
