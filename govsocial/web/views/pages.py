from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})
