"""Bluesky connector: end to end against the reference PDS, and inbound against recorded AppView answers."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
import pytest
from PIL import Image

from govsocial.connectors import (
    AuthExpired,
    BadRequest,
    EditRequest,
    InboundKind,
    LookupProbe,
    MediaItem,
    MediaKind,
    OutcomeUnknown,
    PlatformDown,
    PublishRequest,
    RateLimited,
)
from govsocial.connectors.bluesky.connector import BlueskyConnector
from govsocial.connectors.bluesky.tid import decode, is_tid, tid_for_key
from govsocial.connectors.http import EgressSettings

NO_ENV = EgressSettings(trust_env=False)
# Well-formed JWTs expiring in 2100 (the SDK decodes them to schedule refreshes).
ACCESS_JWT = (
    "eyJhbGciOiJIUzI1NiJ9.eyJzY29wZSI6ImNvbS5hdHByb3RvLmFjY2VzcyIsInN1YiI6ImRpZDpwbGM6Y291bmNp"
    "bCIsImV4cCI6NDEwMjQ0NDgwMH0.c2ln"
)
REFRESH_JWT = (
    "eyJhbGciOiJIUzI1NiJ9.eyJzY29wZSI6ImNvbS5hdHByb3RvLnJlZnJlc2giLCJzdWIiOiJkaWQ6cGxjOmNvdW5j"
    "aWwiLCJleHAiOjQxMDI0NDQ4MDB9.c2ln"
)


def request(text: str, **fields: Any) -> PublishRequest:
    return PublishRequest(text=text, idempotency_key=str(uuid.uuid4()), **fields)


def connector_for(account: Any, **options: Any) -> BlueskyConnector:
    return BlueskyConnector(
        credentials={
            "pds_url": account.pds_url,
            "handle": account.handle,
            "app_password": account.password,
        },
        egress=NO_ENV,
        **options,
    )


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return buffer.getvalue()


# Record keys (no peer needed) ---------------------------------------------------------------


def test_the_record_key_is_a_valid_tid_fixed_by_the_idempotency_key():
    key = "0b9c7f3e-8f1e-4c1b-9d53-5d1f0e2f7a10"

    assert tid_for_key(key) == tid_for_key(key)
    assert is_tid(tid_for_key(key))
    assert tid_for_key(key) != tid_for_key(key + "x")
    assert decode(tid_for_key(key)) >> 63 == 0


def test_keys_spread_without_collisions():
    keys = {tid_for_key(str(uuid.uuid4())) for _ in range(5000)}
    assert len(keys) == 5000


# Against the real PDS -------------------------------------------------------------------------

peer = pytest.mark.peer


@peer
def test_publish_writes_a_record_under_the_derived_key(pds_account_factory):
    account = pds_account_factory("pub")
    bluesky = connector_for(account)
    post = request("Gritters are out tonight: https://www.gov.uk/winter")

    result = bluesky.publish(post)

    assert result.remote_id.endswith("/app.bsky.feed.post/" + tid_for_key(post.idempotency_key))
    assert result.url == (
        f"https://bsky.app/profile/{account.handle}/post/{tid_for_key(post.idempotency_key)}"
    )
    [found] = bluesky.lookup_recent(LookupProbe(text=post.text))
    assert found.remote_id == result.remote_id
    assert found.raw["uri"] == result.remote_id


@peer
def test_a_resend_with_the_same_key_finds_the_existing_post_instead_of_duplicating(
    pds_account_factory,
):
    bluesky = connector_for(pds_account_factory("resend"))
    post = request("Library hours change from Monday.")

    first = bluesky.publish(post)
    second = bluesky.publish(post)  # the PDS refuses the duplicate key with a 500

    assert second.remote_id == first.remote_id
    assert len(bluesky.lookup_recent(LookupProbe(text=post.text))) == 1


@peer
def test_reusing_a_key_for_different_text_is_refused(pds_account_factory):
    bluesky = connector_for(pds_account_factory("reuse"))
    post = request("First text")
    bluesky.publish(post)

    with pytest.raises(BadRequest, match="already published a different text"):
        bluesky.publish(PublishRequest(text="Second text", idempotency_key=post.idempotency_key))


@peer
def test_lookup_by_idempotency_key_is_exact(pds_account_factory):
    bluesky = connector_for(pds_account_factory("lookup"))
    post = request("Consultation closes Friday.")
    published = bluesky.publish(post)

    found = bluesky.lookup_recent(LookupProbe(idempotency_key=post.idempotency_key))
    missing = bluesky.lookup_recent(LookupProbe(idempotency_key=str(uuid.uuid4())))

    assert [(p.remote_id, p.matched_by) for p in found] == [(published.remote_id, "record_key")]
    assert missing == []


@peer
def test_image_with_alt_text_is_embedded(pds_account_factory):
    bluesky = connector_for(pds_account_factory("img"))
    image = MediaItem(kind=MediaKind.IMAGE, mime_type="image/png", data=png(), alt_text="Gritter")

    result = bluesky.publish(request("Gritters out", media=(image,)))

    [found] = bluesky.lookup_recent(LookupProbe(idempotency_key=None, text="Gritters out"))
    assert found.remote_id == result.remote_id


@peer
def test_a_reply_to_a_reply_keeps_the_thread_root(pds_account_factory):
    bluesky = connector_for(pds_account_factory("thread"))
    root = bluesky.publish(request("1/ Budget consultation"))
    second = bluesky.publish(request("2/ How to respond", in_reply_to=root.remote_id))
    third = request("3/ Deadline", in_reply_to=second.remote_id)

    bluesky.publish(third)

    record = bluesky._get_post(tid_for_key(third.idempotency_key))
    assert record.value.reply.parent.uri == second.remote_id
    assert record.value.reply.root.uri == root.remote_id


@peer
def test_too_long_is_refused_before_sending(pds_account_factory):
    bluesky = connector_for(pds_account_factory("long"))
    with pytest.raises(BadRequest, match="301 graphemes; the limit is 300"):
        bluesky.publish(request("x" * 301))
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 1 grapheme, 5 code points, 18 bytes
    bluesky.publish(request(family * 150))  # 750 code points, but 150 graphemes
    with pytest.raises(BadRequest, match="3600 bytes of UTF-8; Bluesky allows 3000"):
        bluesky.publish(request(family * 200))


@peer
def test_delete_removes_the_record(pds_account_factory):
    bluesky = connector_for(pds_account_factory("del"))
    post = request("Temporary")
    result = bluesky.publish(post)

    bluesky.delete(result.remote_id)

    assert bluesky.lookup_recent(LookupProbe.for_request(post)) == []


@peer
def test_edit_is_refused_with_the_reason(pds_account_factory):
    bluesky = connector_for(pds_account_factory("edit"))
    with pytest.raises(BadRequest, match="cannot be edited"):
        bluesky.edit("at://x/app.bsky.feed.post/3k", EditRequest(text="new"))


@peer
def test_verify_credentials_returns_the_did_and_handle(pds_account_factory):
    account = pds_account_factory("who")
    info = connector_for(account).verify_credentials()

    assert info.remote_id == account.did
    assert info.handle == account.handle


@peer
def test_a_wrong_password_is_auth_expired(pds_account_factory):
    account = pds_account_factory("pw")
    bluesky = BlueskyConnector(
        credentials={"pds_url": account.pds_url, "handle": account.handle, "app_password": "nope"},
        egress=NO_ENV,
    )
    with pytest.raises(AuthExpired, match="reconnect"):
        bluesky.verify_credentials()


def test_an_unreachable_pds_is_platform_down():
    bluesky = BlueskyConnector(
        credentials={"pds_url": "http://127.0.0.1:9", "handle": "a.test", "app_password": "p"},
        egress=NO_ENV,
    )
    with pytest.raises(PlatformDown):
        bluesky.publish(request("hello"))


# Faults the PDS will not produce on demand: scripted answers after a real-shaped login ------


def scripted(handler: Any) -> BlueskyConnector:
    def respond(http_request: httpx.Request) -> httpx.Response:
        if http_request.url.path.endswith("createSession"):
            return httpx.Response(
                200,
                json={
                    "accessJwt": ACCESS_JWT,
                    "refreshJwt": REFRESH_JWT,
                    "handle": "council.example.test",
                    "did": "did:plc:council",
                },
            )
        return handler(http_request)

    return BlueskyConnector(
        credentials={
            "pds_url": "https://pds.example.test",
            "handle": "council.example.test",
            "app_password": "p",
        },
        egress=NO_ENV,
        transport=httpx.MockTransport(respond),
    )


def test_a_429_is_rate_limited_with_the_reset_from_the_headers():
    def rate_limited(_: httpx.Request) -> httpx.Response:
        return httpx.Response(
            429,
            headers={
                "ratelimit-limit": "5000",
                "ratelimit-remaining": "0",
                "ratelimit-reset": "4102444800",
            },
            json={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        )

    bluesky = scripted(rate_limited)
    with pytest.raises(RateLimited) as caught:
        bluesky.publish(request("hello"))
    assert caught.value.retry_after is not None and caught.value.retry_after > 0
    assert bluesky.quota is not None and bluesky.quota.remaining == 0


def test_a_timeout_on_create_with_the_record_absent_is_outcome_unknown():
    def hang_then_absent(http_request: httpx.Request) -> httpx.Response:
        if http_request.url.path.endswith("createRecord"):
            raise httpx.ReadTimeout("timed out", request=http_request)
        return httpx.Response(
            400, json={"error": "RecordNotFound", "message": "Could not locate record"}
        )

    with pytest.raises(OutcomeUnknown, match="look it up again"):
        scripted(hang_then_absent).publish(request("hello"))


def test_a_malformed_answer_to_create_is_settled_by_reading_the_record_back():
    post = request("Settled by read-back")
    rkey = tid_for_key(post.idempotency_key)
    uri = f"at://did:plc:council/app.bsky.feed.post/{rkey}"

    def garbled_then_found(http_request: httpx.Request) -> httpx.Response:
        if http_request.url.path.endswith("createRecord"):
            return httpx.Response(200, json={"unexpected": True})
        return httpx.Response(
            200,
            json={
                "uri": uri,
                "cid": "bafyx",
                "value": {
                    "$type": "app.bsky.feed.post",
                    "text": post.text,
                    "createdAt": "2026-11-25T10:00:00Z",
                },
            },
        )

    result = scripted(garbled_then_found).publish(post)
    assert result.remote_id == uri


def test_an_expired_token_is_auth_expired():
    def expired(_: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error": "ExpiredToken", "message": "Token has expired"})

    with pytest.raises(AuthExpired, match="Token has expired"):
        scripted(expired).verify_credentials()


def test_fetch_inbound_maps_mentions_and_replies_oldest_first_and_keeps_unreadable_items(replay):
    recorded = replay("bluesky/fixtures/list_notifications.json")
    bluesky = BlueskyConnector(
        credentials={
            "pds_url": "https://pds.example.test",
            "handle": "council.example.test",
            "app_password": "app-pass-1234",
        },
        egress=NO_ENV,
        transport=recorded.transport(),
    )

    page = bluesky.fetch_inbound("2026-11-25T08:00:00+00:00")

    recorded.assert_all_played()
    assert [(i.kind, i.author_handle) for i in page.items] == [
        (InboundKind.MENTION, "resident.example.test"),
        (InboundKind.REPLY, "resident.example.test"),
    ]
    reply = page.items[1]
    assert reply.text == "Is the tip open on Sunday?"
    assert reply.in_reply_to == "at://did:plc:council/app.bsky.feed.post/3lbxours00001"
    assert reply.thread_id == reply.in_reply_to
    assert reply.url == "https://bsky.app/profile/resident.example.test/post/3lbxreply0002"
    assert [u["uri"] for u in page.unreadable] == [
        "at://did:plc:broken/app.bsky.feed.post/3lbxbroke0004"
    ]
    assert page.next_cursor == "2026-11-25T10:02:01+00:00"
