"""The demo cards, built from the standards library (assets/standards/library.json).

The post cards keep the handbook's texts (§1 A–D, shortened to fit a phone): each is an
enterprise's own wording of library standards, so each item names the standard it came from and
takes its 五高 element from it. The 十小 card is the library's 21 十小 standards as they are.
Item ids are the row numbers, stable across library versions.
"""

from __future__ import annotations

from shared.cards import CardItem, CheckCard, Frequency, HazardGrade
from shared.ids import CardId, ItemId, TenantId
from shared.standards import card_items
from sync_server.standards import shipped_library

S, D, W, M = Frequency.PER_SHIFT, Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY
G, X = HazardGrade.GENERAL, HazardGrade.MAJOR

Row = tuple[str, str, str, str, Frequency, str, HazardGrade]
"""检查项, 怎么查, 合格标准, 不合格→典型隐患, 频次, 责任人, 建议等级."""

STOVE: tuple[Row, ...] = (
    ("液化气钢瓶来源与标识", "扫瓶身二维码，看充装单位、检验日期",
     "有二维码且显示充装信息；非报废、未超检验期；签有供用气协议",
     "使用无码、过期或改装气瓶", D, "后厨负责人", G),
    ("气瓶存放", "数瓶数、看位置、量距离",
     "总重≤100 kg且≤4瓶；不放在密闭柜内或用餐区；与灶具水平净距≥1 m",
     "超量存放、柜内存放、紧贴灶台", D, "后厨负责人", G),
    ("连接软管", "目视、手摸；接头涂肥皂水检漏",
     "合格软管长≤2 m，中间无接口，不穿墙；无气泡；灶具有熄火保护",
     "软管老化龟裂、超长、加三通、漏气", S, "灶台厨师", G),
    ("燃气泄漏报警与自动切断", "按自检键；听报警、看切断阀动作",
     "通电，声光报警正常，切断阀联动有效", "报警器断电、被拆或失效", D, "后厨负责人", G),
    ("灭火器与灭火毯", "看压力表、铅封、有效期、位置",
     "每50 m²≥1具4 kg ABC干粉，总数≥2；指针在绿区；灭火毯挂在灶旁",
     "压力不足、过期、被遮挡、无灭火毯", D, "店长", G),
    ("排油烟罩与烟道", "看滤网、罩口油垢；查清洗记录",
     "滤网无滴油积垢；烟道至少每季度清洗并留记录", "油垢积聚，易引发烟道火灾", W, "店长", G),
    ("厨房电气", "看插座、线路、插排", "无私拉乱接；线路不敷设在可燃装修上；插排不串接",
     "私拉乱接、插排串联、线路过热", D, "店长", G),
    ("通风排风", "看排风机运行、窗户开启", "送排风装置运行正常",
     "排风不畅，燃气或一氧化碳积聚", S, "灶台厨师", G),
    ("收市关阀断电", "看角阀、总阀、电源", "燃气阀关闭，非必要电源切断",
     "收市后未关阀", D, "最后离店人", G),
    ("疏散通道与员工能力", "看通道、出口；抽问员工", "不堆物、不上锁；员工达到“一懂三会”",
     "通道堵塞或锁闭；员工不会用灭火器", M, "店长", G),
)  # fmt: skip

LATHE: tuple[Row, ...] = (
    ("防护罩", "目视、手晃", "三角带罩、挂轮箱罩、主轴尾端罩、卡盘防护罩齐全牢固",
     "防护罩缺失或松动，导致机械伤害", S, "操作工", G),
    ("急停、制动、联锁", "空载试按急停；脱开离合看是否制动", "立即停机；制动有效",
     "急停或联锁失效", S, "操作工", G),
    ("接地与局部照明", "看PE线；看灯具电压标识", "保护接地可靠；机床照明用安全电压",
     "外壳带电，触电", D, "操作工", G),
    ("卡盘、卡爪、附件", "盘车检查，看扳手是否取下", "卡爪不滑丝，锁紧可靠；卡盘扳手不留在卡盘上",
     "工件或扳手飞出", S, "操作工", G),
    ("长料/细长件防护", "看尾部", "棒料伸出床尾时设防护栏和警示；伸出>300 mm设支撑架",
     "甩料伤人", S, "操作工", G),
    ("旋转件凸出物", "目视", "未加罩旋转件上的楔、销、键凸出≤3 mm，无毛刺",
     "绞缠衣物", W, "设备员", G),
    ("劳保着装", "观察", "扎紧袖口、长发入帽、戴护目镜、严禁戴手套操作",
     "卷入伤害（人的不安全行为）", S, "班组长", G),
    ("清屑方式", "看有无切屑钩、是否停机清屑", "用钩不用手，停机清屑，有断屑装置",
     "割伤、烫伤", S, "操作工", G),
    ("手柄与挡位", "试操作", "手柄完整，挡位标志清晰，定位可靠", "误操作", S, "操作工", G),
    ("停机作业与现场环境", "抽查行为；看地面",
     "测量、擦拭、调整前停机；有脚踏板，地面无油，通道畅通", "带电带转作业、滑倒", S, "班组长", G),
)  # fmt: skip

FORKLIFT: tuple[Row, ...] = (
    ("司机持证与状态", "查特种设备作业人员证（叉车N1）；观察精神状态",
     "证件在有效期，人证一致，未饮酒", "无证驾驶、酒后驾驶", S, "仓库主管", G),
    ("行车与驻车制动", "低速试刹；坡道驻车", "制动有效，驻车可停稳",
     "制动失效，车辆伤害", S, "司机", G),
    ("转向", "原地转动方向盘", "灵活无卡滞", "转向失灵", S, "司机", G),
    ("喇叭、灯光、仪表", "逐项试", "喇叭、转向灯、制动灯、仪表、倒车蜂鸣器正常",
     "撞人", S, "司机", G),
    ("轮胎与车轮螺栓", "目视；胎压表", "胎压达标，螺栓紧固，无割伤鼓包",
     "爆胎、侧翻", S, "司机", G),
    ("货叉、链条、门架", "目视；空载升降一次", "货叉无裂纹弯曲，链条无断股，门架升降平稳",
     "货物坠落", S, "司机", G),
    ("液压、燃油、电瓶", "看地面油迹、液位、电瓶", "无渗漏，液位达标；充电区通风、无明火",
     "火灾、失控", S, "司机", G),
    ("护顶架与安全带", "目视、试扣", "护顶架完好，安全带可用", "倾翻挤压致死", S, "司机", G),
    ("登记与定期检验", "看使用登记标志、检验合格标志", "已登记，检验在有效期内（每年）",
     "超期未检", M, "设备管理员", G),
    ("作业行为", "现场观察", "不超载，不载人，厂内限速，停车时货叉落地",
     "违章作业", S, "仓库主管", G),
)  # fmt: skip

CHEMICALS: tuple[Row, ...] = (
    ("分类分区与禁忌物料", "对照库存清单和SDS第7、10部分",
     "按危险特性和灭火方法分库分区；禁忌物料不混存", "禁忌物料混存", D, "保管员", X),
    ("标识与SDS", "看货位卡、标签、SDS", "每种物品标明名称、特性、灭火方法；无标志或无SDS不入库",
     "标识缺失", D, "保管员", G),
    ("包装完好", "目视、闻", "无破损、渗漏、锈蚀", "泄漏、中毒", D, "保管员", G),
    ("堆垛“五距”", "卷尺抽量", "墙距0.5 m、顶距0.5 m、灯距0.5 m、垛距1 m、柱距0.3 m",
     "堆垛倒塌、阻碍疏散", W, "保管员", G),
    ("库温库湿", "读温湿度计并登记", "在规定范围内；闪点<45 ℃的溶剂库温≤35 ℃",
     "超温挥发、燃爆", D, "保管员", G),
    ("防爆电气与线路", "目视铭牌、线管", "灯具、开关为防爆型，线路穿管，接头密封",
     "电气点火源", D, "电工", G),
    ("通风与气体报警", "看风机，看报警器状态", "通风良好；报警器在线无故障", "可燃或有毒气体积聚",
     D, "保管员", G),
    ("消防与应急物资", "看灭火器、消防沙、吸附棉、防护用品", "灭火器压力正常、未过期；应急物资齐全",
     "初起火灾或泄漏无法处置", D, "保管员", G),
    ("剧毒品与易制爆品管理", "查出入库台账，账物核对", "双人收发、双人保管、双锁；账物相符",
     "流失、被盗", D, "保管员", G),
    ("火源与人员管理、防雷", "看门向、烟火、住人；查检测报告",
     "库门向外开，库内无烟火、无人住宿；防雷接地检测在有效期", "点火源、人员伤亡", M, "保管员", G),
)  # fmt: skip

SMALL_PLACE_ROLES: tuple[str, ...] = (
    "店主", "店主", "店主", "店主", "店主", "店主", "店主", "店主", "值班员", "值班员", "店主",
    "店主", "值班员", "值班员", "店主", "店主", "店主", "值班员", "店主", "店主", "店主",
)  # fmt: skip
"""Who ticks each of the 21 十小 standards (SX-01 … SX-21): the owner or whoever is on duty."""

SAW: tuple[Row, ...] = (
    ("锯片防护罩与分料刀", "目视、手晃", "防护罩、分料刀齐全，防护罩随动灵活",
     "防护罩拆除，锯片伤手", S, "操作工", G),
    ("推料器具", "看工位", "短料使用推棍推板，不徒手送料", "徒手送短料", S, "操作工", G),
    ("除尘系统", "看风管、集尘袋", "除尘器运行，风管无积尘破损",
     "粉尘积聚，粉尘爆炸", D, "班组长", X),
    ("电气与接地", "看接线盒、PE线", "接线盒封闭，接地可靠", "触电", D, "电工", G),
    ("油漆稀料存放", "现场查看", "车间内稀料不超过一天用量，存放于防爆柜", "易燃液体超量存放",
     D, "班组长", G),
)  # fmt: skip

SEWAGE: tuple[Row, ...] = (
    ("有限空间警示标志", "现场查看", "污水池入口设警示标志和围栏并上锁", "无警示标志，误入中毒",
     D, "值班员", G),
    ("作业审批", "查作业票", "进入作业前办理审批，“先通风、再检测、后作业”",
     "未审批进入有限空间", D, "安全员", X),
    ("气体检测仪", "按自检键；查标定日期", "四合一检测仪电量充足、在标定期内", "检测仪失效",
     W, "安全员", G),
    ("通风与防护设备", "现场查看", "强制通风机、安全绳、正压呼吸器完好", "救援设备缺失",
     W, "安全员", G),
    ("监护人", "观察", "作业时有专人监护，不盲目施救", "无人监护", D, "班组长", G),
)  # fmt: skip


STANDARDS: dict[str, tuple[str, ...]] = {
    "STOVE": ("PC-11-01", "PC-11-02", "PC-11-03", "PC-11-04", "PC-02-02", "PC-11-05",
              "PC-03-02", "PC-11-04", "PC-11-06", "PC-02-04"),
    "LATHE": ("PC-05-01", "PC-05-02", "PC-03-03", "PC-05-03", "PC-05-03", "PC-05-01",
              "PC-01-06", "PC-05-03", "PC-05-02", "PC-05-03"),
    "FORKLIFT": ("PC-04-02", "PC-04-04", "PC-04-04", "PC-04-04", "PC-04-04", "PC-04-04",
                 "PC-12-04", "PC-04-04", "PC-04-01", "PC-12-03"),
    "CHEMICALS": ("PC-10-01", "PC-10-02", "PC-10-01", "PC-12-01", "PC-10-03", "PC-10-04",
                  "PC-10-03", "PC-02-02", "PC-10-05", "PC-02-07"),
    "SAW": ("PC-05-05", "PC-05-05", "PC-08-02", "PC-03-03", "PC-10-07"),
    "SEWAGE": ("PC-06-01", "PC-06-02", "PC-06-03", "PC-06-04", "PC-06-04"),
}  # fmt: skip
"""The library standard behind each row of a post card, row by row."""


def make_card(
    card_id: str,
    tenant: TenantId,
    name: str,
    rows: tuple[Row, ...],
    standards: tuple[str, ...],
    version: int = 1,
) -> CheckCard:
    """A post card for one enterprise from its own rows, each linked to its library standard.

    Cards belong to a tenant, so each enterprise gets its own copy it can then change.
    """
    library = shipped_library()
    items = tuple(
        CardItem(
            id=ItemId(str(number)),
            what=what,
            how=how,
            pass_criterion=criterion,
            typical_hazard=hazard,
            suggested_grade=grade,
            frequency=frequency,
            responsible_role=role,
            five_high=library.standard(code).five_high,
            standard=code,
            standard_version=library.version,
        )
        for number, ((what, how, criterion, hazard, frequency, role, grade), code) in enumerate(
            zip(rows, standards, strict=True), start=1
        )
    )
    return CheckCard(id=CardId(card_id), tenant=tenant, name=name, version=version, items=items)


TIGHTER: dict[str, Frequency] = {"SX-12": Frequency.MONTHLY}
"""Where the demo's small places check more often than the library suggests.

A place may tighten a standard's frequency; these keep the card the demo had before the library
(装修材料 monthly, not quarterly), and with it the demo history's random stream that tests read.
"""


def small_place_card(card_id: str, tenant: TenantId, name: str) -> CheckCard:
    """The 十小 card: the library's 21 十小 standards in library order, items numbered from 1."""
    library = shipped_library()
    items = card_items(library.small_place_standards, library.version, SMALL_PLACE_ROLES, TIGHTER)
    return CheckCard(id=CardId(card_id), tenant=tenant, name=name, version=1, items=items)
