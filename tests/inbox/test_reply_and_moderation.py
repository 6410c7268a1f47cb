"""Replies are checked before they go to publishing; moderation captures before removal, is
recorded for the transparency log, and can be appealed."""

from __future__ import annotations

import pytest
from django.test import Client

from govsocial.connectors.errors import PlatformDown
from govsocial.inbox.models import (
    AppealStatus,
    InboundItem,
    InboxReply,
    ItemStatus,
    ModerationAction,
    ReplyState,
    Visibility,
)
from govsocial.inbox.services import (
    ReplyNeedsAttention,
    inbound_item_moderate,
    inbound_item_reply,
    moderation_appeal_decide,
    moderation_appeal_open,
    reply_check,
)
from govsocial.publishing.models import Post, PostStatus
from govsocial.publishing.services import reply_create
from govsocial.records.events import LEAF_DATA_KEYS
from govsocial.records.models import AuditRecord, LogLeaf

pytestmark = pytest.mark.django_db

PHONE = "07700 900123"
PARTY_POLITICAL = "Vote Labour at the next election."  # propriety.party-political blocks
MINISTERS_VIEW = "The minister believes this is the right approach."  # escalates
THREE_HASHTAGS = "Yes, we are open #library #opening #hours"  # a warning: too many hashtags
BLOCKED_TAG = '<strong class="govuk-tag govuk-tag--red">Blocked</strong>'
WARNING_TAG = '<strong class="govuk-tag govuk-tag--yellow">Warning</strong>'


def client_for(desk, role: str) -> Client:
    client = Client()
    client.force_login(desk.users[role])
    return client


def item_url(desk, item, tail: str = "") -> str:
    return f"/o/{desk.organisation.slug}/inbox/items/{item.pk}/{tail}"


def latest_report(post: Post, account) -> dict:
    """The checks report publishing stored on the post's latest version for `account`."""
    return post.versions.order_by("-number").first().check_reports[str(account.pk)]


def test_a_clean_reply_becomes_a_publishing_reply_to_the_item(desk, synced) -> None:
    (item,) = synced("When does the library reopen?", remote_id="abc")
    reply = inbound_item_reply(
        item=item, actor=desk.users["author"], text="It reopens on Monday at 9am."
    )
    post = Post.objects.get()
    assert reply.post == post and reply.findings == []
    assert post.kind == "reply" and post.in_reply_to_remote_id == "abc"
    assert post.author == desk.users["author"]
    assert list(post.accounts.all()) == [desk.account]
    assert post.versions.get().text == "It reopens on Monday at 9am."
    item.refresh_from_db()
    assert item.status == ItemStatus.REPLIED and item.first_response_at is not None
    assert AuditRecord.objects.filter(action="inbound_item.reply").count() == 1


def test_the_reply_is_submitted_for_approval_and_linked_from_the_item(desk, synced) -> None:
    (item,) = synced("When does the library reopen?", remote_id="xyz")
    reply = inbound_item_reply(item=item, actor=desk.users["author"], text="Monday at 9am.")
    assert reply.state == ReplyState.SUBMITTED, reply.problem
    assert Post.objects.get(pk=reply.post_id).status == PostStatus.IN_REVIEW
    page = client_for(desk, "author").get(item_url(desk, item)).content.decode()
    assert f"/posts/{reply.post_id}/" in page and "Sent for approval and delivery" in page


def test_an_escalated_reply_goes_to_the_senior_approver_with_its_findings(desk, synced) -> None:
    (item,) = synced("What does the minister think of the new library?")
    reply = inbound_item_reply(
        item=item, actor=desk.users["author"], text=MINISTERS_VIEW, acknowledge_warnings=True
    )
    post = Post.objects.get(pk=reply.post_id)
    assert reply.state == ReplyState.SUBMITTED and post.status == PostStatus.IN_REVIEW
    post_page = client_for(desk, "author").get(f"/o/{desk.organisation.slug}/posts/{post.pk}/")
    assert "Waiting for the senior approver" in post_page.content.decode()
    assert reply.findings == latest_report(post, desk.account)["findings"]
    assert [f["rule"] for f in reply.findings] == ["propriety.minister-view"]


def test_a_reply_publishing_will_not_submit_stays_a_draft_there(desk, synced) -> None:
    (item,) = synced("Is the library open?")
    reply = inbound_item_reply(
        item=item, actor=desk.users["author"], text=THREE_HASHTAGS, acknowledge_warnings=True
    )
    assert reply.state == ReplyState.PUBLISHING_DRAFT
    assert "give a reason for overriding this warning" in reply.problem
    assert Post.objects.get(pk=reply.post_id).status == PostStatus.DRAFT
    item.refresh_from_db()
    assert item.status == ItemStatus.WAITING and item.first_response_at is None


def test_a_reply_quoting_the_senders_personal_data_is_blocked(desk, synced) -> None:
    (item,) = synced(f"Please ring me back on {PHONE} about my claim")
    with pytest.raises(ReplyNeedsAttention) as caught:
        inbound_item_reply(
            item=item, actor=desk.users["author"], text=f"We will ring you on {PHONE}."
        )
    rules = {f["rule"] for f in caught.value.check.findings}
    assert "inbox.quotes_personal_data" in rules
    assert caught.value.check.verdict == "block"
    assert not Post.objects.exists() and not InboxReply.objects.exists()


def test_the_suggested_reply_needs_the_secure_channel_link(desk, synced) -> None:
    (item,) = synced("My universal credit payment has stopped and nobody will tell me why")
    assert "{secure_channel_url}" in item.suggested_reply
    with pytest.raises(ReplyNeedsAttention) as caught:
        inbound_item_reply(item=item, actor=desk.users["author"], text=item.suggested_reply)
    assert "inbox.secure_channel_link" in {f["rule"] for f in caught.value.check.findings}
    assert not Post.objects.exists()


def test_the_composer_shows_findings_in_words_and_keeps_the_text(desk, synced) -> None:
    (item,) = synced(f"Call me on {PHONE}")
    response = client_for(desk, "author").post(
        item_url(desk, item, "reply/"), {"text": f"Calling {PHONE} now"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert f"{BLOCKED_TAG} The reply quotes personal data from the message" in body
    assert f"Calling {PHONE} now</textarea>" in body


def test_warnings_must_be_acknowledged(desk, synced) -> None:
    (item,) = synced("Is the office open?")
    client = client_for(desk, "author")
    first = client.post(item_url(desk, item, "reply/"), {"text": THREE_HASHTAGS})
    body = first.content.decode()
    assert first.status_code == 400 and not InboxReply.objects.exists()
    assert f"{WARNING_TAG} The post has 3 hashtags" in body
    second = client.post(
        item_url(desk, item, "reply/"), {"text": THREE_HASHTAGS, "acknowledge": "on"}
    )
    assert second.status_code == 302
    assert InboxReply.objects.get().text == THREE_HASHTAGS


@pytest.mark.parametrize(
    ("text", "verdict"),
    [(PARTY_POLITICAL, "block"), (MINISTERS_VIEW, "escalate"), ("Monday at 9am.", "pass")],
)
def test_the_live_check_the_inbox_and_publishing_agree_on_a_reply(
    desk, synced, text, verdict
) -> None:
    (item,) = synced("When does the library reopen?", remote_id="lib1")
    live = (
        client_for(desk, "author")
        .post(
            f"/api/v1/organisations/{desk.organisation.slug}/inbox/items/{item.pk}/reply-check",
            {"text": text},
            content_type="application/json",
        )
        .json()
    )
    inbox = reply_check(item=item, text=text)
    post = reply_create(
        organisation=desk.organisation,
        actor=desk.users["author"],
        account=desk.account,
        in_reply_to_remote_id="lib1",
        text=text,
    )
    published = latest_report(post, desk.account)
    assert published["verdict"] == verdict
    assert live == {"verdict": verdict, "findings": published["findings"]}
    assert (inbox.verdict, inbox.findings) == (verdict, published["findings"])


def test_a_viewer_cannot_reply(desk, synced) -> None:
    (item,) = synced("Is the office open?")
    assert (
        client_for(desk, "viewer").post(item_url(desk, item, "reply/"), {"text": "Hi"}).status_code
        == 403
    )


# --- moderation ------------------------------------------------------------------------------


def test_hiding_captures_the_item_first_and_records_a_public_leaf(desk, synced) -> None:
    (item,) = synced(f"You lot are scum. Ring {PHONE}", remote_id="bad1")
    action = inbound_item_moderate(
        item=item, actor=desk.users["reviewer"], kind="hide", reason_code="abuse"
    )
    assert action.snapshot["original_text"] == f"You lot are scum. Ring {PHONE}"
    assert action.snapshot["remote_id"] == "bad1"
    assert action.captured_at <= AuditRecord.objects.get(action="moderation.hide").created_at
    record = AuditRecord.objects.get(action="moderation.hide")
    assert LogLeaf.objects.get(audit_record=record).action == "hide"
    assert set(record.data) <= set(LEAF_DATA_KEYS)
    assert record.data["reason_code"] == "abuse" and record.data["remote_id"] == "bad1"
    assert record.data["account_id"] == desk.account.pk and record.data["network"] == "mastodon"
    assert PHONE not in str(record.data)  # the audit trail is visible to every role
    assert not action.on_network and "by hand" in action.network_result
    assert InboundItem.objects.get(pk=item.pk).visibility == Visibility.HIDDEN


def test_the_capture_survives_a_network_failure(desk, synced, network_moderates) -> None:
    (item,) = synced("Buy followers now, link in bio", remote_id="spam1")
    desk.network.failures.append(PlatformDown("503 from the network", network="mastodon"))
    action = inbound_item_moderate(
        item=item,
        actor=desk.users["publisher"],
        kind="delete",
        reason_code="spam",
        connector_factory=network_moderates,
    )
    assert ModerationAction.objects.filter(pk=action.pk).exists()
    assert AuditRecord.objects.filter(action="moderation.delete").exists()
    assert not action.on_network and "503" in action.network_result
    assert desk.network.moderated == []


def test_the_network_is_asked_when_its_connector_can(desk, synced, network_moderates) -> None:
    (item,) = synced("Vote for the Purple Party!", remote_id="pol1")
    action = inbound_item_moderate(
        item=item,
        actor=desk.users["reviewer"],
        kind="hide",
        reason_code="party_political",
        connector_factory=network_moderates,
    )
    assert desk.network.moderated == [("pol1", "hide")]
    assert action.on_network and action.network_result == "Done on mastodon."
    page = client_for(desk, "reviewer").get(item_url(desk, item)).content.decode()
    assert "Done on mastodon." in page


def test_the_page_says_to_moderate_by_hand_where_the_network_cannot(desk, synced) -> None:
    (item,) = synced("Cheap loans, guaranteed! DM me")
    page = client_for(desk, "reviewer").get(item_url(desk, item)).content.decode()
    assert "govsocial cannot moderate on Mastodon through its API yet" in page


def test_the_page_does_not_say_so_where_the_network_can(desk, synced, network_moderates) -> None:
    (item,) = synced("Cheap loans, guaranteed! DM me")
    page = client_for(desk, "reviewer").get(item_url(desk, item)).content.decode()
    assert "cannot moderate on Mastodon" not in page


@pytest.mark.parametrize("reason", ["disagreement", "", "criticism"])
def test_there_is_no_reason_code_for_disagreement(desk, synced, reason) -> None:
    from govsocial.core.errors import ApplicationError

    (item,) = synced("Your policy is wrong and I disagree with it.")
    with pytest.raises(ApplicationError, match="Disagreement is never a reason"):
        inbound_item_moderate(
            item=item, actor=desk.users["reviewer"], kind="block", reason_code=reason
        )
    assert not ModerationAction.objects.exists()


def test_the_moderation_dialog_offers_only_house_rules_reasons(desk, synced) -> None:
    (item,) = synced("Hello")
    body = client_for(desk, "reviewer").get(item_url(desk, item)).content.decode()
    import re

    offered = set(re.findall(r'name="reason_code" type="radio" value="(\w+)"', body))
    assert offered == {
        "personal_data",
        "abuse",
        "spam",
        "adverts",
        "impersonation",
        "party_political",
    }


def test_moderating_in_the_browser(desk, synced) -> None:
    (item,) = synced("Cheap loans, guaranteed! DM me")
    client = client_for(desk, "reviewer")
    response = client.post(
        item_url(desk, item, "moderate/"), {"kind": "hide", "reason_code": "spam"}
    )
    assert response.status_code == 302
    page = client.get(item_url(desk, item)).content.decode()
    assert "reason: Spam" in page and "Record an appeal" in page
    (other,) = synced("More cheap loans, guaranteed!", remote_id="spam-2")
    missing = client.post(item_url(desk, other, "moderate/"), {"kind": "hide"})
    assert missing.status_code == 400
    body = missing.content.decode()
    assert "This field is required." in body and 'id="id_reason_code_0"' in body
    assert 'value="hide" checked' in body


def test_authors_cannot_moderate(desk, synced) -> None:
    (item,) = synced("Spam spam")
    response = client_for(desk, "author").post(
        item_url(desk, item, "moderate/"), {"kind": "hide", "reason_code": "spam"}
    )
    assert response.status_code == 403


def test_an_appeal_is_decided_by_a_different_person_and_restores(desk, synced) -> None:
    from govsocial.core.errors import ApplicationError

    (item,) = synced("Stop lying to us, you are useless", remote_id="crit1")
    action = inbound_item_moderate(
        item=item, actor=desk.users["reviewer"], kind="hide", reason_code="abuse"
    )
    moderation_appeal_open(action=action, actor=desk.users["author"], note="It was criticism.")
    with pytest.raises(ApplicationError, match="different person"):
        moderation_appeal_decide(action=action, actor=desk.users["reviewer"], restore=True)
    moderation_appeal_decide(action=action, actor=desk.users["publisher"], restore=True)
    action.refresh_from_db()
    assert action.appeal_status == AppealStatus.RESTORED
    assert InboundItem.objects.get(pk=item.pk).visibility == Visibility.VISIBLE
    restore = AuditRecord.objects.get(action="moderation.restore")
    assert restore.data["remote_id"] == "crit1" and restore.data["reason_code"] == "abuse"


def test_appeals_in_the_browser(desk, synced) -> None:
    (item,) = synced("Spammy", remote_id="s2")
    action = inbound_item_moderate(
        item=item, actor=desk.users["reviewer"], kind="hide", reason_code="spam"
    )
    appeal = f"/o/{desk.organisation.slug}/inbox/moderation/{action.pk}/appeal/"
    client_for(desk, "author").post(appeal, {"note": "Not spam, a real question"})
    response = client_for(desk, "publisher").post(appeal, {"decision": "uphold", "note": "Spam"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.appeal_status == AppealStatus.UPHELD


# --- house rules -----------------------------------------------------------------------------


def test_the_public_house_rules_page_needs_no_login(desk) -> None:
    from govsocial.inbox.services import house_rules_publish

    page = f"/public/{desk.organisation.slug}/house-rules/{desk.account.pk}/"
    assert Client().get(page).status_code == 404  # not published yet
    house_rules_publish(account=desk.account, actor=desk.users["admin"])
    body = Client().get(page).content.decode()
    for reason in (
        "Personal data",
        "Abuse",
        "Spam",
        "Commercial adverts",
        "Impersonation",
        "Party-political content",
    ):
        assert reason in body
    assert "does not mean we endorse" in body
    assert "Monday, Tuesday, Wednesday, Thursday, Friday, 9:00 a.m. to 5:00 p.m." in body
    assert "16 staffed hours (2 working days)" in body


def test_only_an_account_admin_publishes_house_rules(desk) -> None:
    client = client_for(desk, "reviewer")
    settings_page = f"/o/{desk.organisation.slug}/inbox/accounts/{desk.account.pk}/"
    assert client.get(settings_page).status_code == 403
    admin = client_for(desk, "admin")
    response = admin.post(
        settings_page,
        {
            "weekdays": "0,1,2,3",
            "opens": "08:00",
            "closes": "16:00",
            "response_target_hours": "8",
            "not_endorsement_statement": "Likes are not endorsements.",
            "publish": "on",
        },
    )
    assert response.status_code == 302
    body = Client().get(f"/public/{desk.organisation.slug}/house-rules/{desk.account.pk}/")
    text = body.content.decode()
    assert "Monday, Tuesday, Wednesday, Thursday, 8:00 a.m. to 4:00 p.m." in text
    assert "Likes are not endorsements." in text
    bad = admin.post(
        settings_page,
        {
            "weekdays": "mon",
            "opens": "08:00",
            "closes": "16:00",
            "response_target_hours": "8",
            "not_endorsement_statement": "x",
        },
    )
    assert bad.status_code == 400 and "is not 0 (Monday) to 6 (Sunday)" in bad.content.decode()
