"""A refused event is said in Chinese or English from its code, never as the raw code."""

from __future__ import annotations

from typing import Any

import pytest

from mobile.refusals import REFUSALS, refusal_message
from shared.errors import EvidenceMissing, NotPermitted, PostNotHeld, UnknownReference
from shared.ids import PostId, TenantId, UserId
from shared.people import AssigneeProblem, Person
from shared.roles import Role

KITCHEN = TenantId("KITCHEN")
PEOPLE: dict[str, Person] = {
    p.user_id: p
    for p in (
        Person(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN, display_name="王师傅"),
        Person(
            user_id=UserId("worker9"),
            role=Role.WORKER,
            tenant=KITCHEN,
            display_name="赵师傅",
            active=False,
        ),
        Person(user_id=UserId("worker2"), role=Role.WORKER, tenant=TenantId("LATHES")),
        Person(user_id=UserId("inspector1"), role=Role.INSPECTOR, display_name="周网格员"),
    )
}


def assigned(assignee: str) -> dict[str, Any]:
    return {"tenant": KITCHEN, "type": "hazard.assigned", "payload": {"assignee": assignee}}


@pytest.mark.parametrize("key", sorted(REFUSALS))
def test_each_refusal_is_written_in_chinese_and_english(key):
    message = REFUSALS[key]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message.zh)
    assert message.en.isascii() and message.en.endswith(".")


@pytest.mark.parametrize(
    ("assignee", "zh", "en"),
    [
        ("nobody99", "没有用户“nobody99”", "There is no user 'nobody99'"),
        ("worker9", "赵师傅 的账号已停用", "赵师傅's account is disabled"),
        ("worker2", "worker2 不是本企业的人员", "worker2 is not of this enterprise"),
        ("inspector1", "周网格员 是检查或监管人员", "周网格员 is an official"),
        ("worker1", "整改任务不能指派给 王师傅", "The rectification cannot go to 王师傅"),
    ],
    ids=["unknown", "disabled", "other-enterprise", "role", "eligible-on-the-phone"],
)
def test_a_bad_assignee_is_said_per_rule_with_the_persons_name(assignee, zh, en):
    said = refusal_message("hazard.bad_assignee", assigned(assignee), PEOPLE)

    assert said.text("zh-CN").startswith(zh)
    assert said.text("en").startswith(en)
    assert "hazard.bad_assignee" not in said.text("zh-CN") + said.text("en")


def test_every_rule_of_the_assignee_table_has_its_sentence():
    assert {f"hazard.bad_assignee.{p}" for p in AssigneeProblem} <= set(REFUSALS)


def test_a_tick_on_another_post_names_the_post():
    body = {"tenant": KITCHEN, "payload": {"post_id": PostId("P-OVEN")}}

    said = refusal_message(PostNotHeld.code, body, PEOPLE)

    assert said.text("zh-CN").startswith("岗位 P-OVEN 不是你的岗位")
    assert said.text("en").startswith("Post P-OVEN is not one of yours")


@pytest.mark.parametrize("code", [EvidenceMissing.code, NotPermitted.code, UnknownReference.code])
def test_the_common_refusals_have_their_own_sentence(code):
    assert code in REFUSALS


@pytest.mark.parametrize("code", [None, "something.new"])
def test_a_refusal_without_a_sentence_of_its_own_is_still_said_in_words(code):
    said = refusal_message(code, {}, PEOPLE)

    assert said.text("zh-CN") == "服务器没有接收这条记录，已单独保存，等待核查。"
    assert said.text("en").startswith("The server did not accept this record")
