"""Every word the screens show, in Chinese (the default) and English, and the enum labels.

``tr(language, key, **values)`` formats a sentence; ``label(language, value)`` names an enum
member (a frequency, a hazard state, a grade…). A missing English text falls back to Chinese,
never to the key, and a test checks that both columns are filled.
"""

from __future__ import annotations

from datetime import timedelta
from enum import Enum
from typing import Any

from mobile.services.today import Standing
from mobile.sync.loop import SyncStatus
from mobile.ui.words import admin, evidence, inspector, manager, regulator, risk, scoreboard
from shared.cards import Frequency, HazardGrade, ItemResult
from shared.events import EventType
from shared.hazards import Outcome
from shared.lifecycle import HazardStatus
from shared.payloads import HazardCategory
from shared.schedule import CardInstance

__all__ = ["LABELS", "TEXTS", "is_english", "label", "period_text", "tr"]

TEXTS: dict[str, tuple[str, str]] = {
    "app.name": ("双控巡检", "Dual Prevention Checks"),
    # sign-in
    "sign_in.title": ("登录", "Sign in"),
    "sign_in.intro": ("岗位安全检查 · 隐患排查治理", "Post safety checks and hazard reports"),
    "sign_in.username": ("用户名", "User name"),
    "sign_in.password": ("密码", "Password"),
    "sign_in.show_password": ("显示密码", "Show password"),
    "sign_in.hide_password": ("隐藏密码", "Hide password"),
    "sign_in.submit": ("登录", "Sign in"),
    "sign_in.server": ("服务器：{server}（点此更改）", "Server: {server} (tap to change)"),
    "sign_in.empty": ("请输入用户名和密码。", "Enter your user name and password."),
    "sign_in.full": (
        "这台网页服务器已满，请稍后再试，或请管理员增加服务进程。",
        "This web server is full: try again later, or ask the administrator for more room.",
    ),
    "sign_in.shared": (
        "这是多人共用的网页版：每人用自己的账号，用完请在设置里退出登录。",
        "This web app is shared: everyone signs in as themselves and signs out in Settings.",
    ),
    "sign_in.stays": (
        "登录后会一直保持登录，没有网络也能使用。",
        "You stay signed in on this phone and can work offline.",
    ),
    # tabs
    "tab.today": ("今日", "Today"),
    "tab.scan": ("扫码", "Scan"),
    "tab.hazards": ("隐患", "Hazards"),
    "tab.sync": ("同步", "Sync"),
    "tab.settings": ("设置", "Settings"),
    "tab.inbox": ("待办", "To do"),
    "tab.enterprise": ("本企业", "Enterprise"),
    "tab.due": ("待检", "Due"),
    "tab.city": ("辖区", "My area"),
    "tab.lights": ("亮灯", "Lights"),
    # banners
    "banner.offline": (
        "离线：记录已保存在手机上，联网后自动同步",
        "Offline: your work is saved on the phone and syncs when connected",
    ),
    "banner.sign_in_needed": (
        "登录已过期：记录仍在手机上，请重新登录后同步",
        "Signed out by the server: your work is kept; sign in again to sync",
    ),
    "banner.failed": ("同步出错，稍后自动重试", "Sync failed; retrying shortly"),
    "banner.sign_in": ("重新登录", "Sign in"),
    "common.pending": ("待同步", "Not synced"),
    "common.back": ("返回", "Back"),
    "common.cancel": ("取消", "Cancel"),
    "common.saved": ("已保存到手机，待同步", "Saved on the phone; not synced yet"),
    # today
    "today.title": ("今日 · {date}", "Today · {date}"),
    "today.hello": ("{user}，你好", "Hello, {user}"),
    "today.due": ("待检", "To check"),
    "today.overdue": ("逾期", "Overdue"),
    "today.done": ("已完成", "Done"),
    "today.scan": ("扫码开始检查", "Scan a card to start"),
    "today.loading": (
        "正在下载岗位和检查卡…（第一次登录后需要联网同步一次）",
        "Downloading your posts and cards… (needs one sync after the first sign-in)",
    ),
    "today.no_posts": ("你的单位还没有岗位检查卡。", "Your workplace has no post cards yet."),
    "today.items": ("{ticked}/{total} 项", "{ticked}/{total} items"),
    "today.due_at": ("截止 {time}", "due {time}"),
    "today.opens_at": ("{time} 开始", "opens {time}"),
    # scan
    "scan.title": ("扫码检查", "Scan a card"),
    "scan.hint": (
        "对准岗位卡上的二维码拍照。拍不清时可以选择照片，或输入卡片下方的手工码。",
        "Photograph the QR code on the post card, or pick a photo, or type the code under it.",
    ),
    "scan.capture": ("拍照识别", "Take photo"),
    "scan.pick": ("选择照片", "Pick a photo"),
    "scan.manual": ("手工码（卡片下方 8 位）", "Manual code (8 characters under the QR)"),
    "scan.open": ("打开", "Open"),
    "scan.reading": ("正在识别…", "Reading…"),
    "scan.no_camera": (
        "相机不可用：请选择照片或输入手工码",
        "No camera available: pick a photo or type the code",
    ),
    "scan.camera_starting": ("正在打开相机…", "Starting the camera…"),
    "scan.live": (
        "对准岗位卡上的二维码，认出后自动打开",
        "Point the camera at the card's QR code: it opens as soon as it is read",
    ),
    "scan.torch": ("手电筒", "Torch"),
    "scan.no_torch": ("这部手机的相机不能开手电筒", "This camera's torch cannot be switched on"),
    # check card
    "check.title": ("{post}", "{post}"),
    "check.period": ("{frequency} · {period}", "{frequency} · {period}"),
    "check.progress": ("第 {n} / {total} 项", "Item {n} of {total}"),
    "check.how": ("怎么查", "How to check"),
    "check.criterion": ("合格标准", "Pass criterion"),
    "check.note": ("备注", "Note"),
    "check.fail_hint": (
        "；提交后填写隐患报告。",
        "; a hazard report follows.",
    ),
    "check.prev": ("上一项", "Previous"),
    "check.next": ("下一项", "Next"),
    "check.submit": ("提交检查卡", "Submit card"),
    "check.missing": ("还有 {count} 项未选择", "{count} items still to tick"),
    "check.nothing": ("没有需要检查的卡片。", "There is nothing to check here."),
    "check.other": ("其他待检：", "Also due:"),
    "check.responsible": ("责任人：{role}", "Responsible: {role}"),
    "check.responsible_person": ("{name}（{role}）", "{name} ({role})"),
    # photos
    "photo.camera": ("拍照", "Camera"),
    "photo.gallery": ("相册", "Gallery"),
    "photo.remove": ("删除照片", "Remove photo"),
    "photo.count": ("照片 {count}", "Photos {count}"),
    "photo.missing": ("照片未下载", "Not downloaded"),
    "camera.title": ("拍照", "Take a photo"),
    "camera.take": ("拍照", "Capture"),
    # hazard report
    "report.title": ("报告隐患", "Report a hazard"),
    "report.from_item": ("来自检查项：{item}", "From the check item: {item}"),
    "report.name": ("隐患名称", "Title"),
    "report.description": ("隐患描述", "Description"),
    "report.grade": ("隐患等级", "Grade"),
    "report.category": ("隐患类型", "Category"),
    "report.location": ("位置", "Location"),
    "report.photos": ("现场照片", "Photos"),
    "report.submit": ("提交隐患", "Submit hazard"),
    "report.skip": ("稍后再报", "Report later"),
    "report.need_title": ("请填写隐患名称。", "Enter a title."),
    "form.invalid": (
        "有内容太长或格式不对（名称最多 300 字，说明最多 4000 字），请修改后再提交。",
        "Something is too long or malformed (titles up to 300, notes up to 4000 characters).",
    ),
    "report.more": ("还有 {count} 个不合格项待报告", "{count} more failed items to report"),
    # hazards
    "hazards.title": ("我的隐患", "My hazards"),
    "hazards.none": (
        "还没有你上报或指派给你的隐患。",
        "No hazards reported by you or assigned to you yet.",
    ),
    "hazards.new": ("报告隐患", "Report a hazard"),
    "hazards.deadline": ("期限 {date}", "Due {date}"),
    "hazards.overdue": ("逾期", "Overdue"),
    "hazards.to_fix": ("待我整改", "For me to fix"),
    # hazard detail
    "hazard.title": ("隐患详情", "Hazard"),
    "hazard.status": ("状态", "State"),
    "hazard.grade": ("等级", "Grade"),
    "hazard.location": ("位置", "Location"),
    "hazard.reporter": ("上报人", "Reported by"),
    "hazard.assignee": ("整改负责人", "Assigned to"),
    "hazard.deadline": ("整改期限", "Deadline"),
    "hazard.measures": ("整改措施", "Measures"),
    "hazard.description": ("描述", "Description"),
    "hazard.before": ("整改前照片", "Before"),
    "hazard.after": ("整改后照片", "After"),
    "hazard.timeline": ("处理记录", "Timeline"),
    "hazard.start": ("开始整改", "Start the fix"),
    "hazard.rectify": ("提交整改", "Submit the fix"),
    "hazard.unknown": ("手机上没有这条隐患。", "This phone does not know this hazard."),
    "hazard.conflict": (
        "这条隐患有同时发生的修改，已按规则处理，请安全管理员确认。",
        "Concurrent changes were merged by the rules; a safety manager should confirm.",
    ),
    # rectify
    "rectify.title": ("提交整改", "Submit the fix"),
    "rectify.note": ("整改说明", "What was done"),
    "rectify.cost": ("费用（元，可不填）", "Cost in yuan (optional)"),
    "rectify.photos": ("整改后照片（至少 1 张）", "After-photos (at least one)"),
    "rectify.submit": ("提交整改", "Submit"),
    "rectify.need_photo": ("请至少拍一张整改后的照片。", "Add at least one after-photo."),
    "rectify.bad_cost": ("费用请填写数字，例如 120 或 85.5。", "Enter the cost as a number."),
    # sync
    "sync.title": ("同步", "Sync"),
    "sync.pending": ("待同步记录", "Records not synced"),
    "sync.photos": ("待上传照片", "Photos to upload"),
    "sync.others": (
        "其他账号在本机的 {count} 条记录，会在他们登录后同步",
        "{count} records of other users sync at their next sign-in",
    ),
    "sync.last": ("上次同步", "Last sync"),
    "sync.never": ("尚未同步", "Never"),
    "sync.now": ("立即同步", "Sync now"),
    "sync.all_sent": ("全部已同步", "Everything is synced"),
    "sync.conflicts": ("需要查看", "To look at"),
    "sync.no_conflicts": ("没有冲突。", "No conflicts."),
    "sync.stage.photos": ("正在上传照片", "Uploading photos"),
    "sync.stage.push": ("正在发送记录", "Sending records"),
    "sync.stage.pull": ("正在接收记录", "Receiving records"),
    "sync.refused": ("服务器拒收", "Refused by the server"),
    "sync.id_conflict": ("编号冲突", "Id conflict"),
    "sync.hazard_conflict": ("同时修改", "Concurrent changes"),
    # settings
    "settings.title": ("设置", "Settings"),
    "settings.language": ("语言", "Language"),
    "settings.server": ("服务器地址", "Server address"),
    "settings.save_server": ("保存地址", "Save address"),
    "settings.server_saved": ("服务器地址已保存", "Server address saved"),
    "settings.tiles": ("地图瓦片地址", "Map tile address"),
    "settings.tiles_note": (
        "留空则网格地图画在空白底图上（本版本尚不绘制瓦片）",
        "Empty: the grid map is drawn on a plain canvas (this build draws no tiles yet)",
    ),
    "settings.save_tiles": ("保存瓦片地址", "Save tile address"),
    "settings.tiles_saved": ("地图瓦片地址已保存", "Map tile address saved"),
    "settings.bad_tiles": (
        "地址须以 http:// 或 https:// 开头",
        "The address must start with http:// or https://",
    ),
    "settings.bad_server": (
        "地址应以 http:// 或 https:// 开头。",
        "The address must start with http:// or https://.",
    ),
    "settings.account": ("当前账号：{user}", "Signed in as {user}"),
    "settings.sign_out": ("退出登录", "Sign out"),
    "settings.sign_out_title": ("退出登录？", "Sign out?"),
    "settings.sign_out_unsynced": (
        "还有 {count} 条记录没有同步。退出后它们仍保存在这台手机上，"
        "你下次登录后会自动同步，不会丢失。",
        "{count} records are not synced yet. They stay on this phone and sync after you "
        "sign in again; nothing is lost.",
    ),
    "settings.sign_out_clean": ("所有记录都已同步。", "Everything is synced."),
    "settings.device": ("设备编号：{device}", "Device: {device}"),
}
"""Sentence key → (Chinese, English)."""

LABELS: dict[Enum, tuple[str, str]] = {
    Frequency.PER_SHIFT: ("每班", "Per shift"),
    Frequency.DAILY: ("每日", "Daily"),
    Frequency.WEEKLY: ("每周", "Weekly"),
    Frequency.MONTHLY: ("每月", "Monthly"),
    Frequency.QUARTERLY: ("每季", "Quarterly"),
    Frequency.YEARLY: ("每年", "Yearly"),
    Standing.OVERDUE: ("逾期", "Overdue"),
    Standing.DUE: ("待检", "To check"),
    Standing.UPCOMING: ("未开始", "Later"),
    Standing.DONE: ("已完成", "Done"),
    ItemResult.PASS: ("合格", "Pass"),
    ItemResult.FAIL: ("不合格", "Fail"),
    ItemResult.NOT_APPLICABLE: ("不适用", "N/A"),
    HazardGrade.GENERAL: ("一般", "General"),
    HazardGrade.MAJOR: ("重大", "Major"),
    HazardStatus.REGISTERED: ("已登记", "Registered"),
    HazardStatus.REPORTED: ("已上报", "Reported"),
    HazardStatus.PLANNED: ("治理方案", "Plan attached"),
    HazardStatus.SUPERVISED: ("挂牌督办", "Supervised"),
    HazardStatus.TO_RECTIFY: ("待整改", "To fix"),
    HazardStatus.RECTIFYING: ("整改中", "Being fixed"),
    HazardStatus.AWAITING_ACCEPTANCE: ("待验收", "Awaiting acceptance"),
    HazardStatus.ACCEPTED: ("已验收", "Accepted"),
    HazardStatus.CLOSED: ("已销号", "Closed"),
    HazardStatus.VOIDED: ("已作废", "Voided"),
    HazardCategory.SAFETY: ("安全", "Safety"),
    HazardCategory.PROCESS: ("工艺", "Process"),
    HazardCategory.ELECTRICAL: ("电气", "Electrical"),
    HazardCategory.INSTRUMENT: ("仪表", "Instruments"),
    HazardCategory.FIRE: ("消防", "Fire"),
    HazardCategory.LAYOUT: ("总图", "Site layout"),
    HazardCategory.EQUIPMENT: ("设备", "Equipment"),
    HazardCategory.OTHER: ("其他", "Other"),
    SyncStatus.IDLE: ("已连接", "Connected"),
    SyncStatus.SYNCING: ("同步中…", "Syncing…"),
    SyncStatus.OFFLINE: ("离线", "Offline"),
    SyncStatus.FAILED: ("同步出错", "Sync failed"),
    SyncStatus.SIGN_IN_NEEDED: ("需要重新登录", "Sign-in needed"),
    SyncStatus.STOPPED: ("已停止", "Stopped"),
    EventType.HAZARD_REPORTED: ("上报隐患", "Reported"),
    EventType.HAZARD_ASSIGNED: ("指派整改", "Assigned"),
    EventType.HAZARD_STARTED: ("开始整改", "Work started"),
    EventType.HAZARD_RECTIFIED: ("提交整改", "Fix submitted"),
    EventType.HAZARD_ACCEPTED: ("验收通过", "Accepted"),
    EventType.HAZARD_REJECTED: ("验收不通过", "Rejected"),
    EventType.HAZARD_CLOSED: ("销号", "Closed"),
    EventType.HAZARD_REOPENED: ("重新整改", "Reopened"),
    EventType.HAZARD_VOIDED: ("作废", "Voided"),
    EventType.HAZARD_EDITED: ("修改", "Edited"),
    EventType.HAZARD_REGRADED: ("调整等级", "Regraded"),
    EventType.HAZARD_ANNOTATED: ("补充说明", "Note added"),
    EventType.HAZARD_MAJOR_REPORTED: ("上报主管部门", "Reported to authority"),
    EventType.HAZARD_PLAN_ATTACHED: ("治理方案", "Plan attached"),
    EventType.HAZARD_SUPERVISED: ("挂牌督办", "Supervised"),
    EventType.HAZARD_SUPERVISION_LIFTED: ("解除督办", "Supervision lifted"),
    EventType.HAZARD_MAJOR_REVIEWED: ("重大隐患核定", "Major hazard reviewed"),
    EventType.CONFLICT_RESOLVED: ("冲突已处理", "Conflict resolved"),
    EventType.CARD_SUBMITTED: ("提交检查卡", "Card submitted"),
    EventType.INSPECTION_RECORDED: ("执法检查", "Inspection"),
    EventType.CARD_DEFINED: ("定义岗位卡", "Card defined"),
    EventType.WORKSHOP_DEFINED: ("设置车间和岗位", "Workshop set up"),
    EventType.POST_LOCATED: ("设置岗位位置", "Post located"),
    Outcome.APPLIED: ("", ""),
    Outcome.MERGED: ("已合并", "merged"),
    Outcome.OVERRODE: ("优先生效", "took precedence"),
    Outcome.SUPERSEDED: ("被取代", "superseded"),
    Outcome.REFUSED: ("未生效", "not applied"),
}
"""Enum member → (Chinese, English)."""


for _role in (manager, inspector, regulator, risk, evidence, scoreboard, admin):
    _twice = TEXTS.keys() & _role.TEXTS.keys() | LABELS.keys() & _role.LABELS.keys()
    if _twice:
        raise RuntimeError(f"{_role.__name__} repeats words: {sorted(map(str, _twice))}")
    TEXTS.update(_role.TEXTS)
    LABELS.update(_role.LABELS)


def is_english(language: str) -> bool:
    """Whether a language tag means English; anything else shows Chinese."""
    return language.lower().startswith("en")


def tr(language: str, key: str, **values: Any) -> str:
    """The sentence ``key`` in ``language``, with ``{name}`` fields filled from ``values``."""
    zh, en = TEXTS[key]
    text = en if is_english(language) and en else zh
    return text.format(**values) if values else text


def label(language: str, value: Enum) -> str:
    """The name of an enum member in ``language`` (its value when it has no label)."""
    names = LABELS.get(value)
    if names is None:
        return str(value.value)
    return names[1] if is_english(language) and names[1] else names[0]


def period_text(language: str, instance: CardInstance) -> str:
    """The period as a worker reads it: ``11月29日 第1班``, ``11-24 至 11-30``, ``2026年11月``."""
    opens, last = instance.opens_at, instance.due_at - timedelta(seconds=1)
    english = is_english(language)
    if instance.frequency is Frequency.YEARLY:
        return f"{opens.year}" if english else f"{opens.year}年"
    if instance.frequency is Frequency.QUARTERLY:
        quarter = (opens.month - 1) // 3 + 1
        return f"Q{quarter} {opens.year}" if english else f"{opens.year}年第{quarter}季度"
    if instance.frequency is Frequency.MONTHLY:
        return f"{opens:%B %Y}" if english else f"{opens.year}年{opens.month}月"
    if instance.frequency is Frequency.WEEKLY:
        return f"{opens:%m-%d} – {last:%m-%d}" if english else f"{opens:%m-%d} 至 {last:%m-%d}"
    day = f"{opens:%d %b}" if english else f"{opens.month}月{opens.day}日"
    if instance.frequency is Frequency.PER_SHIFT:
        number = instance.period.rsplit("#", 1)[-1]
        return f"{day}, shift {number}" if english else f"{day} 第{number}班"
    return day
