"""A minimal demo world (one county, two enterprises, the demo accounts) until the demo city.

Demo data only: it refuses a database that holds any other user, so it can never overwrite or
mix with real accounts.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from shared.cards import CardItem, CheckCard, Frequency, HazardGrade
from shared.credit_code import check_character
from shared.ids import CardId, GridUnitId, ItemId, PostId, TenantId, WorkshopId
from shared.org import Enterprise, GridLevel, GridUnit, Industry, Post, Workshop
from shared.roles import Role
from sync_server.accounts import create_user
from sync_server.problems import Conflict
from sync_server.schema import reference, users

DEMO_PASSWORD = "demo1234"


def credit_code(prefix17: str) -> str:
    """A valid 统一社会信用代码 for a fictional enterprise."""
    return prefix17 + check_character(prefix17)


KITCHEN = TenantId(credit_code("91130302MA0DEM001"))
LATHES = TenantId(credit_code("91130302MA0DEM002"))

GRID = [
    GridUnit(id=GridUnitId("C-QH"), name="秦海市", level=GridLevel.CITY),
    GridUnit(
        id=GridUnitId("X-HG"), name="海港区", level=GridLevel.COUNTY, parent_id=GridUnitId("C-QH")
    ),
    GridUnit(
        id=GridUnitId("Z-XC"), name="西港镇", level=GridLevel.TOWNSHIP, parent_id=GridUnitId("X-HG")
    ),
    GridUnit(
        id=GridUnitId("V-DL"), name="东里村", level=GridLevel.VILLAGE, parent_id=GridUnitId("Z-XC")
    ),
]

ENTERPRISES = [
    Enterprise(
        id=KITCHEN,
        name="海港区老街小厨餐馆",
        credit_code=KITCHEN,
        grid_unit_id=GridUnitId("V-DL"),
        industry=Industry.CATERING,
        staff_count=8,
    ),
    Enterprise(
        id=LATHES,
        name="秦海市精工机械加工厂",
        credit_code=LATHES,
        grid_unit_id=GridUnitId("Z-XC"),
        industry=Industry.METALWORKING,
        staff_count=60,
    ),
]

STOVE_CARD = CheckCard(
    id=CardId("CARD-STOVE"),
    tenant=KITCHEN,
    name="后厨灶台岗安全检查卡",
    version=1,
    items=(
        CardItem(
            id=ItemId("1"),
            what="液化气钢瓶来源与标识",
            how="扫瓶身二维码，看充装单位、检验日期",
            pass_criterion="有二维码且显示充装信息；非报废、未超检验期",
            typical_hazard="使用无码、过期或改装气瓶",
            frequency=Frequency.DAILY,
            responsible_role="后厨负责人",
        ),
        CardItem(
            id=ItemId("3"),
            what="连接软管",
            how="目视、手摸；接头涂肥皂水检漏",
            pass_criterion="合格软管长 ≤2 m，中间无接口；无气泡；灶具有熄火保护",
            typical_hazard="软管老化龟裂、超长、加三通、漏气",
            frequency=Frequency.PER_SHIFT,
            responsible_role="灶台厨师",
        ),
        CardItem(
            id=ItemId("5"),
            what="灭火器与灭火毯",
            how="看压力表、铅封、有效期、位置",
            pass_criterion="指针在绿区；灭火毯挂在灶旁",
            typical_hazard="压力不足、过期、被遮挡、无灭火毯",
            suggested_grade=HazardGrade.GENERAL,
            frequency=Frequency.DAILY,
            responsible_role="店长",
        ),
    ),
)

WORKSHOPS = [Workshop(id=WorkshopId("W-KITCHEN"), tenant=KITCHEN, name="后厨")]
POSTS = [
    Post(
        id=PostId("P-STOVE"),
        tenant=KITCHEN,
        workshop_id=WorkshopId("W-KITCHEN"),
        name="灶台岗",
        card_id=CardId("CARD-STOVE"),
    )
]

ACCOUNTS = [
    ("worker1", Role.WORKER, KITCHEN, None, "王师傅（灶台厨师）"),
    ("manager1", Role.SAFETY_MANAGER, KITCHEN, None, "李店长"),
    ("worker2", Role.WORKER, LATHES, None, "赵师傅（车工）"),
    ("manager2", Role.SAFETY_MANAGER, LATHES, None, "孙安全员"),
    ("inspector1", Role.INSPECTOR, None, "X-HG", "周网格员"),
    ("regulator1", Role.REGULATOR, None, "C-QH", "市应急管理局"),
    ("admin", Role.ADMIN, None, None, "系统管理员"),
]


def seed_demo(conn: Connection) -> list[tuple[str, str, str]]:
    """Load the demo world once; returns (username, role, name) of the demo accounts."""
    names = {row.id for row in conn.execute(select(users.c.id))}
    demo = {account[0] for account in ACCOUNTS}
    if names - demo:
        raise Conflict("this database holds real accounts: the demo data goes only into a new one")
    if not names:
        _load_reference(conn)
        for user_id, role, tenant, grid, name in ACCOUNTS:
            create_user(
                conn,
                user_id=user_id,
                password=DEMO_PASSWORD,
                actor_role=role,
                tenant=tenant,
                grid_unit=grid,
                display_name=name,
            )
    return [(user_id, role.value, name) for user_id, role, _, _, name in ACCOUNTS]


def _load_reference(conn: Connection) -> None:
    rows = [
        *(("grid_unit", unit.id, None, unit) for unit in GRID),
        *(("enterprise", e.id, e.id, e) for e in ENTERPRISES),
        *(("workshop", w.id, w.tenant, w) for w in WORKSHOPS),
        *(("post", p.id, p.tenant, p) for p in POSTS),
        ("card", STOVE_CARD.id, STOVE_CARD.tenant, STOVE_CARD),
    ]
    for kind, key, tenant, model in rows:
        conn.execute(
            insert(reference).values(
                kind=kind, id=key, tenant=tenant, body=model.model_dump(mode="json")
            )
        )
