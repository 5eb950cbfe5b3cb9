"""The sentences and labels of the regulator's screens (应急管理局): key → (Chinese, English).

Colours and levels are sentences with their own keys (``city.risk.red``) rather than enum
labels, so they never clash with another role's labels of the same enums.
"""

from __future__ import annotations

from enum import Enum

TEXTS: dict[str, tuple[str, str]] = {
    "city.title": ("辖区", "My area"),
    "city.no_scope": ("账号未分配网格，无法查看辖区", "This account has no grid unit"),
    "city.loading_failed": ("暂时无法读取：{reason}", "Cannot read it now: {reason}"),
    "city.offline_never": (
        "离线，且手机上还没有这一页的数据；联网后再试",
        "Offline, and this page was never fetched; try again online",
    ),
    "city.not_scored": (
        "还没有评分结果（每日零点后评分）",
        "Nothing scored yet (scored after midnight)",
    ),
    "city.stale": ("离线：显示 {when} 取得的数据", "Offline: showing data fetched {when}"),
    "city.day": ("{date}", "{date}"),
    "city.latest": ("最新", "latest"),
    "city.prev_day": ("前一天", "Previous day"),
    "city.next_day": ("后一天", "Next day"),
    "city.enterprises": ("企业", "Enterprises"),
    "city.mean_score": ("平均月分", "Mean score"),
    "city.red": ("红灯", "Red"),
    "city.yellow": ("黄灯", "Yellow"),
    "city.completion": ("检查卡完成率", "Card completion"),
    "city.completion_note": (
        "近30天：按时 {on_time}，补做 {late}，漏检 {missed}",
        "Last 30 days: on time {on_time}, late {late}, missed {missed}",
    ),
    "city.no_cards": ("近30天没有到期的检查卡", "No card was due in the last 30 days"),
    "city.lights": ("红黄灯", "Red and yellow lights"),
    "city.no_lights": ("本辖区当天无红黄灯", "No light in this area on the day"),
    "city.children": ("下级网格", "Units below"),
    "city.child_line": (
        "{count} 家企业 · 平均 {score}",
        "{count} enterprises · mean {score}",
    ),
    "city.ranking": ("企业排名（按月分）", "Enterprises ranked (month score)"),
    "city.ranking_hidden": (
        "…… 中间另有 {count} 家，下钻到下级网格查看",
        "… {count} more in between: open a unit below to see them",
    ),
    "city.no_enterprises": ("没有已评分的企业", "No scored enterprise"),
    "city.score_line": ("当日 {total} · 月分 {month}", "Day {total} · month {month}"),
    "city.hazards": ("隐患（当前）", "Hazards (now)"),
    "city.no_hazards": ("没有隐患记录", "No hazard on record"),
    "city.general": ("一般", "General"),
    "city.major": ("重大", "Major"),
    "city.state": ("状态", "State"),
    "city.overdue": ("逾期", "Overdue"),
    "city.overdue_line": (
        "逾期：一般 {general} · 重大 {major}",
        "Overdue: general {general} · major {major}",
    ),
    "city.overdue_item": ("{name} · 期限 {date}", "{name} · due {date}"),
    "city.risks": ("风险四色分布（风险点）", "Risk points by colour"),
    "city.risk.red": ("重大", "Major"),
    "city.risk.orange": ("较大", "Serious"),
    "city.risk.yellow": ("一般", "Moderate"),
    "city.risk.blue": ("低", "Low"),
    "city.risk.none": ("无风险点", "None listed"),
    "city.risk_units": ("企业按最高风险等级", "Enterprises by their gravest risk"),
    "city.risk_total": ("本级合计", "This unit"),
    "city.risk_enterprises": ("{n} 家企业", "{n} enterprises"),
    "city.risk_empty": ("暂无企业", "No enterprises"),
    "city.tier.green": ("优秀", "Excellent"),
    "city.tier.yellow": ("良好", "Good"),
    "city.tier.orange": ("一般", "Fair"),
    "city.tier.red": ("较差", "Poor"),
    "city.level.city": ("市", "city"),
    "city.level.county": ("县", "county"),
    "city.level.township": ("乡", "township"),
    "city.level.village": ("村", "village"),
    "trend.title": ("近30天趋势", "Last 30 days"),
    "trend.score": ("平均得分", "Mean score"),
    "trend.lit": ("亮灯企业数（红 / 黄）", "Lit enterprises (red / yellow)"),
    "trend.completion": ("检查卡完成率 %", "Card completion %"),
    "trend.empty": ("还没有趋势数据", "No trend yet"),
    "lights.title": ("亮灯", "Lights"),
    "lights.day": ("{date} · 红灯 {red} · 黄灯 {yellow}", "{date} · red {red} · yellow {yellow}"),
    "lights.none": ("辖区内没有红黄灯", "No red or yellow light in your area"),
    "lights.red": ("红灯", "Red light"),
    "lights.yellow": ("黄灯", "Yellow light"),
    "lights.line": ("{unit} · 月分 {month}", "{unit} · month score {month}"),
}

LABELS: dict[Enum, tuple[str, str]] = {}
