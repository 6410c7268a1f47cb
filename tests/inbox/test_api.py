"""The inbox REST API: what each role gets, filters, and clear errors."""

from __future__ import annotations

import pytest
from django.test import Client

from govsocial.accounts.services import api_token_create
from govsocial.inbox.models import InboundItem, ModerationAction
from govsocial.publishing.models import Post
from govsocial.records.models import AuditRecord

pytestmark = pytest.mark.django_db

VALID_NHS = "943 476 5919"


def api(desk, role: str) -> Client:
    _, raw = api_token_create(user=desk.users[role], name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def base(desk) -> str:
    return f"/api/v1/organisations/{desk.organisation.slug}/inbox"


@pytest.fixture
def items(synced):
    return synced("When does the library reopen?", f"My NHS number is {VALID_NHS}, help")


def test_list_returns_redacted_items_with_filters(desk, items) -> None:
    response = api(desk, "viewer").get(base(desk) + "/items")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert VALID_NHS not in response.content.decode()
    assert {i["text"] for i in body["items"]} >= {"When does the library reopen?"}
    questions = api(desk, "viewer").get(base(desk) + "/items?label=question").json()
    assert [i["remote_id"] for i in questions["items"]] == [items[0].remote_id]


def test_bad_filters_get_a_clear_400(desk, items) -> None:
    response = api(desk, "viewer").get(base(desk) + "/items?status=bogus")
    assert response.status_code == 400
    assert "bogus" in response.json()["detail"]
    assert api(desk, "viewer").get(base(desk) + "/items?limit=0").status_code == 422


def test_original_text_only_for_the_dpo_and_recorded(desk, items) -> None:
    url = base(desk) + f"/items/{items[1].pk}"
    plain = api(desk, "viewer").get(url).json()
    assert plain["original_text"] is None and VALID_NHS not in plain["text"]
    assert api(desk, "viewer").get(url + "?original=true").status_code == 403
    shown = api(desk, "dpo").get(url + "?original=true").json()
    assert VALID_NHS in shown["original_text"]
    assert AuditRecord.objects.filter(action="inbound_item.view_original").count() == 1


def test_assign_note_status_reply_and_moderate(desk, items) -> None:
    client = api(desk, "reviewer")
    url = base(desk) + f"/items/{items[0].pk}"
    assigned = client.post(url + "/assign", {"assignee": "author"}, content_type="application/json")
    assert assigned.status_code == 200 and assigned.json()["assignee"] == "author"
    unknown = client.post(url + "/assign", {"assignee": "nobody"}, content_type="application/json")
    assert unknown.status_code == 400 and "nobody" in unknown.json()["detail"]
    note = client.post(url + "/notes", {"text": "Looked into it"}, content_type="application/json")
    assert note.status_code == 201
    status = client.post(url + "/status", {"status": "waiting"}, content_type="application/json")
    assert status.json()["status"] == "waiting"
    refused = client.post(
        url + "/reply", {"text": f"Your NHS number {VALID_NHS}"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert [(f["rule"], f["severity"]) for f in refused.json()["findings"]] == [
        ("personal-data.nhs-number", "block")
    ]
    sent = client.post(url + "/reply", {"text": "Monday at 9am."}, content_type="application/json")
    assert sent.status_code == 201 and sent.json()["state"] == "submitted"
    assert sent.json()["post_id"] == Post.objects.get(kind="reply").pk
    moderated = client.post(
        url + "/moderate", {"kind": "hide", "reason_code": "spam"}, content_type="application/json"
    )
    assert moderated.status_code == 201 and not moderated.json()["on_network"]
    assert ModerationAction.objects.count() == 1
    bad = client.post(
        url + "/moderate",
        {"kind": "block", "reason_code": "disagreement"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "Disagreement is never a reason" in bad.json()["detail"]


def test_a_viewer_cannot_write(desk, items) -> None:
    client = api(desk, "viewer")
    url = base(desk) + f"/items/{items[0].pk}"
    assert (
        client.post(url + "/notes", {"text": "x"}, content_type="application/json").status_code
        == 403
    )
    assert (
        client.post(
            url + "/moderate",
            {"kind": "hide", "reason_code": "spam"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert InboundItem.objects.get(pk=items[0].pk).visibility == "visible"


def test_breaches_endpoint(desk, items) -> None:
    assert api(desk, "viewer").get(base(desk) + "/breaches").status_code == 200


def test_another_organisation_gets_404(desk, items, make_organisation, make_user) -> None:
    other = make_organisation("Other")
    outsider = make_user("outsider", organisation=other, role="data_protection_officer")
    _, raw = api_token_create(user=outsider, name="t")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(base(desk) + f"/items/{items[1].pk}?original=true").status_code == 404
    assert (
        client.get(f"/api/v1/organisations/{other.slug}/inbox/items/{items[1].pk}").status_code
        == 404
    )


def test_a_malformed_body_gets_a_clear_400(desk, items) -> None:
    client = api(desk, "reviewer")
    url = base(desk) + f"/items/{items[0].pk}"
    not_json = client.post(url + "/notes", "not json", content_type="application/json")
    assert not_json.status_code == 400 and "JSON object" in not_json.json()["detail"]
    missing = client.post(url + "/moderate", {"kind": "hide"}, content_type="application/json")
    assert missing.status_code == 400 and "reason_code" in missing.json()["detail"]


def test_live_reply_checks_return_findings_without_sending(desk, items) -> None:
    url = base(desk) + f"/items/{items[1].pk}/reply-check"
    checked = api(desk, "author").post(
        url, {"text": f"Is {VALID_NHS} yours?"}, content_type="application/json"
    )
    assert checked.status_code == 200 and checked.json()["verdict"] == "block"
    assert "inbox.quotes_personal_data" in {f["rule"] for f in checked.json()["findings"]}
    assert not InboundItem.objects.get(pk=items[1].pk).replies.exists()
    viewer = api(desk, "viewer").post(url, {"text": "x"}, content_type="application/json")
    assert viewer.status_code == 403


def test_the_composer_is_wired_to_the_live_checks(desk, items) -> None:
    client = Client()
    client.force_login(desk.users["author"])
    page = client.get(f"/o/{desk.organisation.slug}/inbox/items/{items[0].pk}/").content.decode()
    assert f'data-reply-checks="/api/v1/organisations/{desk.organisation.slug}/inbox/items/' in page
    assert "govsocial/reply-checks.mjs" in page


def test_route_through_the_api(desk, items) -> None:
    url = base(desk) + f"/items/{items[0].pk}/route"
    moved = api(desk, "author").post(
        url, {"queue": "data_protection_officer"}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["sar_due"] is not None
    bad = api(desk, "author").post(url, {"queue": "bin"}, content_type="application/json")
    assert bad.status_code == 400 and "not a queue" in bad.json()["detail"]
