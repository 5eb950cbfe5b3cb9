"""Imports and documents never hold the single writer longer than their own writes need.

On SQLite one writer at a time serves every enterprise: an import read inside the write
transaction, or a document read through the writer, made other enterprises' pushes wait.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from shared.events import EventType
from shared.ids import UserId
from shared.roles import Actor, Role
from sync_server.demo import KITCHEN, LATHES, seed_demo
from sync_server.schema import sequence
from tests.factories import Device
from tests.sync_server.lists.bombs import plain_sheet_workbook, workbook_claiming
from tests.sync_server.lists.test_api import XLSX, sign_in

TODAY = date(2026, 11, 30)
OTHER_WORKER = Actor(user_id=UserId("worker2"), role=Role.WORKER, tenant=LATHES)

DOCUMENTS = [
    ("manager1", f"/v1/documents/post-cards.pdf?tenant={KITCHEN}"),
    ("inspector1", "/v1/documents/enterprise-cards.pdf?grid_unit=X-HG"),
    ("manager1", "/v1/export.xlsx"),
    ("manager1", "/v1/documents/ledger.xlsx?from=2026-11-01&to=2026-11-30"),
    ("manager1", "/v1/documents/ledger.pdf?from=2026-11-01&to=2026-11-30"),
    ("manager1", "/v1/documents/notice.pdf?hazard=YH-2026-0001"),
    ("manager1", "/v1/documents/notice-link?hazard=YH-2026-0001"),
    ("inspector1", "/v1/documents/notice.pdf?inspection=INS-HG-001"),
]


@contextmanager
def writer_held(app: FastAPI) -> Iterator[None]:
    """An open write transaction, as a long push holds it."""
    with app.state.engine.begin() as writing:
        writing.execute(update(sequence).values(value=sequence.c.value))
        yield


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_document_is_read_while_a_write_transaction_is_held(app, client):
    with app.state.engine.begin() as conn:
        seed_demo(conn, history=True, today=TODAY)
    headers = {user: sign_in(client, user) for user in {user for user, _ in DOCUMENTS}}
    # The pool is left last: a request stuck behind the writer is freed by the rollback. The
    # writer is held throughout, so a document read through it would never answer: the limit
    # only bounds the wait, generously (a PDF took over 20 s at load 15 with two busy loops).
    with ThreadPoolExecutor(1) as pool, writer_held(app):
        for user, path in DOCUMENTS:
            answer = pool.submit(client.get, path, headers=headers[user]).result(timeout=120)
            assert answer.status_code == 200, (path, answer.text)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_import_bomb_is_refused_without_waiting_for_the_writer(app, client):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    headers = sign_in(client, "admin")
    bomb = workbook_claiming(rows=100_000, columns=10)  # a million cells
    assert len(bomb) < 100_000
    with ThreadPoolExecutor(1) as pool, writer_held(app):
        started = time.monotonic()
        answer = pool.submit(
            client.post, "/v1/import", files={"file": ("bomb.xlsx", bomb, XLSX)}, headers=headers
        ).result(timeout=20)
        assert time.monotonic() - started < 10
    assert answer.status_code == 413
    assert answer.json()["code"] == "import.too_large"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_another_enterprises_push_goes_through_while_a_big_file_is_read(app, live_server):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    big = plain_sheet_workbook("备注", rows=6_000, columns=12)  # read in full, then refused
    base = live_server.url
    with httpx.Client(base_url=base, timeout=60) as http:
        admin = _token(http, "admin")
        worker = _token(http, "worker2")
        phone = Device("phone-lathes", OTHER_WORKER, tenant=LATHES)
        importing: dict[str, float | int] = {}

        def run_import() -> None:
            importing["start"] = time.monotonic()
            with httpx.Client(base_url=base, timeout=120) as other:
                answer = other.post(
                    "/v1/import", files={"file": ("big.xlsx", big, XLSX)}, headers=admin
                )
            importing["end"] = time.monotonic()
            importing["status"] = answer.status_code

        thread = threading.Thread(target=run_import)
        thread.start()
        pushes: list[tuple[float, float]] = []
        while thread.is_alive():
            start = time.monotonic()
            event = phone.event(EventType.HAZARD_REPORTED, f"H-{len(pushes)}", base=0)
            answer = http.post(
                "/v1/sync/push",
                json={"device_id": phone.name, "events": [event.model_dump(mode="json")]},
                headers=worker,
            )
            assert answer.status_code == 200, answer.text
            pushes.append((start, time.monotonic()))
            time.sleep(0.05)
        thread.join()
    assert importing["status"] == 415  # no sheet to import: refused after reading it all
    # A push that waited for the writer ends only when the import lets it go, so none would
    # both start and end while the file is read. No wall-clock limit: a busy machine slows
    # the pushes and the reading alike.
    window = (importing["start"] + 0.3, importing["end"] - 0.3)
    assert any(window[0] < s for s, _ in pushes), "no push ran while the file was read"
    inside = [(s, e) for s, e in pushes if window[0] < s and e < window[1]]
    assert len(inside) >= 2, (window, pushes)


def _token(http: httpx.Client, username: str) -> dict[str, str]:
    answer = http.post("/v1/auth/login", json={"username": username, "password": "demo1234"})
    assert answer.status_code == 200, answer.text
    return {"authorization": f"Bearer {answer.json()['access_token']}"}
