"""Every refusal a worker can meet has a sentence in both languages."""

from __future__ import annotations

import pytest

from mobile.messages import MESSAGES, message_for
from shared.errors import QrError, catalog


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_each_message_is_written_in_chinese_and_english(code):
    message = MESSAGES[code]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message.zh)
    assert message.en.isascii() and message.en.endswith(".")


def test_every_qr_refusal_of_the_domain_has_its_own_message():
    qr_codes = {code for code, cls in catalog().items() if issubclass(cls, QrError)} - {"qr.error"}
    assert qr_codes <= set(MESSAGES)


def test_an_unknown_code_still_gets_a_polite_sentence():
    assert message_for("something.new").text("zh-CN") == "操作没有成功，请重试。"
    assert message_for("something.new").text("en") == "That did not work. Please try again."
