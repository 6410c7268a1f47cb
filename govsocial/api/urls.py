"""The REST API at /api/v1/: OpenAPI at /api/v1/openapi.json, browsable docs at /api/v1/docs."""

from __future__ import annotations

import logging

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, ValidationError

from govsocial import __version__
from govsocial.api.auth import API_AUTH, NO_CREDENTIALS, CredentialsRefused
from govsocial.api.routers import inbox, it, me, posts
from govsocial.api.schemas.types import problems_in
from govsocial.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied

logger = logging.getLogger(__name__)
# How long a script should wait before retrying when the database is busy (e.g. SQLite locked).
RETRY_AFTER_SECONDS = 5
STATUS_BY_ERROR: tuple[tuple[type[ApplicationError], int], ...] = (
    (PermissionDenied, 403),
    (NotFound, 404),
    (Conflict, 409),
)

api = NinjaAPI(
    title="govsocial API",
    version=__version__,
    description="Scripts authenticate with `Authorization: Bearer <token>`. Writes accept an `Idempotency-Key` header.",
    auth=API_AUTH,
    urls_namespace="api-1.0.0",
    # No validator badge: Swagger UI would fetch it from validator.swagger.io, a third party.
    docs=Swagger(settings={"validatorUrl": None}),
)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    status = next((code for kind, code in STATUS_BY_ERROR if isinstance(exc, kind)), 400)
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=status)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = exc.detail if isinstance(exc, CredentialsRefused) else NO_CREDENTIALS
    return api.create_response(request, {"detail": detail, "field": None}, status=401)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = problems_in(exc.errors)
    return api.create_response(
        request, {"detail": f"The request was not valid: {problems}", "field": None}, status=422
    )


@api.exception_handler(OperationalError)
def database_busy(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    """A locked or unreachable database is temporary: say so in JSON, and when to try again."""
    logger.warning("API request %s %s met a database error: %s", request.method, request.path, exc)
    response = api.create_response(
        request,
        {"detail": "The database is busy. Try again in a few seconds.", "field": None},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@api.exception_handler(Exception)
def unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A defect: logged with its traceback for the operator, answered in JSON for the script."""
    logger.error(
        "API request %s %s failed",
        request.method,
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    return api.create_response(
        request,
        {"detail": "Something went wrong on our side. It has been logged.", "field": None},
        status=500,
    )


for router in (me.router, posts.router, inbox.router, it.router):
    api.add_router("/", router)
