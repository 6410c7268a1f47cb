"""Every httpx connector turns the same failures into the same typed errors.

Each network's steps before its create (containers, uploads) answer as recorded; the create or
the read under test answers with the fault. Bodies use each network's own error shape.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from govsocial.connectors import (
    AuthExpired,
    BadRequest,
    MalformedResponse,
    OutcomeUnknown,
    PlatformDown,
    PublishRequest,
    RateLimited,
)
from govsocial.connectors.http import EgressSettings
from govsocial.connectors.registry import connector_for

from .conftest import CREDENTIALS, FIXED_NOW

GRAPH_BAD = {
    "error": {"message": "(#100) Invalid parameter", "type": "OAuthException", "code": 100}
}
NETWORKS: dict[str, dict[str, Any]] = {
    "x": {
        "create": ("POST", "/2/tweets"),
        "read": ("GET", "/2/users/me"),
        "steps": {},
        "bad": {
            "title": "Invalid Request",
            "detail": "Text is too similar to a recent post.",
            "type": "about:blank",
        },
        "message": "Text is too similar",
    },
    "linkedin": {
        "create": ("POST", "/rest/posts"),
        "read": ("GET", "/rest/organizations/2414183"),
        "steps": {},
        "bad": {
            "status": 422,
            "message": "ERROR :: /commentary :: is too long",
            "serviceErrorCode": 100,
        },
        "message": "commentary :: is too long",
    },
    "facebook": {
        "create": ("POST", "/v23.0/1234567890/feed"),
        "read": ("GET", "/v23.0/1234567890"),
        "steps": {},
        "bad": GRAPH_BAD,
        "message": r"Invalid parameter \(code 100\)",
    },
    "instagram": {
        "create": ("POST", "/v23.0/17841400000000000/media_publish"),
        "read": ("GET", "/v23.0/17841400000000000"),
        "steps": {
            ("POST", "/v23.0/17841400000000000/media"): {"id": "c1"},
            ("GET", "/v23.0/c1"): {"id": "c1", "status_code": "FINISHED"},
        },
        "bad": GRAPH_BAD,
        "message": "Invalid parameter",
        "media": True,
    },
    "threads": {
        "create": ("POST", "/v1.0/me/threads_publish"),
        "read": ("GET", "/v1.0/me"),
        "steps": {("POST", "/v1.0/me/threads"): {"id": "c1"}},
        "bad": GRAPH_BAD,
        "message": "Invalid parameter",
    },
}

Fault = Callable[[httpx.Request], httpx.Response]


def json_answer(status: int, body: Any, **headers: str) -> Fault:
    return lambda request: httpx.Response(status, json=body, headers=headers)


def raises(error: type[Exception]) -> Fault:
    def fault(request: httpx.Request) -> httpx.Response:
        raise error("scripted", request=request)

    return fault


def build(network: str, *, on: str, fault: Fault) -> tuple[Any, list[httpx.Request]]:
    spec = NETWORKS[network]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        key = (request.method, request.url.path)
        if key == spec[on]:
            return fault(request)
        if key in spec["steps"]:
            return httpx.Response(200, json=spec["steps"][key])
        raise AssertionError(f"unexpected {key}")

    connector = connector_for(
        network,
        credentials=CREDENTIALS[network],
        egress=EgressSettings(trust_env=False),
        transport=httpx.MockTransport(handler),
        clock=lambda: FIXED_NOW,
    )
    return connector, seen


def publish(connector: Any, network: str) -> Any:
    from govsocial.connectors import MediaItem, MediaKind

    media = ()
    if NETWORKS[network].get("media"):
        media = (
            MediaItem(
                kind=MediaKind.IMAGE, mime_type="image/jpeg", public_url="https://m.example/a.jpg"
            ),
        )
    return connector.publish(PublishRequest(text="hello", idempotency_key="k-1", media=media))


networks = pytest.mark.parametrize("network", sorted(NETWORKS))


@networks
def test_401_is_auth_expired(network):
    connector, _ = build(network, on="create", fault=json_answer(401, {"message": "Unauthorized"}))
    with pytest.raises(AuthExpired, match="reconnect the account"):
        publish(connector, network)


@networks
def test_429_is_rate_limited_with_retry_after(network):
    connector, _ = build(
        network,
        on="create",
        fault=json_answer(429, {"message": "Too Many Requests"}, **{"retry-after": "120"}),
    )
    with pytest.raises(RateLimited) as caught:
        publish(connector, network)
    assert caught.value.retry_after == 120


@networks
def test_4xx_is_bad_request_with_the_networks_own_message(network):
    spec = NETWORKS[network]
    connector, _ = build(network, on="create", fault=json_answer(400, spec["bad"]))
    with pytest.raises(BadRequest, match=spec["message"]):
        publish(connector, network)


@networks
def test_a_refused_connection_is_platform_down(network):
    connector, _ = build(network, on="create", fault=raises(httpx.ConnectError))
    with pytest.raises(PlatformDown):
        publish(connector, network)


@networks
@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_on_create_is_outcome_unknown(network, status):
    connector, _ = build(network, on="create", fault=json_answer(status, {"message": "oops"}))
    with pytest.raises(OutcomeUnknown, match="reconcile"):
        publish(connector, network)


@networks
@pytest.mark.parametrize("failure", [httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError])
def test_a_connection_lost_after_sending_a_create_is_outcome_unknown(network, failure):
    connector, _ = build(network, on="create", fault=raises(failure))
    with pytest.raises(OutcomeUnknown, match="after the request was sent"):
        publish(connector, network)


@networks
@pytest.mark.parametrize(
    "answer",
    [
        lambda r: httpx.Response(200, text="<html>gateway</html>"),
        lambda r: httpx.Response(200, json={"unexpected": True}),
        lambda r: httpx.Response(200, json=["not", "an", "object"]),
    ],
    ids=["html", "wrong-shape", "list"],
)
def test_a_malformed_answer_to_a_create_is_outcome_unknown_not_a_crash(network, answer):
    connector, _ = build(network, on="create", fault=answer)
    with pytest.raises((OutcomeUnknown,)):
        publish(connector, network)


@networks
def test_5xx_on_a_read_is_platform_down(network):
    connector, _ = build(network, on="read", fault=json_answer(503, {"message": "unavailable"}))
    with pytest.raises(PlatformDown):
        connector.verify_credentials()


@networks
@pytest.mark.parametrize(
    "answer",
    [
        lambda r: httpx.Response(200, text="not json"),
        lambda r: httpx.Response(200, json={"nothing": "useful"}),
    ],
    ids=["not-json", "wrong-shape"],
)
def test_a_malformed_answer_to_a_read_is_malformed_response(network, answer):
    connector, _ = build(network, on="read", fault=answer)
    with pytest.raises(MalformedResponse):
        connector.verify_credentials()
