"""Signing in once with the server, staying signed in, and signing out without losing work."""

from __future__ import annotations

import pytest

from mobile.services.account import sign_in, sign_out, signed_in_actor, unsynced_count, use_server
from mobile.services.preferences import load_preferences
from mobile.services.reporting import HazardReport, report_hazard
from mobile.sync.errors import Offline, SignInRequired
from tests.mobile.sync.phones import make_phone


@pytest.fixture
def phone(tmp_path, server):
    made = make_phone(tmp_path / "p", server.url)
    yield made
    made.close()


def test_a_sign_in_is_kept_on_the_phone_and_wakes_the_sync_loop(phone):
    phone.loop._parked = True
    actor = sign_in(phone, " worker1 ", "demo1234")
    assert actor.user_id == "worker1" and signed_in_actor(phone) == actor
    assert not phone.loop._parked


def test_a_wrong_password_is_refused(phone):
    with pytest.raises(SignInRequired):
        sign_in(phone, "worker1", "nope")
    assert signed_in_actor(phone) is None


def test_without_a_server_the_first_sign_in_cannot_happen(tmp_path):
    phone = make_phone(tmp_path / "offline", "http://127.0.0.1:9")
    with pytest.raises(Offline):
        sign_in(phone, "worker1", "demo1234")
    phone.close()


def test_signing_out_keeps_unsent_events_for_the_next_sign_in(phone):
    actor = sign_in(phone, "worker1", "demo1234")
    report_hazard(phone.record, actor, HazardReport(title="地面油污", no_photo_reason="没电"))
    assert unsynced_count(phone.record, actor) == 1
    sign_out(phone)
    assert signed_in_actor(phone) is None
    assert unsynced_count(phone.record) == 1


@pytest.mark.parametrize(
    "address", ["sk.example.cn", "ftp://sk.example.cn", "http://", "https:// x"]
)
def test_only_a_web_address_is_taken_as_the_server(tmp_path, address):
    phone = make_phone(tmp_path / "p", "http://127.0.0.1:9")
    with pytest.raises(ValueError):
        use_server(phone, address)
    assert use_server(phone, " https://sk.example.cn:8700/ ") == "https://sk.example.cn:8700"
    assert load_preferences(phone.store).server == "https://sk.example.cn:8700"
    phone.close()
