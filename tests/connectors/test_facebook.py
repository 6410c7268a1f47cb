"""Facebook Pages connector against recorded Graph API exchanges."""

from __future__ import annotations

import pytest

from govsocial.connectors import (
    AuthExpired,
    BadRequest,
    EditRequest,
    InboundKind,
    LookupProbe,
    MediaItem,
    MediaKind,
    PublishRequest,
    RateLimited,
)

KEY = "6f1c2f9e-0000-4000-8000-000000000003"


def signer(item: MediaItem) -> str:
    return f"https://media.example.gov.uk/m/{item.filename}?expires=1764068400&sig=3f1c9a"


def test_publish_text_to_the_page_feed_and_read_usage_as_quota(recorded):
    facebook, played = recorded("facebook", "publish")

    result = facebook.publish(
        PublishRequest(text="Library hours change from Monday.", idempotency_key=KEY)
    )

    played.assert_all_played()
    assert result.remote_id == "1234567890_1122334455"
    assert facebook.quota.remaining == 88


def test_a_photo_is_pulled_from_the_signed_url_with_alt_text_then_attached(recorded):
    facebook, played = recorded("facebook", "publish_with_photo")
    photo = MediaItem(
        kind=MediaKind.IMAGE,
        mime_type="image/jpeg",
        alt_text="Map of the new collection rounds",
        filename="rounds.jpg",
    )

    result = facebook.publish(
        PublishRequest(
            text="New collection rounds",
            idempotency_key=KEY,
            media=(photo,),
            media_url_signer=signer,
        )
    )

    played.assert_all_played()
    assert result.remote_id == "1234567890_1122334466"


def test_pull_media_without_a_signer_or_public_url_is_a_clear_error(recorded):
    facebook, played = recorded("facebook", exchanges=[])
    photo = MediaItem(kind=MediaKind.IMAGE, mime_type="image/jpeg", filename="rounds.jpg")
    with pytest.raises(
        BadRequest, match="rounds.jpg: this network pulls media.*pass media_url_signer"
    ):
        facebook.publish(PublishRequest(text="x", idempotency_key=KEY, media=(photo,)))
    assert played.seen == []


def test_edit_and_delete_are_confirmed(recorded):
    facebook, played = recorded("facebook", "edit")
    facebook.edit("1234567890_1122334455", EditRequest(text="Library hours change from Tuesday."))
    played.assert_all_played()
    facebook, played = recorded("facebook", "delete")
    facebook.delete("1234567890_1122334455")
    played.assert_all_played()


def test_lookup_recent_and_verify(recorded):
    facebook, played = recorded("facebook", "lookup_recent")
    [found] = facebook.lookup_recent(LookupProbe(text="Library hours change from Monday."))
    assert found.url == "https://www.facebook.com/examplecouncil/posts/pfbid02abc"
    assert found.created_at.isoformat() == "2026-11-25T09:00:00+00:00"
    facebook, played = recorded("facebook", "verify")
    assert facebook.verify_credentials().handle == "examplecouncil"


def test_graph_code_190_in_a_400_is_auth_expired(recorded):
    facebook, _ = recorded(
        "facebook",
        exchanges=[
            {
                "request": {"method": "POST", "path": "/v23.0/1234567890/feed"},
                "response": {
                    "status": 400,
                    "json": {
                        "error": {
                            "message": "Error validating access token: Session has expired.",
                            "type": "OAuthException",
                            "code": 190,
                            "error_subcode": 463,
                        }
                    },
                },
            }
        ],
    )
    with pytest.raises(AuthExpired, match="Session has expired"):
        facebook.publish(PublishRequest(text="x", idempotency_key=KEY))


def test_graph_rate_limit_code_waits_as_long_as_the_usage_header_says(recorded):
    usage = '{"1234567890":[{"type":"pages","call_count":100,"total_cputime":20,"total_time":30,"estimated_time_to_regain_access":7}]}'
    facebook, _ = recorded(
        "facebook",
        exchanges=[
            {
                "request": {"method": "POST", "path": "/v23.0/1234567890/feed"},
                "response": {
                    "status": 400,
                    "headers": {"x-business-use-case-usage": usage},
                    "json": {
                        "error": {
                            "message": "(#32) Page request limit reached",
                            "type": "OAuthException",
                            "code": 32,
                        }
                    },
                },
            }
        ],
    )
    with pytest.raises(RateLimited) as caught:
        facebook.publish(PublishRequest(text="x", idempotency_key=KEY))
    assert caught.value.retry_after == 7 * 60
    assert facebook.quota.remaining == 0

    with pytest.raises(RateLimited, match="quota is used up; it resets in 420 s"):
        facebook.publish(PublishRequest(text="y", idempotency_key=KEY))  # no second exchange


def test_comments_on_recent_posts_arrive_oldest_first_without_our_own_replies(recorded):
    facebook, played = recorded("facebook", "comments")

    page = facebook.fetch_inbound("2026-11-25T09:00:00+00:00")

    played.assert_all_played()
    assert [(i.remote_id, i.author_name, i.text) for i in page.items] == [
        ("1122334455_900002", "A Resident", "Is the library open on Sunday?")
    ]
    item = page.items[0]
    assert (item.kind, item.thread_id, item.in_reply_to) == (
        InboundKind.COMMENT,
        "1234567890_1122334455",
        "1234567890_1122334455",
    )
    assert page.unreadable == (
        {"message": "no id here", "created_time": "2026-11-25T10:05:00+0000"},
    )
    assert page.next_cursor == "2026-11-25T10:10:00+00:00"
