"""Why the server refused an event, said in the user's language instead of its raw code.

The push answers a refused event with a stable code (``shared/errors.py``) and an English
reason meant for logs. The sync screen lists such events; it says each in Chinese or English
from the code, naming what the event named (the assignee by their name, the post). A
``hazard.bad_assignee`` is said per rule (``shared.people.AssigneeProblem``), judged again
against the people the phone knows: the rules are the ones the server applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mobile.messages import Message
from shared.people import AssigneeProblem, Person, assignee_problem

__all__ = ["REFUSALS", "refusal_message"]

_ASSIGNEE = "hazard.bad_assignee"

REFUSALS: dict[str, Message] = {
    f"{_ASSIGNEE}.{AssigneeProblem.UNKNOWN}": Message(
        "没有用户“{assignee}”，整改任务没有指派出去。请在名单中重新选择整改人。",
        "There is no user '{assignee}': the rectification was not assigned. "
        "Pick the person again from the list.",
    ),
    f"{_ASSIGNEE}.{AssigneeProblem.DISABLED}": Message(
        "{assignee} 的账号已停用，不能接收整改任务。请重新指派。",
        "{assignee}'s account is disabled and can take no rectification. Assign someone else.",
    ),
    f"{_ASSIGNEE}.{AssigneeProblem.OTHER_ENTERPRISE}": Message(
        "{assignee} 不是本企业的人员，不能接收整改任务。请指派本企业的人员。",
        "{assignee} is not of this enterprise. Assign someone of the enterprise.",
    ),
    f"{_ASSIGNEE}.{AssigneeProblem.ROLE}": Message(
        "{assignee} 是检查或监管人员，不负责整改。请指派本企业的员工。",
        "{assignee} is an official, who rectifies no hazard. Assign a worker of the enterprise.",
    ),
    _ASSIGNEE: Message(
        "整改任务不能指派给 {assignee}（服务器拒收）。请重新指派。",
        "The rectification cannot go to {assignee} (refused by the server). Assign it again.",
    ),
    "card.post_not_held": Message(
        "岗位 {post} 不是你的岗位，这次检查没有被接收。请联系安全管理员为你分配岗位。",
        "Post {post} is not one of yours: this check was not accepted. "
        "Ask your safety manager to assign you the post.",
    ),
    "evidence.missing": Message(
        "缺少照片或说明，服务器没有接收。请补拍照片或写明情况后重新提交。",
        "A photo or a note is missing, so the server did not accept it. "
        "Add the photo or the note and submit again.",
    ),
    "notice.demand_mismatch": Message(
        "整改要求与整改期限不一致（立即整改须当天完成），服务器没有接收。请重新签发。",
        "The rectification demand does not fit its deadline (immediate means today). "
        "Issue it again.",
    ),
    "text.too_long": Message(
        "有文字超过了长度上限，服务器没有接收。请缩短后重新提交。",
        "Some text is longer than allowed, so the server did not accept it. Shorten it and "
        "submit again.",
    ),
    "text.bad_character": Message(
        "文字里有不能保存的字符，服务器没有接收。请重新输入后提交。",
        "Some text holds a character that cannot be stored. Type it again and submit.",
    ),
    "auth.not_permitted": Message(
        "你的账号不能做这一步，服务器没有接收。如有疑问请联系安全管理员。",
        "Your account may not do this, so the server did not accept it. "
        "Ask your safety manager if in doubt.",
    ),
    "ref.unknown": Message(
        "记录里的岗位、检查卡或人员在服务器上不存在，服务器没有接收。请同步后再试。",
        "A post, card or person this names does not exist on the server. Sync, then try again.",
    ),
    "hazard.illegal_transition": Message(
        "这条隐患的状态已经变了，这一步不能再做。请同步后查看隐患的最新状态。",
        "This hazard has moved on, so this step no longer applies. Sync and look at it again.",
    ),
    "clock.too_far_ahead": Message(
        "手机的日期时间快了一天以上，服务器没有接收。请校准手机时间后再同步。",
        "The phone's date and time are more than a day ahead. Set them right, then sync again.",
    ),
    "sync.id_conflict": Message(
        "服务器上已有另一条同编号的记录，这一条已单独保存，等待管理员核查。",
        "The server holds another record under this id; this one is kept apart for review.",
    ),
    "sync.seq_reused": Message(
        "这条记录的序号与另一条重复，已单独保存，等待管理员核查。",
        "This record's number is another record's; it is kept apart for review.",
    ),
}

FALLBACK = Message(
    "服务器没有接收这条记录，已单独保存，等待核查。",
    "The server did not accept this record; it is kept apart for review.",
)


def refusal_message(
    code: str | None, body: Mapping[str, Any], people: Mapping[str, Person]
) -> Message:
    """What to tell the user about a refused event (its JSON ``body``), in both languages."""
    payload = body.get("payload")
    payload = payload if isinstance(payload, dict) else {}
    key = code or ""
    values = {"post": str(payload.get("post_id", "")), "assignee": ""}
    if key == _ASSIGNEE:
        assignee = str(payload.get("assignee", ""))
        person = people.get(assignee)
        values["assignee"] = person.name if person is not None else assignee
        problem = assignee_problem(person, str(body.get("tenant", "")))
        if problem is not None:
            key = f"{_ASSIGNEE}.{problem}"
    found = REFUSALS.get(key, FALLBACK)
    return Message(found.zh.format(**values), found.en.format(**values))
