"""秦海市, the fictional demo city modelled on Qinhuangdao: its grid, enterprises and accounts.

海港区 holds the two enterprises the first tests were written against (the kitchen and the lathe
shop), so inspector1's county still sees exactly those two; 昌宁县 holds the rest.
"""

from __future__ import annotations

from shared.credit_code import check_character
from shared.ids import GridUnitId, TenantId
from shared.org import (
    Enterprise,
    GridLevel,
    GridUnit,
    Industry,
    SmallPlaceKind,
    SupervisionClass,
)
from shared.roles import Role


def credit_code(prefix17: str) -> str:
    """A valid 统一社会信用代码 for a fictional enterprise."""
    return prefix17 + check_character(prefix17)


def _tenant(prefix17: str) -> TenantId:
    return TenantId(credit_code(prefix17))


KITCHEN = _tenant("91130302MA0DEM001")  # 小餐饮 kitchen (card A)
LATHES = _tenant("91130302MA0DEM002")  # metalworking, lathes (card B)
WAREHOUSE = _tenant("91130322MA0DEM003")  # warehouse with forklifts (card C)
CHEMICALS = _tenant("91130322MA0DEM004")  # hazardous-chemicals store (card D)
FOOD = _tenant("91130322MA0DEM005")  # food factory with a sewage pit (confined space)
FURNITURE = _tenant("91130322MA0DEM006")  # furniture workshop, saws and wood dust
INN = _tenant("92130322MA0DEM007")  # 十小: 小旅店
SHOP = _tenant("92130322MA0DEM008")  # 十小: 小商店
SALON = _tenant("92130322MA0DEM009")  # 十小: 小康疗 (美容美发; 小美容美发 before issue 21)
NETCAFE = _tenant("92130322MA0DEM010")  # 十小: 小娱乐 (小网吧 before issue 21)
DAYCARE = _tenant("92130322MA0DEM011")  # 十小: 小托教
GARAGE = _tenant("92130322MA0DEM012")  # 十小: 小维保

L = GridLevel
_UNITS = (
    ("C-QH", "秦海市", L.CITY, None),
    ("X-HG", "海港区", L.COUNTY, "C-QH"),
    ("Z-XC", "西港镇", L.TOWNSHIP, "X-HG"),
    ("V-DL", "东里村", L.VILLAGE, "Z-XC"),
    ("X-CN", "昌宁县", L.COUNTY, "C-QH"),
    ("Z-CN", "昌宁镇", L.TOWNSHIP, "X-CN"),
    ("V-CG", "城关社区", L.VILLAGE, "Z-CN"),
    ("V-NG", "南关村", L.VILLAGE, "Z-CN"),
    ("Z-JA", "靖安镇", L.TOWNSHIP, "X-CN"),
    ("V-JA", "靖安村", L.VILLAGE, "Z-JA"),
    ("Z-SM", "石门镇", L.TOWNSHIP, "X-CN"),
    ("V-SM", "石门村", L.VILLAGE, "Z-SM"),
    ("V-BS", "北山村", L.VILLAGE, "Z-SM"),
)
GRID = [
    GridUnit(
        id=GridUnitId(key),
        name=name,
        level=level,
        parent_id=GridUnitId(parent) if parent else None,
    )
    for key, name, level, parent in _UNITS
]

IND, K = Industry, SmallPlaceKind
_C = SupervisionClass
# tenant, name, grid unit, industry, 十小 kind, class, staff, 规上
_COMPANIES = (
    (KITCHEN, "海港区老街小厨餐馆", "V-DL", IND.CATERING, None, _C.D, 8, False),
    (LATHES, "秦海市精工机械加工厂", "Z-XC", IND.METALWORKING, None, _C.C, 60, False),
    (WAREHOUSE, "秦海港顺物流仓储有限公司", "Z-CN", IND.WAREHOUSING, None, _C.B, 120, True),
    (CHEMICALS, "昌宁县华昌化工贸易有限公司", "Z-JA", IND.HAZARDOUS_CHEMICALS, None, _C.A, 35,
     False),
    (FOOD, "秦海市海丰食品有限公司", "V-JA", IND.MANUFACTURING, None, _C.A, 320, True),
    (FURNITURE, "昌宁县宏达家具厂", "V-SM", IND.MANUFACTURING, None, _C.C, 45, False),
    (INN, "昌宁县海韵家庭旅馆", "V-CG", IND.SMALL_PLACE, K.LODGING, _C.D, 4, False),
    (SHOP, "昌宁县城关便民超市", "V-CG", IND.SMALL_PLACE, K.SHOP, _C.D, 3, False),
    (SALON, "昌宁县靓丽美发店", "V-NG", IND.SMALL_PLACE, K.WELLNESS, _C.D, 5, False),
    (NETCAFE, "昌宁县极速网咖", "V-NG", IND.SMALL_PLACE, K.ENTERTAINMENT, _C.D, 6, False),
    (DAYCARE, "昌宁县小星星托管中心", "V-BS", IND.SMALL_PLACE, K.CHILDCARE, _C.D, 7, False),
    (GARAGE, "昌宁县顺达汽车维修部", "V-SM", IND.SMALL_PLACE, K.REPAIR, _C.D, 5, False),
)  # fmt: skip
POSITIONS: dict[TenantId, tuple[float, float]] = {
    KITCHEN: (39.9354, 119.6005),
    LATHES: (39.9121, 119.5688),
    WAREHOUSE: (39.7102, 119.1655),
    CHEMICALS: (39.7598, 119.2411),
    FOOD: (39.7683, 119.2536),
    FURNITURE: (39.6615, 119.0902),
    INN: (39.7135, 119.1702),
    SHOP: (39.7089, 119.1618),
    SALON: (39.6981, 119.1734),
    NETCAFE: (39.6957, 119.1790),
    DAYCARE: (39.6742, 119.1048),
    GARAGE: (39.6583, 119.0861),
}
"""纬度/经度 of each demo enterprise: 海港区 by the sea, 昌宁县 to the south-west."""

ENTERPRISES = [
    Enterprise(
        id=tenant,
        name=name,
        credit_code=tenant,
        grid_unit_id=GridUnitId(unit),
        industry=industry,
        small_place_kind=kind,
        supervision_class=klass,
        staff_count=staff,
        above_designated_size=above,
        latitude=POSITIONS[tenant][0],
        longitude=POSITIONS[tenant][1],
    )
    for tenant, name, unit, industry, kind, klass, staff, above in _COMPANIES
]

W, SM, IN, RG, AD = (
    Role.WORKER,
    Role.SAFETY_MANAGER,
    Role.INSPECTOR,
    Role.REGULATOR,
    Role.ADMIN,
)
ACCOUNTS: list[tuple[str, Role, TenantId | None, str | None, str]] = [
    ("worker1", W, KITCHEN, None, "王师傅"),
    ("manager1", SM, KITCHEN, None, "李店长"),
    ("worker2", W, LATHES, None, "赵师傅"),
    ("manager2", SM, LATHES, None, "孙安全员"),
    ("inspector1", IN, None, "X-HG", "周网格员"),
    ("regulator1", RG, None, "C-QH", "市应急管理局"),
    ("admin", AD, None, None, "系统管理员"),
    ("worker3", W, WAREHOUSE, None, "钱师傅"),
    ("manager3", SM, WAREHOUSE, None, "吴主管"),
    ("worker4", W, CHEMICALS, None, "郑保管员"),
    ("manager4", SM, CHEMICALS, None, "冯安全科长"),
    ("worker5", W, FOOD, None, "陈师傅"),
    ("manager5", SM, FOOD, None, "褚安全员"),
    ("worker6", W, FURNITURE, None, "卫师傅"),
    ("manager6", SM, FURNITURE, None, "蒋厂长"),
    ("worker7", W, INN, None, "沈前台"),
    ("manager7", SM, INN, None, "韩老板"),
    ("worker8", W, SHOP, None, "杨店员"),
    ("manager8", SM, SHOP, None, "朱店主"),
    ("worker9", W, SALON, None, "秦理发师"),
    ("manager9", SM, SALON, None, "尤店主"),
    ("worker10", W, NETCAFE, None, "许网管"),
    ("manager10", SM, NETCAFE, None, "何老板"),
    ("worker11", W, DAYCARE, None, "吕老师"),
    ("manager11", SM, DAYCARE, None, "施园长"),
    ("worker12", W, GARAGE, None, "张师傅"),
    ("manager12", SM, GARAGE, None, "孔老板"),
    ("inspector2", IN, None, "X-CN", "曹执法员"),
    ("inspector3", IN, None, "Z-CN", "严网格员"),
    ("regulator2", RG, None, "X-CN", "昌宁县应急管理局"),
]
"""(username, role, enterprise, grid unit, display name); every password is DEMO_PASSWORD."""

_HG = {
    "authority": "秦海市海港区应急管理局",
    "authority_code": "海港应急",
    "department": "执法大队",
}
_CN = {
    "authority": "秦海市昌宁县应急管理局",
    "authority_code": "昌宁应急",
    "department": "执法大队",
}
PROFILES: dict[str, dict[str, str]] = {
    "worker1": {"department": "后厨", "phone": "138 0335 0101"},
    "manager1": {"department": "店长", "phone": "138 0335 0102"},
    "worker2": {"department": "机加工车间", "phone": "139 0335 0201"},
    "manager2": {"department": "安全科", "phone": "139 0335 0202"},
    "worker3": {"department": "成品库"},
    "manager3": {"department": "仓储部"},
    "worker4": {"department": "危化品库"},
    "manager4": {"department": "安全科"},
    "worker5": {"department": "污水处理站"},
    "manager5": {"department": "安全环保部"},
    "worker6": {"department": "开料车间"},
    "manager6": {"department": "厂部"},
    "inspector1": {**_HG, "badge_no": "13030219001", "phone": "0335-3010001"},
    "inspector2": {**_CN, "badge_no": "13032219007", "phone": "0335-7020007"},
    "inspector3": {**_CN, "badge_no": "13032219015", "department": "昌宁镇网格站"},
    "regulator1": {"department": "秦海市应急管理局"},
    "regulator2": {"department": "昌宁县应急管理局"},
}
"""The rest of each demo profile (``shared.people.Profile``): department, phone, 执法证号."""

POST_HOLDERS: dict[str, tuple[str, ...]] = {
    "worker1": ("P-STOVE",),
    "worker2": ("P-LATHE-1",),  # 2号车床岗 is another shift's: not on worker2's 今日
    "worker3": ("P-FORK-1",),
    "worker4": ("P-CHEM-KEEPER",),
    "worker5": ("P-FOOD-SEWAGE",),
    "worker6": ("P-FURN-SAW",),
}
"""Who holds which post; the 十小 places' workers hold their place's one post (``post_holders``)."""


def staff_of(tenant: TenantId) -> tuple[str, str]:
    """The (worker, safety manager) usernames of a demo enterprise."""
    worker = next(a[0] for a in ACCOUNTS if a[1] is Role.WORKER and a[2] == tenant)
    manager = next(a[0] for a in ACCOUNTS if a[1] is Role.SAFETY_MANAGER and a[2] == tenant)
    return worker, manager
