"""What a sync round asks for, by role: a regulator's phone keeps no raw events."""

from __future__ import annotations

from datetime import UTC, datetime

from mobile.services.profiles import open_hazards_read
from tests.mobile.sync.phones import report_hazard, tick_stove_card


def test_a_regulators_round_pulls_no_events_while_a_managers_gets_them(server, phones):
    worker = phones.new("w", "worker1")
    tick_stove_card(worker)
    worker.engine.sync_once()
    network = phones.network()
    regulator = phones.new("r", "regulator1", network)
    manager = phones.new("m", "manager1")

    report = regulator.engine.sync_once()

    assert report.pulled == 0
    assert not any("/sync/pull" in seen for seen in network.seen)  # the phone does not ask
    assert len(regulator.record.projections) == 0 and regulator.record.store.cursor() == 0
    assert manager.engine.sync_once().pulled > 0


def test_a_regulator_reads_an_enterprises_open_hazards_from_the_server_and_keeps_the_copy(
    server, phones
):
    worker = phones.new("w", "worker1")
    made = report_hazard(worker, "H-OPEN")
    worker.engine.sync_once()
    regulator = phones.new("r", "regulator1")
    regulator.engine.sync_once()
    now = datetime.now(UTC)

    [(hazard, overdue)] = open_hazards_read(regulator.reads, made.tenant, now)
    assert (hazard.id, overdue) == ("H-OPEN", False)
    server.stop()
    assert [h.id for h, _ in open_hazards_read(regulator.reads, made.tenant, now)] == ["H-OPEN"]
    server.start()
