"""Error pages: GOV.UK pages for people, JSON for scripts under /api/ (never an HTML error there)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/"


def _answer(request: HttpRequest, status: int, template: str, detail: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": detail, "field": None}, status=status)
    return render(request, template, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 404, "errors/404.html", "There is no such address in the API.")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 403, "errors/403.html", "You are not allowed to do this.")


def server_error(request: HttpRequest) -> HttpResponse:
    return _answer(
        request, 500, "errors/500.html", "Something went wrong on our side. It has been logged."
    )
