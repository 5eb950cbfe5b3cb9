"""The sentences and labels of the manager's screens (企业安全管理员): key → (Chinese, English)."""

from __future__ import annotations

from enum import Enum

from mobile.services.inbox import Need

TEXTS: dict[str, tuple[str, str]] = {
    # inbox
    "inbox.title": ("待办", "To do"),
    "inbox.none": ("没有等你处理的隐患。", "Nothing is waiting for you."),
    "inbox.overdue": ("逾期 {count}", "Overdue {count}"),
    "inbox.reported": ("{date} 上报 · {user}", "Reported {date} by {user}"),
    "inbox.fixed_by": ("整改人 {user}", "Fixed by {user}"),
    "inbox.loading": (
        "还没有本企业的数据：联网同步一次后显示。",
        "No data for your enterprise yet: it shows after the first sync.",
    ),
    # assign
    "assign.title": ("指派整改", "Assign the fix"),
    "assign.assignee": ("整改负责人", "Responsible person"),
    "assign.assignee_typed": ("整改负责人（用户名）", "Responsible person (user name)"),
    "assign.bad_assignee": (
        "只能指派给本企业在岗的员工或安全管理员。",
        "Only an active worker or safety manager of this enterprise can take it.",
    ),
    "assign.pick_date": ("选择日期", "Pick a date"),
    "assign.deadline": ("整改期限（年-月-日）", "Deadline (YYYY-MM-DD)"),
    "assign.measures": ("整改措施", "Measures"),
    "assign.budget": ("整改资金（元，可不填）", "Budget in yuan (optional)"),
    "assign.submit": ("保存指派", "Save the assignment"),
    "assign.plan_first": (
        "重大隐患须先上报并制定治理方案，才能指派整改。",
        "A major hazard needs its report and treatment plan before it is assigned.",
    ),
    "assign.to_major": ("去上报 / 治理方案", "Report / treatment plan"),
    "assign.reassign": (
        "已指派给 {user}，保存后改为新的负责人和期限。",
        "Assigned to {user}; saving replaces the person and deadline.",
    ),
    # review
    "review.title": ("验收", "Acceptance"),
    "review.before": ("整改前", "Before"),
    "review.after": ("整改后", "After"),
    "review.no_photo": ("无照片", "No photo"),
    "review.note": ("整改说明", "What was done"),
    "review.no_note": ("（没有填写整改说明）", "(no note)"),
    "review.comment": ("验收意见（可不填）", "Comment (optional)"),
    "review.reason": ("驳回理由（驳回时必填）", "Reason (required to reject)"),
    "review.accept": ("验收通过", "Accept"),
    "review.reject": ("驳回", "Reject"),
    "review.rejected_before": ("曾被驳回：{reason}", "Rejected before: {reason}"),
    "review.last_reason": ("驳回理由", "Rejected because"),
    "review.accepted": ("已验收，可以销号。", "Accepted: it can be closed now."),
    # close
    "close.button": ("销号", "Close"),
    "close.confirm_title": ("销号？", "Close this hazard?"),
    "close.confirm_text": (
        "确认整改已完成并验收，销号后隐患不再计入未完成。",
        "The fix is done and accepted; once closed it no longer counts as open.",
    ),
    # major
    "major.title": ("重大隐患", "Major hazard"),
    "major.steps": (
        "重大隐患：先在 24 小时内上报主管部门，再制定治理方案，然后指派整改。",
        "A major hazard: report it to the authority within 24 h, attach the plan, then assign.",
    ),
    "major.report": ("上报主管部门", "Report to the authority"),
    "major.authority": ("主管部门", "Authority"),
    "major.authority_hint": ("例如：海港区应急管理局", "e.g. the district emergency bureau"),
    "major.reference": ("上报文号（可不填）", "Reference number (optional)"),
    "major.submit_report": ("保存上报", "Save the report"),
    "major.reported": ("已上报：{what}", "Reported: {what}"),
    "major.plan": ("治理方案", "Treatment plan"),
    "major.plan_summary": (
        "方案内容（目标、措施、资金、人员、时限、安全措施）",
        "The plan (goal, measures, money, people, time, safeguards)",
    ),
    "major.plan_date": ("计划完成日期（年-月-日）", "Target date (YYYY-MM-DD)"),
    "major.submit_plan": ("保存治理方案", "Save the plan"),
    "major.plan_after_report": ("上报后填写治理方案。", "Attach the plan after the report."),
    "major.planned": ("治理方案：{summary}", "Plan: {summary}"),
    "major.plan_until": ("计划完成：{date}", "Target: {date}"),
    "major.supervision": ("挂牌督办", "Supervision"),
    "major.supervised": ("{level}挂牌督办，期限 {date}", "Supervised ({level}), due {date}"),
    "major.not_supervised": ("未挂牌督办。", "Not under supervision."),
    "major.not_major": ("这不是重大隐患。", "This is not a major hazard."),
    "major.to_assign": ("指派整改", "Assign the fix"),
    # conflict
    "conflict.title": ("冲突处理", "Conflict"),
    "conflict.explain": (
        "两个人在离线时对同一隐患做了相反的操作。系统已按规则处理（标“生效”的一方），"
        "请核对后确认并说明理由。",
        "Two people did opposite things to this hazard while offline. The rules settled it "
        "(the one marked “stands”); check, then confirm with a reason.",
    ),
    "conflict.event": ("{what} · {user}", "{what} · {user}"),
    "conflict.when": ("{time} · 设备 {device}", "{time} · device {device}"),
    "conflict.events": ("冲突的操作", "The actions in conflict"),
    "conflict.won": ("生效", "stands"),
    "conflict.lost": ("未生效", "set aside"),
    "conflict.reason": ("处理理由（必填）", "Reason (required)"),
    "conflict.resolve": ("确认处理", "Confirm"),
    "conflict.none": ("这条隐患没有待处理的冲突。", "This hazard has no open conflict."),
    "conflict.kind.accept_vs_reject": ("验收通过与驳回冲突", "Accepted and rejected at once"),
    "conflict.kind.close_vs_reopen": ("销号与重新整改冲突", "Closed and reopened at once"),
    "conflict.kind.void_vs_progress": ("作废与处理冲突", "Voided while being handled"),
    "conflict.kind.edit_same_field": ("同时修改同一内容", "Same field edited at once"),
    "conflict.kind.other": ("同时修改", "Concurrent changes"),
    # enterprise
    "enterprise.hazards": ("本企业隐患", "Our hazards"),
    "enterprise.no_hazards": ("本企业还没有隐患记录。", "No hazards recorded yet."),
    "enterprise.risks": ("风险点（四色分级）", "Risk points (four colours)"),
    "enterprise.colour.red": ("红 · 重大", "Red · major"),
    "enterprise.colour.orange": ("橙 · 较大", "Orange · high"),
    "enterprise.colour.yellow": ("黄 · 一般", "Yellow · moderate"),
    "enterprise.colour.blue": ("蓝 · 低", "Blue · low"),
    "enterprise.no_risks": ("还没有风险点。", "No risk points yet."),
    "enterprise.cards": ("今日检查卡（按岗位）", "Today's cards by post"),
    "enterprise.no_posts": ("还没有岗位检查卡。", "No post cards yet."),
    "enterprise.progress": ("完成 {done}/{open}", "Done {done}/{open}"),
    "enterprise.late": ("逾期 {count}", "Late {count}"),
    "enterprise.later": ("未开始 {count}", "Later {count}"),
    "enterprise.measures": ("管控：{measures}", "Controls: {measures}"),
    # the hazard detail's manager buttons
    "manage.assign": ("指派整改", "Assign"),
    "manage.review": ("验收", "Review"),
    "manage.major": ("重大隐患上报 / 方案", "Major: report / plan"),
    "manage.conflict": ("处理冲突", "Resolve conflict"),
    # refusals
    "manage.unknown": ("手机上没有这条隐患。", "This phone does not know this hazard."),
    "manage.role": (
        "你的账号不能对这条隐患做这个操作。",
        "Your account may not do this to this hazard.",
    ),
    "manage.own_fix": (
        "不能验收自己整改的隐患，请另一位管理员验收。",
        "You cannot accept or reject your own fix; ask another manager.",
    ),
    "manage.wrong_state": (
        "隐患现在是“{status}”，不能做这个操作。",
        "The hazard is now “{status}”: this step does not apply.",
    ),
    "manage.no_conflict": ("这个冲突已经处理过了。", "This conflict was already resolved."),
    "form.need_text": ("请填写这一项。", "Fill this in."),
    "form.need_reason": ("请填写理由。", "Give a reason."),
    "form.need_date": ("请填写日期，例如 2026-12-05。", "Enter a date, e.g. 2026-12-05."),
    "form.bad_date": (
        "日期格式不对，请按 年-月-日 填写，例如 2026-12-05。",
        "Write the date as YYYY-MM-DD, e.g. 2026-12-05.",
    ),
    "form.past_date": ("期限不能早于今天。", "The date cannot be before today."),
    "form.bad_money": (
        "金额请填写不小于 0 的数字，例如 160 或 85.5。",
        "Enter an amount of 0 or more, e.g. 160 or 85.5.",
    ),
    # the standards library (also an inspector's) and onboarding
    "standards.title": ("标准库", "Standards library"),
    "standards.open": ("标准库", "Standards library"),
    "standards.unavailable": (
        "标准库还没有下载到本机：联网后再打开。",
        "The standards library is not on this phone yet: open it again online.",
    ),
    "standards.version": ("标准库版本 {version}", "Library version {version}"),
    "standards.kept": ("离线副本", "Kept copy"),
    "standards.search": ("搜索标准（关键词）", "Search the standards"),
    "standards.do_search": ("搜索", "Search"),
    "standards.found": ("找到 {count} 项", "{count} found"),
    "standards.count": ("{count} 项", "{count}"),
    "standards.small": ("十小场所检查标准", "Standards for small places"),
    "standards.all": ("全部类别", "All categories"),
    "standards.needs_review": ("待专家审核", "Awaits review"),
    "standards.needs_review_long": (
        "依据条款待专家审核",
        "Its legal citation awaits the experts' review",
    ),
    "standards.reviewed": ("{by} 于 {on} 审核", "Reviewed by {by} on {on}"),
    "standards.kinds": ("适用场所", "Applies to"),
    "standards.what": ("排查事项", "What to check"),
    "standards.how": ("排查内容/方法", "How to check"),
    "standards.pass": ("合格标准", "Pass criterion"),
    "standards.hazards": ("典型隐患", "Typical hazards"),
    "standards.five_high": ("五高要素", "Five-high element"),
    "standards.frequency": ("建议排查频次", "Suggested frequency"),
    "standards.basis": ("依据", "Legal basis"),
    "onboard.open": ("从标准库建岗位卡", "Build a post card from the library"),
    "onboard.title": ("建岗位卡", "Build a post card"),
    "onboard.basis": ("场所类型", "Kind of place"),
    "onboard.post": ("岗位", "Post"),
    "onboard.items": ("检查项（已选 {count}）", "Items ({count} chosen)"),
    "onboard.items_hint": (
        "来自标准库的建议；取消勾选即删除。",
        "Proposed by the library; untick to remove.",
    ),
    "onboard.add": ("添加其他标准", "Add another standard"),
    "onboard.search": ("搜索要添加的标准", "Search a standard to add"),
    "onboard.none_found": ("没有找到可添加的标准。", "Nothing more to add."),
    "onboard.add_one": ("添加 {code}", "Add {code}"),
    "onboard.save": ("保存岗位卡（{count} 项）", "Save the card ({count} items)"),
    "onboard.saved": (
        "已保存 {post} 的岗位卡（{count} 项），同步后员工可见。",
        "Saved the card of {post} ({count} items); workers see it after a sync.",
    ),
    "onboard.refused": ("岗位卡无法保存。", "The card could not be saved."),
    "onboard.managers_only": (
        "只有企业安全管理员可以建岗位卡。",
        "Only a safety manager builds post cards.",
    ),
}

LABELS: dict[Enum, tuple[str, str]] = {
    Need.CONFLICT: ("冲突待确认", "Conflicts"),
    Need.MAJOR: ("重大隐患", "Major hazards"),  # short: it labels a tile
    Need.ASSIGN: ("待指派", "To assign"),
    Need.ACCEPT: ("待验收", "To accept"),
    Need.CLOSE: ("待销号", "To close"),
}
