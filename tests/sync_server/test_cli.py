"""The command line: demo seeding, real accounts, rebuilds; errors end with a code, not a trace."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from sqlalchemy import select

from sync_server.__main__ import KEEP_ALIVE_S, _shared_secret, main
from sync_server.db import one_transaction
from sync_server.people import person
from sync_server.schema import score_runs
from sync_server.settings import Settings

TODAY = "2026-11-30"
"""The demo history's last day: a fixed clock, so no test depends on the day it runs."""

RANDOM = secrets.token_bytes(32)


def test_seed_demo_prints_the_accounts_and_is_idempotent(tmp_path, capsys):
    assert main(["seed-demo", "--data", str(tmp_path), "--today", TODAY]) == 0
    first = capsys.readouterr().out
    assert "worker1" in first and "demo1234" in first
    assert main(["seed-demo", "--data", str(tmp_path), "--today", TODAY]) == 0
    assert capsys.readouterr().out == first


def test_seed_demo_ends_its_month_of_history_on_the_day_it_is_given(tmp_path):
    assert main(["seed-demo", "--data", str(tmp_path), "--today", TODAY]) == 0
    with one_transaction(Settings(data_dir=tmp_path)) as conn:
        first_scored = conn.execute(select(score_runs.c.day)).scalar_one()
    assert first_scored == date(2026, 10, 31)  # scoring opens on the history's first day


def test_seed_demo_refuses_a_day_that_is_not_a_date(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["seed-demo", "--data", str(tmp_path), "--today", "30/11/2026"])
    assert exited.value.code == 2
    assert "--today" in capsys.readouterr().err


def test_seed_demo_refuses_a_database_with_real_accounts(tmp_path, capsys):
    args = ["create-user", "zhang", "--password", "long-enough", "--role", "regulator"]
    assert main([*args, "--grid-unit", "C-QH", "--data", str(tmp_path)]) == 0
    assert main(["seed-demo", "--data", str(tmp_path), "--today", TODAY]) == 2
    assert "error [conflict]" in capsys.readouterr().err


def test_create_user_explains_a_missing_scope(tmp_path, capsys):
    args = ["create-user", "li", "--password", "long-enough", "--role", "worker"]
    assert main([*args, "--data", str(tmp_path)]) == 2
    assert "error [invalid_input]: a worker belongs to an enterprise" in capsys.readouterr().err


def test_create_user_stores_an_inspectors_badge_and_authority(tmp_path):
    args = ["create-user", "zhou", "--password", "long-enough", "--role", "inspector"]
    profile = ["--name", "周志刚", "--badge-no", "13030219001", "--authority", "海港区应急管理局"]
    assert main([*args, "--grid-unit", "X-HG", *profile, "--data", str(tmp_path)]) == 0
    with one_transaction(Settings(data_dir=tmp_path)) as conn:
        zhou = person(conn, "zhou")
    assert zhou is not None
    assert (zhou.name, zhou.badge_no, zhou.authority) == (
        "周志刚",
        "13030219001",
        "海港区应急管理局",
    )


def test_create_user_refuses_a_phone_number_that_is_not_one(tmp_path, capsys):
    args = ["create-user", "li", "--password", "long-enough", "--role", "regulator"]
    assert main([*args, "--grid-unit", "C-QH", "--phone", "ring me", "--data", str(tmp_path)]) == 2
    assert "error [invalid_input]: --phone" in capsys.readouterr().err


def test_rebuild_reports_how_many_projections_it_folded(tmp_path, capsys):
    assert main(["rebuild", "--data", str(tmp_path)]) == 0
    assert "rebuilt 0 projections" in capsys.readouterr().out


def test_replicas_share_the_secret_file_named_in_the_environment(tmp_path, monkeypatch):
    secret = tmp_path / "secret.key"
    secret.write_bytes(RANDOM)
    monkeypatch.setenv("SHUANGKONG_SECRET_FILE", str(secret))
    assert _shared_secret() == RANDOM
    monkeypatch.delenv("SHUANGKONG_SECRET_FILE")
    assert _shared_secret() is None


def test_a_short_or_missing_secret_file_is_refused_with_its_name(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SHUANGKONG_SECRET_FILE", str(tmp_path / "absent.key"))
    assert main(["rebuild", "--data", str(tmp_path)]) == 2
    assert "SHUANGKONG_SECRET_FILE must name a file" in capsys.readouterr().err


def test_serve_keeps_idle_connections_longer_than_a_load_balancer_does(tmp_path, monkeypatch):
    # Found by bench/load.py: with uvicorn's 5 s a connection reused as it closed was reset.
    served: dict[str, object] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **options: served.update(options))
    assert main(["serve", "--data", str(tmp_path)]) == 0
    assert served["timeout_keep_alive"] == KEEP_ALIVE_S
    assert KEEP_ALIVE_S > 60


@pytest.mark.parametrize(
    "content",
    [b"", b"k" * 32, b"password" * 4, b"short but random-ish"],
    ids=["empty", "one byte repeated", "a word repeated", "short"],
)
def test_a_weak_secret_file_stops_every_command_with_a_clear_error(
    tmp_path, monkeypatch, capsys, content
):
    # Issue 13: an empty secret.key was accepted and tokens became forgeable.
    secret = tmp_path / "shared.key"
    secret.write_bytes(content)
    monkeypatch.setenv("SHUANGKONG_SECRET_FILE", str(secret))
    assert main(["rebuild", "--data", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert "error [config.weak_secret]" in error and "shared.key" in error


def test_a_weak_secret_key_in_the_data_folder_stops_serve(tmp_path, monkeypatch, capsys):
    (tmp_path / "secret.key").write_bytes(b"")
    monkeypatch.setattr("uvicorn.run", lambda app, **options: None)
    assert main(["serve", "--data", str(tmp_path)]) == 2
    assert "error [config.weak_secret]" in capsys.readouterr().err


def test_serve_warns_loudly_when_the_database_holds_the_demo_seed(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("uvicorn.run", lambda app, **options: None)
    assert main(["serve", "--data", str(tmp_path)]) == 0
    assert "WARNING" not in capsys.readouterr().err
    main(["seed-demo", "--data", str(tmp_path), "--today", TODAY])
    assert main(["serve", "--data", str(tmp_path)]) == 0
    assert "WARNING: this database holds the demo seed" in capsys.readouterr().err


def test_the_user_lifecycle_commands_disable_enable_reset_and_revoke(tmp_path, capsys):
    data = ["--data", str(tmp_path)]
    args = ["create-user", "zhang", "--password", "long-enough", "--role", "regulator"]
    assert main([*args, "--grid-unit", "C-QH", *data]) == 0
    for command in (
        ["disable-user", "zhang"],
        ["enable-user", "zhang"],
        ["set-password", "zhang", "--password", "longer-still"],
        ["revoke-sign-ins", "zhang"],
    ):
        assert main([*command, *data]) == 0, command
    out = capsys.readouterr().out
    assert "disabled zhang" in out and "enabled zhang" in out and "new password" in out
    assert main(["disable-user", "nobody", *data]) == 2
    assert "error [not_found]: no user nobody" in capsys.readouterr().err
    assert main(["set-password", "zhang", "--password", "short", *data]) == 2
    assert "at least 8 characters" in capsys.readouterr().err
