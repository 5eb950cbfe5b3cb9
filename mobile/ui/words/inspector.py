"""The sentences and labels of the inspector's screens (执法检查员 / 网格员)."""

from __future__ import annotations

from enum import Enum

from shared.org import SupervisionClass
from shared.risk import RiskColour

TEXTS: dict[str, tuple[str, str]] = {
    "profile.loading": ("正在获取…", "Loading…"),
    # 待检: the due list
    "due.title": ("待检企业", "Due inspections"),
    "due.scan": ("扫企业码开始检查", "Scan an enterprise code"),
    "due.none": ("目前没有到期的检查。", "No inspection is due now."),
    "due.unavailable": (
        "还没有取到待检清单：联网后会自动显示。下面是辖区全部企业。",
        "The due list has not been fetched yet; it shows once online. Your grid's enterprises:",
    ),
    "due.kept": ("离线：{time} 获取的清单", "Offline: list fetched {time}"),
    "due.fetched": ("{time} 更新", "Updated {time}"),
    "due.on": ("应检日期 {day}", "Due {day}"),
    "due.overdue": ("已逾期", "Overdue"),
    "due.visits": ("今年已检 {done}/{quota} 次", "Visited {done} of {quota} this year"),
    "due.grid": ("辖区企业", "Enterprises in your grid"),
    "due.others": ("辖区其他企业", "Other enterprises in your grid"),
    "due.no_grid": (
        "手机上还没有辖区企业资料，请联网同步一次。",
        "No enterprise data on the phone yet: connect once to sync.",
    ),
    "due.class": ("{cls}类", "Class {cls}"),
    "due.reason.red_light": ("红灯：30 天内须检查", "Red light: visit within 30 days"),
    "due.reason.unused_system": (
        "未使用系统：30 天内须检查",
        "System not used: visit within 30 days",
    ),
    "due.reason.tier_orange": ("上月一般：加检", "Last month rated fair: an extra visit"),
    "due.reason.tier_red": ("上月较差：加检", "Last month rated poor: extra visits"),
    "due.reason.yellow_light": ("黄灯：15 天内须检查", "Yellow light: visit within 15 days"),
    "due.reason.regular": ("年度计划检查", "Planned visit of the year"),
    # 企业档案
    "profile.title": ("企业档案", "Enterprise profile"),
    "profile.unknown": (
        "手机上没有这家企业的资料（不在辖区或尚未同步）。",
        "This enterprise is not on the phone (outside your grid or not synced yet).",
    ),
    "profile.class_reason": ("分级：{cls}类 · {reason}", "Class {cls} · {reason}"),
    "profile.score_today": ("当日得分", "Day score"),
    "profile.score_month": ("月度得分", "Month score"),
    "profile.score_day": ("评分日期 {day}", "Scored on {day}"),
    "profile.score_kept": (
        "离线：显示 {time} 获取的评分",
        "Offline: scores as fetched {time}",
    ),
    "profile.no_scores": ("暂无评分（联网后显示）。", "No scores yet (shown once online)."),
    "profile.lights": ("红黄灯", "Lights"),
    "profile.no_lights": ("无红灯、黄灯。", "No red or yellow light."),
    "profile.completion": ("检查卡完成率（近30天）", "Card completion (30 days)"),
    "profile.completion_now": ("{pct}% · {detail}", "{pct}% · {detail}"),
    "profile.risks": ("风险点", "Risk points"),
    "profile.no_risks": ("没有登记风险点。", "No risk points registered."),
    "profile.hazards": ("未闭环隐患（{count}）", "Open hazards ({count})"),
    "profile.no_hazards": ("没有未闭环的隐患。", "No open hazards."),
    "profile.deadline": ("期限 {day}", "Due {day}"),
    "profile.awaits_authority": ("待确认销号", "Closure to confirm"),
    "profile.overdue": ("逾期", "Overdue"),
    "profile.start": ("开始检查", "Start inspection"),
    "profile.inspections": ("检查记录", "Inspections"),
    "profile.inspection_line": ("{time} · {count} 项不合格", "{time} · {count} failing"),
    "profile.scan_hint": (
        "扫描企业门口的企业码（或岗位码），打开企业档案；也可以输入企业码下方的编码。",
        "Scan the enterprise card (or a post card) to open the profile, or type its code.",
    ),
    "profile.refused.not_in_grid": (
        "这家企业不在你的辖区，不能在这里检查。请扫描辖区内企业的企业码。",
        "This enterprise is not in your grid. Scan the enterprise card of one in your grid.",
    ),
    "profile.refused.unknown_code": (
        "辖区内没有企业使用这个编码。请核对企业码下方的编码后重新输入。",
        "No enterprise in your grid has this code. Check the code under the enterprise card.",
    ),
    # 检查 (menu-style inspection)
    "inspect.title": ("现场检查", "On-site inspection"),
    "inspect.hint": (
        "点选要检查的项目，逐项判定；不合格项会生成隐患并写入整改通知书。",
        "Pick the items you check; each failing one becomes a hazard on the notice.",
    ),
    "inspect.none": (
        "手机上没有这家企业的检查标准，请联网同步后再试。",
        "No standards for this enterprise on the phone: sync, then try again.",
    ),
    "inspect.progress": ("已检 {done} 项，不合格 {failed} 项", "{done} checked, {failed} failing"),
    "inspect.close": ("收起", "Done"),
    "inspect.note": ("检查情况（可选）", "What you saw (optional)"),
    "inspect.deadline": ("限期 {days} 天\n至 {day}", "{days} days\nby {day}"),
    "inspect.immediate": ("立即整改\n今日 {day} 内", "Fix at once\ntoday, {day}"),
    "inspect.hazard_title": ("隐患名称（可修改）", "Hazard title (editable)"),
    "inspect.hazard_description": ("隐患描述（可修改）", "What is wrong (editable)"),
    "inspect.typical": ("常见隐患：{list}", "Typical defects: {list}"),
    "receipt.title": ("签收", "Receipt"),
    "receipt.signer": ("被检查单位负责人姓名", "Representative's name"),
    "receipt.sign_here": ("请负责人在下方手写签名", "The representative signs below"),
    "receipt.clear": ("重签", "Clear"),
    "receipt.pad": ("签名板", "Signature pad"),
    "receipt.refused": ("拒绝签收（拒签）", "Refuses to sign"),
    "receipt.witness": ("见证人（姓名、单位）", "Witness (name, employer)"),
    "receipt.missing_signer": ("请填写负责人姓名。", "Enter the representative's name."),
    "receipt.missing_signature": (
        "请负责人签名，或勾选拒签并填写见证人。",
        "Have the representative sign, or mark the refusal with a witness.",
    ),
    "receipt.missing_witness": ("拒签须填写见证人。", "A refusal needs a witness."),
    "inspect.shorter": ("−1天", "−1 day"),
    "inspect.longer": ("+1天", "+1 day"),
    "inspect.criterion": ("合格标准", "Pass criterion"),
    "inspect.issue": ("签发整改通知书", "Issue the notice"),
    "inspect.record": ("保存检查记录", "Save the inspection"),
    "inspect.confirm_title": ("签发整改通知书？", "Issue the notice?"),
    "inspect.confirm_text": (
        "共检查 {done} 项，{failed} 项不合格，将生成 {failed} 条执法隐患。签发后不能修改。",
        "{done} items checked, {failed} failing: {failed} hazards will be filed. This is final.",
    ),
    "inspect.confirm_ok": ("签发", "Issue"),
    "inspect.missing": ("请至少判定一项。", "Mark at least one item."),
    # 整改通知书
    "notice.title": ("整改通知书", "Rectification notice"),
    "notice.unknown": ("手机上没有这份检查记录。", "This inspection is not on the phone."),
    "notice.number": ("文书编号 {no}（临时）", "Notice no. {no} (provisional)"),
    "notice.number_official": ("文书编号 {no}", "Notice no. {no}"),
    "notice.number_hint": (
        "正式编号（如 海港应急责改〔2026〕第08号）由服务器在同步时确认，印在通知书 PDF 上。",
        "The server confirms the official number when this syncs; the notice PDF carries it.",
    ),
    "notice.issued": (
        "{time} 签发 · 检查 {done} 项，不合格 {failed} 项",
        "Issued {time} · {done} checked, {failed} failing",
    ),
    "notice.hazards": ("限期整改的隐患", "Hazards to fix"),
    "notice.no_hazards": ("本次检查全部合格，没有隐患。", "Everything passed: no hazards."),
    "notice.deadline": ("整改期限 {day}", "Fix by {day}"),
    "notice.pending": ("待同步", "Not synced"),
    "notice.synced": ("已同步", "Synced"),
    "notice.after_sync": (
        "通知书 PDF 在同步到服务器后生成。联网后会自动同步。",
        "The notice PDF is made once this is synced; it syncs when online.",
    ),
    "notice.sync_now": ("立即同步", "Sync now"),
    "notice.open_pdf": ("打开通知书 PDF", "Open the notice PDF"),
    "notice.saved_pdf": ("通知书已保存到手机：{name}", "Notice saved on the phone: {name}"),
    "notice.pdf_offline": (
        "现在连不上服务器，请联网后再打开 PDF。",
        "Cannot reach the server: open the PDF once online.",
    ),
    "notice.pdf_refused": (
        "服务器还没有这份通知书，请稍后再试。",
        "The server does not have this notice yet. Try again shortly.",
    ),
    "notice.back_profile": ("返回企业档案", "Back to the profile"),
}

LABELS: dict[Enum, tuple[str, str]] = {
    RiskColour.RED: ("重大风险（红）", "Major risk (red)"),
    RiskColour.ORANGE: ("较大风险（橙）", "High risk (orange)"),
    RiskColour.YELLOW: ("一般风险（黄）", "Moderate risk (yellow)"),
    RiskColour.BLUE: ("低风险（蓝）", "Low risk (blue)"),
    SupervisionClass.A: ("A类", "Class A"),
    SupervisionClass.B: ("B类", "Class B"),
    SupervisionClass.C: ("C类", "Class C"),
    SupervisionClass.D: ("D类", "Class D"),
}
