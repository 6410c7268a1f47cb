"""Rules on real cases: what must fire and, as much, what must not (false positives)."""

from __future__ import annotations

import pytest

from govsocial.checks import Severity

from .conftest import rules_fired, run, text


@pytest.mark.parametrize(
    "post",
    [
        "Vote for Keir Starmer on 4 July.",
        "Proud to back the Labour government's plan for growth.",
        "The Labour-led council has opened a library.",
        "The Tories left the roads in a state.",
        "We will Get Brexit Done.",
        "Join us tonight #VoteLabour",
        "Re-elect Sam Jones on Thursday!",
        "Speech by a Lib Dem councillor.",
        "Thanks to Labour, waiting lists are falling.",
        "Under Labour the NHS improved.",
        "Cuts by the Conservatives hurt families.",
    ],
)
def test_party_political_content_is_blocked(post: str) -> None:
    report = run(text(post))
    assert "propriety.party-political" in {f.rule for f in report.blocking}


@pytest.mark.parametrize(
    "post",
    [
        "A vote of thanks to our volunteers.",
        "Labour market statistics for June are out now.",
        "The Labour Force Survey shows more people in work.",
        "Register to vote by 17 June.",
        "We elected a new chair of governors.",
        "Vote for your favourite park in the Green Flag awards.",
        "Conservative estimates put the cost at £2 million.",
        "Green spaces are open all weekend.",
        "Reform of the planning system starts today.",
        "The Alliance for Cycling meets on Monday.",
        "We mark Labour Day with our partners.",
        "Labour costs rose by 2% (ONS).",
        "The Green Paper on housing is published.",
        "He wore a plaid shirt.",
    ],
)
def test_ordinary_words_that_are_also_party_names_do_not_fire(post: str) -> None:
    assert "propriety.party-political" not in rules_fired(text(post))


def test_party_content_in_quoted_text_comments_links_and_images_is_found() -> None:
    for extra in (
        {"quoted_text": "Vote Conservative on Thursday"},
        {"comments": ["Great news", "Only the SNP cares"]},
        {"links": [{"url": "https://example.org", "text": "Paid for by the Labour Party"}]},
        {"media": [{"kind": "image", "alt": "A leaflet", "text": "Vote Reform UK"}]},
    ):
        report = run(text("Worth a read", **extra))
        finding = next(f for f in report.findings if f.rule == "propriety.party-political")
        assert finding.start is None


def test_the_span_points_at_the_party_name() -> None:
    report = run(text("Thanks to the Labour Party for the event."))
    finding = next(f for f in report.findings if f.rule == "propriety.party-political")
    assert (
        "Thanks to the Labour Party for the event."[finding.start : finding.end] == "Labour Party"
    )


def test_mentioning_or_reposting_a_partisan_account_is_blocked() -> None:
    assert "propriety.partisan-amplification" in rules_fired(text("Thanks @Conservatives"))
    assert "propriety.partisan-amplification" in rules_fired(text("Read", repost_of="@GuidoFawkes"))
    assert "propriety.partisan-amplification" in rules_fired(text("See labour.org.uk/plan"))
    assert "propriety.partisan-amplification" not in rules_fired(text("Thanks @DVSAgovuk"))


def test_minister_view_escalates_but_a_visit_does_not() -> None:
    quote = text('"This will make roads safer," said the Secretary of State.')
    assert "propriety.minister-view" in rules_fired(quote)
    assert "propriety.minister-view" in rules_fired(text("Rachel Reeves welcomed the figures."))
    assert "propriety.minister-view" not in rules_fired(text("The minister opened a school."))
    announced = text("The Home Secretary has announced new measures on knife crime.")
    assert "propriety.minister-view" not in rules_fired(announced)
    assert "propriety.minister-view" not in rules_fired(text("The Vice-Chancellor said hello."))


def test_polemical_tone_needs_a_named_target() -> None:
    assert "propriety.polemical-tone" in rules_fired(text("The opposition's plan is reckless."))
    assert "propriety.polemical-tone" in rules_fired(text("Shameful behaviour from @someone."))
    assert "propriety.polemical-tone" not in rules_fired(text("Fly-tipping is shameful."))
    assert "propriety.polemical-tone" not in rules_fired(text("Expect disruption on the A30."))


def test_policy_announcement_scheduled_before_the_statement_is_blocked() -> None:
    draft = text(
        "New rules for e-scooters.",
        tags=["new_policy_announcement"],
        parliamentary_reference={"reference": "HCWS9", "published_at": "2026-06-01T10:30Z"},
    )
    report = run(draft)
    finding = next(f for f in report.findings if f.rule == "propriety.policy-before-parliament")
    assert "HCWS9" in finding.message
    recess = text(
        "New rules.",
        tags=["new_policy_announcement"],
        parliamentary_reference={
            "reference": "PN1",
            "recess": True,
            "select_committee_copied": True,
        },
    )
    finding = next(
        f for f in run(recess).findings if f.rule == "propriety.policy-before-parliament"
    )
    assert "Library" in finding.message and "select committee" not in finding.message


@pytest.mark.parametrize(
    "post",
    [
        "1 in 4 adults have not had a flu jab.",
        "Waiting lists have halved since March.",
        "We have invested £2.5 billion in rail.",
        "More than 27,000 homes now have fibre.",
        "The UK's largest wind farm opens today.",
        "Visitor numbers were the highest ever.",
    ],
)
def test_unsourced_statistics_escalate(post: str) -> None:
    assert "propriety.unsourced-statistic" in rules_fired(text(post))


@pytest.mark.parametrize(
    "post",
    [
        "The A38 is closed from 8pm until 6am.",
        "Call 0300 123 4567 on 4 June 2026.",
        "Fines of up to £1,000 apply.",
        "The highest point in Cornwall is Brown Willy.",
        "Apply by 30 June: https://www.gov.uk/apply",
        "1 in 3 adults do not get enough sleep. Source: NHS Digital survey 2025.",
    ],
)
def test_times_dates_phone_numbers_and_sourced_figures_are_not_statistics(post: str) -> None:
    assert "propriety.unsourced-statistic" not in rules_fired(text(post))


@pytest.mark.parametrize(
    ("post", "rule"),
    [
        ("Your NI number AB123456C is on file", "personal-data.national-insurance"),
        ("NHS number 943 476 5870", "personal-data.nhs-number"),
        ("UTR 1955839661", "personal-data.utr"),
        ("Call me on +44 7700 900123", "personal-data.phone"),
        ("Contact John Smith on 0113 496 0000", "personal-data.phone"),
        ("Contact jane.smith@example.com", "personal-data.email"),
        ("Flat 2, 14 Church Street, Truro TR1 2AB", "personal-data.address"),
    ],
)
def test_personal_identifiers_are_blocked(post: str, rule: str) -> None:
    report = run(text(post))
    assert rule in {f.rule for f in report.blocking}


@pytest.mark.parametrize(
    "post",
    [
        "Your order number 1234567890 has been dispatched.",  # fails mod 11: not an NHS number
        "Prefix QQ123456E is not a National Insurance number.",  # suffix must be A to D
        "Call us on 0300 123 4567 or 0800 123 4567.",
        "Call our Leeds office on 0113 496 0000.",
        "Closed today. Call 01872 322000 for help.",
        "Tel: 020 7946 0000",
        "Email enquiries@dvla.gov.uk or press@example.org.",
        "Flooding affects TR1 2AB this week.",
    ],
)
def test_official_contact_details_and_look_alikes_are_not_personal_data(post: str) -> None:
    assert not any(rule.startswith("personal-data.") for rule in rules_fired(text(post)))


def test_a_number_the_register_publishes_is_allowed() -> None:
    register = {"accounts": [{"handle": "@Council", "public_contacts": ["07700 900555"]}]}
    draft = text("Text the team on 07700 900555", account="@Council", context=register)
    assert "personal-data.phone" not in rules_fired(draft)


def test_an_unknown_identifier_kind_from_the_shared_detector_still_blocks(monkeypatch) -> None:
    from govsocial.analysis.personal_data import PersonalDataMatch
    from govsocial.checks.rules import personal_data

    def detector(value: str, **_: object) -> list[PersonalDataMatch]:
        return [PersonalDataMatch(kind="passport", start=0, end=4, text=value[:4])]

    monkeypatch.setattr(personal_data, "find_personal_data", detector)
    report = run(text("X123456 passport"))
    assert "personal-data.other" in {f.rule for f in report.blocking}


def test_individual_case_reply_warns_with_a_template_only_for_replies() -> None:
    reply = text("Your tax refund is on its way.", in_reply_to="@citizen")
    finding = next(f for f in run(reply).findings if f.rule == "personal-data.individual-case")
    assert finding.severity is Severity.WARN and "https://www.gov.uk/contact" in finding.message
    assert "personal-data.individual-case" not in rules_fired(text("Your tax refund guide."))


@pytest.mark.parametrize("alt", [None, "", "image", "Photo.", "IMG_1234.JPG", "DSC00042", "..."])
def test_images_without_real_alt_text_are_blocked(alt: str | None) -> None:
    draft = text("Photo", media=[{"kind": "image", "alt": alt}])
    assert "accessibility.missing-alt-text" in rules_fired(draft)


def test_alt_text_over_the_platform_limit_is_blocked_and_long_alt_text_warns() -> None:
    long_alt = "A chart of monthly figures. " * 40
    draft = text("Chart", platform="x", media=[{"kind": "image", "alt": long_alt}])
    fired = rules_fired(draft)
    assert {"limits.alt-text-length", "accessibility.long-alt-text"} <= fired


@pytest.mark.parametrize(
    ("post", "expected"),
    [
        ("Find out more here: https://www.gov.uk/x", True),
        ("Apply here https://www.gov.uk/x", True),
        ("Tap here to book", True),
        ("Link in bio", True),
        ("Here is the latest guidance: https://www.gov.uk/x", False),
        ("We are here to help", False),
        ("More information here in Wales soon", False),
    ],
)
def test_link_text(post: str, expected: bool) -> None:
    assert ("accessibility.link-text" in rules_fired(text(post))) is expected


def test_hashtag_camelcase_suggests_the_fix_and_ignores_single_words() -> None:
    report = run(text("Support week #mentalhealthawareness"))
    finding = next(f for f in report.findings if f.rule == "accessibility.hashtag-camelcase")
    assert "#MentalHealthAwareness" in finding.message
    for tag in ("#cornwall", "#brexit", "#covid", "#nhs", "#facebook", "#MentalHealth"):
        assert "accessibility.hashtag-camelcase" not in rules_fired(text(f"News {tag}"))


@pytest.mark.parametrize("tag", ["#roadsafety", "#costofliving", "#wearehiring", "#staysafe"])
def test_run_together_lowercase_hashtags_warn(tag: str) -> None:
    assert "accessibility.hashtag-camelcase" in rules_fired(text(f"News {tag}"))


def test_text_symbols_are_not_counted_as_emoji() -> None:
    assert not any("emoji" in r for r in rules_fired(text("© Crown copyright ™ 2026")))


@pytest.mark.parametrize("post", ["Ｆｕｌｌｗｉｄｔｈ", "Ⓒⓘⓡⓒⓛⓔⓓ", "ꜱᴍᴀʟʟ ᴄᴀᴘꜱ", "𝒮𝒸𝓇𝒾𝓅𝓉"])
def test_fancy_unicode_letters_are_blocked(post: str) -> None:
    assert "accessibility.fancy-font" in rules_fired(text(post))


def test_plain_accented_and_welsh_text_is_not_fancy() -> None:
    assert "accessibility.fancy-font" not in rules_fired(text("Croeso i Gymru – café, naïve, Ŵ ŷ"))


def test_acronyms_explained_well_known_or_shouted_do_not_fire() -> None:
    assert "style.acronym" not in rules_fired(text("The NHS and HMRC are open."))
    assert "style.acronym" not in rules_fired(text("IMPORTANT: roads are closed."))
    assert "style.acronym" not in rules_fired(text("NEW: apply online from today."))
    assert "style.acronym" not in rules_fired(text("Environment Agency (EA) warnings. The EA says"))
    assert "style.acronym" not in rules_fired(text("King Charles III visited."))
    assert "style.acronym" in rules_fired(text("Check with the EA first."))


@pytest.mark.parametrize(
    ("post", "expected"),
    [
        ("Key dates for applicants", True),
        ("Lost your car key? Report it.", False),
        ("Key Stage 2 results are out.", False),
        ("This will drive growth in the region.", True),
        ("Drive carefully in the snow.", False),
        ("We will tackle fly-tipping.", True),
        ("A late tackle in the match.", False),
        ("We will leverage partnerships.", True),
        ("The Chancellor will deliver the Budget on 26 November.", False),
        ("Planning committee meeting: agenda published.", False),
        ("Our agenda for growth.", True),
    ],
)
def test_words_to_avoid_except_literal_uses(post: str, expected: bool) -> None:
    assert ("style.words-to-avoid" in rules_fired(text(post))) is expected


@pytest.mark.parametrize(
    ("post", "rule"),
    [
        ("Open 9am-5pm", "style.range-dash"),
        ("Results for 2024-25 are out.", "style.range-dash"),
        ("Closing on 4th June", "style.date-format"),
        ("Closing on 04/06/2026", "style.date-format"),
        ("Open at 9 AM", "style.time-format"),
        ("Closes at 12am", "style.time-format"),
        ("Opens at 12 noon", "style.time-format"),
        ("Opens at 10:00am", "style.time-format"),
        ("It is recommended that you book early.", "style.passive-voice"),
    ],
)
def test_gov_uk_style_points(post: str, rule: str) -> None:
    assert rule in rules_fired(text(post))


def test_correct_gov_uk_style_passes_the_style_rules() -> None:
    post = "Open 9am to 5:30pm, Monday to Friday, from 4 June 2026. We approved the plan."
    assert not any(r.startswith("style.") for r in rules_fired(text(post)))


def test_warn_only_reports_need_an_override_and_blocks_cannot_be_overridden() -> None:
    warned = run({"text": "Book your theory test online."})
    assert warned.verdict is Severity.WARN and warned.needs_override() and warned.publishable
    blocked = run(text("Vote Labour!"))
    assert blocked.verdict is Severity.BLOCK and blocked.blocking and not blocked.needs_override()
    assert not blocked.publishable
    clean = run(text("Book your theory test online."))
    assert clean.verdict is Severity.PASS and clean.to_dict()["findings"] == []
