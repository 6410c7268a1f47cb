"""Mastodon connector, end to end against mastodon-mock (a real HTTP server on loopback)."""

from __future__ import annotations

import io
import time
import uuid
from typing import Any

import pytest
from PIL import Image

from govsocial.connectors import (
    AuthExpired,
    BadRequest,
    ConnectorConfigError,
    EditRequest,
    EgressRefused,
    InboundKind,
    LookupProbe,
    MalformedResponse,
    MediaItem,
    MediaKind,
    OutcomeUnknown,
    PlatformDown,
    PublishRequest,
    RateLimited,
    Visibility,
)
from govsocial.connectors.http import EgressSettings
from govsocial.connectors.mastodon.connector import MastodonConnector
from govsocial.connectors.validation import weighted_length

pytestmark = pytest.mark.peer

NO_ENV = EgressSettings(trust_env=False)


def connector(peer: Any, token: str = "alice_token", **options: Any) -> MastodonConnector:
    return MastodonConnector(
        credentials={"instance_url": peer.base_url, "access_token": token},
        egress=NO_ENV,
        **options,
    )


def request(text: str, **fields: Any) -> PublishRequest:
    return PublishRequest(text=text, idempotency_key=str(uuid.uuid4()), **fields)


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def alice_statuses(peer: Any) -> list[Any]:
    alice = peer.client("alice")
    return list(alice.account_statuses(alice.me()["id"]))


def test_publish_returns_the_remote_id_and_link_and_the_post_is_on_the_server(mastodon_peer):
    result = connector(mastodon_peer).publish(request("Bin collections change on Monday."))

    statuses = alice_statuses(mastodon_peer)
    assert [str(s["id"]) for s in statuses] == [result.remote_id]
    assert result.url.endswith(result.remote_id)
    assert "Bin collections" in statuses[0]["content"]


def test_image_goes_up_with_its_alt_text(mastodon_peer):
    image = MediaItem(
        kind=MediaKind.IMAGE, mime_type="image/png", data=png(), alt_text="Map of new bin routes"
    )
    result = connector(mastodon_peer).publish(request("New routes", media=(image,)))

    attachments = result.raw["media_attachments"]
    assert [a["description"] for a in attachments] == ["Map of new bin routes"]


def test_same_idempotency_key_twice_makes_one_post(mastodon_peer):
    again = request("Road closed on the A40 tonight.")
    mastodon = connector(mastodon_peer)

    first = mastodon.publish(again)
    second = mastodon.publish(again)

    assert first.remote_id == second.remote_id
    assert len(alice_statuses(mastodon_peer)) == 1


def test_links_count_as_23_characters_like_real_mastodon(mastodon_peer):
    # The mock counts raw characters, so only the refusal can be shown against it.
    short_link_but_over = request("x" * 480 + " " + "https://gov.uk/x")  # 480 + 1 + 23 = 504

    with pytest.raises(BadRequest, match="504 characters.*each link counts as 23.*500"):
        connector(mastodon_peer).publish(short_link_but_over)
    assert alice_statuses(mastodon_peer) == []
    long_link = "https://www.gov.uk/" + "a" * 200
    assert weighted_length("x" * 470 + " " + long_link, url_weight=23) == 494


def test_the_instance_limit_is_read_from_the_instance_api(mastodon_peer):
    limits = connector(mastodon_peer).instance_limits()

    assert limits.max_chars == 500
    assert limits.max_images == 4
    assert "image/png" in limits.image_types


def test_unknown_media_type_is_refused_before_anything_is_uploaded(mastodon_peer):
    bogus = MediaItem(kind=MediaKind.IMAGE, mime_type="image/x-bogus", data=b"GIF89a", alt_text="")

    with pytest.raises(BadRequest, match="image/x-bogus"):
        connector(mastodon_peer).publish(request("with media", media=(bogus,)))
    assert alice_statuses(mastodon_peer) == []


def test_a_bogus_visibility_is_refused_when_the_request_is_built():
    with pytest.raises(ValueError, match="visibility 'everyone' is not one of public"):
        request("hello", visibility="everyone")
    assert request("hello", visibility="unlisted").visibility is Visibility.UNLISTED


def test_an_unknown_token_is_auth_expired(mastodon_peer):
    with pytest.raises(AuthExpired, match="reconnect"):
        connector(mastodon_peer, token="revoked").verify_credentials()


def test_a_429_is_rate_limited_with_the_retry_time_and_quota(mastodon_peer):
    with mastodon_peer.fault(path="/api/v1/statuses", methods=["POST"], type="ratelimit"):
        mastodon = connector(mastodon_peer)
        with pytest.raises(RateLimited) as caught:
            mastodon.publish(request("rate me"))

    assert caught.value.retry_after is not None and 290 < caught.value.retry_after <= 301
    assert mastodon.quota is not None and mastodon.quota.remaining == 0


def test_an_exhausted_quota_is_honoured_without_calling_the_instance(mastodon_peer):
    mastodon = connector(mastodon_peer)
    with mastodon_peer.fault(path="/api/v1/statuses", methods=["POST"], type="ratelimit"):
        with pytest.raises(RateLimited):
            mastodon.publish(request("first"))

    with pytest.raises(RateLimited, match="quota is used up"):
        mastodon.publish(request("second, while the quota is still empty"))
    assert alice_statuses(mastodon_peer) == []


def test_a_500_on_create_is_outcome_unknown_and_lookup_proves_absence(mastodon_peer):
    lost = request("Flood warning lifted.")
    mastodon = connector(mastodon_peer)
    with mastodon_peer.fault(path="/api/v1/statuses", methods=["POST"], status=500):
        with pytest.raises(OutcomeUnknown, match="reconcile"):
            mastodon.publish(lost)

    assert mastodon.lookup_recent(LookupProbe.for_request(lost)) == []


def test_a_500_on_a_read_is_platform_down(mastodon_peer):
    with mastodon_peer.fault(path="/api/v1/accounts/verify_credentials", status=503):
        with pytest.raises(PlatformDown, match="503"):
            connector(mastodon_peer).verify_credentials()


def test_a_timeout_after_sending_is_outcome_unknown_and_a_resend_with_the_key_makes_one_post(
    mastodon_peer,
):
    slow = request("Polling stations open at 7am.")
    with mastodon_peer.fault(
        path="/api/v1/statuses", methods=["POST"], type="latency", delay_ms=900, count=1
    ):
        with pytest.raises(OutcomeUnknown):
            connector(mastodon_peer, request_timeout=0.3).publish(slow)
    time.sleep(0.9)  # the server finishes the post it was given

    resent = connector(mastodon_peer).publish(slow)

    assert [str(s["id"]) for s in alice_statuses(mastodon_peer)] == [resent.remote_id]


def test_an_unreachable_instance_is_platform_down():
    offline = MastodonConnector(
        credentials={"instance_url": "http://127.0.0.1:9", "access_token": "t"}, egress=NO_ENV
    )
    with pytest.raises(PlatformDown, match="could not reach"):
        offline.publish(request("hello"))


def test_a_malformed_answer_to_a_create_is_outcome_unknown_and_to_a_read_is_typed(mastodon_peer):
    with mastodon_peer.fault(path="/api/v1/statuses", methods=["POST"], type="malformed"):
        with pytest.raises(OutcomeUnknown):
            connector(mastodon_peer).publish(request("garbled"))
    with mastodon_peer.fault(path="/api/v1/accounts/verify_credentials", type="malformed"):
        with pytest.raises(MalformedResponse):
            connector(mastodon_peer).verify_credentials()


def test_a_4xx_carries_the_instance_message(mastodon_peer):
    with mastodon_peer.fault(
        path="/api/v1/statuses",
        methods=["POST"],
        status=422,
        body={"error": "Validation failed: Text character limit of 500 exceeded"},
    ):
        with pytest.raises(BadRequest, match="character limit of 500 exceeded"):
            connector(mastodon_peer).publish(request("hello"))


def test_edit_changes_the_text_and_checks_its_length(mastodon_peer):
    mastodon = connector(mastodon_peer)
    posted = mastodon.publish(request("Libary opens at 9."))

    edited = mastodon.edit(posted.remote_id, EditRequest(text="Library opens at 9."))

    assert edited.remote_id == posted.remote_id
    assert "Library opens" in alice_statuses(mastodon_peer)[0]["content"]
    with pytest.raises(BadRequest, match="limit is 500"):
        mastodon.edit(posted.remote_id, EditRequest(text="y" * 501))


def test_delete_removes_the_post_and_a_second_delete_is_harmless(mastodon_peer):
    mastodon = connector(mastodon_peer)
    posted = mastodon.publish(request("Temporary notice"))

    mastodon.delete(posted.remote_id)
    mastodon.delete(posted.remote_id)

    assert alice_statuses(mastodon_peer) == []


def test_lookup_recent_finds_our_post_by_its_exact_text(mastodon_peer):
    mastodon = connector(mastodon_peer)
    ours = request("Council tax bills are\n  out this week.")
    posted = mastodon.publish(ours)
    mastodon.publish(request("Something else entirely"))

    found = mastodon.lookup_recent(LookupProbe.for_request(ours))

    assert [(p.remote_id, p.matched_by) for p in found] == [(posted.remote_id, "text")]


def test_verify_credentials_names_the_account(mastodon_peer):
    account = connector(mastodon_peer).verify_credentials()

    assert account.handle == "alice"
    assert account.url.endswith("@alice")


def test_fetch_inbound_returns_mentions_replies_and_dms_once(mastodon_peer):
    mastodon = connector(mastodon_peer)
    ours = mastodon.publish(request("Consultation opens today."))
    bob = mastodon_peer.client("bob")
    bob.status_post("@alice when does it close?")
    bob.status_post("@alice thanks", in_reply_to_id=ours.remote_id)
    bob.status_post("@alice my reference is 123", visibility="direct")

    page = mastodon.fetch_inbound(None)
    again = mastodon.fetch_inbound(page.next_cursor)

    kinds = [item.kind for item in page.items]
    assert kinds == [InboundKind.MENTION, InboundKind.REPLY, InboundKind.DIRECT_MESSAGE]
    assert page.items[0].author_handle == "bob"
    assert page.items[0].text == "@alice when does it close?"
    assert page.items[1].in_reply_to == ours.remote_id
    assert page.items[2].thread_id is not None
    assert again.items == ()
    assert again.next_cursor == page.next_cursor


def test_an_instance_url_without_a_scheme_is_a_clear_configuration_error():
    with pytest.raises(ConnectorConfigError, match="needs a scheme, e.g. https://social.example"):
        MastodonConnector(
            credentials={"instance_url": "social.example", "access_token": "t"}, egress=NO_ENV
        )


def test_only_the_accounts_own_instance_is_reachable(mastodon_peer):
    mastodon = connector(mastodon_peer)
    with pytest.raises(EgressRefused, match="not on the egress allow-list"):
        mastodon._session.get("https://elsewhere.example/api/v1/instance", timeout=5)
