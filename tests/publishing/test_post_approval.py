"""Two people sign off every post; the checks decide who; an edit needs approval again."""

from __future__ import annotations

import pytest

from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.core.models import Alert
from govsocial.publishing.models import PostStatus, RiskClass
from govsocial.publishing.services import (
    post_approve,
    post_break_glass,
    post_edit,
    post_return,
    post_schedule,
    post_submit,
    version_override_warning,
)
from govsocial.records.models import AuditRecord


def test_every_save_stores_a_checks_report_on_an_immutable_version(make_post, people):
    post = make_post()
    post_edit(
        post=post,
        actor=people["author"],
        text="Click here for our new guidance: https://www.gov.uk",
    )
    first, second = post.versions.order_by("number")
    assert first.verdict == "pass" and first.text.startswith("Renewing")
    assert second.verdict == "block"
    rules = [f["rule"] for r in second.check_reports.values() for f in r["findings"]]
    assert "accessibility.link-text" in rules


def test_a_blocked_post_cannot_be_submitted(make_post, people):
    post = make_post(text="Call Jane on 07700 900123 about her claim, NI number AB123456C.")
    with pytest.raises(ApplicationError, match="cannot be submitted") as error:
        post_submit(post=post, actor=people["author"])
    assert "personal-data" in error.value.message
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT


def test_a_warning_needs_a_written_reason_before_submission(make_post, people):
    post = make_post(campaign_code="")
    with pytest.raises(ApplicationError, match="give a reason"):
        post_submit(post=post, actor=people["author"])
    version = post.versions.get()
    with pytest.raises(ApplicationError, match="at least 10 characters"):
        version_override_warning(
            version=version, rule="propriety.no-campaign-code", reason="no", actor=people["author"]
        )
    version_override_warning(
        version=version,
        rule="propriety.no-campaign-code",
        reason="Operational reminder, not part of a campaign",
        actor=people["author"],
    )
    assert post_submit(post=post, actor=people["author"]).status == PostStatus.IN_REVIEW
    assert version.overrides.get().reason == "Operational reminder, not part of a campaign"


def test_a_block_finding_cannot_be_overridden(make_post, people):
    post = make_post(text="Click here: https://www.gov.uk")
    version = post.versions.get()
    with pytest.raises(ApplicationError, match="only a warning can be overridden"):
        version_override_warning(
            version=version,
            rule="accessibility.link-text",
            reason="I really want to",
            actor=people["author"],
        )


def test_the_author_can_never_approve_their_own_post(make_post, people, make_user, organisation):
    from govsocial.accounts.roles import Role
    from govsocial.accounts.services import membership_grant

    post = make_post()
    post_submit(post=post, actor=people["author"])
    membership_grant(organisation=organisation, user=people["author"], role=Role.REVIEWER)
    with pytest.raises(PermissionDenied, match="second person"):
        post_approve(post=post, actor=people["author"])


def test_a_reviewer_approves_routine_posts_but_not_ministerial_ones(make_post, people):
    routine = make_post()
    post_submit(post=routine, actor=people["author"])
    assert post_approve(post=routine, actor=people["reviewer"]).status == PostStatus.APPROVED

    ministerial = make_post(risk_class=RiskClass.MINISTERIAL)
    post_submit(post=ministerial, actor=people["author"])
    with pytest.raises(PermissionDenied, match="senior approver"):
        post_approve(post=ministerial, actor=people["reviewer"])
    assert post_approve(post=ministerial, actor=people["senior"]).status == PostStatus.APPROVED


def test_an_escalation_routes_the_post_to_the_senior_approver(make_post, people):
    post = make_post(text="Unemployment has fallen by 42% this year, the lowest ever recorded.")
    post_submit(post=post, actor=people["author"])
    with pytest.raises(PermissionDenied, match="senior approver"):
        post_approve(post=post, actor=people["reviewer"])
    post_approve(post=post, actor=people["senior"])


def test_approval_is_of_exact_text_and_an_edit_needs_approval_again(approved_post, people):
    version = post_edit(
        post=approved_post,
        actor=people["author"],
        text=approved_post.versions.get().text + " Thanks.",
    )
    approved_post.refresh_from_db()
    assert approved_post.status == PostStatus.DRAFT
    assert approved_post.approved_version.number == 1
    with pytest.raises(ApplicationError, match="Only an approved post"):
        post_schedule(post=approved_post, actor=people["publisher"])
    post_submit(post=approved_post, actor=people["author"])
    with pytest.raises(ApplicationError, match="changed to version 2"):
        post_approve(post=approved_post, actor=people["reviewer"], version_number=1)
    assert (
        post_approve(
            post=approved_post, actor=people["reviewer"], version_number=version.number
        ).approved_version
        == version
    )


def test_returning_needs_comments_and_goes_back_to_the_author(make_post, people):
    post = make_post()
    post_submit(post=post, actor=people["author"])
    with pytest.raises(ApplicationError, match="Say what the author should change"):
        post_return(post=post, actor=people["reviewer"], comments=" ")
    post = post_return(post=post, actor=people["reviewer"], comments="Add the deadline.")
    assert post.status == PostStatus.RETURNED
    assert post.approvals.get().comments == "Add the deadline."


def test_an_announcement_without_a_parliamentary_reference_is_blocked(make_post, people):
    post = make_post(risk_class=RiskClass.ANNOUNCEMENT)
    with pytest.raises(ApplicationError, match="propriety.policy-before-parliament"):
        post_submit(post=post, actor=people["author"])


def test_break_glass_publishes_at_once_alerts_the_senior_approver_and_needs_review(
    make_post, people
):
    post = make_post(
        text="Flooding has closed the A1 at Newark. Avoid the area: https://www.gov.uk/traffic"
    )
    with pytest.raises(ApplicationError, match="at least 10 characters"):
        post_break_glass(post=post, actor=people["publisher"], reason="now")
    post = post_break_glass(
        post=post, actor=people["publisher"], reason="Road closed by flooding, drivers at risk"
    )
    assert post.status == PostStatus.SCHEDULED
    assert post.break_glass_review_due_at is not None
    alert = Alert.objects.get(kind="break_glass")
    assert alert.for_action == "approve_senior"
    assert "Road closed by flooding" in alert.message
    assert AuditRecord.objects.filter(
        action="post.break_glass", data__reason_code="crisis"
    ).exists()


def test_break_glass_is_only_for_publishers(make_post, people):
    with pytest.raises(PermissionDenied):
        post_break_glass(
            post=make_post(), actor=people["reviewer"], reason="It is very urgent indeed"
        )


def test_approval_writes_a_public_audit_record_with_the_content(approved_post):
    record = AuditRecord.objects.get(action="post.approve")
    assert record.actor_role == "reviewer"
    assert record.data["content"]["text"].startswith("Renewing")
    assert record.data["network"] == "mastodon"


def test_a_senior_approver_reviews_a_crisis_post_from_the_dashboard_alert(make_post, people):
    from django.test import Client

    post = post_break_glass(
        post=make_post(
            text="Flooding has closed the A1 at Newark. Avoid the area: https://www.gov.uk/traffic"
        ),
        actor=people["publisher"],
        reason="Road closed by flooding, drivers at risk",
    )
    senior = Client()
    senior.force_login(people["senior"])
    slug = post.organisation.slug
    page = f"/o/{slug}/posts/{post.pk}/"
    dashboard = senior.get(f"/o/{slug}/").content.decode()
    assert "Crisis post to review" in dashboard and f'href="{page}"' in dashboard
    assert "Review this crisis post" in senior.get(page).content.decode()

    answer = senior.post(page + "break-glass/review/", {"comments": "Justified: live hazard."})
    assert answer.status_code == 302 and answer["Location"] == page
    assert "Crisis post to review" not in senior.get(f"/o/{slug}/").content.decode()
    assert "Crisis publication reviewed on" in senior.get(page).content.decode()
    record = AuditRecord.objects.get(action="post.break_glass_review")
    assert record.actor == people["senior"] and record.data == {
        "comments": "Justified: live hazard."
    }


def test_only_a_senior_approver_can_review_a_crisis_post(make_post, people):
    from django.test import Client

    post = post_break_glass(
        post=make_post(
            text="Flooding has closed the A1 at Newark. Avoid the area: https://www.gov.uk/traffic"
        ),
        actor=people["publisher"],
        reason="Road closed by flooding, drivers at risk",
    )
    publisher = Client()
    publisher.force_login(people["publisher"])
    url = f"/o/{post.organisation.slug}/posts/{post.pk}/break-glass/review/"
    assert publisher.post(url, {"comments": "fine"}).status_code == 403
    assert not AuditRecord.objects.filter(action="post.break_glass_review").exists()
