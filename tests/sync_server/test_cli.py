"""The command line: demo seeding, real accounts, rebuilds; errors end with a code, not a trace."""

from __future__ import annotations

from sync_server.__main__ import main


def test_seed_demo_prints_the_accounts_and_is_idempotent(tmp_path, capsys):
    assert main(["seed-demo", "--data", str(tmp_path)]) == 0
    first = capsys.readouterr().out
    assert "worker1" in first and "demo1234" in first
    assert main(["seed-demo", "--data", str(tmp_path)]) == 0
    assert capsys.readouterr().out == first


def test_seed_demo_refuses_a_database_with_real_accounts(tmp_path, capsys):
    args = ["create-user", "zhang", "--password", "long-enough", "--role", "regulator"]
    assert main([*args, "--grid-unit", "C-QH", "--data", str(tmp_path)]) == 0
    assert main(["seed-demo", "--data", str(tmp_path)]) == 2
    assert "error [conflict]" in capsys.readouterr().err


def test_create_user_explains_a_missing_scope(tmp_path, capsys):
    args = ["create-user", "li", "--password", "long-enough", "--role", "worker"]
    assert main([*args, "--data", str(tmp_path)]) == 2
    assert "error [invalid_input]: a worker belongs to an enterprise" in capsys.readouterr().err


def test_rebuild_reports_how_many_projections_it_folded(tmp_path, capsys):
    assert main(["rebuild", "--data", str(tmp_path)]) == 0
    assert "rebuilt 0 projections" in capsys.readouterr().out
