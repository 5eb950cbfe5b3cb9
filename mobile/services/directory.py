"""An admin's people on the phone: find an enterprise, its posts, officials, import a sheet.

An admin's phone holds no reference data (an admin sees none of the legal record), so the
enterprises, their posts and the grid units come from the server's directory
(``/v1/users/enterprises``…), searched and a page at a time. An enterprise's people are then
managed with the manager's services (``mobile.services.staff``) given its id. Inspectors and
regulators are added with their scope, 执法证号 and authority; a people sheet (人员) is sent
whole and comes back accepted, or refused with every bad row and column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from pydantic import BaseModel, ValidationError

from mobile.services.staff import MIN_PASSWORD, StaffRefused, call
from mobile.sync.api import SyncApi
from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.wiring import Phone
from shared.people import Person, Profile
from shared.roles import Role

__all__ = [
    "OFFICIAL_ROLES",
    "PAGE",
    "ImportDone",
    "ImportProblem",
    "ImportRefused",
    "NewOfficial",
    "Place",
    "add_official",
    "enterprise_posts",
    "enterprises",
    "grid_units",
    "import_sheet",
    "officials",
    "set_profile",
]

PAGE = 20
"""Enterprises or officials shown at once; 更多 asks for the next page."""
OFFICIAL_ROLES = (Role.INSPECTOR, Role.REGULATOR)


class Place(BaseModel):
    """An enterprise or a grid unit as the server's directory names it."""

    id: str
    name: str
    within: str = ""


@dataclass(frozen=True)
class NewOfficial:
    """The add-an-official form as typed: an inspector's or a regulator's account."""

    user_id: str
    password: str
    role: Role
    grid_unit: str
    display_name: str = ""
    phone: str = ""
    badge_no: str = ""
    authority: str = ""
    authority_code: str = ""


@dataclass(frozen=True)
class ImportProblem:
    """One bad cell or row of a people sheet, as the server found it."""

    row: int | None
    column: str
    reason: str


@dataclass(frozen=True)
class ImportDone:
    """What an import did (or, dry, would do): usernames added, updated, found unchanged."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    dry_run: bool


class ImportRefused(Exception):
    """The sheet was refused as a whole; nothing was written.

    Attributes:
        problems: Every bad row and column (empty when the refusal is not about rows).
        key: The message key when it is not about rows (offline, not a sheet…).
    """

    def __init__(self, problems: Sequence[ImportProblem], key: str = "admin.import_rejected"):
        super().__init__(key)
        self.problems = tuple(problems)
        self.key = key


def enterprises(phone: Phone, search: str = "", page: int = 0) -> list[Place]:
    """One page of the enterprises whose name or id holds ``search``."""
    return _places(phone, "/v1/users/enterprises", search, page)


def grid_units(phone: Phone, search: str = "", page: int = 0) -> list[Place]:
    """One page of the grid units whose name or id holds ``search`` (an official's scope)."""
    return _places(phone, "/v1/users/grid-units", search, page)


def enterprise_posts(phone: Phone, tenant: str) -> list[tuple[str, str]]:
    """An enterprise's posts as (id, 车间 · 岗位), to place its workers on."""
    rows = call(phone, "GET", f"/v1/users/enterprises/{quote(tenant, safe='')}/posts")
    return [(str(row["id"]), str(row["place"])) for row in rows]


def officials(phone: Phone, page: int = 0) -> list[Person]:
    """One page of the inspectors and regulators, by role then username."""
    query = [("role", role.value) for role in OFFICIAL_ROLES]
    query += [("limit", str(PAGE)), ("offset", str(page * PAGE))]
    rows = call(phone, "GET", f"/v1/users?{urlencode(query)}")
    return [Person.model_validate(row) for row in rows]


def add_official(phone: Phone, form: NewOfficial) -> Person:
    """Add an inspector or a regulator in a grid unit, with 执法证号 and authority.

    Raises:
        StaffRefused: A field is missing or wrong, the username is taken, or offline.
    """
    user_id = form.user_id.strip()
    if not user_id:
        raise StaffRefused("form.need_text", "user_id")
    if not form.grid_unit:
        raise StaffRefused("admin.need_grid_unit", "grid_unit")
    if len(form.password) < MIN_PASSWORD:
        raise StaffRefused("staff.short_password", "password")
    if form.role not in OFFICIAL_ROLES:
        raise StaffRefused("staff.not_permitted", "role")
    profile = _profile(form)
    body = {
        **profile.model_dump(),
        "user_id": user_id,
        "password": form.password,
        "role": form.role.value,
        "grid_unit": form.grid_unit,
    }
    return Person.model_validate(call(phone, "POST", "/v1/users", body))


def set_profile(phone: Phone, user_id: str, profile: Profile) -> Person:
    """Replace a person's profile (name, phone, department, 执法证号, authority)."""
    body = profile.model_dump()
    return Person.model_validate(call(phone, "PUT", f"/v1/users/{user_id}/profile", body))


def import_sheet(phone: Phone, name: str, data: bytes, *, dry_run: bool = False) -> ImportDone:
    """Send a people sheet (.xlsx or .csv) to be imported, all or nothing.

    Raises:
        ImportRefused: With every bad row and column, or the reason it was not read at all.
    """
    api = SyncApi(phone.http)
    params = {"dry_run": "true"} if dry_run else {}
    request: Callable[[str], Any] = lambda token: api.send_file(  # noqa: E731
        token, "/v1/users/import", name, data, params
    )
    try:
        answer = phone.session.call(request)
    except Offline as exc:
        raise ImportRefused((), "staff.offline") from exc
    except SignInRequired as exc:
        raise ImportRefused((), "staff.sign_in") from exc
    except ServerRefused as exc:
        raise _refused(exc) from exc
    return ImportDone(
        added=tuple(answer["added"]),
        updated=tuple(answer["updated"]),
        unchanged=tuple(answer["unchanged"]),
        dry_run=bool(answer["dry_run"]),
    )


def _refused(exc: ServerRefused) -> ImportRefused:
    rows = exc.details.get("errors")
    if exc.code == "import.rejected" and isinstance(rows, list):
        return ImportRefused([_problem(row) for row in rows if isinstance(row, dict)])
    if exc.status == 413:
        return ImportRefused((), "admin.import_too_large")
    return ImportRefused((), "admin.import_unreadable")


def _problem(row: dict[str, Any]) -> ImportProblem:
    number = row.get("row")
    return ImportProblem(
        row=number if isinstance(number, int) else None,
        column=str(row.get("column") or ""),
        reason=str(row.get("reason") or row.get("code") or ""),
    )


def _places(phone: Phone, path: str, search: str, page: int) -> list[Place]:
    query = {"q": search.strip(), "limit": PAGE, "offset": page * PAGE}
    rows = call(phone, "GET", f"{path}?{urlencode(query)}")
    return [Place.model_validate(row) for row in rows]


def _profile(form: NewOfficial) -> Profile:
    try:
        return Profile(
            display_name=form.display_name.strip(),
            phone=form.phone.strip(),
            badge_no=form.badge_no.strip(),
            authority=form.authority.strip(),
            authority_code=form.authority_code.strip(),
        )
    except ValidationError as exc:
        raise StaffRefused("staff.bad_field", str(exc.errors()[0]["loc"][0])) from exc
