"""The one place where error codes become HTTP statuses; client input never becomes a 500."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.errors import DomainError, InvalidInput


class ServerProblem(DomainError):
    """A server-side refusal that is not a domain rule (auth, size, rate)."""

    code = "server.problem"


class Unauthenticated(ServerProblem):
    """No valid token, or a wrong password: sign in again."""

    code = "auth.unauthenticated"


class TooLarge(ServerProblem):
    """A batch, field or upload larger than the server accepts."""

    code = "request.too_large"


class RateLimited(ServerProblem):
    """Too many attempts; try again later."""

    code = "request.rate_limited"


class Busy(ServerProblem):
    """The server is at its bound for costly work (password checks); retry in a moment."""

    code = "server.busy"


class NotFound(ServerProblem):
    """Nothing the caller may see has this name (which also hides other tenants' records)."""

    code = "not_found"


class Conflict(ServerProblem):
    """The request contradicts what is stored (an upload of another size, say)."""

    code = "conflict"


class BadMedia(ServerProblem):
    """An upload that is not an allowed, intact image."""

    code = "media.bad"


class HashMismatch(ServerProblem):
    """An upload whose bytes do not hash to the name it was sent under: it is discarded."""

    code = "media.hash_mismatch"


class BadFile(ServerProblem):
    """An import that is not a readable .xlsx workbook or CSV file (or an empty one)."""

    code = "import.bad_file"


class ImportRejected(ServerProblem):
    """An import with bad rows: nothing was imported; ``details["errors"]`` lists every one."""

    code = "import.rejected"


class ImportTooLarge(TooLarge):
    """An import past the row, cell or unpacked-size budget: refused before the rest is read."""

    code = "import.too_large"


STATUS_BY_CODE: dict[str, int] = {
    "auth.unauthenticated": 401,
    "auth.not_permitted": 403,
    "sync.device_of_another_user": 403,
    "card.post_not_held": 403,
    "not_found": 404,
    "ref.unknown": 404,
    "conflict": 409,
    "hazard.illegal_transition": 409,
    "risk.illegal_transition": 409,
    "request.too_large": 413,
    "import.too_large": 413,
    "media.bad": 415,
    "import.bad_file": 415,
    "media.hash_mismatch": 422,
    "hazard.bad_assignee": 422,
    "list.bad_responsible": 422,
    "evidence.missing": 422,
    "hazard.bad_supervision": 422,
    "request.rate_limited": 429,
    "media.quota": 429,
    "server.busy": 503,
}
"""HTTP status by error code; any other domain error is the client's input: 422."""


class Problem(BaseModel):
    """The body of every refusal, so clients read one shape."""

    code: str
    message: str
    details: dict[str, Any]


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": description}
    for status, description in [
        (400, "The body could not be read (not UTF-8 JSON)"),
        (401, "Not signed in, or the sign-in expired"),
        (403, "Your role may not do this"),
        (404, "Nothing you may see has this name"),
        (409, "Conflicts with what is stored"),
        (413, "Too large"),
        (415, "Not an allowed image"),
        (422, "Invalid input"),
        (429, "Too many attempts"),
        (503, "Busy: too many password checks at once; retry after a moment"),
    ]
}
"""Declared on every /v1 route, so the OpenAPI document lists every answer a client can get."""


def status_for(error: DomainError) -> int:
    """The HTTP status of an error code."""
    return STATUS_BY_CODE.get(error.code, 422)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every refusal as ``{"code", "message", "details"}`` with its mapped status."""

    async def domain_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DomainError)
        headers = {"WWW-Authenticate": "Bearer"} if exc.code == Unauthenticated.code else {}
        if isinstance(exc.details.get("retry_after"), int):
            headers["Retry-After"] = str(exc.details["retry_after"])
        return JSONResponse(exc.as_problem(), status_code=status_for(exc), headers=headers)

    async def validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(part) for part in first.get("loc", ()))
        problem = InvalidInput(f"{where}: {first.get('msg')}", field=where).as_problem()
        return JSONResponse(problem, status_code=422)

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code = {
            400: "request.unreadable",
            404: "not_found",
            405: "method_not_allowed",
            413: "request.too_large",
        }.get(exc.status_code, "http_error")
        body = {"code": code, "message": str(exc.detail), "details": {}}
        # Keep the handler's headers: a 405 must say which methods are allowed (RFC 9110).
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
