"""Multi-user web mode: each person signed in on a web host gets a phone of their own.

``python -m mobile --web --multi-user`` serves many people from one process. A new tab opens
on a scratch phone of its own (the lobby: a sign-in screen, nothing saved). Signing in checks
the password with the sync server first and only then hands the tab the person's phone, kept
in ``<data>/users/<name>/``: its store, outbox, photos, projections and sync loop. A second
tab of the same person gets the same phone; two people share nothing but the code. Signing
out forgets the tokens and takes the phone away from every tab of that person. A phone no tab
has been connected to for ``idle_s`` is closed (loop stopped, files released) and opened again
when a tab of its person comes back.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from mobile.services.account import sign_out
from mobile.services.preferences import load_preferences, with_changes
from mobile.ui.context import DoorShut
from shared.roles import Actor

if TYPE_CHECKING:
    from mobile.main import Running
    from mobile.ui.app import PhoneApp

__all__ = ["IDLE_S", "MOST_PEOPLE", "FolderInUse", "PhonePool", "WebDoor", "user_folder"]

MOST_PEOPLE = 200
"""Phones one process keeps open at most (``--most-people``): see docs/deploy.md."""
IDLE_S = 30 * 60.0
"""How long a phone stays open with no tab of its person connected (``--idle-minutes``)."""
REAP_EVERY_S = 30.0
DEFAULT_LANGUAGE = "zh-CN"
PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")

Opener = Callable[[Path], "Running"]
"""Opens the phone kept in a folder (its sync loop not started)."""


def user_folder(root: Path, username: str) -> Path:
    """``<root>/users/<name>``: the name itself if it is a plain file name, else its digest.

    The name comes from the server's answer to a right password, but it still names a folder
    on the host: nothing in it may climb out of ``users/`` or clash with another's.
    """
    if PLAIN_NAME.fullmatch(username) and ".." not in username:
        return root / "users" / username
    return root / "users" / ("u-" + hashlib.sha256(username.encode()).hexdigest()[:32])


class FolderInUse(RuntimeError):
    """Another web process serves people from the same data folder."""


def _hold(root: Path) -> IO[bytes]:
    """Lock ``<root>/host.lock`` for this process, or raise ``FolderInUse``.

    A phone's files have one writer; two web processes on one folder would open the same
    person's phone twice. Each process of a web tier gets a folder of its own.
    """
    import fcntl  # POSIX: web hosts; imported here so the built app never needs it

    root.mkdir(parents=True, exist_ok=True)
    held = (root / "host.lock").open("ab")
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        held.close()
        raise FolderInUse(
            f"another web process serves from {root}: give each its own --data"
        ) from exc
    return held


@dataclass(eq=False)
class Resident:
    """One person's open phone and the tabs signed in on it."""

    username: str
    running: Running
    tabs: set[PhoneApp] = field(default_factory=set)
    connected: set[PhoneApp] = field(default_factory=set)
    alone_since: float | None = None


class PhonePool:
    """The open phones of a web host, one per person, and the lobbies of tabs not signed in.

    Args:
        root: The host's data folder (``--data``).
        opener: Opens a phone in a folder.
        idle_s: Close a phone once no tab of its person has been connected this long.
        most: Phones open at most; a new person beyond it first closes the phone alone the
            longest, and is refused (``DoorShut``) when every open phone has a tab.
        clock: Monotonic seconds (tests move it).
    """

    def __init__(
        self,
        root: Path,
        opener: Opener,
        *,
        idle_s: float = IDLE_S,
        most: int = MOST_PEOPLE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = root
        self.idle_s = idle_s
        self.most = most
        self._open = opener
        self._clock = clock
        self._residents: dict[str, Resident] = {}
        self._holders: dict[PhoneApp, str] = {}
        self._lobbies: dict[Path, Running] = {}
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._reaper: threading.Thread | None = None
        self._held = _hold(root)
        shutil.rmtree(root / "lobby", ignore_errors=True)  # scratch of a process before

    # --- lobbies -----------------------------------------------------------------------------

    def lobby(self) -> Running:
        """A scratch phone for a tab no one has signed in on: it never syncs or keeps a session."""
        lobby = self._open(self.root / "lobby" / secrets.token_hex(8))
        with self._lock:
            self._lobbies[lobby.phone.store.root] = lobby
        return lobby

    def drop_lobby(self, lobby: Running) -> None:
        """Close a lobby and delete its folder (never a person's: only under ``lobby/``)."""
        folder = lobby.phone.store.root
        if folder.parent != self.root / "lobby":
            raise ValueError(f"not a lobby: {folder}")
        with self._lock:
            self._lobbies.pop(folder, None)
        lobby.phone.close()
        shutil.rmtree(folder, ignore_errors=True)

    # --- residents ---------------------------------------------------------------------------

    def claim(self, tab: PhoneApp, username: str) -> Running:
        """``username``'s phone for ``tab``, opened if no other tab has it open."""
        with self._lock:
            if self._holders.get(tab, username) != username:
                self.release(tab)  # another person signs in where a session ran out
            resident = self._residents.get(username)
            if resident is None:
                self._make_room()
                resident = Resident(username, self._open(user_folder(self.root, username)))
                resident.running.phone.loop.start()
                self._residents[username] = resident
            self._holders[tab] = username
            resident.tabs.add(tab)
            resident.connected.add(tab)
            resident.alone_since = None
            return resident.running

    def holder(self, tab: PhoneApp) -> str | None:
        """Whose phone ``tab`` holds, if any."""
        with self._lock:
            return self._holders.get(tab)

    def away(self, tab: PhoneApp) -> None:
        """``tab`` lost its connection (it may come back within Flet's session timeout)."""
        with self._lock:
            resident = self._resident_of(tab)
            if resident is not None:
                resident.connected.discard(tab)
                self._maybe_alone(resident)

    def back(self, tab: PhoneApp) -> Running | None:
        """``tab`` reconnected: its person's phone (opened again if it idled), or None."""
        with self._lock:
            username = self._holders.get(tab)
            return None if username is None else self.claim(tab, username)

    def release(self, tab: PhoneApp) -> None:
        """``tab``'s session ended: it holds no phone any more."""
        with self._lock:
            resident = self._resident_of(tab)
            self._holders.pop(tab, None)
            if resident is not None:
                resident.tabs.discard(tab)
                resident.connected.discard(tab)
                self._maybe_alone(resident)

    def sign_out(self, tab: PhoneApp) -> list[PhoneApp]:
        """Sign ``tab``'s person out: forget the tokens, close the phone, drop every tab's hold.

        Returns:
            The person's other tabs, to be sent back to the sign-in screen.
        """
        with self._lock:
            username = self._holders.get(tab)
            if username is None:
                return []
            tabs = [held for held, name in self._holders.items() if name == username]
            for held in tabs:
                del self._holders[held]
            resident = self._residents.pop(username, None)
        if resident is not None:
            sign_out(resident.running.phone)
            resident.running.phone.close()
        return [held for held in tabs if held is not tab]

    def open_phones(self) -> list[str]:
        """Whose phones are open now."""
        with self._lock:
            return sorted(self._residents)

    # --- idling ------------------------------------------------------------------------------

    def reap(self) -> list[str]:
        """Close the phones no tab has been connected to for ``idle_s``; say whose."""
        now = self._clock()
        with self._lock:
            idle = [
                resident
                for resident in self._residents.values()
                if resident.alone_since is not None and now - resident.alone_since >= self.idle_s
            ]
            for resident in idle:
                del self._residents[resident.username]
        for resident in idle:
            resident.running.phone.close()
        return [resident.username for resident in idle]

    def start_reaping(self, every_s: float = REAP_EVERY_S) -> None:
        """Look for idle phones every ``every_s`` in a background thread."""

        def run() -> None:
            while not self._stop.wait(every_s):
                self.reap()

        self._reaper = threading.Thread(target=run, name="phone-reaper", daemon=True)
        self._reaper.start()

    def close(self) -> None:
        """Stop reaping and close every phone (the web server stopped)."""
        self._stop.set()
        with self._lock:
            running = [r.running for r in self._residents.values()] + list(self._lobbies.values())
            self._residents.clear()
            self._holders.clear()
            self._lobbies.clear()
        for each in running:
            each.phone.close()
        shutil.rmtree(self.root / "lobby", ignore_errors=True)
        self._held.close()

    def _make_room(self) -> None:
        """Below ``most`` phones, or close the one alone the longest, or refuse."""
        if len(self._residents) < self.most:
            return
        alone = [r for r in self._residents.values() if r.alone_since is not None]
        if not alone:
            raise DoorShut("sign_in.full")
        oldest = min(alone, key=lambda resident: resident.alone_since or 0.0)
        del self._residents[oldest.username]
        oldest.running.phone.close()

    def _resident_of(self, tab: PhoneApp) -> Resident | None:
        username = self._holders.get(tab)
        return None if username is None else self._residents.get(username)

    def _maybe_alone(self, resident: Resident) -> None:
        if not resident.connected and resident.alone_since is None:
            resident.alone_since = self._clock()


class WebDoor:
    """A tab's door on a shared web host: the lobby until sign-in, then the person's phone.

    Args:
        pool: The host's phones.
        app: The tab.
        running: The phone the tab shows now (its lobby when made).
    """

    shared = True

    def __init__(self, pool: PhonePool, app: PhoneApp, running: Running) -> None:
        self.pool = pool
        self.app = app
        self.running = running

    def enter(self, username: str, password: str) -> Actor:
        """Check the password with the server, then move the tab onto the person's phone.

        Raises:
            SignInRequired: Wrong name or password (no phone was opened).
            Offline: The server cannot be reached.
            DoorShut: The host holds ``most`` phones, each with a tab.
        """
        before = self.running
        in_lobby = self.pool.holder(self.app) is None  # else asked again on a person's phone
        session = before.phone.session.api.login(username.strip(), password)
        running = self.pool.claim(self.app, session.actor.user_id)
        phone = running.phone
        phone.session.keep(session)
        chosen = self.app.state.language
        if in_lobby and chosen != DEFAULT_LANGUAGE:  # switched on the sign-in screen
            with_changes(phone.store, language=chosen)
        phone.loop.resume()
        if running is not before:
            self._move(running)
            self.app.state.language = load_preferences(phone.store).language
        if in_lobby:
            self.pool.drop_lobby(before)
        return session.actor

    def leave(self) -> None:
        """Sign the person out of this host: this tab and their others go back to sign-in."""
        others = self.pool.sign_out(self.app)
        self._move(self.pool.lobby())
        for other in others:
            if isinstance(other.door, WebDoor):
                other.door.evicted()

    def evicted(self, why: str | None = None) -> None:
        """Back to the sign-in screen on a fresh lobby (signed out in another tab, or ``why``)."""
        self._move(self.pool.lobby())
        self.app.go("/sign-in")
        if why is not None:
            self.app.state.refusal = why
            self.app.refresh()

    def disconnected(self) -> None:
        """The tab went away (closed, reloading or offline)."""
        self.running.hub.remove(self.app)
        self.pool.away(self.app)

    def reconnected(self) -> None:
        """The tab is back: on its person's phone (reopened if it idled), or on sign-in."""
        try:
            running = self.pool.back(self.app)
        except DoorShut as shut:  # its phone idled out and others took the room meanwhile
            self.pool.release(self.app)
            self.evicted(shut.code)
            return
        if running is None and self.app.state.actor is not None:
            self.evicted()  # signed out in another tab meanwhile
            return
        if running is not None and running is not self.running:
            self.running.hub.remove(self.app)
            self.running = running
            self.app.rehome(running.phone, running.thumbs, keep_state=True)
        self.running.hub.add(self.app)
        self.app.on_sync_status(self.running.hub.status, None, None)

    def closed(self) -> None:
        """Flet ended the tab's session: let go of the phone, or of the lobby."""
        self.running.hub.remove(self.app)
        if self.pool.holder(self.app) is None:
            self.pool.drop_lobby(self.running)
        self.pool.release(self.app)

    def _move(self, running: Running) -> None:
        self.running.hub.remove(self.app)
        self.running = running
        self.app.rehome(running.phone, running.thumbs)
        self.app.state.sync.status = running.hub.status
        running.hub.add(self.app)
