"""A safety manager's people on the phone: list, add a worker, disable, reset, assign posts.

These are online changes to accounts, not entries in the record: they go straight to the
server (``/v1/users``) and say so when it cannot be reached. What is refused comes back as a
``StaffRefused`` with a message key of the manager's words (``staff.*``) and the field it is
about. After a change the phone fetches its reference data again, so the assignee picker and
the names follow at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

from pydantic import ValidationError

from mobile import reference
from mobile.sync.api import SyncApi
from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.wiring import Phone
from shared.people import Person, Profile
from shared.roles import Role

__all__ = [
    "NewWorker",
    "StaffRefused",
    "add_worker",
    "call",
    "reset_password",
    "set_active",
    "set_posts",
    "staff",
]

T = TypeVar("T")

MIN_PASSWORD = 8
"""As the server's: a shorter password is refused before it is sent."""

_BY_CODE = {
    "conflict": ("staff.taken", "user_id"),
    "ref.unknown": ("staff.unknown_post", "posts"),
    "not_found": ("staff.gone", None),
    "auth.not_permitted": ("staff.not_permitted", None),
}


class StaffRefused(Exception):
    """A change the form or the server refused; nothing changed.

    Attributes:
        key: The message key (``mobile/ui/words/manager.py``).
        field: The form field it is about, or None for the whole change.
    """

    def __init__(self, key: str, field: str | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.field = field


@dataclass(frozen=True)
class NewWorker:
    """The add-a-worker form as typed."""

    user_id: str
    password: str
    display_name: str = ""
    phone: str = ""
    department: str = ""
    posts: Sequence[str] = field(default_factory=tuple)
    role: Role = Role.WORKER  # an admin may add an enterprise's safety manager too


def staff(phone: Phone, tenant: str | None = None) -> list[Person]:
    """The enterprise's people, as the server has them now.

    Args:
        phone: The signed-in phone.
        tenant: The enterprise an admin opened; None for a manager's own.

    Raises:
        StaffRefused: ``staff.offline`` when the server cannot be reached.
    """
    query = f"?{urlencode({'tenant': tenant})}" if tenant else ""
    answer = call(phone, "GET", f"/v1/users{query}")
    people = [Person.model_validate(row) for row in answer]
    return sorted(people, key=lambda p: (not p.active, p.role, p.name))


def add_worker(phone: Phone, form: NewWorker, tenant: str | None = None) -> Person:
    """Add a worker of the manager's enterprise (or the one an admin opened), named, on posts.

    Raises:
        StaffRefused: A field is missing or wrong, the username is taken, or offline.
    """
    user_id = form.user_id.strip()
    if not user_id:
        raise StaffRefused("form.need_text", "user_id")
    if len(form.password) < MIN_PASSWORD:
        raise StaffRefused("staff.short_password", "password")
    profile = _profile(
        display_name=form.display_name.strip(),
        phone=form.phone.strip(),
        department=form.department.strip(),
    )
    body = {
        **profile.model_dump(),
        "user_id": user_id,
        "password": form.password,
        "posts": list(form.posts),
        "role": form.role.value,
        **({"tenant": tenant} if tenant else {}),
    }
    added = Person.model_validate(call(phone, "POST", "/v1/users", body))
    _refetch(phone)
    return added


def set_active(phone: Phone, user_id: str, *, active: bool) -> None:
    """Enable, or disable a worker (every sign-in of theirs ends at once)."""
    call(phone, "POST", f"/v1/users/{user_id}/{'enable' if active else 'disable'}")
    _refetch(phone)


def reset_password(phone: Phone, user_id: str, password: str) -> None:
    """Give a worker a new password, handed over in person; their sign-ins end."""
    if len(password) < MIN_PASSWORD:
        raise StaffRefused("staff.short_password", "password")
    call(phone, "POST", f"/v1/users/{user_id}/password", {"new_password": password})


def set_posts(phone: Phone, user_id: str, posts: Sequence[str]) -> Person:
    """Make ``posts`` the posts a worker holds (their 今日 is these posts' cards)."""
    changed = Person.model_validate(
        call(phone, "PUT", f"/v1/users/{user_id}/posts", {"posts": list(posts)})
    )
    _refetch(phone)
    return changed


def _profile(**fields: str) -> Profile:
    try:
        return Profile(**fields)
    except ValidationError as exc:
        where = str(exc.errors()[0]["loc"][0])
        raise StaffRefused("staff.bad_field", where) from exc


def call(phone: Phone, method: str, path: str, body: Any = None) -> Any:
    """One request to the people routes; what goes wrong becomes a ``StaffRefused``."""
    api = SyncApi(phone.http)
    request: Callable[[str], Any] = lambda token: api.send_json(token, method, path, body)  # noqa: E731
    try:
        return phone.session.call(request)
    except Offline as exc:
        raise StaffRefused("staff.offline") from exc
    except SignInRequired as exc:
        raise StaffRefused("staff.sign_in") from exc
    except ServerRefused as exc:
        key, where = _BY_CODE.get(exc.code, ("staff.bad_field", _field(exc)))
        raise StaffRefused(key, where) from exc


def _field(exc: ServerRefused) -> str | None:
    where = str(exc.details.get("field", ""))
    return where.removeprefix("body.") or None


def _refetch(phone: Phone) -> None:
    """Fetch the reference data again now; if that fails, the next sync's fetch will do."""
    api = SyncApi(phone.http)
    try:
        body = phone.session.call(api.reference)
    except (Offline, SignInRequired, ServerRefused):
        return
    reference.save_reference(phone.store, body, phone.record.clock())
