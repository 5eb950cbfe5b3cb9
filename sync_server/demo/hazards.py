"""Scripted demo hazards in every state of the loop, and the inspections that found some of them.

Each scenario is a report followed by the steps people took; the fold replays them, so every
status, overdue flag and 挂牌督办 in the demo is what the rules make of real events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from shared.cards import HazardGrade, ItemResult
from shared.events import EventType
from shared.ids import TenantId
from shared.payloads import HazardCategory as Cat
from shared.payloads import HazardSource as Src
from shared.payloads import ManagementClass as Mc
from sync_server.demo.city import (
    CHEMICALS,
    FOOD,
    FURNITURE,
    INN,
    KITCHEN,
    LATHES,
    NETCAFE,
    SALON,
    SHOP,
    WAREHOUSE,
    staff_of,
)
from sync_server.demo.photos import draw_photo, store_photo
from sync_server.demo.recorder import CHINA, Recorder

E = EventType
G, X = HazardGrade.GENERAL, HazardGrade.MAJOR


@dataclass(frozen=True)
class Scenario:
    """One hazard: what was found, by whom, how long ago, and the steps taken since."""

    tenant: TenantId
    title: str
    description: str
    location: str
    days_ago: int
    path: str  # space-separated steps, see STEPS
    deadline_days: float = 3
    grade: HazardGrade = G
    category: Cat = Cat.SAFETY
    management: Mc = Mc.UNSAFE_CONDITION
    source: Src = Src.ROUTINE
    measures: str = ""
    budget: str | None = None
    reporter: str | None = None  # the enterprise's worker when None
    post_item: tuple[str, str, str] | None = None  # post, card, item
    photo: bool = True
    # Issue 19: a report without a photo says why (an inspector's is on the notice instead).
    no_photo_reason: str = "当场发现当场纠正，未来得及拍照"


SCENARIOS = (
    Scenario(KITCHEN, "液化气软管超长且有三通接口", "2号灶软管约3.5 m，中间加三通接两台灶具",
             "后厨2号灶", 26, "assign start rectify accept close", 1, category=Cat.FIRE,
             measures="更换为≤2 m不锈钢波纹管，一瓶一灶", budget="120",
             post_item=("P-STOVE", "CARD-STOVE", "3")),
    Scenario(KITCHEN, "灭火器压力不足", "灶台旁2具干粉灭火器压力表指针在红区", "后厨灶台旁", 12,
             "assign", 3, category=Cat.FIRE, source=Src.ENFORCEMENT, reporter="inspector1",
             measures="更换或重新充装灭火器", budget="160"),
    Scenario(KITCHEN, "排油烟罩油垢积聚", "罩口滤网滴油，清洗记录停在上季度", "后厨排烟罩", 2, "",
             post_item=("P-STOVE", "CARD-STOVE", "6"), category=Cat.FIRE),
    Scenario(LATHES, "车床挂轮箱防护罩缺失", "C6140车床挂轮箱罩检修拆下后未复装", "机加车间2号车床",
             20, "assign start rectify reject rectify accept", 3, category=Cat.EQUIPMENT,
             measures="复装防护罩并加装联锁开关", budget="800",
             post_item=("P-LATHE-2", "CARD-LATHE", "1")),
    Scenario(LATHES, "操作工戴手套操作车床", "1号车床操作工戴线手套装夹工件", "机加车间1号车床", 5,
             "rectify", management=Mc.UNSAFE_ACT, measures="当场纠正，班前会再教育",
             post_item=("P-LATHE-1", "CARD-LATHE", "7"), photo=False),
    Scenario(LATHES, "配电室绝缘垫老化破损", "配电柜前绝缘垫开裂，长度不足", "配电室", 8,
             "assign start", 2, category=Cat.ELECTRICAL, measures="更换绝缘垫", budget="300"),
    Scenario(WAREHOUSE, "3号叉车制动距离过长", "3号叉车空载制动距离明显增长，踏板行程过大",
             "成品库", 15, "assign start rectify accept close", 2, category=Cat.EQUIPMENT,
             measures="停用挂牌，维修后试车", budget="1500",
             post_item=("P-FORK-3", "CARD-FORKLIFT", "2")),
    Scenario(WAREHOUSE, "叉车司机无证驾驶", "临时顶班人员未取得叉车N1证驾驶叉车", "成品库", 10,
             "assign start rectify accept close", 7, management=Mc.MANAGEMENT_DEFECT,
             source=Src.ENFORCEMENT, reporter="inspector2", measures="停止作业，安排取证培训",
             photo=False),
    Scenario(WAREHOUSE, "成品库消防通道堆放货物", "东侧消防通道堆放托盘约20 m", "成品库东侧通道", 1,
             "assign", 3, category=Cat.FIRE, measures="清理通道，划线管理"),
    Scenario(CHEMICALS, "氧化剂与易燃溶剂同库混存", "过氧化物与乙酸乙酯存放在同一库房相邻货架",
             "危化品库", 18, "major plan supervise", 30, grade=X, category=Cat.SAFETY,
             source=Src.ENFORCEMENT, reporter="inspector2", measures="立即分库；重新规划库区",
             budget="50000"),
    Scenario(CHEMICALS, "防爆灯具灯罩破损", "危化品库2号防爆灯灯罩开裂", "危化品库", 9,
             "assign start rectify", 2, category=Cat.ELECTRICAL, measures="更换防爆灯具",
             budget="600", post_item=("P-CHEM-KEEPER", "CARD-CHEM", "6")),
    Scenario(FOOD, "污水池作业未办理审批", "维修人员未经审批、未检测即进入污水池", "污水处理站", 6,
             "major plan", 20, grade=X, management=Mc.MANAGEMENT_DEFECT,
             measures="建立有限空间作业审批制度，配备检测和救援设备", budget="30000",
             post_item=("P-FOOD-SEWAGE", "CARD-SEWAGE", "2")),
    Scenario(FOOD, "气体检测仪超期未标定", "四合一气体检测仪标定有效期已过", "污水处理站", 22,
             "assign start rectify accept close", 5, category=Cat.INSTRUMENT,
             measures="送检标定", budget="400"),
    Scenario(FURNITURE, "除尘风管积尘严重", "开料车间除尘风管内积尘厚度超过5 mm，存在粉尘爆炸风险",
             "开料车间", 1, "major", grade=X, measures="停产清理，改造除尘系统",
             post_item=("P-FURN-SAW", "CARD-SAW", "3")),
    Scenario(FURNITURE, "圆锯机防护罩被拆除", "圆锯机锯片防护罩被拆除放在一旁", "开料车间", 14,
             "assign start", 3, category=Cat.EQUIPMENT, measures="复装防护罩",
             post_item=("P-FURN-SAW", "CARD-SAW", "1")),
    Scenario(FURNITURE, "车间内稀料超量存放", "开料车间存放稀料桶4个", "开料车间", 3, "void",
             photo=False),
    Scenario(INN, "客房走廊应急照明不亮", "二楼走廊应急照明灯断电后不亮", "二楼走廊", 11,
             "assign start rectify accept close", 3, category=Cat.FIRE, measures="更换蓄电池",
             budget="90"),
    Scenario(SHOP, "店内电动自行车充电", "收银台后停放电动自行车并充电", "营业厅收银台后", 4, "",
             1, category=Cat.FIRE, management=Mc.UNSAFE_ACT, source=Src.ENFORCEMENT,
             reporter="inspector3"),
    Scenario(SALON, "插排串接、私拉乱接", "烫发区3个插排串接使用", "营业厅烫发区", 7, "assign", 3,
             category=Cat.ELECTRICAL, measures="规范布线，增设插座", budget="200"),
    Scenario(NETCAFE, "安全出口上锁", "营业期间后门安全出口用铁链上锁", "后门安全出口", 9,
             "assign start rectify accept close", 1, category=Cat.FIRE, source=Src.ENFORCEMENT,
             reporter="inspector2", measures="立即拆除铁链，安全出口保持畅通"),
    Scenario(NETCAFE, "疏散指示标志损坏", "上网大厅2处疏散指示标志不亮", "上网大厅", 9,
             "assign start rectify", 5, category=Cat.FIRE, source=Src.ENFORCEMENT,
             reporter="inspector2", measures="更换疏散指示标志", budget="150"),
)  # fmt: skip

INSPECTIONS = (
    ("INS-HG-001", "inspector1", KITCHEN, 12, "海港应急责改〔{year}〕第08号",
     (("灭火器配置和有效期", ItemResult.FAIL, "2具灭火器压力不足"),
      ("燃气泄漏报警装置", ItemResult.PASS, ""),
      ("安全出口和疏散通道", ItemResult.PASS, ""))),
    ("INS-CN-001", "inspector2", CHEMICALS, 18, "昌宁应急责改〔{year}〕第21号",
     (("禁忌物料分库分区存放", ItemResult.FAIL, "氧化剂与易燃溶剂同库混存"),
      ("防爆电气", ItemResult.PASS, ""),
      ("剧毒品双人双锁", ItemResult.PASS, ""))),
    ("INS-CN-002", "inspector2", WAREHOUSE, 10, "昌宁应急责改〔{year}〕第25号",
     (("特种作业人员持证", ItemResult.FAIL, "叉车司机无证驾驶"),
      ("消防器材", ItemResult.PASS, ""))),
    ("INS-CN-003", "inspector2", NETCAFE, 9, "昌宁应急责改〔{year}〕第27号",
     (("安全出口和疏散通道", ItemResult.FAIL, "后门安全出口上锁"),
      ("疏散指示和应急照明", ItemResult.FAIL, "2处疏散指示标志不亮"),
      ("灭火器配置和有效期", ItemResult.PASS, ""))),
    ("INS-CN-004", "inspector3", SHOP, 4, "昌宁镇安监责改〔{year}〕第03号",
     (("电动自行车停放充电", ItemResult.FAIL, "店内电动自行车充电"),
      ("灭火器配置和有效期", ItemResult.PASS, ""))),
)  # fmt: skip
"""(id, inspector, enterprise, days ago, notice number, findings (item, result, note))."""


@dataclass
class _Story:
    """One scenario being told: the hazard id, its people and the moving clock."""

    scenario: Scenario
    hazard_id: str
    reporter: str
    worker: str
    manager: str
    at: datetime
    step: timedelta
    reported_at: datetime


def add_hazards(conn: Connection, recorder: Recorder, end: datetime) -> None:
    """Record every scenario and inspection, ending before ``end`` (local midnight today)."""
    for key, inspector, tenant, days_ago, notice, findings in INSPECTIONS:
        at = end - timedelta(days=days_ago) + timedelta(hours=9)
        payload = {
            "findings": [
                {"standard_item": item, "result": result.value, "note": note}
                for item, result, note in findings
            ],
            "notice_no": notice.format(year=at.year),
        }
        recorder.record(
            inspector, tenant=tenant, kind=E.INSPECTION_RECORDED, aggregate_id=key,
            payload=payload, at=at,
        )  # fmt: skip
    for number, scenario in enumerate(SCENARIOS, start=1):
        _tell(conn, recorder, _story(scenario, number, end))


def _story(scenario: Scenario, number: int, end: datetime) -> _Story:
    worker, manager = staff_of(scenario.tenant)
    reported_at = end - timedelta(days=scenario.days_ago) + timedelta(hours=9, minutes=30)
    steps = max(len(scenario.path.split()), 1)
    step = min(timedelta(days=2), timedelta(days=scenario.days_ago) * 0.6 / steps)
    return _Story(
        scenario=scenario,
        hazard_id=f"YH-{reported_at.year}-{number:04d}",
        reporter=scenario.reporter or worker,
        worker=worker,
        manager=manager,
        at=reported_at,
        step=max(step, timedelta(hours=1)),
        reported_at=reported_at,
    )


def _tell(conn: Connection, recorder: Recorder, story: _Story) -> None:
    _do(recorder, story, story.reporter, E.HAZARD_REPORTED, _report(conn, recorder, story))
    for name in story.scenario.path.split():
        story.at += story.step
        user, kind, payload = STEPS[name](conn, recorder, story)
        _do(recorder, story, user, kind, payload)


def _do(
    recorder: Recorder, story: _Story, user: str, kind: EventType, payload: dict[str, Any]
) -> None:
    recorder.record(
        user,
        tenant=story.scenario.tenant,
        kind=kind,
        aggregate_id=story.hazard_id,
        payload=payload,
        at=story.at,
    )


def _iso(moment: datetime) -> str:
    return moment.replace(tzinfo=CHINA).isoformat()


def _deadline(story: _Story) -> str:
    return _iso(story.reported_at + timedelta(days=story.scenario.deadline_days))


def _photos(conn: Connection, recorder: Recorder, story: _Story, label: str) -> list[Any]:
    if not story.scenario.photo:
        return []
    caption = f"{label}：{story.scenario.title}"
    data = draw_photo(caption, f"{story.at:%Y-%m-%d %H:%M}", recorder.rng)
    ref = store_photo(conn, story.scenario.tenant, data, story.reporter)
    return [
        ref.model_copy(update={"taken_at": story.at.replace(tzinfo=CHINA)}).model_dump(mode="json")
    ]


def _report(conn: Connection, recorder: Recorder, story: _Story) -> dict[str, Any]:
    s = story.scenario
    payload: dict[str, Any] = {
        "title": s.title,
        "description": s.description,
        "grade": s.grade.value,
        "category": s.category.value,
        "management_class": s.management.value,
        "source": s.source.value,
        "location": s.location,
        "photos": _photos(conn, recorder, story, "隐患"),
    }
    if not payload["photos"]:
        payload["no_photo_reason"] = s.no_photo_reason
    if s.post_item is not None:
        payload |= dict(zip(("post_id", "card_id", "item_id"), s.post_item, strict=True))
    if s.reporter and s.reporter.startswith("inspector"):
        payload["deadline"] = _deadline(story)
    return payload


Step = tuple[str, EventType, dict[str, Any]]


def _assign(_: Connection, __: Recorder, story: _Story) -> Step:
    payload: dict[str, Any] = {
        "assignee": story.worker,
        "deadline": _deadline(story),
        "measures": story.scenario.measures,
    }
    if story.scenario.budget is not None:
        payload["budget_yuan"] = story.scenario.budget
    return story.manager, E.HAZARD_ASSIGNED, payload


def _start(_: Connection, __: Recorder, story: _Story) -> Step:
    return story.worker, E.HAZARD_STARTED, {"note": "已开始整改"}


def _rectify(conn: Connection, recorder: Recorder, story: _Story) -> Step:
    payload: dict[str, Any] = {
        "note": "已按要求整改",
        "photos": _photos(conn, recorder, story, "整改后"),
    }
    if story.scenario.budget is not None:
        payload["cost_yuan"] = story.scenario.budget
    return story.worker, E.HAZARD_RECTIFIED, payload


def _reject(_: Connection, __: Recorder, story: _Story) -> Step:
    return story.manager, E.HAZARD_REJECTED, {"reason": "整改不到位：未加装联锁开关"}


def _accept(_: Connection, __: Recorder, story: _Story) -> Step:
    return story.manager, E.HAZARD_ACCEPTED, {"comment": "复查合格"}


def _close(_: Connection, __: Recorder, story: _Story) -> Step:
    return story.manager, E.HAZARD_CLOSED, {"note": "验收合格，予以销号"}


def _void(_: Connection, __: Recorder, story: _Story) -> Step:
    return story.manager, E.HAZARD_VOIDED, {"reason": "经核实为水性漆，不属于易燃液体，误报"}


def _major(_: Connection, __: Recorder, story: _Story) -> Step:
    payload = {"authority": "昌宁县应急管理局", "reference": f"重大隐患报告 {story.hazard_id}"}
    return story.manager, E.HAZARD_MAJOR_REPORTED, payload


def _plan(_: Connection, __: Recorder, story: _Story) -> Step:
    summary = f"治理目标：消除“{story.scenario.title}”。措施：{story.scenario.measures}。"
    summary += "经费、责任人、时限和应急预案已落实（五到位）。"
    payload = {"summary": summary, "target_date": _deadline(story)}
    return story.manager, E.HAZARD_PLAN_ATTACHED, payload


def _supervise(_: Connection, __: Recorder, story: _Story) -> Step:
    payload = {
        "level": "市级",
        "deadline": _iso(story.reported_at + timedelta(days=story.scenario.deadline_days + 5)),
        "note": "市安委办挂牌督办，逾期未完成将依法处理",
    }
    return "regulator1", E.HAZARD_SUPERVISED, payload


STEPS = {
    "assign": _assign,
    "start": _start,
    "rectify": _rectify,
    "reject": _reject,
    "accept": _accept,
    "close": _close,
    "void": _void,
    "major": _major,
    "plan": _plan,
    "supervise": _supervise,
}
"""What each step of a scenario's path records, and by whom."""
