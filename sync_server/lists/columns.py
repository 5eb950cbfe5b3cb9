"""The import sheets and their Chinese column headers, as data: one table drives import and export.

docs/import.md describes the same columns for people; a test keeps the two in step.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from shared.cards import Evidence, Frequency, HazardGrade
from shared.org import (
    GRID_LEVEL_NAMES,
    INDUSTRY_NAMES,
    SMALL_PLACE_NAMES,
    GridLevel,
    Industry,
    SmallPlaceKind,
)
from shared.risk import CONTROL_LEVEL_NAMES, FIVE_HIGH_NAMES, ControlLevel


@dataclass(frozen=True)
class Column:
    """One column: its key in code, its header in the workbook and what it holds.

    ``computed`` columns are written on export for people to read and ignored on import.
    """

    key: str
    header: str
    required: bool
    note: str
    aliases: tuple[str, ...] = ()
    computed: bool = False


@dataclass(frozen=True)
class Sheet:
    """One sheet (or one CSV file): the kind of record it holds, one record (or item) a row."""

    kind: str
    name: str
    columns: tuple[Column, ...]
    note: str

    def column(self, key: str) -> Column:
        """The column with this key."""
        return next(column for column in self.columns if column.key == key)


def _c(key: str, header: str, note: str, *aliases: str, required: bool = False) -> Column:
    return Column(key, header, required, note, aliases)


RESPONSIBLE_NOTE = "负责的人：填账号或姓名，须是本企业在用的员工或安全管理员；可留空"
"""The 责任人账号 column's note: a person of the enterprise (issue 21), not free text."""
FIVE_HIGH_NOTE = (
    "必填：" + "、".join(FIVE_HIGH_NAMES.values()) + "（可简写为 设备、工艺、场所、物品、岗位）"
)

CREDIT = _c("tenant", "统一社会信用代码", "企业的18位统一社会信用代码", "信用代码",
            "企业信用代码", "社会信用代码", required=True)  # fmt: skip

SHEETS: tuple[Sheet, ...] = (
    Sheet("grid_unit", "网格", (
        _c("id", "网格编码", "唯一编码，如 X-HG", "编码", required=True),
        _c("name", "网格名称", "如 海港区", "名称", required=True),
        _c("level", "层级", "市、县、乡 或 村（区/县级市写县，镇/街道写乡，社区写村）",
           required=True),
        _c("parent_id", "上级网格编码", "市级网格留空；其余填上级网格的编码", "上级编码"),
    ), "市→县→乡→村 网格；上级须比下级层级高。"),
    Sheet("enterprise", "企业", (
        _c("id", "统一社会信用代码", "18位，校验位须正确；它也是企业在系统中的编码",
           "信用代码", "企业信用代码", "社会信用代码", required=True),
        _c("name", "企业名称", "营业执照上的名称", "单位名称", required=True),
        _c("grid_unit_id", "所属网格编码", "企业所在的网格（通常是村或乡）", "网格编码",
           required=True),
        _c("industry", "行业", "、".join(INDUSTRY_NAMES.values()), "行业类别", required=True),
        _c("small_place_kind", "十小类别", "行业为“十小场所”时必填："
           + "、".join(SMALL_PLACE_NAMES.values()), "十小场所类别"),
        _c("supervision_class", "监管类别", "A、B、C 或 D（河北口径：A 最大最危险），可留空",
           "分级分类"),
        _c("staff_count", "从业人数", "整数", "职工人数", "人数", required=True),
        _c("above_designated_size", "规上企业", "是 或 否，留空为否", "是否规上"),
        _c("latitude", "纬度", "企业所在位置，WGS-84 十进制度（如 39.9354），与经度同填；"
           "监管人员的网格地图用它，留空则取其已定位岗位的中心"),
        _c("longitude", "经度", "WGS-84 十进制度（如 119.6005），与纬度同填；可留空"),
    ), "每行一家企业（生产经营单位）。"),
    Sheet("workshop", "车间", (
        CREDIT,
        _c("id", "车间编码", "全系统唯一，如 W-KITCHEN", "部门编码", required=True),
        _c("name", "车间名称", "车间或部门", "部门名称", required=True),
    ), "车间或部门。"),
    Sheet("card", "检查卡", (
        CREDIT,
        _c("id", "检查卡编码", "全系统唯一；同一张卡的各行编码相同", "卡编码", required=True),
        _c("name", "检查卡名称", "同一张卡的各行须一致", "卡名称", required=True),
        _c("version", "版本", "正整数，留空为1；内容变了而版本未提高时自动加1"),
        _c("item_id", "项目编号", "卡内唯一，如 1、2、3", "检查项编号", required=True),
        _c("what", "检查项", "查什么", required=True),
        _c("how", "怎么查", "检查方法", "检查方法", required=True),
        _c("pass_criterion", "合格标准", "合格的标准", required=True),
        _c("typical_hazard", "不合格→典型隐患", "不合格时的典型隐患", "典型隐患",
           required=True),
        _c("suggested_grade", "建议等级", "一般 或 重大，留空为一般", "隐患等级"),
        _c("frequency", "频次", "每班、每日、每周、每月、每季 或 每年", "检查频次", required=True),
        _c("responsible_role", "责任人", "岗位名称，如 灶台厨师", required=True),
        _c("responsible", "责任人账号", RESPONSIBLE_NOTE, "责任人姓名"),
        _c("five_high", "五高", FIVE_HIGH_NOTE, "五高要素", required=True),
        _c("control_goal", "管控目标", "该项要达到的管控目标，可留空"),
        _c("standard", "标准编码", "来自标准库的检查项填标准编码（如 PC-11-03、SX-09），可留空",
           "标准库编码"),
        _c("evidence", "不合格证据", "不合格时必须附上的证据：照片、说明 或 照片或说明，留空为照片",
           "不合格须附"),
    ), "一岗一卡：每行是一张卡的一个检查项。"),
    Sheet("post", "岗位", (
        CREDIT,
        _c("id", "岗位编码", "全系统唯一；只用大写字母、数字和 - . /，不超过32位（印在二维码里）",
           required=True),
        _c("name", "岗位名称", "如 灶台岗", required=True),
        _c("workshop_id", "车间编码", "岗位所在车间", required=True),
        _c("card_id", "检查卡编码", "岗位使用的检查卡，可留空"),
        _c("qr_version", "二维码版本", "正整数，留空为1；重印二维码时加1可作废旧码"),
        _c("latitude", "纬度", "岗位所在位置，WGS-84 十进制度（如 39.9354），与经度同填；"
           "扫码时用于 200 米核对，从不显示给他人；可留空"),
        _c("longitude", "经度", "WGS-84 十进制度（如 119.6005），与纬度同填；可留空"),
        _c("responsible", "责任人账号", RESPONSIBLE_NOTE, "责任人", "责任人姓名"),
    ), "岗位及其检查卡。"),
    Sheet("risk_point", "风险点", (
        CREDIT,
        _c("id", "风险点编码", "全系统唯一", required=True),
        _c("name", "风险点名称", "如 后厨燃气灶台", required=True),
        _c("workshop_id", "车间编码", "可留空"),
        _c("post_id", "岗位编码", "可留空"),
        _c("hazard_factors", "事故类型", "用顿号分隔，如 火灾、爆炸", "危险因素"),
        _c("lec_l", "LEC-L", "可能性 L：0.1、0.2、0.5、1、3、6、10", "L值"),
        _c("lec_e", "LEC-E", "暴露频率 E：0.5、1、2、3、6、10", "E值"),
        _c("lec_c", "LEC-C", "后果 C：1、3、7、15、40、100", "C值"),
        _c("ls_l", "LS-L", "风险矩阵可能性 L：1–5 的整数"),
        _c("ls_s", "LS-S", "风险矩阵严重性 S：1–5 的整数", "S值"),
        _c("control_level", "管控层级", "公司级、车间级、班组级 或 岗位级；留空按风险等级默认"),
        _c("measures", "管控措施", "一行一条，或用分号分隔", "控制措施"),
        _c("five_high", "五高", FIVE_HIGH_NOTE, "五高要素", required=True),
        _c("control_goal", "管控目标", "该风险点要达到的管控目标，可留空"),
        _c("responsible", "责任人账号", RESPONSIBLE_NOTE, "责任人", "责任人姓名"),
        Column("colour", "风险等级", False, "导出时按LEC和LS计算（取较重者），导入时忽略",
               computed=True),
    ), "风险点：至少填 LEC（L、E、C 三项）或 LS（L、S 两项）之一。"),
)  # fmt: skip
"""Every sheet, in import order: a sheet may refer to records of the sheets before it."""

SHEET_BY_KIND: Mapping[str, Sheet] = MappingProxyType({sheet.kind: sheet for sheet in SHEETS})


def _reverse(names: Mapping[str, str], **extra: str) -> Mapping[str, str]:
    return MappingProxyType({**{name: key for key, name in names.items()}, **extra})


LEVELS = _reverse(
    {level.value: name for level, name in GRID_LEVEL_NAMES.items()},
    区=GridLevel.COUNTY.value,
    县级市=GridLevel.COUNTY.value,
    镇=GridLevel.TOWNSHIP.value,
    街道=GridLevel.TOWNSHIP.value,
    社区=GridLevel.VILLAGE.value,
)
INDUSTRIES = _reverse({i.value: n for i, n in INDUSTRY_NAMES.items()}, 十小=Industry.SMALL_PLACE)
SMALL_PLACES = _reverse(
    {k.value: n for k, n in SMALL_PLACE_NAMES.items()},
    # the names of the earlier local list, so last year's workbooks still import
    小旅馆=SmallPlaceKind.LODGING.value,
    小歌舞娱乐=SmallPlaceKind.ENTERTAINMENT.value,
    小网吧=SmallPlaceKind.ENTERTAINMENT.value,
    小作坊=SmallPlaceKind.PROCESSING.value,
    小美容美发=SmallPlaceKind.WELLNESS.value,
    小美发=SmallPlaceKind.WELLNESS.value,
)
FREQUENCY_NAMES: Mapping[Frequency, str] = MappingProxyType(
    {
        Frequency.PER_SHIFT: "每班",
        Frequency.DAILY: "每日",
        Frequency.WEEKLY: "每周",
        Frequency.MONTHLY: "每月",
        Frequency.QUARTERLY: "每季",
        Frequency.YEARLY: "每年",
    }
)
FREQUENCIES = _reverse(
    {f.value: n for f, n in FREQUENCY_NAMES.items()}, 每天="daily", 每季度="quarterly"
)
FIVE_HIGHS = _reverse(
    {f.value: n for f, n in FIVE_HIGH_NAMES.items()},
    **{name.removeprefix("高风险"): f.value for f, name in FIVE_HIGH_NAMES.items()},
)
GRADE_NAMES: Mapping[HazardGrade, str] = MappingProxyType(
    {HazardGrade.GENERAL: "一般", HazardGrade.MAJOR: "重大"}
)
GRADES = _reverse(
    {g.value: n for g, n in GRADE_NAMES.items()}, 一般隐患="general", 重大隐患="major"
)
EVIDENCE_NAMES: Mapping[Evidence, str] = MappingProxyType(
    {Evidence.PHOTO: "照片", Evidence.NOTE: "说明", Evidence.PHOTO_OR_NOTE: "照片或说明"}
)
EVIDENCES = _reverse({e.value: n for e, n in EVIDENCE_NAMES.items()}, 拍照="photo", 文字说明="note")
CONTROL_LEVELS = _reverse(
    {c.value: n for c, n in CONTROL_LEVEL_NAMES.items()},
    **{"车间（部门）级": ControlLevel.WORKSHOP.value, "部门级": ControlLevel.WORKSHOP.value},
)
YES = frozenset({"是", "Y", "YES", "TRUE", "1", "√"})
NO = frozenset({"否", "", "N", "NO", "FALSE", "0", "×"})


def normalise_header(text: str) -> str:
    """A header as typed, made comparable: full-width to ASCII, no spaces, no required marks."""
    plain = unicodedata.normalize("NFKC", text).strip()
    return plain.rstrip("*").replace(" ", "").upper()


def header_keys(sheet: Sheet) -> dict[str, str]:
    """Normalised header or alias → column key; computed columns are left out (ignored)."""
    found: dict[str, str] = {}
    for column in sheet.columns:
        if not column.computed:
            for text in (column.header, *column.aliases):
                found[normalise_header(text)] = column.key
    return found
