"""The REST API at /api/v1/: OpenAPI at /api/v1/openapi.json, browsable docs at /api/v1/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, ValidationError

from govsocial import __version__
from govsocial.api.auth import API_AUTH, NO_CREDENTIALS, CredentialsRefused
from govsocial.api.routers import inbox, it, me, posts
from govsocial.core.errors import ApplicationError, NotFound, PermissionDenied

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
    status = 403 if isinstance(exc, PermissionDenied) else 404 if isinstance(exc, NotFound) else 400
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=status)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = exc.detail if isinstance(exc, CredentialsRefused) else NO_CREDENTIALS
    return api.create_response(request, {"detail": detail, "field": None}, status=401)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', []) if p not in ('body', 'query', 'path'))}: {e.get('msg')}"
        for e in exc.errors
    )
    return api.create_response(
        request, {"detail": f"The request was not valid: {problems}", "field": None}, status=422
    )


for router in (me.router, posts.router, inbox.router, it.router):
    api.add_router("/", router)
