"""The sentences of evidence: what a 不合格 tick or a report needs, the photo viewer, limits.

key → (Chinese, English), merged into ``mobile.ui.i18n.TEXTS``.
"""

from __future__ import annotations

from enum import Enum

from shared.cards import Evidence

TEXTS: dict[str, tuple[str, str]] = {
    "check.evidence_missing": (
        "第 {items} 项不合格，还缺少照片或说明，补上后才能提交。",
        "Item {items} failed without its evidence: add it before submitting.",
    ),
    "report.no_photo_reason": ("没有照片的原因", "Why there is no photo"),
    "report.need_photo": (
        "请拍一张现场照片，或写明没有照片的原因。",
        "Add a photo of the hazard, or say why there is none.",
    ),
    "photo.label": ("照片 {n} / {total}", "Photo {n} of {total}"),
    "photo.open": ("查看照片 {n}", "Open photo {n}"),
    "photo.next": ("下一张", "Next photo"),
    "photo.prev": ("上一张", "Previous photo"),
    "photo.close": ("关闭", "Close"),
    # what each step of a hazard's history said
    "said.device": ("设备 {device}", "Device {device}"),
    "said.yuan": ("{amount} 元", "{amount} yuan"),
    "said.title": ("隐患名称", "Title"),
    "said.description": ("描述", "Description"),
    "said.location": ("位置", "Location"),
    "said.grade": ("等级", "Grade"),
    "said.category": ("隐患类型", "Category"),
    "said.assignee": ("整改负责人", "Assigned to"),
    "said.deadline": ("整改期限", "Deadline"),
    "said.measures": ("整改措施", "Measures"),
    "said.budget_yuan": ("整改资金", "Budget"),
    "said.note": ("说明", "Note"),
    "said.cost_yuan": ("实际费用", "Cost"),
    "said.comment": ("验收意见", "Acceptance comment"),
    "said.reason": ("理由", "Reason"),
    "said.no_photo_reason": ("没有照片的原因", "Why no photo"),
    "said.authority": ("上报单位", "Reported to"),
    "said.reference": ("文号", "Reference"),
    "said.summary": ("治理方案", "Plan"),
    "said.target_date": ("完成时限", "Target date"),
    "said.level": ("督办级别", "Supervision level"),
    "said.conflict_id": ("冲突", "Conflict"),
    "said.responsible_unit": ("督办责任单位", "Responsible unit"),
    "said.verdict": ("核定结论", "Verdict"),
    "said.hazard.supervised.deadline": ("督办期限", "Supervision deadline"),
    "said.hazard.supervised.note": ("督办要求", "Requirements"),
    "said.hazard.major_reviewed.reason": ("核定理由", "Reviewed because"),
    "said.hazard.supervision_lifted.note": ("核查意见", "Finding on site"),
    "said.hazard.rejected.reason": ("驳回理由", "Rejected because"),
    "said.hazard.reopened.reason": ("重新打开理由", "Reopened because"),
    "said.hazard.voided.reason": ("作废理由", "Voided because"),
    "said.hazard.regraded.reason": ("调整等级理由", "Regraded because"),
    "said.hazard.rectified.note": ("整改说明", "What was done"),
    "said.hazard.started.note": ("开始整改说明", "Note on starting"),
    "said.hazard.closed.note": ("销号说明", "Closing note"),
    "said.hazard.annotated.note": ("补充说明", "Added note"),
    "said.hazard.conflict_resolved.reason": ("处理理由", "Resolved because"),
}

LABELS: dict[Enum, tuple[str, str]] = {
    Evidence.PHOTO: ("不合格：请拍照（必须有照片）", "Failed: a photo is required"),
    Evidence.NOTE: ("不合格：请写明问题（必须有说明）", "Failed: a note is required"),
    Evidence.PHOTO_OR_NOTE: (
        "不合格：请拍照或写明问题",
        "Failed: a photo or a note is required",
    ),
}
