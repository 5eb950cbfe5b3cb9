"""Hostile input generated from ``/openapi.json`` (schemathesis): never a 5xx, answers as declared.

Every operation gets examples that fit its schema and examples that do not, signed in as a
demo user of each kind of scope. Checks: no server error; the body, status, content type and
headers of each answer are as declared; a missing required header is refused.

Checks left out, and why:

- ``unsupported_method``: ``/v1/blobs/{tenant}/{sha256}/upload`` has its GET and PUT in two
  FastAPI routes, so a 405 on that path lists only one of the two in ``Allow``.
- ``positive_data_acceptance``: schema-valid data is often refused by rules OpenAPI cannot
  say (a chunk running past its declared size is a 413; an unknown tenant a 404; a refresh
  token that was never issued a 401).
- ``negative_data_rejection``: unknown query parameters are ignored, as HTTP servers do;
  the check counts a 200 for ``/v1/sync/pull?junk=1`` as accepting bad data. Those cases
  still run under the other checks: no 5xx, and only statuses the operation declares.
- ``ignored_auth``: it replays a case without its security scheme, but the sign-in here is a
  header given to every call, so it reports every signed endpoint as open. The access matrix
  (``test_access.py``) checks each endpoint without a sign-in, and every role's answer.
- ``use_after_free``, ``ensure_resource_availability``: they follow links between operations
  (create, then read, then delete); this API declares none and deletes nothing.
"""

from __future__ import annotations

import atexit
import copy
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    missing_required_header,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sync_server.app import create_app
from sync_server.demo import seed_demo
from sync_server.settings import Settings

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    missing_required_header,
]
USERS = ("manager1", "inspector1")
"""One enterprise's manager and a county's inspector: both kinds of scope, most endpoints."""
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", 20))
"""Per operation, each tried as both users: 25 operations in about half a minute."""


FOLDER = Path(tempfile.mkdtemp(prefix="shuangkong-openapi-"))
atexit.register(shutil.rmtree, FOLDER, True)  # also when the module is collected, not run
APP = create_app(Settings(data_dir=FOLDER, secret=b"o" * 32, login_attempts_per_minute=10**6))


def _fuzzable(document: dict[str, Any]) -> dict[str, Any]:
    """The app's OpenAPI document with the push body's events left open (any JSON value).

    The typed envelopes (one per event type, with every payload's limits) are what a client
    reads; making schemathesis generate valid instances of them cost about 50 s an example.
    The push takes any value per event and judges each on its own, and
    tests/sync_server/test_edge.py fuzzes exactly that (fields dropped or replaced by any JSON);
    here the push still gets arbitrary bodies, batches and headers.
    """
    document = copy.deepcopy(document)
    push = document["components"]["schemas"]["PushRequest"]["properties"]["events"]
    push["items"] = {}
    return document


schema = schemathesis.openapi.from_dict(_fuzzable(APP.openapi()))
schema.app = APP
schema.location = "/openapi.json"
"""Made when the module is collected: schemathesis makes one test per operation from it."""


@pytest.fixture(scope="module")
def signed_in() -> Iterator[list[dict[str, str]]]:
    """The demo city in the app's database, and the authorization header of each user."""
    with APP.state.engine.begin() as conn:
        seed_demo(conn)
    with TestClient(APP) as client:
        answers = [
            client.post("/v1/auth/login", json={"username": user, "password": "demo1234"})
            for user in USERS
        ]
    yield [{"authorization": f"Bearer {answer.json()['access_token']}"} for answer in answers]
    APP.state.engine.dispose()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,  # the same examples every run: a failure here replays
    derandomize=True,
)
def test_no_input_gets_a_server_error_and_every_answer_is_as_declared(case, signed_in):
    for headers in signed_in:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        assert response.status_code < 500
