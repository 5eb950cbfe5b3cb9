"""A weak mobile network in front of the real servers, driven by a seeded random generator.

Each request may be lost before it leaves the phone (the server never sees it) or after the
server answered (the server did the work; the phone never hears). The answer is read whole
before it is thrown away, so "lost after" always means the server finished handling it. With
several servers each request goes to one picked at random, as a load balancer without sticky
sessions does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class Drop:
    """One request the network failed."""

    method: str
    path: str
    answered: bool  # True: the server handled it and only its answer was lost


class ChaosTransport(httpx.BaseTransport):
    """Forwards over real HTTP to one of ``servers``; loses requests and answers at random.

    Args:
        servers: Base URLs of the live servers (replicas behind a load balancer).
        rng: Decides every loss and every choice of server; seeded, so a run replays.
        drop: The chance of losing a request before it leaves, and again of losing its answer.
    """

    def __init__(self, servers: list[str], rng: random.Random, *, drop: float = 0.2) -> None:
        self.servers = [httpx.URL(server) for server in servers]
        self.rng = rng
        self.drop = drop
        self.drops: list[Drop] = []
        self.sent = 0
        self._real = httpx.HTTPTransport(verify=False)  # plain HTTP on loopback: no CA bundle

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        target = self.servers[self.rng.randrange(len(self.servers))]
        body = request.read()
        if self.rng.random() < self.drop:
            self.drops.append(Drop(request.method, request.url.path, answered=False))
            raise httpx.ConnectError("no signal: the request never left", request=request)
        forwarded = httpx.Request(
            request.method,
            request.url.copy_with(scheme=target.scheme, host=target.host, port=target.port),
            headers=request.headers,
            content=body,
        )
        answer = self._real.handle_request(forwarded)
        try:
            content = answer.read()
        finally:
            answer.close()
        self.sent += 1
        if self.rng.random() < self.drop:
            self.drops.append(Drop(request.method, request.url.path, answered=True))
            raise httpx.ReadTimeout("the answer was lost on the way back", request=request)
        # ``content`` is already decoded: the server's gzip header would decode it twice.
        headers = [
            (k, v)
            for k, v in answer.headers.items()
            if k.lower() not in ("content-encoding", "content-length")
        ]
        return httpx.Response(answer.status_code, headers=headers, content=content, request=request)

    def last_drop(self) -> Drop | None:
        """The most recent loss, if any."""
        return self.drops[-1] if self.drops else None

    def close(self) -> None:
        self._real.close()
