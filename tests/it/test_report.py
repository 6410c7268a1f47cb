"""The risk, benefit and cost report: numbers from the audit trail, charts with tables, CSV, PDF."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from govsocial.accounts.roles import Role
from govsocial.it.report import Record, summarise
from govsocial.records.events import AuditAction
from govsocial.records.models import AuditRecord
from govsocial.records.services import audit_record


@pytest.fixture
def history(organisation, make_user, make_account):
    """A month of work: publishing, checks, an override, moderation and incidents."""
    publisher = make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    author = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    account = make_account(organisation, owner=publisher, handle="@dept@social.example")
    records = [
        (author, Role.AUTHOR, "post.create", {"account_ids": [account.pk]}),
        (
            author,
            Role.AUTHOR,
            "post.check",
            {
                "findings": [
                    {"rule": "personal_data.phone", "severity": "BLOCK"},
                    {"rule": "propriety.party_name", "severity": "ESCALATE"},
                    {"rule": "style.hashtag_case", "severity": "WARN"},
                ]
            },
        ),
        (
            author,
            Role.AUTHOR,
            "post.override_warning",
            {"rule": "style.hashtag_case", "reason": '=HYPERLINK("x") campaign hashtag is fixed'},
        ),
        (publisher, Role.PUBLISHER, "delivery.published", {"account_id": account.pk}),
        (publisher, Role.PUBLISHER, "delivery.published", {"account_id": account.pk}),
        (publisher, Role.PUBLISHER, "post.break_glass", {"reason_code": "emergency"}),
        (
            publisher,
            Role.PUBLISHER,
            "moderation.hide",
            {"account_id": account.pk, "reason_code": "abuse"},
        ),
        (
            publisher,
            Role.PUBLISHER,
            "moderation.hide",
            {"account_id": account.pk, "reason_code": "abuse"},
        ),
        (None, "", "delivery.duplicate_prevented", {"account_id": account.pk}),
        (publisher, Role.PUBLISHER, "inbound_item.reply", {"response_seconds": 7200}),
    ]
    with transaction.atomic():
        for actor, role, action, data in records:
            audit_record(
                organisation=organisation, actor=actor, actor_role=role, action=action, data=data
            )
    return {"organisation": organisation, "account": account}


@pytest.fixture
def it_client(client: Client, make_user, organisation) -> Client:
    client.force_login(make_user("ira", organisation=organisation, role=Role.IT_ADMIN))
    return client


def test_the_report_page_shows_each_section_as_a_chart_with_its_table(history, it_client) -> None:
    slug = history["organisation"].slug
    response = it_client.get(f"/o/{slug}/it/report/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Risk, benefit and cost report</h1>' in page
    for label, value in [
        ("Posts published", "2"),
        ("Findings that blocked a post", "1"),
        ("Findings escalated for approval", "1"),
        ("Moderation actions", "2"),
        ("Incidents", "2"),
        ("Replies sent", "1"),
        ("Median reply time (hours)", "2"),
    ]:
        assert (
            f'<dt class="govuk-summary-list__key">{label}</dt>\n'
            f'    <dd class="govuk-summary-list__value">{value}</dd>'
        ) in page, label
    assert page.count('<svg class="govsocial-chart"') >= 6
    assert '<th scope="row" class="govuk-table__header">personal_data.phone</th>' in page
    assert '<th scope="row" class="govuk-table__header">hide: abuse</th>' in page
    assert "Break-glass posts (published at once in a crisis)" in page
    assert "Duplicate publishes caught" in page
    assert "@dept@social.example (mastodon)" in page
    assert "campaign hashtag is fixed" in page  # the override and its reason
    assert "<script" not in page.split('id="main-content"')[1].split("</main>")[0]


def test_the_csv_has_every_number_and_override_and_is_safe_to_open(history, it_client) -> None:
    slug = history["organisation"].slug
    today = timezone.now().date()
    response = it_client.get(
        f"/o/{slug}/it/report/",
        {
            "start": (today - timedelta(days=7)).isoformat(),
            "end": today.isoformat(),
            "format": "csv",
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'attachment; filename="govsocial-report-department-for-testing-'
        in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["headline", "Posts published", "2", ""] in rows
    assert ["Findings that blocked a post, by rule", "personal_data.phone", "1", ""] in rows
    overrides = [r for r in rows if r[0] == "override" and r[2] == "style.hashtag_case"]
    assert overrides[0][3] == "Ada"
    assert overrides[0][4].startswith("'=HYPERLINK")  # shown as text, never run as a formula


def test_the_pdf_downloads(history, it_client) -> None:
    response = it_client.get(
        f"/o/{history['organisation'].slug}/it/report/",
        {"format": "pdf", "start": "2026-01-01", "end": "2026-12-31"},
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 1500


def test_records_outside_the_period_are_not_counted(history, it_client) -> None:
    AuditRecord.objects.filter(action="delivery.published").update(
        created_at=datetime(2025, 1, 15, 12, tzinfo=UTC)
    )
    page = it_client.get(
        f"/o/{history['organisation'].slug}/it/report/",
        {"start": "2025-01-01", "end": "2025-01-31"},
    ).content.decode()
    assert (
        '<dt class="govuk-summary-list__key">Audit records</dt>\n    <dd class="govuk-summary-list__value">2</dd>'
        in page
    )


def test_a_bad_period_is_explained_and_nothing_breaks(history, it_client) -> None:
    slug = history["organisation"].slug
    response = it_client.get(f"/o/{slug}/it/report/", {"start": "31st June", "end": "2026-01-01"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    assert '<a href="#id_start">Enter the first day as a date, for example 2026-09-01</a>' in page
    backwards = it_client.get(f"/o/{slug}/it/report/", {"start": "2026-02-01", "end": "2026-01-01"})
    assert "The last day must be the same as or after the first day" in backwards.content.decode()


def test_only_it_admins_see_the_report(history, client: Client, author) -> None:
    client.force_login(author)
    assert client.get(f"/o/{history['organisation'].slug}/it/report/").status_code == 403


def test_the_summary_reads_findings_written_as_plain_rule_names() -> None:
    moment = datetime(2026, 3, 4, 10, tzinfo=UTC)
    record = Record(
        moment, "inbound_item.reply", "Ada", 1, "author", "", {"findings": ["style.caps"]}
    )
    report = summarise(
        [record],
        organisation="Dept",
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        account_names={},
        generated_at=moment,
    )
    assert [r.label for r in report.section("warnings").rows] == ["style.caps"]
    assert [r.label for r in report.section("roles").rows] == ["Author"]
    assert report.section("activity").total == 1


def test_check_verdicts_on_drafts_are_counted(history, it_client) -> None:
    with transaction.atomic():
        for verdict in ("block", "block", "pass"):
            audit_record(
                organisation=history["organisation"],
                actor=None,
                action=AuditAction.POST_CREATE,
                data={"version": 1, "verdict": verdict},
            )
    page = it_client.get(f"/o/{history['organisation'].slug}/it/report/").content.decode()
    assert '<th scope="row" class="govuk-table__header">Blocked until changed</th>' in page
    assert "Checks on each draft and edit, by outcome" in page


def test_the_api_gives_the_reports_numbers(history, it_client) -> None:
    slug = history["organisation"].slug
    body = it_client.get(f"/api/v1/organisations/{slug}/it/report").json()
    assert body["headline"]["Posts published"] == 2
    moderation = next(s for s in body["sections"] if s["key"] == "moderation")
    assert moderation["rows"] == [{"label": "hide: abuse", "value": 2, "note": ""}]
    bad = it_client.get(f"/api/v1/organisations/{slug}/it/report", {"start": "soon"})
    assert bad.status_code == 400
    assert bad.json() == {
        "detail": "start must be a date such as 2026-09-01, not 'soon'",
        "field": "start",
    }
