"""本企业评分: the manager's own score, lines with reasons, lights, ranks and trend."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from mobile.services.scoreboard import BoardLine, Scoreboard
from mobile.sync.reads import _doc_name
from mobile.ui.words.scoreboard import TEXTS
from tests.mobile.ui.fakes import click, control, has, screen_text, text_of
from tests.mobile.world import KITCHEN


def day(n: int, total: float, **changes: Any) -> dict[str, Any]:
    return {
        "tenant": KITCHEN, "name": "海港区老街小厨餐馆", "grid_unit": "V-DL",
        "day": f"2026-11-{n:02d}", "total": total, "tier": "orange", "month_score": 71.5,
        "light": "red", "ranks": {"V-DL": [2, 5], "X-HG": [14, 40], "C-QH": [101, 300]},
        "lights": [{"colour": "red", "code": "concealment",
                    "reason_zh": "30 天内瞒报 1 次：11-27 09:00 检查卡勾选合格", "reason_en": "x"}],
        "components": [
            {"code": "card_completion", "label_zh": "检查卡完成率", "points": 28.0,
             "max_points": 35.0, "detail": "按时 20，补做 2，漏检 8"},
            {"code": "hazard_finding", "label_zh": "隐患发现", "points": 7.5,
             "max_points": 15.0, "detail": "有效自查隐患 1 项 × 7.5 分"},
        ],
        "deductions": [
            {"code": "concealment", "label_zh": "瞒报", "points": -10.0, "max_points": None,
             "detail": "1 项 × 10 分：11-27 09:00 检查卡勾选合格，11-28 10:00 执法检查发现不合格"},
            {"code": "missed_report", "label_zh": "漏报", "points": -2.0, "max_points": 10.0,
             "detail": "1 项 × 2 分，最多扣 10 分：“燃气报警器” 11-26 09:00 勾选不合格，"
                       "24 小时内未报隐患"},
        ],
    } | changes  # fmt: skip


def keep(phone: Any, body: Any) -> None:
    """The server's answer, fetched earlier (2025-11-30 08:00 China time)."""
    path = f"/v1/scores/enterprises/{KITCHEN}"
    phone.store.write_doc(_doc_name(path, None), {"body": body, "at_ms": 1_764_460_800_000})


def test_the_manager_opens_the_score_from_the_enterprise_and_sees_every_line(ui, phone):
    keep(phone, [day(27, 90.0), day(28, 58.5)])
    app, page = ui
    app.go("/enterprise")
    click(page, "scoreboard")
    page.run_tasks()  # fetched behind the screen
    assert page.view.route == "/scoreboard"
    text = screen_text(page)
    for words in ("58.5", "71.5", "一般", "优秀 ≥90 · 良好 ≥75 · 一般 ≥60 · 较差 <60",
                  "2026-11-28 的评分", "离线，11-30 08:00 获取", "30 天内瞒报 1 次",
                  "列入下月执法检查名单"):  # fmt: skip
        assert words in text, words
    missed = text_of(control(page, "board-line-missed_report"))
    assert (
        "漏报" in missed and "“燃气报警器” 11-26 09:00 勾选不合格" in missed and "-2 / 10" in missed
    )
    assert "11-28 10:00 执法检查发现不合格" in text_of(control(page, "board-line-concealment"))
    assert "第 2 名，共 5 家" in text_of(control(page, "board-rank-V-DL"))
    assert has(page, "board-trend")


def test_what_would_raise_the_score_most_comes_first(ui, phone):
    keep(phone, [day(28, 58.5)])
    app, page = ui
    app.go("/scoreboard")
    page.run_tasks()
    text = screen_text(page)
    assert text.index("瞒报：可提 10.0 分") < text.index("隐患发现：可提 7.5 分")
    assert text.index("隐患发现：可提 7.5 分") < text.index("检查卡完成率：可提 7.0 分")


def test_before_the_first_night_the_board_says_when_scores_come(ui):
    app, page = ui
    app.go("/scoreboard")
    page.run_tasks()
    assert "还没有评分" in screen_text(page)


def test_the_costliest_lines_are_those_losing_most_points():
    def line(code: str, points: float, most: float | None) -> BoardLine:
        return BoardLine(code, code, points, most, "")

    board = Scoreboard(
        day=date(2026, 11, 28), total=80, tier="yellow", month_score=80,
        components=(line("a", 10, 10), line("b", 20, 35)), deductions=(line("c", -2, 10),),
        lights=(), ranks=(), trend=(), fetched_ms=0, fresh=True,
    )  # fmt: skip
    assert [x.code for x in board.costliest()] == ["b", "c"]


def test_the_scale_is_the_citys_weights_in_force_when_known(ui, phone):
    keep(phone, [day(28, 86.0)])
    weights = {"version": 1, "weights": {"green_from": 85, "yellow_from": 70, "orange_from": 55}}
    phone.store.write_doc(
        _doc_name("/v1/scores/weights", None), {"body": weights, "at_ms": 1_764_460_800_000}
    )
    app, page = ui
    app.go("/scoreboard")
    page.run_tasks()
    assert "优秀 ≥85 · 良好 ≥70 · 一般 ≥55 · 较差 <55" in screen_text(page)


def test_each_line_that_would_raise_the_score_says_what_to_do(ui, phone):
    keep(phone, [day(28, 58.5)])
    app, page = ui
    app.go("/scoreboard")
    page.run_tasks()
    assert "检查卡如实勾选" in text_of(control(page, "board-raise-concealment"))
    assert "排查时发现的问题拍照报隐患" in text_of(control(page, "board-raise-hazard_finding"))
    assert "到期前勾完" in text_of(control(page, "board-raise-card_completion"))


def test_every_line_the_score_can_give_has_what_to_do_in_both_languages():
    source = Path("shared/scoring.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'_(?:line|deduction)\(\s*"([a-z_]+)"', source))
    codes |= {"unreported_major", "unused_system"}
    assert len(codes) >= 12
    assert {c for c in codes if f"board.how.{c}" not in TEXTS} == set()


def test_the_ranks_read_village_township_county_city_even_when_two_are_the_same_size(ui, phone):
    ranks = {"C-QH": [12, 12], "X-HG": [2, 2], "Z-XC": [2, 2], "V-DL": [1, 1]}
    keep(phone, [day(28, 58.5, ranks=ranks)])
    app, page = ui
    app.go("/scoreboard")
    page.run_tasks()
    text = screen_text(page)
    places = [text.index(name) for name in ("东里村：", "西港镇：", "海港区：", "秦海市：")]
    assert places == sorted(places)
