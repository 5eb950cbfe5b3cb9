"""Who acts: roles and the actor stamped on every event."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from shared.ids import GridUnitId, TenantId, UserId


class Role(StrEnum):
    """The five roles; each user has exactly one."""

    WORKER = "worker"  # 岗位员工: ticks cards, reports hazards, rectifies what is assigned
    SAFETY_MANAGER = "safety_manager"  # 企业安全管理员: assigns, accepts, closes
    INSPECTOR = "inspector"  # 执法检查员 / 网格员: inspects enterprises in a grid unit
    REGULATOR = "regulator"  # 应急管理局: reads the city, scores and lights
    ADMIN = "admin"  # operates the system: users, imports


class Actor(BaseModel):
    """The person behind an event, with the scope the server vouched for."""

    model_config = ConfigDict(frozen=True)

    user_id: UserId
    role: Role
    tenant: TenantId | None = None
    grid_unit: GridUnitId | None = None
