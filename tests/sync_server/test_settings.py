"""Settings: the signing secret refused when weak, made 0600 at once; private data files."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from sync_server.app import create_app
from sync_server.settings import Settings, WeakSecret, check_secret


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize(
    ("content", "accepted"),
    [
        (b"", False),
        (b"m" * 32, False),
        (b"password" * 8, False),  # long, but a word over and over
        (bytes(range(31)), False),  # random-looking, but under 32 bytes
        (os.urandom(32), True),
        (b"3f9a" + os.urandom(30).hex().encode()[:60] + b"\n", True),  # openssl rand -hex 32
    ],
    # Named, not shown: xdist's workers must collect the same test ids, and these bytes differ.
    ids=["empty", "one letter", "a word repeated", "31 bytes", "32 random bytes", "hex line"],
)
def test_a_secret_needs_32_bytes_that_look_random(content, accepted):
    if accepted:
        assert check_secret(content, "secret.key") == content
    else:
        with pytest.raises(WeakSecret, match=r"secret\.key"):
            check_secret(content, "secret.key")


def test_an_empty_secret_key_stops_the_server_from_starting(tmp_path):
    # Issue 13: an empty secret.key was accepted and tokens became forgeable.
    (tmp_path / "secret.key").write_bytes(b"")
    with pytest.raises(WeakSecret):
        create_app(Settings(data_dir=tmp_path))


def test_a_new_secret_key_is_0600_from_its_first_byte(tmp_path, monkeypatch):
    # Issue 14: the file was written, then chmod-ed: readable by anyone for a moment.
    made: list[tuple[str, int]] = []
    real_open = os.open

    def watching_open(path, flags, mode=0o777, **kwargs):
        if flags & os.O_CREAT:
            made.append((os.fspath(path), mode))
        return real_open(path, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", watching_open)
    secret = Settings(data_dir=tmp_path / "data").signing_secret()

    assert len(secret) == 32
    assert mode(tmp_path / "data" / "secret.key") == 0o600
    assert made and all(flag == 0o600 for _, flag in made)
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret.key"]  # no temporary left


def test_replicas_starting_together_agree_on_one_secret(tmp_path):
    secrets: list[bytes] = []
    threads = [
        threading.Thread(
            target=lambda: secrets.append(Settings(data_dir=tmp_path).signing_secret())
        )
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(secrets)) == 1


def test_the_data_folder_and_database_are_private(tmp_path):
    data = tmp_path / "var"
    app = create_app(Settings(data_dir=data))
    app.state.engine.dispose()

    assert mode(data) == 0o700
    assert mode(data / "shuangkong.sqlite3") == 0o600
    assert mode(data / "secret.key") == 0o600
