"""The inspection being filled in (ids and values, no controls), kept in the session's state."""

from __future__ import annotations

from dataclasses import dataclass, field

from mobile.services.inspecting import DEFAULT_DEADLINE_DAYS
from mobile.ui.state import UiState
from shared.cards import ItemResult
from shared.payloads import PhotoRef

__all__ = ["FindingDraft", "InspectionDraft", "draft_for", "drop_draft"]


@dataclass
class FindingDraft:
    """One standard as marked so far."""

    result: ItemResult | None = None
    note: str = ""
    photos: list[PhotoRef] = field(default_factory=list)
    deadline_days: int = DEFAULT_DEADLINE_DAYS
    title: str | None = None  # None: not edited, the item's suggestion stands
    description: str | None = None  # None: not edited, made from the note and the criterion


@dataclass
class InspectionDraft:
    """A menu inspection of one enterprise: the findings by standard id, the one open."""

    tenant: str
    findings: dict[str, FindingDraft] = field(default_factory=dict)
    current: str | None = None
    signer: str = ""  # 签收: the representative's name
    strokes: list[list[tuple[float, float]]] = field(default_factory=list)  # their signature
    refused: bool = False  # 拒签
    witness: str = ""  # who saw the refusal

    def finding(self, standard_id: str) -> FindingDraft:
        """The standard's finding, made empty on first use."""
        return self.findings.setdefault(standard_id, FindingDraft())

    def marked(self) -> dict[str, FindingDraft]:
        """The findings with a result."""
        return {k: f for k, f in self.findings.items() if f.result is not None}


KEY = "inspection"
"""The draft's key in ``UiState.kept``."""


def draft_for(state: UiState, tenant: str) -> InspectionDraft:
    """The state's inspection of ``tenant``; a draft of another enterprise is dropped."""
    draft = state.kept.get(KEY)
    if not isinstance(draft, InspectionDraft) or draft.tenant != tenant:
        draft = state.kept[KEY] = InspectionDraft(tenant)
    return draft


def drop_draft(state: UiState) -> None:
    """Forget the state's inspection (issued)."""
    state.kept.pop(KEY, None)
