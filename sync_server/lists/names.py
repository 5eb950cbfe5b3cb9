"""Chinese names of hazard fields, as printed on ledgers and notices."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from shared.lifecycle import HazardStatus
from shared.payloads import HazardCategory, HazardSource, ManagementClass

S = HazardStatus
STATUS_NAMES: Mapping[HazardStatus, str] = MappingProxyType(
    {
        S.REGISTERED: "已登记",
        S.REPORTED: "已上报",
        S.PLANNED: "治理方案已定",
        S.SUPERVISED: "挂牌督办",
        S.TO_RECTIFY: "待整改",
        S.RECTIFYING: "整改中",
        S.AWAITING_ACCEPTANCE: "待验收",
        S.ACCEPTED: "已验收",
        S.CLOSED: "已销号",
        S.VOIDED: "已作废",
    }
)
CATEGORY_NAMES: Mapping[HazardCategory, str] = MappingProxyType(
    dict(
        zip(
            HazardCategory,
            ("安全", "工艺", "电气", "仪表", "消防", "总图", "设备", "其他"),
            strict=True,
        )
    )
)
MANAGEMENT_NAMES: Mapping[ManagementClass, str] = MappingProxyType(
    dict(zip(ManagementClass, ("人的不安全行为", "物的不安全状态", "管理上的缺陷"), strict=True))
)
SOURCE_NAMES: Mapping[HazardSource, str] = MappingProxyType(
    dict(
        zip(
            HazardSource,
            (
                "日常排查",
                "综合性排查",
                "专业性排查",
                "季节性排查",
                "重点时段及节假日前排查",
                "事故类比排查",
                "复产复工前排查",
                "外聘专家诊断式排查",
                "管控措施失效",
                "其他",
                "执法检查",
            ),
            strict=True,
        )
    )
)
