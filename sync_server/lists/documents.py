"""Documents from stored data, for the HTTP endpoints and the command line alike.

``visible`` is the caller's scope: the tenants they may see, or None on the command line. A
record outside it is reported exactly like a missing one, so nothing leaks across enterprises.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime
from typing import Literal

from sqlalchemy import Connection

from shared.errors import InvalidInput
from shared.events import Event
from shared.hazards import Hazard
from shared.ids import GridUnitId
from shared.notice import demand_for, demand_wording, local_day
from shared.payloads import HazardSource, InspectionRecorded, NoticeReceipt, PhotoRef
from sync_server.lists import queries
from sync_server.lists.check_ledger import (
    CheckLedger,
    check_ledger_pdf,
    check_ledger_xlsx,
    check_records_of,
    post_positions,
)
from sync_server.lists.check_ledger import names_of as check_names
from sync_server.lists.columns import GRADE_NAMES
from sync_server.lists.ledger import Ledger, ledger_pdf, ledger_xlsx
from sync_server.lists.notice import Notice, NoticeItem, NoticePhoto, Receipt, notice_pdf
from sync_server.lists.pdf_cards import enterprise_card_sheet, post_card_sheet
from sync_server.notice_numbers import confirmed_number, notice_authority
from sync_server.people import person
from sync_server.problems import NotFound

Visible = Collection[str] | None
LedgerFormat = Literal["xlsx", "pdf"]


def _check(tenant: str, visible: Visible, what: str) -> None:
    if visible is not None and tenant not in visible:
        raise NotFound(f"no {what}")


def post_cards_pdf(
    conn: Connection, tenant: str, secret: bytes, *, posts: Collection[str] = (), visible: Visible
) -> bytes:
    """The QR post-card sheets of an enterprise (or of the named posts)."""
    _check(tenant, visible, f"enterprise {tenant}")
    return post_card_sheet(queries.post_cards(conn, tenant, secret, posts))


def enterprise_cards_pdf(
    conn: Connection, tenants: queries.Tenants, secret: bytes, *, visible: Visible
) -> bytes:
    """The enterprise QR sheet of the given enterprises, for inspectors' visits."""
    if isinstance(tenants, queries.Covered):
        tenants = tenants.tenants(conn)
    for tenant in tenants:
        _check(tenant, visible, f"enterprise {tenant}")
    return enterprise_card_sheet(queries.enterprise_cards(conn, tenants, secret))


def hazard_notice(conn: Connection, hazard_id: str, *, visible: Visible) -> bytes:
    """The 整改通知书 of one hazard, with its photos before (and after, if rectified)."""
    found = queries.hazard(conn, hazard_id)
    _check(found.tenant, visible, f"hazard {hazard_id}")
    people = queries.display_names(conn)
    photos = _photos(conn, found.tenant, found.photos_before, f"{found.title}（隐患）")
    photos += _photos(conn, found.tenant, found.photos_after, f"{found.title}（整改后）")
    return notice_pdf(
        _notice(
            conn,
            found.tenant,
            number=found.id,
            found_on=queries.local(found.reported_at),
            issuer=people.get(found.reporter, found.reporter),
            badge_no=_badge_of(conn, found.reporter),
            items=[_item(found)],
            photos=photos,
        )
    )


def check_notice(conn: Connection, kind: str, target: str, *, visible: Visible) -> None:
    """Raise NotFound unless the hazard or inspection exists and is in ``visible``."""
    if kind == "hazard":
        _check(queries.hazard(conn, target).tenant, visible, f"hazard {target}")
    else:
        _check(queries.inspection(conn, target).tenant, visible, f"inspection {target}")


def inspection_notice(conn: Connection, inspection_id: str, *, visible: Visible) -> bytes:
    """The 整改通知书 of an inspection: its failed findings and the hazards the inspector filed."""
    event = queries.inspection(conn, inspection_id)
    _check(event.tenant, visible, f"inspection {inspection_id}")
    record: InspectionRecorded = event.parsed()  # type: ignore[assignment]
    day = event.at.astimezone(queries.CHINA).date()
    filed = _filed(conn, event, record, day)
    failed = [f for f in record.findings if f.result.value == "fail"]
    items = [_item(h) for h in filed] or [
        NoticeItem(f.standard_item + (f"：{f.note}" if f.note else ""), "", "一般", "立即整改", "")
        for f in failed
    ]
    photos = [
        photo
        for finding in record.findings
        for photo in _photos(conn, event.tenant, finding.photos, finding.standard_item)
    ]
    shown = {ref.sha256 for finding in record.findings for ref in finding.photos}
    for h in filed:  # a finding's photo is also its hazard's: print each picture once
        fresh = [ref for ref in h.photos_before if ref.sha256 not in shown]
        photos += _photos(conn, event.tenant, fresh, h.title)
    people = queries.display_names(conn)
    findings = [
        f"{f.standard_item}：{'不合格' if f in failed else '合格'}" for f in record.findings
    ]
    confirmed = confirmed_number(conn, inspection_id)
    authority = notice_authority(conn, event.tenant, event.actor.user_id).name
    return notice_pdf(
        _notice(
            conn,
            event.tenant,
            number=confirmed.number if confirmed else record.notice_no or inspection_id,
            authority=confirmed.authority if confirmed else authority,
            receipt=_receipt(conn, event.tenant, record.receipt),
            found_on=f"{day:%Y-%m-%d}",
            issuer=people.get(event.actor.user_id, event.actor.user_id),
            badge_no=_badge_of(conn, event.actor.user_id),
            items=items,
            photos=photos,
            findings=findings,
        )
    )


def _badge_of(conn: Connection, user_id: str) -> str:
    """The 执法证号 an account carries (an inspector's), or "" for a blank on the notice."""
    found = person(conn, user_id)
    return found.badge_no.strip() if found is not None else ""


def _filed(conn: Connection, event: Event, record: InspectionRecorded, day: date) -> list[Hazard]:
    """The hazards a notice lists: those it names, else (older inspections) a guess.

    The guess is every 执法 hazard the same inspector filed at the same enterprise that day.
    A named hazard the server does not hold (refused, or not yet pushed) is left out.
    """
    if record.hazard_ids:
        named = queries.hazards_by_id(conn, record.hazard_ids)
        return [h for h in named if h.tenant == event.tenant]
    return [
        h
        for h in queries.hazards_of(conn, [event.tenant], day, day)
        if h.reporter == event.actor.user_id and h.source is HazardSource.ENFORCEMENT
    ]


def _receipt(conn: Connection, tenant: str, given: NoticeReceipt | None) -> Receipt | None:
    """The 签收 to print: the signature's picture if the server holds it, or the refusal."""
    if given is None:
        return None
    picture = (
        None if given.signature is None else queries.photo(conn, tenant, given.signature.sha256)
    )
    return Receipt(given.signer, picture, refused=given.refused, witness=given.witness)


def _notice(conn: Connection, tenant: str, **fields: object) -> Notice:
    company = queries.enterprise(conn, tenant)
    return Notice(
        enterprise=company.name,
        credit_code=company.credit_code,
        address=queries.grid_path(conn, company.grid_unit_id),
        **fields,  # type: ignore[arg-type]
    )


def _item(h: Hazard) -> NoticeItem:
    """One row: 整改要求 worded by the rule the deadline calls for, then the measures if set."""
    title = h.title + (f"：{h.description}" if h.description else "")
    deadlines = [d for d in (h.deadline, h.supervision_deadline) if d is not None]
    due = min(deadlines) if deadlines else None
    due_on = None if due is None else local_day(due)
    wording = demand_wording(demand_for(local_day(h.reported_at), due_on), due_on)
    demand = wording + (f"。措施：{h.measures}" if h.measures else "")
    deadline = "立即" if due is None else queries.local(due)
    return NoticeItem(title, h.location, GRADE_NAMES[h.grade], demand, deadline)


def _photos(
    conn: Connection, tenant: str, refs: Collection[PhotoRef], caption: str
) -> list[NoticePhoto]:
    found = []
    for number, ref in enumerate(refs, start=1):
        data = queries.photo(conn, tenant, ref.sha256)
        if data is not None:
            label = caption if len(refs) == 1 else f"{caption} {number}"
            found.append(NoticePhoto(label, data))
    return found


def ledger(  # noqa: PLR0913 - keyword-only: what, when, how and for whom
    conn: Connection,
    tenants: queries.Tenants,
    *,
    scope: str,
    start: date,
    end: date,
    fmt: LedgerFormat,
    now: datetime | None = None,
) -> bytes:
    """The hazard ledger of the enterprises over ``start``..``end`` (local dates, inclusive)."""
    book = Ledger(
        scope=scope,
        start=start,
        end=end,
        hazards=queries.hazards_of(conn, tenants, start, end),
        companies=queries.enterprise_names(conn, tenants),
        people=queries.display_names(conn),
        now=now or datetime.now(UTC),
    )
    return ledger_xlsx(book) if fmt == "xlsx" else ledger_pdf(book)


def check_ledger(  # noqa: PLR0913 - keyword-only: what, when, how and for whom
    conn: Connection,
    tenants: queries.Tenants,
    *,
    scope: str,
    start: date,
    end: date,
    fmt: LedgerFormat,
    post: str | None = None,
    workshop: str | None = None,
) -> bytes:
    """The 排查记录台账 of the enterprises (one post's or 车间's, if given), ``start``..``end``.

    Rows are grouped by enterprise and 车间, so an enterprise's ledger reads workshop by
    workshop; ``workshop`` keeps one 车间's posts only.
    """
    names = check_names(conn, tenants)
    if post is not None and post not in names["post"]:
        raise NotFound(f"no post {post} in this scope")
    if workshop is not None and workshop not in names["workshop"]:
        raise NotFound(f"no workshop {workshop} in this scope")
    in_shop = names["post_workshop"]
    posts = None if workshop is None else {p for p, w in in_shop.items() if w == workshop}
    if post is not None:
        posts = {post} & posts if posts is not None else {post}
    titled = [names["workshop"][workshop]] if workshop is not None else []
    titled += [names["post"][post]] if post is not None else []
    book = CheckLedger(
        scope=" ".join([scope, *titled]),
        start=start,
        end=end,
        records=check_records_of(conn, tenants, start, end, posts=posts),
        companies=queries.enterprise_names(conn, tenants),
        posts=names["post"],
        items=names["item"],
        cards=names["card"],
        people=queries.display_names(conn),
        workshops={p: names["workshop"].get(w, "") for p, w in in_shop.items()},
        positions=post_positions(conn, tenants),
    )
    return check_ledger_xlsx(book) if fmt == "xlsx" else check_ledger_pdf(book)


def ledger_scope(
    conn: Connection, *, tenant: str | None, grid_unit: str | None, visible: Visible
) -> tuple[queries.Tenants, str]:
    """The enterprises a ledger covers and the name printed for them.

    A grid unit's enterprises stay a SQL selection by path (a city's are more than a
    statement's binds); the caller has checked the unit is within the reader's own.

    Raises:
        InvalidInput: Neither or both of ``tenant`` and ``grid_unit``.
        NotFound: Unknown, or outside ``visible``.
    """
    if (tenant is None) == (grid_unit is None):
        raise InvalidInput("give one enterprise (tenant) or one grid unit", field="tenant")
    if tenant is not None:
        _check(tenant, visible, f"enterprise {tenant}")
        return [tenant], queries.enterprise(conn, tenant).name
    assert grid_unit is not None
    return queries.covered(conn, grid_unit), queries.grid_path(conn, GridUnitId(grid_unit))
