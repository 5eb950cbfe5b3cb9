"""Workbooks from the phone against the real server on loopback (issue 18): kept, then opened."""

from __future__ import annotations

import io

import httpx
from openpyxl import load_workbook  # type: ignore[import-untyped]

from mobile.services.exports import Export, export_link, fetch_export


def test_the_inspectors_due_list_is_kept_on_the_phone_and_opens_by_link(server, phones, tmp_path):
    inspector = phones.new("i", "inspector1")
    path = fetch_export(inspector.reads, tmp_path, Export.DUE)
    assert path.parent == tmp_path / "exports"
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[2][:3] == ("序号", "应检日期", "是否逾期")
    assert len(rows) > 3  # the demo grid owes visits
    link = export_link(inspector.reads, server.url, Export.DUE)
    opened = httpx.get(link)  # the browser: no token
    assert opened.status_code == 200
    again = list(load_workbook(io.BytesIO(opened.content)).active.iter_rows(values_only=True))
    assert [r[3] for r in again[3:]] == [r[3] for r in rows[3:]]
