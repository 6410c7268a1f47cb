"""The risk, benefit and cost report, read from a history the product itself wrote.

Authors write posts that the checks pass, warn about, escalate or block; a warning is overridden
with a typed reason; reviewers approve; a publisher schedules, and the delivery worker sends to a
scripted network that accepts, refuses or never answers; a crisis post goes out by break-glass.
The inbox syncs messages, a reviewer hides an abusive one, and an author replies to two. The
token check warns that the account's token expires. Then a CIO reads the page, the CSV, the PDF
and the API.
"""

from __future__ import annotations

import csv
import io
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from govsocial.accounts.roles import Role
from govsocial.channels.services import token_expiry_warn
from govsocial.connectors.errors import BadRequest, OutcomeUnknown
from govsocial.inbox.services import inbound_item_moderate, inbound_item_reply
from govsocial.publishing.models import Post
from govsocial.publishing.services import (
    post_approve,
    post_break_glass,
    post_create,
    post_edit,
    post_schedule,
    post_submit,
    version_override_warning,
)
from govsocial.publishing.services.delivery import scheduler_tick
from govsocial.records.models import AuditRecord
from tests.inbox.conftest import Desk
from tests.publishing.conftest import GOOD_TEXT
from tests.publishing.fakes import FakeNetwork, install, raising

ACCOUNT = "@dept@social.example (mastodon)"
# What an author typed as the reason for an override: a spreadsheet would run it as a formula.
FORMULA_REASON = '=HYPERLINK("https://evil.example","x") operational reminder'
BREAK_GLASS = "Break-glass posts (published at once in a crisis)"
TOKEN_EXPIRING = "Network tokens about to expire"
FAILED = "Posts that failed to publish"
UNKNOWN = "Posts whose outcome was unknown (checked before any retry)"


@dataclass
class History:
    desk: Desk
    first_post: Post
    refused_post: Post
    crisis_post: Post

    @property
    def url(self) -> str:
        return f"/o/{self.desk.organisation.slug}/it/report/"

    @property
    def api_url(self) -> str:
        return f"/api/v1/organisations/{self.desk.organisation.slug}/it/report"


class Newsroom:
    """The publishing desk's people doing their jobs against one official account."""

    def __init__(self, desk: Desk, network: FakeNetwork) -> None:
        self.desk = desk
        self.network = network
        self.users = desk.users

    def write(self, text: str, *, campaign_code: str = "C-2027-001") -> Post:
        return post_create(
            organisation=self.desk.organisation,
            actor=self.users["author"],
            title="t",
            text=text,
            accounts=[self.desk.account],
            campaign_code=campaign_code,
        )

    def approve(self, post: Post) -> Post:
        post_submit(post=post, actor=self.users["author"])
        return post_approve(post=post, actor=self.users["reviewer"])

    def deliver(self, post: Post, *network_answers: Any) -> Post:
        """Schedules it for now and runs the delivery worker; the network answers as scripted."""
        self.network.script = list(network_answers)
        post_schedule(post=post, actor=self.users["publisher"])
        scheduler_tick(worker="worker-1")
        return post


@pytest.fixture
def history(desk, synced, monkeypatch) -> History:
    network = FakeNetwork()
    install(monkeypatch, network)
    posts = publish_posts(Newsroom(desk, network))
    work_the_inbox(desk, synced)
    desk.account.token_expires_at = timezone.now() + timedelta(days=3)
    desk.account.save(update_fields=["token_expires_at"])
    token_expiry_warn()
    return History(desk, **posts)


def publish_posts(newsroom: Newsroom) -> dict[str, Post]:
    """Two posts published (one by break-glass), one refused, one unanswered, and three that the
    checks warned about, blocked (then fixed by an edit) or escalated."""
    author = newsroom.users["author"]
    first_post = newsroom.deliver(newsroom.approve(newsroom.write(GOOD_TEXT)))

    warned = newsroom.write(GOOD_TEXT, campaign_code="")
    version_override_warning(
        version=warned.versions.get(),
        rule="propriety.no-campaign-code",
        reason=FORMULA_REASON,
        actor=author,
    )
    refused = BadRequest("text is too long (512 of 500)", network="mastodon")
    newsroom.deliver(newsroom.approve(warned), raising(refused))

    blocked = newsroom.write("Call Jane on 07700 900123 about her claim, NI number AB123456C.")
    post_edit(post=blocked, actor=author, text=GOOD_TEXT)
    escalated = newsroom.write("Unemployment has fallen by 42% this year, the lowest ever.")
    post_submit(post=escalated, actor=author)

    crisis = newsroom.write("Flooding has closed the A1. Avoid: https://www.gov.uk/traffic")
    reason = "Road closed by flooding, drivers at risk"
    post_break_glass(post=crisis, actor=newsroom.users["publisher"], reason=reason)
    scheduler_tick(worker="worker-1")

    unanswered = newsroom.write(GOOD_TEXT + " Thanks.")
    newsroom.deliver(newsroom.approve(unanswered), raising(OutcomeUnknown("timed out")))
    return {"first_post": first_post, "refused_post": warned, "crisis_post": crisis}


def work_the_inbox(desk: Desk, synced: Any) -> None:
    """Replies to messages that waited 2 and 20 hours, and hides an abusive one."""
    now = timezone.now()
    (question,) = synced("When does the library reopen?", at=now - timedelta(hours=2))
    (old_question,) = synced("Is the pool open on Sundays?", at=now - timedelta(hours=20))
    (abuse,) = synced("You lot are scum.", at=now - timedelta(hours=1))
    reviewer, author = desk.users["reviewer"], desk.users["author"]
    inbound_item_moderate(
        item=abuse, actor=reviewer, kind="hide", reason_code="abuse", connector_factory=desk.factory
    )
    inbound_item_reply(item=question, actor=author, text="It reopens on Monday at 9am.")
    inbound_item_reply(item=old_question, actor=author, text="Yes, from 10am to 4pm.")


@pytest.fixture
def it_client(client: Client, make_user, desk) -> Client:
    client.force_login(make_user("ira", organisation=desk.organisation, role=Role.IT_ADMIN))
    return client


def headline(page: str) -> dict[str, str]:
    """The summary list at the top of the report: label → number as shown."""
    pairs = re.findall(
        r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        page,
    )
    return {unescape(label): value for label, value in pairs}


def table(page: str, key: str) -> dict[str, tuple[str, ...]]:
    """One section's table: row label → the cells after it (the number, and any note)."""
    section = page.split(f'aria-labelledby="section-{key}"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">(.*?)</th>(.*?)</tr>', section, re.S
    )
    return {
        unescape(label): tuple(unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", cells))
        for label, cells in rows
    }


def pdf_text(content: bytes) -> str:
    """The words drawn on the PDF's pages (fpdf2 writes each cell as a compressed text run)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S)
    pages = b"".join(zlib.decompress(s) for s in streams if s.startswith(b"x"))
    runs = re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", pages)
    return " ".join(re.sub(rb"\\(.)", rb"\1", run).decode("latin-1") for run in runs)


def test_the_headline_sums_up_what_the_product_recorded(history, it_client) -> None:
    response = it_client.get(history.url)
    assert response.status_code == 200
    assert headline(response.content.decode()) == {
        "Audit records": str(
            AuditRecord.objects.filter(organisation=history.desk.organisation).count()
        ),
        "People active": "3",  # the author, the reviewer and the publisher
        "Posts published": "2",
        "Replies sent": "2",
        "Drafts and edits checked": "9",  # six posts, one edit, two replies
        "Findings that blocked a post": "2",
        "Findings escalated for approval": "1",
        "Warnings overridden, with a reason": "1",
        "Moderation actions": "1",
        "Incidents": "4",
        "Median reply time (hours)": "11",  # messages that waited 2 and 20 hours
        "Replies within the 16-hour target": "1",
    }


def test_each_section_shows_its_rows_in_a_table_beside_a_chart(history, it_client) -> None:
    page = it_client.get(history.url).content.decode()
    assert table(page, "published") == {ACCOUNT: ("2",)}
    assert table(page, "verdicts") == {
        "Passed": ("6",),
        "Blocked until changed": ("1",),
        "Escalated for senior or propriety approval": ("1",),
        "Warnings only": ("1",),
    }
    assert table(page, "blocked") == {
        "personal-data.national-insurance": ("1",),
        "personal-data.phone": ("1",),
    }
    assert table(page, "escalated") == {"propriety.unsourced-statistic": ("1",)}
    assert table(page, "warnings") == {
        "propriety.no-campaign-code": ("1",),
        "style.acronym": ("1",),
    }
    assert table(page, "overrides") == {"propriety.no-campaign-code": ("1",)}
    assert table(page, "moderation") == {"hide: abuse": ("1",)}
    assert table(page, "incidents") == {
        BREAK_GLASS: ("1",),
        TOKEN_EXPIRING: ("1",),
        FAILED: ("1",),
        UNKNOWN: ("1",),
    }
    assert page.count('<svg class="govsocial-chart"') == 12  # every section has something
    assert "<script" not in page.split('id="main-content"')[1].split("</main>")[0]


def test_use_is_counted_by_the_role_people_acted_in(history, it_client) -> None:
    page = it_client.get(history.url).content.decode()
    roles = table(page, "roles")
    reviewing = AuditRecord.objects.filter(actor_role=Role.REVIEWER).count()
    publishing = AuditRecord.objects.filter(actor_role=Role.PUBLISHER).count()
    # Three approvals and a hide; four schedules and a break-glass.
    assert (reviewing, publishing) == (4, 5)
    assert roles["Reviewer"] == ("4", "1 person")
    assert roles["Publisher"] == ("5", "1 person")
    assert table(page, "accounts")[ACCOUNT] == (
        str(AuditRecord.objects.filter(data__account_id=history.desk.account.pk).count()),
    )


def test_the_override_and_its_reason_are_listed_as_typed(history, it_client) -> None:
    page = it_client.get(history.url).content.decode()
    listed = page.split('id="overrides"', 1)[1]
    assert '<td class="govuk-table__cell">Author</td>' in listed
    assert "<code>propriety.no-campaign-code</code>" in listed
    assert (
        '<td class="govuk-table__cell">=HYPERLINK(&quot;https://evil.example&quot;,&quot;x&quot;) '
        "operational reminder</td>"
    ) in listed


def test_the_csv_has_every_number_and_is_safe_to_open_in_a_spreadsheet(history, it_client) -> None:
    today = timezone.now().date()
    period = {"start": (today - timedelta(days=7)).isoformat(), "end": today.isoformat()}
    response = it_client.get(history.url, {**period, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="govsocial-report-department-for-testing-'
        f'{period["start"]}-to-{period["end"]}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["headline", "Posts published", "2", ""] in rows
    assert ["headline", "Median reply time (hours)", "11", ""] in rows
    assert ["Incidents", FAILED, "1", ""] in rows
    assert ["Findings that blocked a post, by rule", "personal-data.phone", "1", ""] in rows
    overrides = [row for row in rows if row[0] == "override"][1:]
    assert len(overrides) == 1
    when, rule, who, reason = overrides[0][1:]
    overridden = AuditRecord.objects.get(action="post.override_warning").created_at
    assert when == overridden.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    assert (rule, who) == ("propriety.no-campaign-code", "Author")
    assert reason == "'" + FORMULA_REASON  # shown as text, never run as a formula


def test_the_pdf_holds_the_same_numbers(history, it_client) -> None:
    response = it_client.get(history.url, {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    text = pdf_text(response.content)
    assert "Risk, benefit and cost report: Department for Testing" in text
    assert "Posts published 2" in text
    # The PDF shortens labels longer than its column.
    assert (
        f"Incidents Break-glass posts (published at once in a cri... 1 {TOKEN_EXPIRING} 1" in text
    )
    assert "Moderation actions, by reason hide: abuse 1" in text
    assert "overrode propriety.no-campaign-code: " + FORMULA_REASON in text


def test_the_api_gives_the_same_numbers(history, it_client) -> None:
    body = it_client.get(history.api_url).json()
    assert body["headline"]["Posts published"] == 2
    assert body["headline"]["Incidents"] == 4
    assert body["headline"]["Median reply time (hours)"] == 11
    incidents = next(s for s in body["sections"] if s["key"] == "incidents")
    assert {row["label"]: row["value"] for row in incidents["rows"]} == {
        BREAK_GLASS: 1,
        TOKEN_EXPIRING: 1,
        FAILED: 1,
        UNKNOWN: 1,
    }
    assert [(o["who"], o["rule"], o["reason"]) for o in body["overrides"]] == [
        ("Author", "propriety.no-campaign-code", FORMULA_REASON)
    ]


def test_only_records_inside_the_period_are_counted(history, it_client) -> None:
    def move(when: datetime, **record: Any) -> None:
        assert AuditRecord.objects.filter(**record).update(created_at=when) == 1

    first, crisis, refused = history.first_post, history.crisis_post, history.refused_post
    move(
        datetime(2025, 1, 31, 23, 59, tzinfo=UTC),
        action="delivery.published",
        data__post_id=first.pk,
    )
    move(datetime(2025, 1, 15, 12, tzinfo=UTC), action="post.break_glass", target_id=crisis.pk)
    move(datetime(2025, 2, 1, tzinfo=UTC), action="delivery.failed", data__post_id=refused.pk)

    january = it_client.get(history.url, {"start": "2025-01-01", "end": "2025-01-31"})
    january_page = january.content.decode()
    assert headline(january_page)["Audit records"] == "2"
    assert headline(january_page)["Posts published"] == "1"
    assert table(january_page, "incidents") == {BREAK_GLASS: ("1",)}
    assert "No reply in this period recorded how long its message waited." in january_page

    now = headline(it_client.get(history.url).content.decode())
    assert (now["Posts published"], now["Incidents"]) == ("1", "2")


def test_a_bad_period_is_explained_on_the_page_and_by_the_api(history, it_client) -> None:
    response = it_client.get(history.url, {"start": "31st June", "end": "2026-01-01"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert '<a href="#id_start">Enter the first day as a date, for example 2026-09-01</a>' in page
    assert "Posts published" not in page
    backwards = it_client.get(history.url, {"start": "2026-02-01", "end": "2026-01-01"})
    assert backwards.status_code == 400
    assert "The last day must be the same as or after the first day" in backwards.content.decode()
    too_long = it_client.get(history.url, {"start": "2020-01-01", "end": "2026-01-01"})
    assert "Choose a period of at most two years" in too_long.content.decode()
    api = it_client.get(history.api_url, {"start": "soon"})
    assert api.status_code == 400
    assert api.json() == {
        "detail": "start must be a date such as 2026-09-01, not 'soon'",
        "field": "start",
    }


def test_only_it_admins_see_the_report(history, it_client) -> None:
    publisher = Client()
    publisher.force_login(history.desk.users["publisher"])
    assert publisher.get(history.url).status_code == 403
    assert publisher.get(history.api_url).status_code == 403
    assert it_client.get(history.url).status_code == 200
    assert it_client.get(history.api_url).status_code == 200
