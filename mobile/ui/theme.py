"""Colours, sizes and the bundled font: large targets and plain contrast for work gloves and sun.

The CJK font is bundled (``assets/fonts``) because Flutter web draws Chinese as empty boxes
without one, and an offline phone cannot fetch a fallback. DroidSansFallbackFull has no Latin
glyphs: Flutter falls back to its bundled Roboto for letters and digits, which the end-to-end
screenshots confirm.
"""

from __future__ import annotations

import flet as ft

from mobile.services.today import Standing
from shared.cards import HazardGrade, ItemResult
from shared.risk import RiskColour

__all__ = [
    "BODY",
    "FONT_FAMILY",
    "FONT_FILE",
    "SMALL",
    "TITLE",
    "TOUCH",
    "WIDE_PX",
    "Palette",
    "app_theme",
    "grade_colour",
    "result_colour",
    "standing_colour",
    "text_style",
]

FONT_FAMILY = "CJK"
FONT_FILE = "fonts/DroidSansFallbackFull.ttf"
"""Relative to the assets folder."""

TOUCH = 56
WIDE_PX = 1000
"""From this width (logical pixels) the manager's 待办 and the regulator's 辖区 use columns."""
"""Height of primary buttons, above Material's 48 px minimum: gloved thumbs."""
TITLE = 20
BODY = 16
SMALL = 14


class Palette:
    """The few colours the screens use, each with a meaning."""

    SEED = ft.Colors.TEAL
    PASS = ft.Colors.GREEN_700
    FAIL = ft.Colors.RED_700
    NEUTRAL = ft.Colors.BLUE_GREY_600
    WARN = ft.Colors.ORANGE_800
    PENDING = ft.Colors.AMBER_800
    MUTED = ft.Colors.GREY_700
    BANNER_OFFLINE = ft.Colors.AMBER_100
    BANNER_ERROR = ft.Colors.RED_100
    SURFACE = ft.Colors.WHITE
    REFUSAL = ft.Colors.RED_50


def text_style(size: int, weight: ft.FontWeight | None = None) -> ft.TextStyle:
    """A text style in the bundled font: a style without a family falls back to Roboto (no CJK)."""
    return ft.TextStyle(size=size, weight=weight, font_family=FONT_FAMILY)


def app_theme() -> ft.Theme:
    """Material 3 with the CJK font and the teal seed, and screens that change without animation.

    Every action rebuilds the screen; an animated route change each time would make cheap
    phones stutter (and screenshots catch the screen half-way).
    """
    still = ft.PageTransitionTheme.NONE
    return ft.Theme(
        color_scheme_seed=Palette.SEED,
        font_family=FONT_FAMILY,
        use_material3=True,
        page_transitions=ft.PageTransitionsTheme(
            android=still, ios=still, linux=still, macos=still, windows=still
        ),
    )


def locales(english: bool) -> ft.LocaleConfiguration:
    """Flutter's own words (field counters, date pickers, 确定/取消) in the app's language.

    Without it Flutter speaks en-US whatever the app says: a Chinese screen read "12
    characters remaining" under each field. Simplified Chinese is listed from the bare
    language down to zh_Hans_CN, as Flet advises, so a phone set to zh_Hans_TW is not read
    as Traditional.
    """
    chinese = [
        ft.Locale("zh"),
        ft.Locale("zh", script_code="Hans"),
        ft.Locale("zh", "CN", script_code="Hans"),
    ]
    english_us = ft.Locale("en", "US")
    return ft.LocaleConfiguration(
        supported_locales=[*chinese, english_us],
        current_locale=english_us if english else chinese[-1],
    )


def result_colour(result: ItemResult) -> str:
    """Green for 合格, red for 不合格, grey for 不适用."""
    return {
        ItemResult.PASS: Palette.PASS,
        ItemResult.FAIL: Palette.FAIL,
        ItemResult.NOT_APPLICABLE: Palette.NEUTRAL,
    }[result]


def standing_colour(standing: Standing) -> str:
    """Red for overdue, teal for due, grey for later, green for done."""
    return {
        Standing.OVERDUE: Palette.FAIL,
        Standing.DUE: ft.Colors.TEAL_700,
        Standing.UPCOMING: Palette.MUTED,
        Standing.DONE: Palette.PASS,
    }[standing]


def grade_colour(grade: HazardGrade) -> str:
    """Orange for 一般, red for 重大."""
    return Palette.FAIL if grade is HazardGrade.MAJOR else Palette.WARN


RISK_COLOURS: dict[RiskColour, str] = {
    RiskColour.RED: ft.Colors.RED_700,
    RiskColour.ORANGE: ft.Colors.ORANGE_800,
    RiskColour.YELLOW: ft.Colors.AMBER_700,
    RiskColour.BLUE: ft.Colors.BLUE_700,
}
"""The four colours of risk (四色) as printed on 风险告知卡, dark enough for white text."""

LIGHT_COLOURS: dict[str, str] = {"red": ft.Colors.RED_700, "yellow": ft.Colors.AMBER_700}
"""An enterprise's red and yellow lights, by the score's light code."""
