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
    "photo.side_by_side": ("整改前后对比", "Before and after"),
    "photo.not_image": (
        "所选文件不是照片（只能选 JPEG、PNG 或 WebP 图片）。",
        "The file picked is not a photo (JPEG, PNG or WebP only).",
    ),
    "form.too_long": ("最多 {max} 字", "At most {max} characters"),
}

LABELS: dict[Enum, tuple[str, str]] = {
    Evidence.PHOTO: ("不合格：请拍照（必须有照片）", "Failed: a photo is required"),
    Evidence.NOTE: ("不合格：请写明问题（必须有说明）", "Failed: a note is required"),
    Evidence.PHOTO_OR_NOTE: (
        "不合格：请拍照或写明问题",
        "Failed: a photo or a note is required",
    ),
}
