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
    # what to do about each line that loses points (the largest first under 最能提分的是)
    "board.how.duty_login": (
        "安全负责人每个工作日登录一次 App。",
        "The safety lead signs in to the app on every working day.",
    ),
    "board.how.card_completion": (
        "每张检查卡在到期前勾完；逾期的在宽限期内补做。",
        "Tick every card before it is due; make up late ones within the grace period.",
    ),
    "board.how.hazard_finding": (
        "排查时发现的问题拍照报隐患，由管理员确认。",
        "Report what the checks find as hazards, with a photo, for the manager to confirm.",
    ),
    "board.how.rectification": (
        "按期限整改并提交验收；快到期的先办。",
        "Fix by the deadline and submit for acceptance; the ones due soonest first.",
    ),
    "board.how.major_compliance": (
        "重大隐患 24 小时内上报，5 个工作日内附治理方案。",
        "Report a major hazard within 24 h and attach its plan within 5 working days.",
    ),
    "board.how.risk_list": (
        "复核风险清单（本企业 → 风险清单复核）。",
        "Review the risk list (Enterprise → risk list review).",
    ),
    "board.how.concealment": (
        "检查卡如实勾选；扣分在 30 天后移出评分窗口。",
        "Tick cards truthfully; the deduction leaves the 30-day window after 30 days.",
    ),
    "board.how.late_report": (
        "发现隐患当天登记。",
        "Register a hazard on the day it is found.",
    ),
    "board.how.missed_report": (
        "勾选不合格的检查项，24 小时内报隐患。",
        "Report a hazard within 24 h of ticking an item as failed.",
    ),
    "board.how.overdue_general": (
        "先整改已逾期的一般隐患并提交验收。",
        "Fix the overdue general hazards first and submit them for acceptance.",
    ),
    "board.how.overdue_major": (
        "逾期重大隐患每项扣分最多：立即整改并提交验收。",
        "Each overdue major hazard costs most: fix it now and submit for acceptance.",
    ),
    "board.how.suspicious_ticks": (
        "到岗逐项检查后再勾选，不要几秒勾完整张卡。",
        "Check each item on site before ticking; do not tick a whole card in seconds.",
    ),
    "board.how.unreported_major": (
        "重大隐患先由本企业上报，不要等执法检查发现。",
        "Report major hazards yourselves before an inspector finds them.",
    ),
    "board.how.unused_system": (
        "为本企业开通账号并每天使用 App。",
        "Give the enterprise's people accounts and use the app every day.",
    ),
    "board.lines": ("得分明细", "Score lines"),
    "board.deductions": ("扣分明细", "Deductions"),
    "board.trend": ("近 30 天得分", "The last 30 days"),
    "board.trend_range": (
        "{first} 至 {last}，最低 {low}，最高 {high}",
        "{first} to {last}, lowest {low}, highest {high}",
    ),
    # 奖惩 (the manager's table) and a worker's own month
    "rewards.open": ("奖惩积分", "Rewards and penalties"),
    "rewards.title": ("奖惩积分", "Rewards and penalties"),
    "rewards.loading": ("正在读取积分…", "Loading the points…"),
    "rewards.offline": (
        "连不上服务器，也没有保存的积分：联网后再看。",
        "The server cannot be reached and no points are kept: look again when online.",
    ),
    "rewards.this_month": ("看本月", "This month"),
    "rewards.last_month": ("看上月", "Last month"),
    "rewards.range": ("{first} 至 {last}", "{first} to {last}"),
    "rewards.rules": (
        "积分规则：确认隐患 +{hazard} · 按时检查卡 +{card} · 按时整改 +{fix} · 瞒报 −{concealment}",
        "Points: confirmed hazard +{hazard} · card on time +{card} · fix on time +{fix} · "
        "concealment −{concealment}",
    ),
    "rewards.people": ("人员积分（高到低）", "People, most points first"),
    "rewards.nobody": ("本月还没有人有积分。", "Nobody has points this month yet."),
    "rewards.deeds": (
        "按时检查卡 {cards} · 发现隐患 {found}（确认 {confirmed}）· "
        "按时整改 {fixes} · 瞒报 {concealments}",
        "Cards on time {cards} · hazards found {found} ({confirmed} confirmed) · "
        "fixes on time {fixes} · concealments {concealments}",
    ),
    "rewards.points_chip": ("{points} 分", "{points} pts"),
    "rewards.export": ("导出 Excel", "Export to Excel"),
    "rewards.export_offline": (
        "离线：联网后才能导出。",
        "Offline: the export needs the server.",
    ),
    "rewards.export_refused": ("服务器拒绝导出。", "The server refused the export."),
    "rewards.saved": ("已保存到手机：{name}", "Saved on the phone: {name}"),
    "my_month.open": ("我的本月", "My month"),
    "my_month.title": ("我的本月", "My month"),
    "rewards.cards": ("按时检查卡", "Cards on time"),
    "rewards.points": ("奖惩积分", "Points"),
    "rewards.found": ("发现隐患", "Hazards found"),
    "rewards.confirmed": ("其中确认", "Confirmed"),
    "rewards.fixes": ("按时整改 {count} 项", "{count} fix(es) on time"),
    # a worker's reminders on 今日 (提醒), most pressing first
    "nudge.title": ("提醒", "Reminders"),
    "nudge.fix_rejected": (
        "整改被驳回：{title}（{reason}），期限 {date}",
        "Fix sent back: {title} ({reason}), due {date}",
    ),
    "nudge.fix_overdue": ("整改已逾期：{title}，期限 {date}", "Fix overdue: {title}, due {date}"),
    "nudge.card_missed_soon": (
        "{post}：{frequency}检查卡 {missed} 将记为漏检，请尽快完成",
        "{post}: the {frequency} card counts as missed at {missed}; tick it now",
    ),
    "nudge.fix_deadline_near": (
        "整改即将到期：{title}，期限 {date}",
        "Fix due soon: {title}, by {date}",
    ),
    "nudge.fix_assigned": (
        "新的整改任务：{title}，期限 {date}",
        "New fix for you: {title}, by {date}",
    ),
    "nudge.card_due": (
        "{post}：{frequency}检查卡待检，{due} 前完成",
        "{post}: the {frequency} card is open, due {due}",
    ),
    "due.week": (
        "本周应检 {count} 家（含逾期）",
        "{count} visit(s) due this week (overdue included)",
    ),
    # the inbox's reminders (提醒)
    "remind.title": ("提醒", "Reminders"),
    "remind.supervised": (
        "挂牌督办（{level}）：{title}，期限 {date}",
        "Under supervision ({level}): {title}, due {date}",
    ),
    "remind.awaits_authority": (
        "挂牌督办（{level}）：{title} 已销号，待监管部门确认销号（解除督办）",
        "Under supervision ({level}): {title} closed, waiting for the authority to confirm it",
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
