from __future__ import annotations

import pytest

from mobile.wiring import Phone
from tests.mobile.sync.phones import FaultyNetwork, make_phone, signed_in


@pytest.fixture
def world(app):
    """The demo city's reference data and accounts in the server's database."""
    from sync_server.demo import seed_demo

    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


@pytest.fixture
def server(world, live_server):
    return live_server


class Phones:
    """Makes phones on one server and closes them all at the end of the test."""

    def __init__(self, folder, server) -> None:
        self.folder, self.server = folder, server
        self.made: list[Phone] = []
        self.networks: list[FaultyNetwork] = []

    def network(self, **rules):
        self.networks.append(FaultyNetwork(self.server.url, **rules))
        return self.networks[-1]

    def new(self, name, user=None, network=None):
        phone = make_phone(self.folder / name, self.server.url, network)
        self.made.append(phone)
        return signed_in(phone, user) if user else phone

    def close(self) -> None:
        for phone in self.made:
            phone.close()
        for network in self.networks:
            network.close()


@pytest.fixture
def phones(tmp_path, server):
    made = Phones(tmp_path, server)
    yield made
    made.close()
