"""One catalog of domain errors, each with a stable code.

Codes are part of the wire protocol: phones show a localised message per code and the server
maps each code to an HTTP status in exactly one place. Never rename a code; add a new one.

The hierarchy::

    DomainError
     ├─ InvalidInput               invalid_input
     │   ├─ BadCreditCode          org.bad_credit_code
     │   ├─ BadRiskFactor          risk.bad_factor
     │   ├─ BadHlc                 clock.bad_hlc
     │   │   └─ ClockTooFarAhead   clock.too_far_ahead
     │   ├─ BadText                text.bad_character
     │   ├─ TextTooLong            text.too_long
     │   ├─ SeqReused              sync.seq_reused
     │   ├─ BadAssignee            hazard.bad_assignee
     │   ├─ DemandMismatch         notice.demand_mismatch
     │   ├─ EvidenceMissing        evidence.missing
     │   └─ QrError                qr.*
     │       ├─ QrMalformed        qr.malformed
     │       ├─ QrUnknownVersion   qr.unknown_version
     │       ├─ QrForeignTenant    qr.foreign_tenant
     │       └─ QrTampered         qr.tampered
     ├─ IllegalTransition          hazard.illegal_transition
     ├─ RiskStepRefused            risk.illegal_transition
     ├─ NotPermitted               auth.not_permitted
     │   ├─ DeviceOfAnotherUser    sync.device_of_another_user
     │   └─ PostNotHeld            card.post_not_held
     └─ UnknownReference           ref.unknown
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    code: ClassVar[str] = "domain_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details: dict[str, Any] = details

    def as_problem(self) -> dict[str, Any]:
        """The JSON-safe shape sent over the wire and shown in logs."""
        return {"code": self.code, "message": self.message, "details": self.details}


class InvalidInput(DomainError):
    """Input that can never be valid, whoever sends it."""

    code = "invalid_input"


class BadCreditCode(InvalidInput):
    """A 统一社会信用代码 of the wrong length, alphabet or check character."""

    code = "org.bad_credit_code"


class BadRiskFactor(InvalidInput):
    """An L, E, C, L or S value outside the standard tables."""

    code = "risk.bad_factor"


class BadHlc(InvalidInput):
    """A hybrid logical clock stamp that cannot be parsed or is out of range."""

    code = "clock.bad_hlc"


class BadText(InvalidInput):
    """Text with a character the edge refuses (``shared.text``): it would break a document."""

    code = "text.bad_character"


class TextTooLong(InvalidInput):
    """Text longer than the maximum of its kind (``shared.text.LIMITS``)."""

    code = "text.too_long"


class ClockTooFarAhead(BadHlc):
    """A stamp further ahead of the server's clock than ``shared.hlc.MAX_AHEAD_MS``."""

    code = "clock.too_far_ahead"


class SeqReused(InvalidInput):
    """A ``device_seq`` the same device already used for another stored event."""

    code = "sync.seq_reused"


class BadAssignee(InvalidInput):
    """A rectification given to someone who may not take it (``shared.people``).

    ``details["why"]`` says which rule refused: ``unknown``, ``disabled``,
    ``other_enterprise`` or ``role``; ``details["assignee"]`` names whom.
    """

    code = "hazard.bad_assignee"


class BadResponsible(InvalidInput):
    """A card item or risk point naming as its 责任人 someone who cannot be (``shared.people``).

    The same rules as a rectification's assignee: an active worker or safety manager of the
    enterprise. ``details["why"]`` says which rule refused, ``details["responsible"]`` whom.
    """

    code = "list.bad_responsible"


class BadSupervision(InvalidInput):
    """A 挂牌督办 whose deadline is not after the moment it is placed: nothing could meet it.

    ``details["field"]`` is ``deadline``.
    """

    code = "hazard.bad_supervision"


class EvidenceMissing(InvalidInput):
    """A failed tick or a hazard report without the evidence it needs (``shared.evidence``).

    A 不合格 tick lacks the photo or note its item asks for; a report has neither a photo nor
    a reason why there is none.

    ``details["items"]`` maps each item lacking evidence to what it needs (``photo``, ``note``,
    ``photo_or_note``); a report's refusal has ``details["needs"] == "photo_or_reason"``.
    """

    code = "evidence.missing"


class QrError(InvalidInput):
    """A scanned code that must not open anything."""

    code = "qr.error"


class QrMalformed(QrError):
    """Not one of our codes at all (or cut off)."""

    code = "qr.malformed"


class QrUnknownVersion(QrError):
    """One of our codes, but of a format version this build cannot read."""

    code = "qr.unknown_version"


class QrForeignTenant(QrError):
    """A genuine-looking code of another enterprise."""

    code = "qr.foreign_tenant"


class QrTampered(QrError):
    """The signature does not match the content: forged or edited."""

    code = "qr.tampered"


class BadWeights(InvalidInput):
    """A change of the score's weights that would not make valid weights (issue 18)."""

    code = "scoring.bad_weights"


class DemandMismatch(InvalidInput):
    """A notice's 整改要求 that its deadline contradicts (立即整改 due in ten days)."""

    code = "notice.demand_mismatch"


class IllegalTransition(DomainError):
    """An event that the hazard's current state does not allow."""

    code = "hazard.illegal_transition"


class RiskStepRefused(DomainError):
    """A risk event that the risk point's state or record does not allow (a retired point)."""

    code = "risk.illegal_transition"


class NotPermitted(DomainError):
    """The actor's role or scope does not allow this action."""

    code = "auth.not_permitted"


class DeviceOfAnotherUser(NotPermitted):
    """A push under a device id that another user's pushes registered first."""

    code = "sync.device_of_another_user"


class PostNotHeld(NotPermitted):
    """A worker's check-card tick on a post they do not hold (``shared.people.may_tick``).

    ``details["post_id"]`` names the post. A manager may tick any post of their enterprise.
    """

    code = "card.post_not_held"


class UnknownReference(DomainError):
    """An id that names nothing the caller can see."""

    code = "ref.unknown"


def catalog() -> dict[str, type[DomainError]]:
    """Every error class by code, walking the hierarchy; codes are unique by construction."""
    found: dict[str, type[DomainError]] = {}
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        cls = pending.pop()
        if cls.code in found:
            raise RuntimeError(f"duplicate error code {cls.code}")
        found[cls.code] = cls
        pending.extend(cls.__subclasses__())
    return found
