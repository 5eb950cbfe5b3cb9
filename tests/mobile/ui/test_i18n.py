"""Words in both languages: every sentence and every label has its Chinese and its English."""

from __future__ import annotations

from datetime import date

import pytest

from mobile.services.today import Standing
from mobile.sync.loop import SyncStatus
from mobile.ui.i18n import LABELS, TEXTS, label, period_text, tr
from shared.cards import Frequency, HazardGrade, ItemResult, ShiftPattern
from shared.events import EventType
from shared.ids import PostId
from shared.lifecycle import HazardStatus
from shared.payloads import HazardCategory
from shared.schedule import instances_due
from sync_server.demo.sites import CARDS


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_each_sentence_is_written_in_chinese_and_english(key):
    zh, en = TEXTS[key]
    assert is_chinese(zh) or zh.startswith("{")
    assert en and not is_chinese(en)


@pytest.mark.parametrize(
    "kind",
    [
        Frequency,
        Standing,
        ItemResult,
        HazardGrade,
        HazardStatus,
        HazardCategory,
        SyncStatus,
        EventType,
    ],
)
def test_every_member_of_the_enums_on_screen_has_a_label(kind):
    for member in kind:
        zh, en = LABELS[member]
        assert is_chinese(zh) and en


def test_chinese_is_the_default_and_english_is_chosen_by_tag():
    assert tr("zh-CN", "tab.today") == "今日"
    assert tr("fr", "tab.today") == "今日"
    assert tr("en", "tab.today") == tr("en-GB", "tab.today") == "Today"
    assert tr("zh-CN", "today.items", ticked=2, total=6) == "2/6 项"
    assert label("en", HazardGrade.MAJOR) == "Major"


@pytest.mark.parametrize(
    ("frequency", "zh", "en"),
    [
        (Frequency.QUARTERLY, "2026年第4季度", "Q4 2026"),
        (Frequency.YEARLY, "2026年", "2026"),
    ],
)
def test_quarters_and_years_read_as_a_worker_says_them(frequency, zh, en):
    card = next(c for c in CARDS if c.id == "CARD-STOVE")
    items = tuple(item.model_copy(update={"frequency": frequency}) for item in card.items)
    yearly = card.model_copy(update={"items": items})
    [found] = instances_due(PostId("P"), yearly, ShiftPattern(), date(2026, 11, 30))
    assert (period_text("zh-CN", found), period_text("en", found)) == (zh, en)


def test_periods_read_as_days_shifts_weeks_and_months():
    card = next(c for c in CARDS if c.id == "CARD-STOVE")
    found = {
        i.frequency: i for i in instances_due(PostId("P"), card, ShiftPattern(), date(2026, 11, 30))
    }
    assert period_text("zh-CN", found[Frequency.PER_SHIFT]) == "11月30日 第1班"
    assert period_text("zh-CN", found[Frequency.DAILY]) == "11月30日"
    assert period_text("zh-CN", found[Frequency.WEEKLY]) == "11-30 至 12-06"
    assert period_text("zh-CN", found[Frequency.MONTHLY]) == "2026年11月"
    assert period_text("en", found[Frequency.PER_SHIFT]) == "30 Nov, shift 1"
