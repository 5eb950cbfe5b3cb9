"""A day score's explanation as stored: its lines compressed, so a year of a city stays small.

The lines (components and deductions) are read back only on one enterprise's screen, a few
rows at a time, yet every enterprise gets one a day: stored as plain JSON (each Chinese
character escaped in six bytes) they were ~1.8 KB of the ~2.7 KB a row took. Compressed with
a preset dictionary of the lines' usual words they take a tenth of that.

The dictionary is part of the format: a changed one needs a new key (``z2`` added the 迟报
and 漏报 lines), and rows written with an older key or before compression (plain
``components``) still read.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

KEY = "z2"
"""The stored body's key for lines compressed with ``_DICTIONARIES[KEY]``."""

_Z1 = (
    '"max_points": null, "detail": "0 项 × 10 分"}, '
    '{"code": "overdue_general", "label_zh": "逾期一般隐患", "points": 0.0, "max_points": 10.0, '
    '"detail": "0 项 × 2 分，最多扣 10 分"}, {"code": "overdue_major", "label_zh": "逾期重大隐患", '
    '{"code": "concealment", "label_zh": "瞒报", {"code": "suspicious_ticks", "label_zh": '
    '"疑似虚假打卡", "deductions": [{"code": "duty_login", "label_zh": "履职在线", '
    '"detail": " 个工作日中  天登录"}, {"code": "card_completion", "label_zh": "检查卡完成率", '
    '"detail": "按时 ，补做 ，漏检 "}, {"code": "hazard_finding", "label_zh": "隐患发现", '
    '"detail": "有效自查隐患  项 × 7.5 分"}, {"code": "rectification", "label_zh": "整改及时率", '
    '"detail": "到期  项，按期销号  项"}, {"code": "major_compliance", "label_zh": "重大隐患规范", '
    '"detail": "重大隐患  项，规范  项"}, {"code": "risk_list", "label_zh": "风险清单维护", '
    '"detail": "12 个月内已复核，无卡红橙风险点  个"}], {"components": [{"code": '
).encode()

_DICTIONARIES = {
    "z1": _Z1,
    # Issue 18: the 迟报 and 漏报 lines, appended so z1's words keep their places.
    "z2": _Z1
    + (
        ', {"code": "late_report", "label_zh": "迟报", "points": 0.0, "max_points": 5.0, '
        '"detail": "0 项 × 1 分，最多扣 5 分"}, {"code": "missed_report", "label_zh": "漏报", '
        '"points": 0.0, "max_points": 10.0, "detail": "0 项 × 2 分，最多扣 10 分"}]}'
    ).encode(),
}


def pack(lines: dict[str, Any]) -> dict[str, str]:
    """``{"components": […], "deductions": […]}`` as the stored body."""
    text = json.dumps(lines, ensure_ascii=False).encode()  # the dictionary's spacing
    packer = zlib.compressobj(level=9, zdict=_DICTIONARIES[KEY])
    return {KEY: base64.b64encode(packer.compress(text) + packer.flush()).decode("ascii")}


def unpack(body: dict[str, Any]) -> dict[str, Any]:
    """The lines of a stored body, whichever way it was stored."""
    key = next((k for k in _DICTIONARIES if k in body), None)
    if key is None:
        return body  # written before the lines were compressed
    unpacker = zlib.decompressobj(zdict=_DICTIONARIES[key])
    raw = unpacker.decompress(base64.b64decode(body[key])) + unpacker.flush()
    lines: dict[str, Any] = json.loads(raw)
    return lines
