"""docs/sync-protocol.md says what the code does: its event reference is generated and checked."""

from __future__ import annotations

from shared.events import EventType
from shared.lifecycle import PERMITTED_ROLES
from shared.text import LIMITS, TextKind
from sync_server import docs_contract

DOCUMENT = docs_contract.DOC.read_text(encoding="utf-8")


def test_the_generated_parts_of_the_protocol_document_match_the_code():
    stale = list(docs_contract.drift(DOCUMENT))
    assert stale == [], "run: python -m sync_server.docs_contract"


def test_the_check_notices_a_limit_changed_in_the_code(monkeypatch):
    monkeypatch.setitem(LIMITS, TextKind.TITLE, LIMITS[TextKind.TITLE] + 1)
    assert list(docs_contract.drift(DOCUMENT)) == ["text-limits"]


def test_the_check_notices_a_role_allowed_in_the_code(monkeypatch):
    kind = EventType.HAZARD_VOIDED
    monkeypatch.setitem(PERMITTED_ROLES, kind, PERMITTED_ROLES[EventType.HAZARD_ANNOTATED])
    assert list(docs_contract.drift(DOCUMENT)) == ["events"]


def test_every_event_type_has_its_section():
    for kind in EventType:
        assert f"### `{kind.value}`" in DOCUMENT


def test_the_command_rewrites_a_stale_document_and_then_finds_it_current(tmp_path):
    stale = DOCUMENT.replace("| `title` | text `title`, 1–300 chars | yes |", "| `title` | any |")
    doc = tmp_path / "sync-protocol.md"
    doc.write_text(stale, encoding="utf-8")
    assert docs_contract.main(["--check", "--doc", str(doc)]) == 1
    assert docs_contract.main(["--doc", str(doc)]) == 0
    assert doc.read_text(encoding="utf-8") == DOCUMENT
    assert docs_contract.main(["--check", "--doc", str(doc)]) == 0
