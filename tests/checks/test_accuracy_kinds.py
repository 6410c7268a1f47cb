"""The kinds of miss the held-out set showed after the rule branches merged (issue 13, the
accuracy follow-up): each kind is caught in several wordings, and its look-alikes pass."""

from __future__ import annotations

import pytest

from .conftest import rules_fired, run, text

PARTY = "propriety.party-political"
LINK_TEXT = "accessibility.link-text"
STATISTIC = "propriety.unsourced-statistic"
EMAIL = "personal-data.email"
PHONE = "personal-data.phone"


@pytest.mark.parametrize(
    "post",
    [
        "The Tory-led administration has agreed a new waste contract.",
        "A Labour-run council has opened three new family hubs this year.",
        "The SNP-backed budget includes money for school repairs.",
        "Conservative-controlled Kent County Council has set its budget.",
        "Lib Dem-held wards will see the new bins first.",
    ],
)
def test_a_party_in_a_compound_is_blocked(post: str) -> None:
    assert PARTY in rules_fired(text(post))


@pytest.mark.parametrize(
    "post",
    [
        "Hedge laying is labour-intensive work, so volunteers are very welcome.",
        "Try these labour-saving tips for clearing snow from your drive.",
        "Community-led housing schemes can apply for a start-up grant.",
    ],
)
def test_compounds_of_ordinary_words_pass(post: str) -> None:
    assert PARTY not in rules_fired(text(post))


@pytest.mark.parametrize(
    "post",
    [
        "The consultation paper is here for you to read https://www.leeds.gov.uk/consult",
        "The annual report is here to download: https://www.gov.uk/annual-report",
        "The plans are here for residents to look at online → https://www.kent.gov.uk/plans",
        "Want the bus timetable? Find it here: https://www.firstbus.co.uk/leeds",
    ],
)
def test_here_with_only_what_to_do_before_a_url_is_vague_link_text(post: str) -> None:
    assert LINK_TEXT in rules_fired(text(post))


@pytest.mark.parametrize(
    "post",
    [
        "We're here to help: https://www.gov.uk/help-with-cost-of-living",
        "We're here for you: https://www.nhs.uk/mental-health",
        "We're here to help. Find support at https://www.gov.uk/help",
    ],
)
def test_here_about_the_team_is_not_link_text(post: str) -> None:
    assert LINK_TEXT not in rules_fired(text(post))


@pytest.mark.parametrize(
    "post",
    [
        "One in five children in the borough now walks to school.",
        "Eight out of ten pupils took part in the walk to school week.",
        "Three quarters of tenants say they are happy with repairs.",
        "Two thirds of drivers in the county now use the park and ride.",
        "Half of all homes in the village now have solar panels.",
        "More than half of our buses are now electric.",
    ],
)
def test_a_share_in_words_with_no_source_is_escalated(post: str) -> None:
    assert STATISTIC in rules_fired(text(post))


@pytest.mark.parametrize(
    "post",
    [
        "Allow three quarters of an hour for the walk round the reservoir.",
        "We're a quarter of the way through the resurfacing works.",
        "Half of the car park at Riverside is closed for resurfacing on Sunday.",
        "Half term starts on Monday.",
        "One in, one out at the recycling centre on busy days.",
        "One in five children walks to school (source: https://www.gov.uk/travel-survey).",
    ],
)
def test_measures_and_sourced_shares_pass(post: str) -> None:
    assert STATISTIC not in rules_fired(text(post))


@pytest.mark.parametrize(
    "post, rule",
    [
        ("Thanks Ms Reid, your NI number QQ 65 43 21 A is on your claim.", "national-insurance"),
        ("Mr Shah, please quote your UTR 98765 43210 when you ring.", "utr"),
        ("Your Unique Taxpayer Reference, 5432109876, is on the letter.", "utr"),
        ("Patient NHS number: 401 023 2138. We have rebooked you.", "nhs-number"),
    ],
)
def test_a_number_named_as_an_identifier_is_blocked_as_that_identifier(
    post: str, rule: str
) -> None:
    assert f"personal-data.{rule}" in rules_fired(text(post))


@pytest.mark.parametrize(
    "post",
    [
        "Please email us from jenny.taylor1979@gmail.com so we can find your booking.",
        "Email us at parishclerk at hotmail dot com.",
        "Our volunteer coordinator is on patsmith.volunteers@outlook.com if you want to help.",
    ],
)
def test_a_webmail_address_is_blocked_however_it_is_introduced(post: str) -> None:
    assert EMAIL in rules_fired(text(post))


def test_a_webmail_address_the_account_lists_as_its_own_passes() -> None:
    register = {
        "handle": "@LittleHadhamPC",
        "owning_unit": "Parish council",
        "owner": "Parish clerk",
        "staffed_hours": "Tuesdays",
        "house_rules_url": "https://littlehadham.example/social",
        "two_factor": True,
        "public_contacts": ["littlehadhampc@gmail.com"],
    }
    draft = {
        "text": "Email us at littlehadhampc@gmail.com",
        "account": "@LittleHadhamPC",
        "context": {"accounts": [register]},
    }
    assert EMAIL not in rules_fired(draft)


@pytest.mark.parametrize(
    "post",
    [
        "Questions about the works? Email m6j19.improvements@nationalhighways.co.uk.",
        "Worried about a child? Email childrens.frontdoor@york.gov.uk.",
        "The ward 7 team can be reached at ward7.surgical@nhs.net.",
        "Report abandoned vehicles to roads.policing@westmidlands.police.uk.",
        "Take part in the study: email active.travel.survey@bristol.ac.uk.",
    ],
)
def test_team_and_project_mailboxes_of_public_bodies_pass(post: str) -> None:
    assert EMAIL not in rules_fired(text(post))


def test_a_named_officers_address_at_a_public_body_is_blocked() -> None:
    post = "Contact the project manager, gary.hughes@nationalhighways.co.uk, about your land."
    assert EMAIL in rules_fired(text(post))


def test_a_number_said_to_be_someones_mobile_is_blocked_after_ring_our() -> None:
    report = run(text("Ring our officer Sue on her mobile 07700 900777."))
    assert PHONE in {finding.rule for finding in report.findings}


def test_a_number_the_post_gives_as_its_own_still_passes() -> None:
    assert PHONE not in rules_fired(text("Ring our highways team on 01872 224000."))
