"""What each demo enterprise has on site: workshops, posts with their cards, graded risk points."""

from __future__ import annotations

from shared.cards import CheckCard
from shared.ids import CardId, PostId, RiskPointId, WorkshopId
from shared.org import Post, RiskPoint, Workshop
from shared.risk import ControlLevel, FiveHigh, grade_lec, grade_ls
from sync_server.demo import cards as library
from sync_server.demo.city import (
    CHEMICALS,
    DAYCARE,
    FOOD,
    FURNITURE,
    GARAGE,
    INN,
    KITCHEN,
    LATHES,
    NETCAFE,
    SALON,
    SHOP,
    WAREHOUSE,
)

_S = library.STANDARDS
CARDS: list[CheckCard] = [
    library.make_card("CARD-STOVE", KITCHEN, "后厨灶台岗安全检查卡", library.STOVE, _S["STOVE"]),
    library.make_card("CARD-LATHE", LATHES, "车床岗安全检查卡", library.LATHE, _S["LATHE"]),
    library.make_card(
        "CARD-FORKLIFT", WAREHOUSE, "叉车岗安全检查卡", library.FORKLIFT, _S["FORKLIFT"]
    ),
    library.make_card(
        "CARD-CHEM", CHEMICALS, "危化品仓库保管员岗安全检查卡", library.CHEMICALS, _S["CHEMICALS"]
    ),
    library.make_card(
        "CARD-SEWAGE", FOOD, "污水池（有限空间）巡检岗检查卡", library.SEWAGE, _S["SEWAGE"]
    ),
    library.make_card("CARD-SAW", FURNITURE, "圆锯机岗安全检查卡", library.SAW, _S["SAW"]),
    *(
        library.small_place_card(f"CARD-{code}-21", tenant, "十小场所21条安全检查卡")
        for code, tenant in (
            ("INN", INN),
            ("SHOP", SHOP),
            ("SALON", SALON),
            ("NET", NETCAFE),
            ("CARE", DAYCARE),
            ("GARAGE", GARAGE),
        )
    ),
]

_SMALL = (
    ("INN", INN, "客房及前台", "值班日查岗"),
    ("SHOP", SHOP, "营业厅", "店主日查岗"),
    ("SALON", SALON, "营业厅", "店主日查岗"),
    ("NET", NETCAFE, "上网大厅", "网管日查岗"),
    ("CARE", DAYCARE, "托管教室", "园长日查岗"),
    ("GARAGE", GARAGE, "维修车间", "店主日查岗"),
)

_WORKSHOPS = (
    ("W-KITCHEN", KITCHEN, "后厨"),
    ("W-LATHE", LATHES, "机加车间"),
    ("W-LATHE-PD", LATHES, "配电室"),
    ("W-WH-FG", WAREHOUSE, "成品库"),
    ("W-CHEM", CHEMICALS, "危化品库"),
    ("W-FOOD-WW", FOOD, "污水处理站"),
    ("W-FOOD-PD", FOOD, "配电室"),
    ("W-FURN-CUT", FURNITURE, "开料车间"),
    *((f"W-{code}", tenant, name) for code, tenant, name, _ in _SMALL),
)
WORKSHOPS = [
    Workshop(id=WorkshopId(key), tenant=tenant, name=name) for key, tenant, name in _WORKSHOPS
]

_POSTS = (
    ("P-STOVE", KITCHEN, "W-KITCHEN", "灶台岗", "CARD-STOVE"),
    ("P-LATHE-1", LATHES, "W-LATHE", "1号车床岗", "CARD-LATHE"),
    ("P-LATHE-2", LATHES, "W-LATHE", "2号车床岗", "CARD-LATHE"),
    ("P-FORK-1", WAREHOUSE, "W-WH-FG", "1号叉车岗", "CARD-FORKLIFT"),
    ("P-FORK-3", WAREHOUSE, "W-WH-FG", "3号叉车岗", "CARD-FORKLIFT"),
    ("P-CHEM-KEEPER", CHEMICALS, "W-CHEM", "保管员岗", "CARD-CHEM"),
    ("P-FOOD-SEWAGE", FOOD, "W-FOOD-WW", "污水池巡检岗", "CARD-SEWAGE"),
    ("P-FURN-SAW", FURNITURE, "W-FURN-CUT", "圆锯机岗", "CARD-SAW"),
    *(
        (f"P-{code}", tenant, f"W-{code}", post, f"CARD-{code}-21")
        for code, tenant, _, post in _SMALL
    ),
)  # fmt: skip
POSTS = [
    Post(
        id=PostId(key),
        tenant=tenant,
        workshop_id=WorkshopId(workshop),
        name=name,
        card_id=CardId(card),
    )
    for key, tenant, workshop, name, card in _POSTS
]

C = ControlLevel
RISK_POINTS = [
    RiskPoint(
        id=RiskPointId("R-KITCHEN-GAS"), tenant=KITCHEN, workshop_id=WorkshopId("W-KITCHEN"),
        post_id=PostId("P-STOVE"), name="后厨燃气灶台", hazard_factors=("火灾", "爆炸"),
        lec=grade_lec(3, 6, 15), control_level=C.COMPANY,
        measures=("使用合格钢瓶，一瓶一灶", "安装燃气泄漏报警与自动切断装置", "收市关阀断电"),
        five_high=FiveHigh.MATERIAL, control_goal="不发生燃气泄漏、火灾和爆炸",
    ),
    RiskPoint(
        id=RiskPointId("R-LATHE"), tenant=LATHES, workshop_id=WorkshopId("W-LATHE"),
        post_id=PostId("P-LATHE-1"), name="车床CA6140", hazard_factors=("机械伤害",),
        lec=grade_lec(3, 6, 7), control_level=C.TEAM,
        measures=("防护罩齐全", "严禁戴手套操作", "停机清屑"),
        five_high=FiveHigh.EQUIPMENT, control_goal="不发生机械伤害",
    ),
    RiskPoint(
        id=RiskPointId("R-LATHE-PD"), tenant=LATHES, workshop_id=WorkshopId("W-LATHE-PD"),
        name="配电室", hazard_factors=("触电",), lec=grade_lec(1, 3, 15),
        control_level=C.POST, measures=("持证电工操作", "绝缘用具定期检验"),
        five_high=FiveHigh.PLACE, control_goal="不发生触电和电气火灾",
    ),
    RiskPoint(
        id=RiskPointId("R-WH-FORK"), tenant=WAREHOUSE, workshop_id=WorkshopId("W-WH-FG"),
        name="叉车作业区", hazard_factors=("车辆伤害",), lec=grade_lec(3, 6, 15),
        ls=grade_ls(3, 4), control_level=C.WORKSHOP,
        measures=("人车分流", "厂内限速5 km/h", "司机持证上岗"),
        five_high=FiveHigh.EQUIPMENT, control_goal="不发生车辆伤害",
    ),
    RiskPoint(
        id=RiskPointId("R-CHEM-SOLVENT"), tenant=CHEMICALS, workshop_id=WorkshopId("W-CHEM"),
        post_id=PostId("P-CHEM-KEEPER"), name="危化品库（甲类溶剂）",
        hazard_factors=("火灾", "爆炸", "中毒"), lec=grade_lec(3, 6, 40), ls=grade_ls(4, 5),
        control_level=C.COMPANY,
        measures=("分类分区储存，禁忌物料不混存", "防爆电气", "库温≤35 ℃", "双人双锁"),
        five_high=FiveHigh.MATERIAL, control_goal="不发生泄漏、火灾、爆炸和中毒",
    ),
    RiskPoint(
        id=RiskPointId("R-FOOD-SEWAGE"), tenant=FOOD, workshop_id=WorkshopId("W-FOOD-WW"),
        post_id=PostId("P-FOOD-SEWAGE"), name="污水池（有限空间）",
        hazard_factors=("中毒", "窒息"), ls=grade_ls(4, 5), control_level=C.COMPANY,
        measures=("作业审批", "先通风、再检测、后作业", "专人监护"),
        five_high=FiveHigh.PLACE, control_goal="不发生中毒窒息",
    ),
    RiskPoint(
        id=RiskPointId("R-FOOD-PD"), tenant=FOOD, workshop_id=WorkshopId("W-FOOD-PD"),
        name="配电室", hazard_factors=("触电",), lec=grade_lec(1, 3, 15),
        control_level=C.POST, measures=("持证电工操作",),
        five_high=FiveHigh.PLACE, control_goal="不发生触电和电气火灾",
    ),
    RiskPoint(
        id=RiskPointId("R-FURN-DUST"), tenant=FURNITURE, workshop_id=WorkshopId("W-FURN-CUT"),
        post_id=PostId("P-FURN-SAW"), name="开料车间木粉尘", hazard_factors=("粉尘爆炸", "火灾"),
        lec=grade_lec(3, 3, 15), ls=grade_ls(3, 5), control_level=C.WORKSHOP,
        measures=("除尘系统每班运行", "每日清扫积尘", "车间禁止明火"),
        five_high=FiveHigh.PROCESS, control_goal="不发生粉尘爆炸和火灾",
    ),
    RiskPoint(
        id=RiskPointId("R-INN-FIRE"), tenant=INN, workshop_id=WorkshopId("W-INN"),
        name="客房火灾", hazard_factors=("火灾",), lec=grade_lec(1, 6, 15),
        control_level=C.COMPANY, measures=("独立式烟感", "客房禁止吸烟"),
        five_high=FiveHigh.PLACE, control_goal="不发生火灾，发生时人员能及时疏散",
    ),
    RiskPoint(
        id=RiskPointId("R-SHOP-ELEC"), tenant=SHOP, workshop_id=WorkshopId("W-SHOP"),
        name="仓储区电气线路", hazard_factors=("火灾",), lec=grade_lec(1, 6, 7),
        control_level=C.POST, measures=("线路穿管", "不超负荷用电"),
        five_high=FiveHigh.EQUIPMENT, control_goal="不发生电气火灾",
    ),
    RiskPoint(
        id=RiskPointId("R-SALON-ELEC"), tenant=SALON, workshop_id=WorkshopId("W-SALON"),
        name="吹风机与电热设备", hazard_factors=("火灾", "触电"), ls=grade_ls(2, 3),
        control_level=C.POST, measures=("用后断电", "插排不串接"),
        five_high=FiveHigh.EQUIPMENT, control_goal="不发生电气火灾和触电",
    ),
    RiskPoint(
        id=RiskPointId("R-NET-ELEC"), tenant=NETCAFE, workshop_id=WorkshopId("W-NET"),
        name="机房与电气线路", hazard_factors=("火灾",), lec=grade_lec(3, 6, 7),
        control_level=C.COMPANY, measures=("线路定期检测", "通道畅通"),
        five_high=FiveHigh.EQUIPMENT, control_goal="不发生电气火灾",
    ),
    RiskPoint(
        id=RiskPointId("R-CARE-EVAC"), tenant=DAYCARE, workshop_id=WorkshopId("W-CARE"),
        name="儿童疏散", hazard_factors=("火灾", "踩踏"), ls=grade_ls(2, 5),
        control_level=C.COMPANY, measures=("每月疏散演练", "出口不上锁"),
        five_high=FiveHigh.PLACE, control_goal="发生火灾时儿童能全部安全疏散",
    ),
    RiskPoint(
        id=RiskPointId("R-GARAGE-LIFT"), tenant=GARAGE, workshop_id=WorkshopId("W-GARAGE"),
        name="举升机与喷漆作业", hazard_factors=("物体打击", "火灾"), lec=grade_lec(3, 6, 15),
        control_level=C.COMPANY, measures=("举升机保险锁", "喷漆在专用房内"),
        five_high=FiveHigh.EQUIPMENT, control_goal="不发生物体打击和火灾",
    ),
]  # fmt: skip


def card_of(post: Post) -> CheckCard:
    """The card a demo post ticks."""
    return next(card for card in CARDS if card.id == post.card_id)
