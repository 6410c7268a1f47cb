"""The public record: pages anyone may read without signing in, and the log's static files.

Every page is for one organisation's log, found by the slug in the URL; another
organisation's entries can never appear under it. Content of erased entries,
and their salts, are never shown.
"""

from __future__ import annotations

import base64

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from govsocial.accounts.models import Organisation
from govsocial.records import log_selectors
from govsocial.records.models import TransparencyLog
from govsocial.transparency import CHECKPOINT_PATH, MalformedInputError
from govsocial.transparency.tiles import TILE_WIDTH, parse_tile_path
from govsocial.web.pagination import paginate

FULL_TILE_CACHE = "public, max-age=31536000, immutable"
PARTIAL_TILE_CACHE = "public, max-age=60"
CHECKPOINT_CACHE = "public, max-age=5"


def _organisation_and_log(slug: str) -> tuple[Organisation, TransparencyLog | None]:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such organisation")
    return organisation, log_selectors.log_for_organisation(organisation=organisation)


def _base_url(request: HttpRequest, organisation: Organisation) -> str:
    return request.build_absolute_uri(
        reverse("records:public_log", kwargs={"org": organisation.slug})
    )


@require_safe
def public_log(request: HttpRequest, org: str) -> HttpResponse:
    organisation, log = _organisation_and_log(org)
    pagination = None
    entries: list[log_selectors.PublicEntry] = []
    checkpoint = None
    if log is not None:
        pagination = paginate(request, log_selectors.log_entries(log=log))
        entries = log_selectors.public_entries(log=log, leaves=list(pagination.rows))
        checkpoint = log_selectors.latest_checkpoint(log=log)
    return render(
        request,
        "records/public_log.html",
        {
            "organisation": organisation,
            "log": log,
            "pagination": pagination,
            "entries": entries,
            "checkpoint": checkpoint,
            "base_url": _base_url(request, organisation),
        },
    )


@require_safe
def public_log_entry(request: HttpRequest, org: str, index: int) -> HttpResponse:
    organisation, log = _organisation_and_log(org)
    leaf = log_selectors.log_entry_get(log=log, index=index) if log is not None else None
    if log is None or leaf is None:
        raise Http404("No such log entry")
    [entry] = log_selectors.public_entries(log=log, leaves=[leaf])
    proof = log_selectors.leaf_inclusion_proof(leaf=leaf)
    return render(
        request,
        "records/public_entry.html",
        {
            "organisation": organisation,
            "log": log,
            "entry": entry,
            "proof": proof,
            "proof_hashes": [base64.b64encode(h).decode() for h in proof.hashes] if proof else [],
            "checkpoint_text": proof.checkpoint.decode() if proof else "",
            "base_url": _base_url(request, organisation),
        },
    )


def _file_response(data: bytes, *, content_type: str, cache: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = cache
    response["Access-Control-Allow-Origin"] = "*"  # mirrors and browser-based verifiers
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def public_log_checkpoint(request: HttpRequest, org: str) -> HttpResponse:
    _, log = _organisation_and_log(org)
    data = log_selectors.log_file(log=log, path=CHECKPOINT_PATH) if log is not None else None
    if data is None:
        raise Http404("This log has no signed checkpoint yet")
    return _file_response(data, content_type="text/plain; charset=utf-8", cache=CHECKPOINT_CACHE)


@require_safe
def public_log_key(request: HttpRequest, org: str) -> HttpResponse:
    _, log = _organisation_and_log(org)
    data = log_selectors.log_file(log=log, path=log_selectors.VKEY_PATH) if log else None
    if data is None:
        raise Http404("This log has no public key yet")
    return _file_response(data, content_type="text/plain; charset=utf-8", cache=CHECKPOINT_CACHE)


@require_safe
def public_log_tile(request: HttpRequest, org: str, tile: str) -> HttpResponse:
    _, log = _organisation_and_log(org)
    path = f"tile/{tile}"
    try:
        _, _, width = parse_tile_path(path)
    except MalformedInputError:
        raise Http404("Not a tile path") from None
    data = log_selectors.log_file(log=log, path=path) if log is not None else None
    if data is None:
        raise Http404("No such tile")
    cache = FULL_TILE_CACHE if width == TILE_WIDTH else PARTIAL_TILE_CACHE
    return _file_response(data, content_type="application/octet-stream", cache=cache)
