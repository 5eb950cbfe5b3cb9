"""The app factory: the one place where the server's parts are built and wired."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from sync_server.accounts import TokenIssuer
from sync_server.api import (
    auth,
    blobs,
    directory,
    enterprise_lists,
    exports,
    lists,
    risks,
    scores,
    standards,
    supervision,
    sync,
    users,
)
from sync_server.api_docs import add_offline_docs
from sync_server.body_limit import BodyLimit
from sync_server.clock import SystemClock
from sync_server.db import make_engine, reader
from sync_server.no_store import NoStore
from sync_server.problems import PROBLEM_RESPONSES, install_problem_handlers
from sync_server.scoring.scheduler import scoring_lifespan
from sync_server.settings import Settings
from sync_server.sign_in_limits import SignInLimits
from sync_server.upload_expiry import sweep_on_start
from sync_server.url_text import UrlText

GZIP_MINIMUM = 1024
"""Answers smaller than this go as they are: gzip's header and the CPU are not worth it."""
MULTIPART_SLACK = 64 * 1024
"""Room for the form's boundaries and headers around the largest import file."""

ROUTERS = [
    auth.router,
    users.router,
    directory.router,
    sync.router,
    blobs.router,
    scores.router,
    supervision.router,
    lists.router,
    standards.router,
    risks.router,
    enterprise_lists.router,
    exports.router,
]


def create_app(settings: Settings) -> FastAPI:
    """A ready server for these settings: schema created, routers and error mapping installed."""
    app = FastAPI(
        title="双控巡检 sync server",
        version="1",
        openapi_url="/openapi.json",
        docs_url=None,  # FastAPI's pages load from a CDN: see api_docs
        redoc_url=None,
        lifespan=scoring_lifespan,
    )
    add_offline_docs(app)
    app.state.clock = SystemClock()
    app.state.settings = settings
    app.state.engine = make_engine(settings)
    app.state.reader = reader(app.state.engine)
    sweep_on_start(app.state.engine, settings)
    app.state.tokens = TokenIssuer(settings)
    app.state.sign_in_limits = SignInLimits(settings)
    install_problem_handlers(app)
    app.add_middleware(
        BodyLimit,
        default=settings.max_request_bytes,
        by_prefix={
            "/v1/blobs/": None,  # chunks are counted as they are read (1 MiB each)
            "/v1/import": lists.MAX_IMPORT_BYTES + MULTIPART_SLACK,
            "/v1/users/import": users.MAX_IMPORT_BYTES + MULTIPART_SLACK,
        },
    )
    app.add_middleware(UrlText)  # inside NoStore: its refusals are not cached either
    app.add_middleware(NoStore)
    # Outermost: pull pages and reference answers are JSON that packs 5–10×, on phones' links.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM)
    for router in ROUTERS:
        app.include_router(router, responses=PROBLEM_RESPONSES)
    _build_routes_now(app)

    @app.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        """Liveness for load balancers and the phone's offline banner."""
        return {"status": "ok"}

    return app


def _build_routes_now(app: FastAPI) -> None:
    """Let FastAPI build every route's parameters now, before the first request.

    FastAPI builds them lazily, at the first request that walks a router. Two apps in one
    process (the replica tests) share the module's routers, and building them from two
    threads at once made pydantic warn about a field it was handed half-built, which the
    tests turn into a 500 (seen in the replica chaos run and test_replicas). Matching a path
    that no route has walks every router once, here, in the thread that makes the app.
    """
    scope = {"type": "http", "path": "/-", "method": "GET", "root_path": "", "headers": []}
    for route in app.router.routes:
        route.matches(scope)
