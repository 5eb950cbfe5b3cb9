"""双清单 onboarding, the risk list: a 风险清单 proposed from the library's typical risks.

The manager picks the kind of place (as for cards); the library proposes its typical risks,
each at its suggested grade and at the post whose card checks it; the manager unticks what
the place does not have, confirms or changes each grade (L and S of the 5×5 matrix) and the
post, and saves. Each kept risk becomes the same events as a point identified by hand
(``risk.identified`` and one ``risk.measure_added`` per measure), so the server folds it like
any other and the risk loop (uncovered 🟥/🟧 points, failing controls) works on it at once.
A measure is linked to the card items built from the risk's standards: the worker's tick of
that item is then the check of that control.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mobile.local_record import LocalRecord
from mobile.services.catalog import PostCard
from mobile.services.risk_loop import MeasureDraft, RiskDraft, identify_risk, local_risks
from shared.errors import NotPermitted
from shared.events import EventType
from shared.ids import RiskPointId
from shared.lifecycle import PERMITTED_ROLES
from shared.org import Industry, SmallPlaceKind
from shared.payloads import MAX_RISK_MEASURES_CHECKS, Grading, LsFactors, MeasureKind
from shared.roles import Actor
from shared.standards import StandardsLibrary
from shared.typical_risks import TypicalRisk

__all__ = [
    "ProposedRisk",
    "adopt_risk_list",
    "listed_names",
    "post_responsible",
    "propose_risk_list",
]


@dataclass
class ProposedRisk:
    """One line of the proposed 风险清单 as the manager leaves it: kept, graded, placed."""

    risk: TypicalRisk
    likelihood: int
    severity: int
    post_id: str | None
    keep: bool = True
    responsible: str | None = None  # 责任人, a user id of the enterprise

    def grading(self) -> Grading:
        """The grade the manager confirmed (or changed), by the 5×5 matrix."""
        return Grading(ls=LsFactors(l=self.likelihood, s=self.severity))


def propose_risk_list(
    library: StandardsLibrary,
    basis: Industry | SmallPlaceKind,
    posts: Sequence[PostCard],
    listed: Sequence[str] = (),
) -> list[ProposedRisk]:
    """The typical risks of this kind of place not yet on the list (by name), all kept.

    Each goes to the post whose card has the most items from the risk's standards, or to no
    post (the whole place) when no card checks it yet; its 责任人 is that post's, if it has one.
    """
    proposed = []
    for typical in library.risks_for(basis):
        if typical.name in listed:
            continue
        post_id = _checking_post(typical, posts)
        line = ProposedRisk(typical, typical.likelihood, typical.severity, post_id)
        line.responsible = post_responsible(post_id, posts)
        proposed.append(line)
    return proposed


def post_responsible(post_id: str | None, posts: Sequence[PostCard]) -> str | None:
    """The 责任人 of a post: who answers for a risk placed there unless the manager says else."""
    found = next((p.post for p in posts if p.post.id == post_id), None)
    return found.responsible if found is not None else None


def listed_names(record: LocalRecord, actor: Actor) -> list[str]:
    """The names of the enterprise's risk points this phone knows (not proposed again)."""
    return [r.name for r in local_risks(record).values() if r.tenant == actor.tenant]


def adopt_risk_list(
    record: LocalRecord,
    actor: Actor,
    proposals: Sequence[ProposedRisk],
    posts: Sequence[PostCard],
) -> list[RiskPointId]:
    """Save every kept line as a risk point with its measures; returns the new points' ids.

    Raises:
        NotPermitted: The user's role may not identify risk points; nothing is saved.
        ValueError: No line is kept.
    """
    if actor.role not in PERMITTED_ROLES[EventType.RISK_IDENTIFIED]:
        raise NotPermitted(f"a {actor.role} may not identify risk points")
    kept = [p for p in proposals if p.keep]
    if not kept:
        raise ValueError("keep at least one risk")
    by_id: dict[str, PostCard] = {p.post.id: p for p in posts}
    return [identify_risk(record, actor, _draft(p, by_id.get(p.post_id or "")))[0] for p in kept]


def _draft(proposal: ProposedRisk, post: PostCard | None) -> RiskDraft:
    typical = proposal.risk
    checks = _checking_items(typical, post)
    measures = []
    for measure in typical.measures:
        linked = measure.kind is not MeasureKind.EMERGENCY and checks
        measures.append(MeasureDraft(measure.kind, measure.text, checks if linked else ()))
        checks = () if linked else checks  # the first control measure carries the checks
    return RiskDraft(
        subject=typical.subject,
        name=typical.name,
        five_high=typical.five_high,
        accident_types=typical.accident_types,
        grading=proposal.grading(),
        post_id=post.post.id if post else None,
        workshop_id=post.post.workshop_id if post else None,
        hazard_factors=typical.hazard_factors,
        control_goal=typical.control_goal,
        measures=tuple(measures),
        responsible=proposal.responsible,
    )


def _checking_items(typical: TypicalRisk, post: PostCard | None) -> tuple[tuple[str, str], ...]:
    """The post card's items built from the risk's standards, as (card, item)."""
    if post is None or post.card is None:
        return ()
    card = post.card
    found = [(card.id, i.id) for i in card.items if i.standard in typical.standards]
    return tuple(found[:MAX_RISK_MEASURES_CHECKS])


def _checking_post(typical: TypicalRisk, posts: Sequence[PostCard]) -> str | None:
    counted = [(len(_checking_items(typical, p)), p.post.id) for p in posts]
    best = max(counted, default=(0, None), key=lambda pair: pair[0])
    return best[1] if best[0] else None
