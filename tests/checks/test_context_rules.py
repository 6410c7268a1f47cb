"""Rules that depend on context: election periods, the account register, platform limits."""

from __future__ import annotations

from datetime import UTC, datetime

from govsocial.checks import Severity

from .conftest import rules_fired, run, text

PERIOD = {
    "name": "General election 2026",
    "kind": "general",
    "start": "2026-06-01",
    "end": "2026-07-02",
    "approved_campaigns": ["C-SAFE"],
}


def test_the_period_starts_at_00_01_uk_time_on_its_first_day() -> None:
    before = {"periods": [PERIOD], "now": datetime(2026, 5, 31, 22, 59, tzinfo=UTC)}
    after = {"periods": [PERIOD], "now": datetime(2026, 5, 31, 23, 1, tzinfo=UTC)}  # 00:01 BST
    assert "election.restricted-period" not in rules_fired(text("Roads closed.", context=before))
    assert "election.restricted-period" in rules_fired(text("Roads closed.", context=after))


def test_the_period_runs_to_the_end_of_its_last_day() -> None:
    last = {"periods": [PERIOD], "now": datetime(2026, 7, 2, 22, 30, tzinfo=UTC)}  # 23:30 BST
    over = {"periods": [PERIOD], "now": datetime(2026, 7, 2, 23, 30, tzinfo=UTC)}
    assert "election.restricted-period" in rules_fired(text("Roads closed.", context=last))
    assert "election.restricted-period" not in rules_fired(text("Roads closed.", context=over))


def test_a_post_scheduled_into_the_period_is_checked_at_its_publish_time() -> None:
    early = {"periods": [PERIOD], "now": datetime(2026, 5, 1, 9, tzinfo=UTC)}
    draft = text("Roads closed.", scheduled_at="2026-06-10T09:00Z", context=early)
    assert "election.restricted-period" in rules_fired(draft)


def test_essential_operational_posts_escalate_instead_of_blocking() -> None:
    report = run(
        text(
            "Roads closed.",
            tags=["essential_operational"],
            campaign_code="C-SAFE",
            context={"periods": [PERIOD]},
        )
    )
    assert report.verdict is Severity.ESCALATE
    assert "Director of Communications" in report.escalations[0].message


def test_politician_handles_and_reposts_are_blocked_in_the_period() -> None:
    context = {"periods": [PERIOD]}
    mention = text("Thanks @RishiSunak", tags=["essential_operational"], context=context)
    repost = text(
        "Worth reading", repost_of="@KemiBadenoch", tags=["essential_operational"], context=context
    )
    assert "election.mentions-politician" in rules_fired(mention)
    assert "election.mentions-politician" in rules_fired(repost)


def test_an_approved_campaign_may_continue_but_others_pause() -> None:
    context = {"periods": [PERIOD]}
    approved = text(
        "Flood advice.", tags=["essential_operational"], campaign_code="C-SAFE", context=context
    )
    other = text(
        "Flood advice.", tags=["essential_operational"], campaign_code="C-NEW", context=context
    )
    assert "election.unapproved-campaign" not in rules_fired(approved)
    assert "election.unapproved-campaign" in rules_fired(other)


REGISTER = {
    "handle": "@Dept",
    "owning_unit": "Comms",
    "owner": "Sam Patel",
    "staffed_hours": "9am to 5pm",
    "house_rules_url": "https://www.gov.uk/dept/social-media-use",
    "two_factor": True,
}


def test_the_register_entry_must_record_2fa_and_its_message_lists_the_gaps() -> None:
    entry = {**REGISTER, "two_factor": False, "owner": None}
    report = run(text("Hello", account="@Dept", context={"accounts": [entry]}))
    finding = next(f for f in report.findings if f.rule == "account.register-incomplete")
    assert "named owner" in finding.message and "two-factor" in finding.message


def test_handles_match_the_register_without_the_at_sign_or_case() -> None:
    report = run(text("Hello", account="dept", context={"accounts": [REGISTER]}))
    assert not {f.rule for f in report.findings} & {"account.not-registered"}


def test_automated_posts_need_a_flagged_and_labelled_account() -> None:
    unlabelled = {**REGISTER, "automated": True}
    labelled = {**REGISTER, "automated": True, "automated_label": True}
    draft = {"automated": True, "account": "@Dept"}
    fired = rules_fired(text("Feed item", **draft, context={"accounts": [unlabelled]}))
    assert "account.automated-post" in fired
    fired = rules_fired(text("Feed item", **draft, context={"accounts": [labelled]}))
    assert "account.automated-post" not in fired


def test_paid_partnership_found_from_the_label_and_asks_for_the_spend_code() -> None:
    report = run(text("Learning to swim with @creator #ad"))
    finding = next(f for f in report.findings if f.rule == "account.paid-partnership")
    assert finding.severity is Severity.ESCALATE and "spend code" in finding.message
    flagged = run(text("Learning to swim", paid_partnership=True, spend_code="SP-1"))
    finding = next(f for f in flagged.findings if f.rule == "account.paid-partnership")
    assert "label" in finding.message
    assert "account.paid-partnership" not in rules_fired(text("Add this to your #AdventCalendar"))


def test_instagram_hashtag_cap_and_preview() -> None:
    tags = " ".join(f"#Tag{i}" for i in range(31))
    fired = rules_fired(text(f"Photos. {tags}", platform="instagram"))
    assert "limits.hashtag-cap" in fired
    assert "limits.hashtag-cap" not in rules_fired(text(f"Photos. {tags}", platform="x"))


def test_youtube_title_is_checked_separately_from_the_description() -> None:
    fired = rules_fired(text("Short description", platform="youtube", title="T" * 101))
    assert "limits.title-length" in fired and "limits.post-length" not in fired
