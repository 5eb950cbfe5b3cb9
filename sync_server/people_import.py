"""Bulk import of people from one sheet (人员): username, name, phone, department, role, posts.

The columns are 用户名, 姓名, 手机, 部门, 角色, 企业, 网格, 岗位, 执法证号 and 初始密码.

All or nothing, like the lists import: every bad row and column is reported
(``import.rejected`` with ``details.errors``) and nothing is written. A re-import of the same
sheet changes nothing: a known username is updated (name, profile, posts) and its password is
never touched, so a sheet can be kept and imported again after each change. A role, an
enterprise or a grid unit is never changed by an import (that is a new account); a row saying
otherwise is an error.

An admin imports anyone; a safety manager the workers of their own enterprise.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, select

from shared.people import Person, Profile
from shared.roles import Actor, Role
from sync_server.accounts import MIN_PASSWORD, create_user
from sync_server.lists.columns import normalise_header
from sync_server.lists.rows import RowError
from sync_server.lists.workbook import Table
from sync_server.people import people, save_profile, set_posts
from sync_server.problems import ImportRejected
from sync_server.schema import reference

__all__ = ["COLUMNS", "PeopleImported", "import_people", "template_workbook"]

SHEET = "人员"
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_POST_SPLIT = re.compile(r"[、,，;；\s]+")

COLUMNS: tuple[tuple[str, str, bool, str], ...] = (
    ("user_id", "用户名", True, "登录用的用户名：字母、数字、点、横线、下划线"),
    ("display_name", "姓名", True, "显示在记录和通知书上的姓名"),
    ("phone", "手机", False, "如 138 0000 0000"),
    ("department", "部门", False, "如 后厨"),
    ("role", "角色", True, "岗位员工、安全管理员、检查员、监管人员或管理员"),
    ("tenant", "企业", False, "员工和安全管理员的企业（统一社会信用代码）；安全管理员导入时可不填"),
    ("grid_unit", "网格", False, "检查员和监管人员的网格单元编码"),
    ("posts", "岗位", False, "岗位编码，多个用顿号或逗号隔开；留空表示不在任何岗位"),
    ("badge_no", "执法证号", False, "检查员的执法证号"),
    ("password", "初始密码", False, "新账号必填（至少 8 位）；已有账号不改密码"),
)
"""(key, header, required, note): the sheet's columns, as the template writes them."""

ROLE_NAMES: dict[Role, str] = {
    Role.WORKER: "岗位员工",
    Role.SAFETY_MANAGER: "安全管理员",
    Role.INSPECTOR: "检查员",
    Role.REGULATOR: "监管人员",
    Role.ADMIN: "管理员",
}
_ROLES = {normalise_header(name): role for role, name in ROLE_NAMES.items()} | {
    normalise_header(role.value): role for role in Role
}
_HEADERS = {key: header for key, header, _, _ in COLUMNS}
_PROFILE = ("display_name", "phone", "department", "badge_no")


class PeopleImported(BaseModel):
    """Who an import added, changed, or found as the sheet says (usernames, in sheet order)."""

    added: list[str]
    updated: list[str]
    unchanged: list[str]
    dry_run: bool


@dataclass
class _Wanted:
    """One row, checked: the account it names and what it should say."""

    row: int
    user_id: str
    role: Role
    tenant: str | None
    grid_unit: str | None
    profile: Profile
    posts: tuple[str, ...]
    password: str


@dataclass
class _Check:
    """The rows read so far and every problem found in them."""

    errors: list[RowError] = field(default_factory=list)
    wanted: list[_Wanted] = field(default_factory=list)

    def add(self, row: int | None, key: str | None, code: str, reason: str) -> None:
        column = _HEADERS.get(key or "")
        self.errors.append(
            RowError(sheet=SHEET, row=row, column=column, cell=None, code=code, reason=reason)
        )


def template_workbook() -> bytes:
    """The blank sheet to fill in, and a 说明 sheet saying what each column holds."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([f"{header}*" if required else header for _, header, required, _ in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    notes = book.create_sheet("说明")
    notes.append(["列", "必填", "说明"])
    for _, header, required, note in COLUMNS:
        notes.append([header, "是" if required else "", note])
    notes.append([])
    notes.append(["角色可填", "、".join(ROLE_NAMES.values())])
    notes.append(["重复导入", "同一用户名再次导入只更新姓名、手机、部门、岗位、执法证号，不改密码"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_people(
    conn: Connection, tables: list[Table], *, actor: Actor, dry_run: bool = False
) -> PeopleImported:
    """Check every row, then add or update the accounts (nothing at all if a row is bad).

    Raises:
        ImportRejected: Bad rows or columns; ``details["errors"]`` lists every one.
    """
    check = _Check()
    table = tables[0] if tables else Table(SHEET)
    columns = _columns(check, table)
    known = people(conn)
    posts = _posts_by_tenant(conn)
    if columns is not None:
        seen: dict[str, int] = {}
        for number, cells in table.rows[1:]:
            if any(cell.strip() for cell in cells):
                values = {key: _cell(cells, index) for key, index in columns.items()}
                _check_row(check, number, values, actor, known, posts, seen)
    if check.errors:
        raise ImportRejected(
            f"{len(check.errors)} problems in the sheet; nothing was imported",
            errors=[error.model_dump() for error in check.errors],
        )
    return _save(conn, check.wanted, known, actor=actor, dry_run=dry_run)


def _columns(check: _Check, table: Table) -> dict[str, int] | None:
    if not table.rows:
        check.add(None, None, "empty_sheet", "the sheet is empty: use the template")
        return None
    header = {normalise_header(text): index for index, text in enumerate(table.rows[0][1])}
    found = {
        key: header[normalise_header(name)]
        for key, name in _HEADERS.items()
        if normalise_header(name) in header
    }
    for key, name, required, _ in COLUMNS:
        if required and key not in found:
            check.add(table.rows[0][0], key, "missing_column", f"the column {name} is missing")
    return found if all(key in found for key, _, req, _ in COLUMNS if req) else None


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _check_row(  # noqa: PLR0913 - one row against everything it is checked with
    check: _Check,
    row: int,
    values: dict[str, str],
    actor: Actor,
    known: dict[str, Person],
    posts: dict[str, set[str]],
    seen: dict[str, int],
) -> None:
    errors = len(check.errors)
    user_id = values.get("user_id", "")
    if not USERNAME.match(user_id):
        check.add(
            row, "user_id", "bad_username", f"{user_id!r} is not a username: letters, digits, . _ -"
        )
    elif user_id in seen:
        check.add(
            row, "user_id", "duplicate_username", f"{user_id} is on row {seen[user_id]} already"
        )
    seen.setdefault(user_id, row)
    role = _ROLES.get(normalise_header(values.get("role", "")))
    if role is None:
        check.add(
            row,
            "role",
            "bad_role",
            f"{values.get('role')!r} is not a role: {'、'.join(ROLE_NAMES.values())}",
        )
        return
    tenant, grid = _scope(check, row, values, role, actor)
    profile = _profile(check, row, values)
    held = tuple(sorted({p for p in _POST_SPLIT.split(values.get("posts", "")) if p}))
    if held and tenant is not None and not set(held) <= posts.get(tenant, set()):
        missing = [p for p in held if p not in posts.get(tenant, set())]
        check.add(row, "posts", "unknown_post", f"no post {'、'.join(missing)} in the enterprise")
    existing = known.get(user_id)
    password = values.get("password", "")
    if existing is not None:
        _check_existing(check, row, existing, role, tenant, grid, actor)
    elif len(password) < MIN_PASSWORD:
        check.add(
            row,
            "password",
            "bad_password",
            f"a new account needs a password of at least {MIN_PASSWORD} characters",
        )
    if len(check.errors) == errors and profile is not None:
        check.wanted.append(_Wanted(row, user_id, role, tenant, grid, profile, held, password))


def _scope(
    check: _Check, row: int, values: dict[str, str], role: Role, actor: Actor
) -> tuple[str | None, str | None]:
    tenant = values.get("tenant") or None
    grid = values.get("grid_unit") or None
    if actor.role is Role.SAFETY_MANAGER:
        if role is not Role.WORKER:
            check.add(row, "role", "not_permitted", "a safety manager imports workers only")
        if tenant not in (None, actor.tenant):
            check.add(
                row,
                "tenant",
                "not_permitted",
                "a safety manager imports their own enterprise's people only",
            )
        return actor.tenant, None
    if role in (Role.WORKER, Role.SAFETY_MANAGER) and tenant is None:
        check.add(
            row,
            "tenant",
            "missing_value",
            f"a {ROLE_NAMES[role]} belongs to an enterprise: fill in 企业",
        )
    if role in (Role.INSPECTOR, Role.REGULATOR) and grid is None:
        check.add(
            row,
            "grid_unit",
            "missing_value",
            f"a {ROLE_NAMES[role]} works in a grid unit: fill in 网格",
        )
    return (tenant if role in (Role.WORKER, Role.SAFETY_MANAGER) else None), (
        grid if role in (Role.INSPECTOR, Role.REGULATOR) else None
    )


def _profile(check: _Check, row: int, values: dict[str, str]) -> Profile | None:
    try:
        return Profile.model_validate({key: values.get(key, "") for key in _PROFILE})
    except ValidationError as exc:
        for error in exc.errors():
            key = str(error["loc"][0]) if error["loc"] else None
            check.add(row, key, "bad_value", str(error["msg"]))
        return None


def _check_existing(  # noqa: PLR0913 - an account against what its row says
    check: _Check,
    row: int,
    existing: Person,
    role: Role,
    tenant: str | None,
    grid: str | None,
    actor: Actor,
) -> None:
    if actor.role is Role.SAFETY_MANAGER and (
        existing.tenant != actor.tenant or existing.role is not Role.WORKER
    ):
        check.add(row, "user_id", "username_taken", f"the username {existing.user_id} is taken")
        return
    if (existing.role, existing.tenant, existing.grid_unit) != (role, tenant, grid):
        check.add(
            row,
            "role",
            "account_differs",
            f"{existing.user_id} is a {ROLE_NAMES[existing.role]} of "
            f"{existing.tenant or existing.grid_unit or '-'}; an import does not move an account",
        )


def _posts_by_tenant(conn: Connection) -> dict[str, set[str]]:
    rows = conn.execute(
        select(reference.c.id, reference.c.tenant).where(reference.c.kind == "post")
    )
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row.tenant, set()).add(row.id)
    return found


def _known_scopes(conn: Connection) -> set[tuple[str, str]]:
    rows = conn.execute(
        select(reference.c.kind, reference.c.id).where(
            reference.c.kind.in_(["enterprise", "grid_unit"])
        )
    )
    return {(row.kind, row.id) for row in rows}


def _save(
    conn: Connection,
    wanted: list[_Wanted],
    known: dict[str, Person],
    *,
    actor: Actor,
    dry_run: bool,
) -> PeopleImported:
    scopes = _known_scopes(conn)
    check = _Check()
    for item in wanted:
        if item.tenant and ("enterprise", item.tenant) not in scopes:
            check.add(item.row, "tenant", "unknown_enterprise", f"no enterprise {item.tenant}")
        if item.grid_unit and ("grid_unit", item.grid_unit) not in scopes:
            check.add(item.row, "grid_unit", "unknown_grid_unit", f"no grid unit {item.grid_unit}")
    if check.errors:
        raise ImportRejected(
            f"{len(check.errors)} problems in the sheet; nothing was imported",
            errors=[error.model_dump() for error in check.errors],
        )
    done: dict[str, list[str]] = {"added": [], "updated": [], "unchanged": []}
    for item in wanted:
        existing = known.get(item.user_id)
        if existing is not None:  # what the sheet has no column for stays as it is
            kept = {name: getattr(existing, name) for name in Profile.model_fields}
            item.profile = Profile(**(kept | item.profile.model_dump(include=set(_PROFILE))))
        outcome = _outcome(item, existing)
        done[outcome].append(item.user_id)
        if not dry_run and outcome != "unchanged":
            _write(conn, item, new=outcome == "added", by=actor.user_id)
    return PeopleImported(**done, dry_run=dry_run)


def _outcome(item: _Wanted, existing: Person | None) -> str:
    if existing is None:
        return "added"
    same = all(getattr(existing, key) == getattr(item.profile, key) for key in _PROFILE)
    return "unchanged" if same and tuple(sorted(existing.posts)) == item.posts else "updated"


def _write(conn: Connection, item: _Wanted, *, new: bool, by: str) -> None:
    if new:
        create_user(
            conn,
            user_id=item.user_id,
            password=item.password,
            actor_role=item.role,
            tenant=item.tenant,
            grid_unit=item.grid_unit,
        )
    save_profile(conn, item.user_id, item.profile, by=by)
    if item.tenant is not None:
        set_posts(conn, item.user_id, item.tenant, item.posts, by=by)
