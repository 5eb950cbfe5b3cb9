"""The 隐患整改通知书 (rectification notice) as a PDF: what was found, what to do, photos."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from sync_server.lists.pdf import FAMILY, Document

_PHOTO_W = 88.0
_PHOTO_H = 66.0
_ROW_LINES = 20
"""Lines of one cell in one row of the hazards table; a longer text goes on in the next row."""


@dataclass(frozen=True)
class NoticeItem:
    """One hazard the enterprise is told to fix."""

    title: str
    location: str
    grade: str
    measures: str
    deadline: str


@dataclass(frozen=True)
class NoticePhoto:
    """A site photo (JPEG) with its caption."""

    caption: str
    jpeg: bytes


@dataclass(frozen=True)
class Receipt:
    """签收 as the notice shows it: the signer, and their signature or the witnessed refusal."""

    signer: str
    signature: bytes | None = None  # the picture kept on the server, if it arrived
    refused: bool = False
    witness: str = ""


@dataclass(frozen=True)
class Notice:
    """Everything the notice says; built from a hazard or from an inspection."""

    number: str
    enterprise: str
    credit_code: str
    address: str
    found_on: str
    issuer: str
    items: list[NoticeItem]
    photos: list[NoticePhoto] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    authority: str = ""
    """The issuing body (海港区应急管理局); empty on a hazard's own notice."""
    receipt: Receipt | None = None
    badge_no: str = ""
    """The issuing inspector's 执法证号, from their account; a blank to fill in when unset."""


def notice_pdf(notice: Notice) -> bytes:
    """Render the notice on A4: heading, the list of hazards, the demand, photos, signatures."""
    doc = Document("隐患整改通知书")
    doc.add_page()
    if notice.authority:
        doc.set_font(FAMILY, size=14)
        doc.cell(0, 9, notice.authority, align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FAMILY, size=20)
    doc.cell(0, 12, "隐患整改通知书", align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FAMILY, size=9)
    doc.cell(0, 6, f"编号：{notice.number}", align="R", new_x="LMARGIN", new_y="NEXT")
    _paragraph(doc, f"{notice.enterprise}（统一社会信用代码：{notice.credit_code}）：", 11)
    _paragraph(
        doc,
        f"　　{notice.found_on}，经对你单位（{notice.address}）检查，发现存在下列事故隐患。"
        "依据《中华人民共和国安全生产法》和《安全生产事故隐患排查治理暂行规定》，"
        "现责令你单位按下列要求整改：",
        10,
    )
    _items_table(doc, notice.items)
    if notice.findings:
        _paragraph(doc, "检查记录：" + "；".join(notice.findings) + "。", 9)
    _paragraph(
        doc,
        "　　请于整改期限届满前整改完毕，并将整改情况（附整改前后照片）书面报告。整改期间应当采取"
        "相应的安全防范措施，防止事故发生；重大事故隐患应当按规定报告，制定并实施治理方案。"
        "逾期未整改或者整改不合格的，依法处理。",
        10,
    )
    _signatures(doc, notice)
    _photos(doc, notice.photos)
    return doc.bytes()


def _paragraph(doc: Document, text: str, size: float) -> None:
    doc.set_font(FAMILY, size=size)
    doc.multi_cell(0, size * 0.55, text, align="L", new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)


def _items_table(doc: Document, items: list[NoticeItem]) -> None:
    doc.set_font(FAMILY, size=9)
    widths = (10.0, 58.0, 30.0, 14.0, 48.0, 26.0)
    with doc.table(col_widths=widths, line_height=5, first_row_as_headings=False) as table:
        table.row(("序号", "隐患", "位置", "等级", "整改要求", "整改期限"))
        for number, item in enumerate(items, start=1):
            cells = (
                str(number),
                item.title,
                item.location,
                item.grade,
                item.measures,
                item.deadline,
            )
            for part in doc.long_rows(cells, widths, _ROW_LINES):
                table.row(part)
    doc.ln(3)


def _signatures(doc: Document, notice: Notice) -> None:
    """Who inspected (with 执法证号) and who received: a signature, 拒签, or a blank to sign."""
    doc.set_font(FAMILY, size=10)
    doc.ln(4)
    top = doc.get_y()
    doc.cell(95, 7, f"检查人员：{notice.issuer}", new_x="LMARGIN", new_y="NEXT")
    badge = notice.badge_no or "＿＿＿＿＿＿＿＿"  # an account without one: written in by hand
    doc.cell(95, 7, f"执法证号：{badge}", new_x="LMARGIN", new_y="NEXT")
    doc.cell(95, 7, f"日期：{notice.found_on}", new_x="LMARGIN", new_y="NEXT")
    left_end = doc.get_y()
    doc.set_xy(doc.l_margin + 95, top)
    doc.cell(0, 7, "被检查单位负责人（签收）：", new_x="LEFT", new_y="NEXT")
    receipt = notice.receipt
    if receipt is None:
        doc.cell(0, 7, "签收日期：　　年　　月　　日", new_x="LMARGIN", new_y="NEXT")
    elif receipt.refused:
        doc.multi_cell(
            0,
            6,
            f"拒签。负责人：{receipt.signer}；见证人：{receipt.witness}",
            new_x="LEFT",
            new_y="NEXT",
        )
        doc.cell(0, 7, f"日期：{notice.found_on}", new_x="LMARGIN", new_y="NEXT")
    else:
        if receipt.signature is not None:
            x, y = doc.get_x(), doc.get_y()
            doc.image(io.BytesIO(receipt.signature), x=x, y=y, w=50, h=24, keep_aspect_ratio=True)
            doc.set_xy(x, y + 25)
        else:
            doc.cell(0, 7, "（签名图片尚未上传）", new_x="LEFT", new_y="NEXT")
        doc.cell(0, 7, f"{receipt.signer}　{notice.found_on}", new_x="LMARGIN", new_y="NEXT")
    doc.set_y(max(doc.get_y(), left_end))
    doc.ln(4)


def _photos(doc: Document, photos: list[NoticePhoto]) -> None:
    """Photos two to a row, each with its caption; a new page when the row does not fit."""
    if not photos:
        return
    doc.set_font(FAMILY, size=11)
    doc.cell(0, 8, "现场照片", new_x="LMARGIN", new_y="NEXT")
    for index, photo in enumerate(photos):
        column = index % 2
        if column == 0 and doc.get_y() + _PHOTO_H + 8 > doc.h - doc.b_margin:
            doc.add_page()
        top = doc.get_y()
        x = doc.l_margin + column * (_PHOTO_W + 6)
        doc.image(
            io.BytesIO(photo.jpeg), x=x, y=top, w=_PHOTO_W, h=_PHOTO_H, keep_aspect_ratio=True
        )
        doc.text_at(x, top + _PHOTO_H + 1, photo.caption, 8, width=_PHOTO_W)
        if column == 1 or index == len(photos) - 1:
            doc.set_y(top + _PHOTO_H + 7)
        else:
            doc.set_y(top)
