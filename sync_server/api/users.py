"""Managing other users: list, add, name and place on posts, disable, enable, reset a password.

An admin manages anyone; a safety manager the workers of their own enterprise (another
enterprise's users answer 404, as if they did not exist); every other role gets 403.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, select

from shared.errors import InvalidInput, NotPermitted, UnknownReference
from shared.people import Person, Profile
from shared.roles import Actor, Role
from shared.text import ONE_LINE, IdText
from sync_server.accounts import create_user
from sync_server.deps import ActorDep, EngineDep, ReaderDep
from sync_server.lists.workbook import read_tables
from sync_server.people import people, person, save_profile, set_posts
from sync_server.people_import import SHEET, PeopleImported, import_people, template_workbook
from sync_server.problems import Conflict, NotFound, TooLarge
from sync_server.schema import reference
from sync_server.user_admin import managed_user, revoke_sign_ins, set_disabled, set_password

router = APIRouter(prefix="/v1/users", tags=["users"])

USERNAME = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
"""A new username: letters, digits, dot, dash and underscore (it is typed at every sign-in)."""
MAX_POSTS = 100
"""Posts one person may hold."""
MAX_IMPORT_BYTES = 10 * 1024 * 1024
"""The largest people sheet, as for the lists import."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx() -> dict[int | str, dict[str, Any]]:
    """Declare the workbook as the 200 answer in the OpenAPI document."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {200: {"description": "The file", "content": {XLSX: binary}}}


class PasswordReset(BaseModel):
    """The user's new password (at least 8 characters), to be handed to them in person."""

    model_config = ConfigDict(extra="forbid")

    new_password: str = Field(min_length=1, max_length=256)


class UserState(BaseModel):
    """A managed user after the change."""

    user_id: str
    disabled: bool
    sign_ins_revoked: bool


UserName = Annotated[str, Path(min_length=1, max_length=64)]
"""A username in a path, as long as the users table allows."""


@router.post("/{user_id}/disable")
def disable(user_id: UserName, actor: ActorDep, engine: EngineDep) -> UserState:
    """Disable a user: their tokens stop working at their next request, and sign-in fails."""
    with engine.begin() as conn:
        managed_user(conn, actor, user_id)
        set_disabled(conn, user_id, disabled=True, by=actor.user_id)
    return UserState(user_id=user_id, disabled=True, sign_ins_revoked=True)


@router.post("/{user_id}/enable")
def enable(user_id: UserName, actor: ActorDep, engine: EngineDep) -> UserState:
    """Enable a disabled user; they sign in again with their password."""
    with engine.begin() as conn:
        managed_user(conn, actor, user_id)
        set_disabled(conn, user_id, disabled=False, by=actor.user_id)
    return UserState(user_id=user_id, disabled=False, sign_ins_revoked=False)


@router.post("/{user_id}/password")
def reset_password(
    user_id: UserName, body: PasswordReset, actor: ActorDep, engine: EngineDep
) -> UserState:
    """Set a forgotten password; every sign-in the user had ends."""
    with engine.begin() as conn:
        row = managed_user(conn, actor, user_id)
        set_password(conn, user_id, body.new_password, by=actor.user_id)
    return UserState(user_id=user_id, disabled=bool(row.disabled), sign_ins_revoked=True)


@router.post("/{user_id}/revoke")
def revoke(user_id: UserName, actor: ActorDep, engine: EngineDep) -> UserState:
    """End every sign-in of a user (a lost phone); the password stays."""
    with engine.begin() as conn:
        row = managed_user(conn, actor, user_id)
        revoke_sign_ins(conn, user_id, by=actor.user_id)
    return UserState(user_id=user_id, disabled=bool(row.disabled), sign_ins_revoked=True)


class NewUser(Profile):
    """An account to add, with its profile and posts; a safety manager adds workers only."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    user_id: Annotated[str, Field(min_length=1, max_length=64, pattern=USERNAME)]
    password: str = Field(min_length=1, max_length=256)
    role: Role = Role.WORKER
    tenant: IdText | None = None  # a worker's or manager's enterprise (a manager's own)
    grid_unit: IdText | None = None  # an inspector's or regulator's grid unit
    posts: list[IdText] = Field(default_factory=list, max_length=MAX_POSTS)


class PostList(BaseModel):
    """The posts a person holds, replacing those before (empty: none)."""

    model_config = ConfigDict(extra="forbid")

    posts: list[IdText] = Field(max_length=MAX_POSTS)


MAX_PEOPLE_PAGE = 1000
"""The longest page of people: an enterprise's fit in one, a city's accounts do not."""


@router.get("")
def list_people(
    actor: ActorDep,
    reader: ReaderDep,
    tenant: Annotated[str | None, Query(min_length=1, max_length=64), ONE_LINE] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PEOPLE_PAGE)] = MAX_PEOPLE_PAGE,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    role: Annotated[list[Role] | None, Query(max_length=len(Role))] = None,
) -> list[Person]:
    """The people you manage: a safety manager's enterprise, or (an admin) one or everyone.

    Paged: at most ``limit`` (1,000 at most and by default) from ``offset``, by role and
    username; a city has more accounts than one answer should carry. ``role`` (repeatable)
    keeps those roles only: an admin's inspectors and regulators, say.
    """
    with reader.connect() as conn:
        found = people(conn, tenants=[t] if (t := _managed_tenant(actor, tenant)) else None)
    kept = [p for p in found.values() if role is None or p.role in role]
    return sorted(kept, key=lambda p: (p.role, p.user_id))[offset : offset + limit]


@router.post("", status_code=201)
def add_user(body: NewUser, actor: ActorDep, engine: EngineDep) -> Person:
    """Add an account with its name and profile (and posts); the password is handed over."""
    tenant = _managed_tenant(actor, body.tenant)
    if actor.role is Role.SAFETY_MANAGER and body.role is not Role.WORKER:
        raise NotPermitted("a safety manager adds workers to their enterprise only")
    with engine.begin() as conn:
        if person(conn, body.user_id) is not None:
            raise Conflict(f"the username {body.user_id} is taken", field="user_id")
        _check_scope_exists(conn, tenant, body.grid_unit)
        create_user(
            conn,
            user_id=body.user_id,
            password=body.password,
            actor_role=body.role,
            tenant=tenant,
            grid_unit=body.grid_unit,
        )
        save_profile(conn, body.user_id, Profile(**_profile_of(body)), by=actor.user_id)
        if body.posts:
            set_posts(conn, body.user_id, tenant or "", body.posts, by=actor.user_id)
        added = person(conn, body.user_id)
    assert added is not None
    return added


@router.get("/import/template.xlsx", response_class=Response, responses=_xlsx())
def people_template(actor: ActorDep) -> Response:
    """The blank people sheet (人员) with a 说明 sheet saying what each column holds."""
    _may_import(actor)
    disposition = f"attachment; filename*=UTF-8''{quote('人员导入模板.xlsx')}"
    return Response(
        template_workbook(), media_type=XLSX, headers={"Content-Disposition": disposition}
    )


@router.post("/import")
def import_people_sheet(
    file: UploadFile,
    actor: ActorDep,
    engine: EngineDep,
    reader: ReaderDep,
    dry_run: bool = False,
) -> PeopleImported:
    """Add or update people from the 人员 sheet (.xlsx or CSV); all or nothing.

    An admin imports anyone, a safety manager their enterprise's workers. A bad row rejects the
    file with ``import.rejected`` and every problem in ``details.errors`` (row, column, code,
    reason). A known username is updated, its password never changed: importing the same sheet
    again changes nothing.
    """
    _may_import(actor)
    data = file.file.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise TooLarge(f"an import file may have at most {MAX_IMPORT_BYTES} bytes")
    tables = read_tables(data, file.filename or "upload", holds=SHEET)  # before the writer
    with (reader if dry_run else engine).begin() as conn:
        return import_people(conn, tables, actor=actor, dry_run=dry_run)


def _may_import(actor: Actor) -> None:
    if actor.role not in (Role.ADMIN, Role.SAFETY_MANAGER):
        raise NotPermitted(f"a {actor.role} does not manage accounts")


@router.put("/{user_id}/profile")
def set_profile(user_id: UserName, body: Profile, actor: ActorDep, engine: EngineDep) -> Person:
    """Set a person's name, phone, department and badge; anyone may set their own."""
    with engine.begin() as conn:
        if user_id != actor.user_id:
            managed_user(conn, actor, user_id)
        save_profile(conn, user_id, body, by=actor.user_id)
        changed = person(conn, user_id)
    if changed is None:
        raise NotFound(f"no user {user_id}")
    return changed


@router.put("/{user_id}/posts")
def set_user_posts(user_id: UserName, body: PostList, actor: ActorDep, engine: EngineDep) -> Person:
    """Set the posts a worker holds: their 我的岗位 and today's cards are these posts'."""
    with engine.begin() as conn:
        row = managed_user(conn, actor, user_id)
        if row.tenant is None:
            raise InvalidInput(f"{user_id} belongs to no enterprise and holds no post")
        set_posts(conn, user_id, row.tenant, body.posts, by=actor.user_id)
        changed = person(conn, user_id)
    assert changed is not None
    return changed


def _managed_tenant(actor: Actor, tenant: str | None) -> str | None:
    """The enterprise a request is about: a manager's own (asking of another is 404)."""
    if actor.role is Role.ADMIN:
        return tenant
    if actor.role is not Role.SAFETY_MANAGER:
        raise NotPermitted(f"a {actor.role} does not manage accounts")
    if tenant is not None and tenant != actor.tenant:
        raise NotFound(f"no enterprise {tenant}")
    return actor.tenant


def _check_scope_exists(conn: Connection, tenant: str | None, grid_unit: str | None) -> None:
    for kind, key in (("enterprise", tenant), ("grid_unit", grid_unit)):
        if key is None:
            continue
        found = conn.execute(
            select(reference.c.id).where(reference.c.kind == kind, reference.c.id == key)
        ).first()
        if found is None:
            raise UnknownReference(f"no {kind} {key}", field=kind)


def _profile_of(body: NewUser) -> dict[str, str]:
    return {name: getattr(body, name) for name in Profile.model_fields}
