"""The words of the manager's scoreboard (本企业评分): key → (Chinese, English)."""

from __future__ import annotations

from enum import Enum

TEXTS: dict[str, tuple[str, str]] = {
    "board.open": ("本企业评分", "Our score"),
    "board.title": ("本企业评分", "Our score"),
    "board.loading": ("正在读取评分…", "Loading the score…"),
    "board.none": (
        "还没有评分：服务器每晚零点为前一天评分。",
        "Not scored yet: the server scores each day after midnight.",
    ),
    "board.today": ("当日得分", "Day score"),
    "board.month": ("月度得分", "Month score"),
    "board.day": ("{day} 的评分", "Score of {day}"),
    "board.kept": ("离线，{time} 获取", "offline, fetched {time}"),
    "board.scale": (
        "优秀 ≥{green} · 良好 ≥{yellow} · 一般 ≥{orange} · 较差 <{orange}",
        "Excellent ≥{green} · Good ≥{yellow} · Fair ≥{orange} · Poor <{orange}",
    ),
    "board.lights": ("红黄灯", "Lights"),
    "board.no_lights": ("没有亮灯。", "No light is on."),
    "board.todo.red": (
        "红灯：列入下月执法检查名单，并报乡镇网格；消除原因后次日评分熄灭。",
        "Red: on next month's inspection list and reported to the township; "
        "it goes out the night after the cause is gone.",
    ),
    "board.todo.yellow": (
        "黄灯：网格员 15 天内到访；消除原因后次日评分熄灭。",
        "Yellow: a grid officer visits within 15 days; "
        "it goes out the night after the cause is gone.",
    ),
    "board.ranks": ("排名（按月度得分）", "Rank (by month score)"),
    "board.rank": ("{unit}：第 {place} 名，共 {out_of} 家", "{unit}: {place} of {out_of}"),
    "board.raise": ("最能提分的是", "What would raise the score most"),
    "board.raise_line": ("{label}：可提 {points} 分", "{label}: up to {points} points"),
    "board.lines": ("得分明细", "Score lines"),
    "board.deductions": ("扣分明细", "Deductions"),
    "board.trend": ("近 30 天得分", "The last 30 days"),
    "board.trend_range": (
        "{first} 至 {last}，最低 {low}，最高 {high}",
        "{first} to {last}, lowest {low}, highest {high}",
    ),
    # the inbox's reminders (提醒)
    "remind.title": ("提醒", "Reminders"),
    "remind.supervised": (
        "挂牌督办（{level}）：{title}，期限 {date}",
        "Under supervision ({level}): {title}, due {date}",
    ),
    "remind.light.red": ("本企业亮红灯：{reason}", "Red light on the enterprise: {reason}"),
    "remind.light.yellow": ("本企业亮黄灯：{reason}", "Yellow light on the enterprise: {reason}"),
    "remind.cards_overdue": (
        "{post}：今天 {count} 张检查卡已逾期",
        "{post}: {count} card(s) overdue today",
    ),
    "remind.deadline_near": (
        "整改即将到期：{title}，期限 {date}",
        "Fix due soon: {title}, by {date}",
    ),
}

LABELS: dict[Enum, tuple[str, str]] = {}
