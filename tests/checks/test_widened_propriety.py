"""The propriety and link-text rules widened by kind (issue 13): each kind fires where it should
and stays quiet on the ordinary public-sector posts that look like it."""

from __future__ import annotations

import pytest

from govsocial.checks import Severity

from .conftest import rules_fired, run, text

PARTY = "propriety.party-political"
POLEMICAL = "propriety.polemical-tone"
LINK_TEXT = "accessibility.link-text"


@pytest.mark.parametrize(
    "post",
    [
        "Labour's plan for growth is bringing jobs to Teesside.",
        "The Conservatives' record on potholes speaks for itself.",
        "Conservative's promise kept: weekly bin collections stay.",
        "The Greens' proposal for a clean air zone has been adopted.",
        "Reform's new approach to council spending starts today.",
        "Plaid's policy on free school meals is now in place.",
        "The Liberals' scheme for free parking starts next month.",
        "It was the Greens' idea, and now every school has a cycle shelter.",
    ],
)
def test_a_partys_possessive_is_blocked_even_at_the_start_of_a_sentence(post: str) -> None:
    assert PARTY in {f.rule for f in run(text(post)).blocking}


@pytest.mark.parametrize(
    "post",
    [
        "Sarah Green's painting is on display at the library.",
        "Mr Green's allotment won first prize at the show.",
        "The Greens' Lane car park is closed.",
        "Labour's share of national income has fallen, the ONS says (source: ONS).",
        "Reform's impact on the care sector is discussed in the report.",
        "New Labour Force Survey estimates for the region are out.",
        "Mr Labour's retirement party was held at the depot.",
        "Dr Green's surgery on Mill Street has new opening hours.",
    ],
)
def test_names_places_and_economics_that_look_like_possessives_pass(post: str) -> None:
    assert PARTY not in rules_fired(text(post))


@pytest.mark.parametrize(
    "tag",
    [
        "#LabourDelivers",
        "#labourdelivers",
        "#ToriesOut",
        "#SNPGov",
        "#SNPGovernment",
        "#LibDemFightback",
        "#ReformUK",
        "#GreenPartyWins",
        "#VotePlaid",
        "#BackingLabour",
        "#ConservativeCouncil",
        "#TorySleaze",
        "#ProudOfPlaid",
        "#ReformWorks",
    ],
)
def test_party_hashtags_are_blocked(tag: str) -> None:
    report = run(text(f"New bus routes start on Monday. {tag}"))
    finding = next(f for f in report.blocking if f.rule == PARTY)
    assert f"New bus routes start on Monday. {tag}"[finding.start : finding.end] == tag


@pytest.mark.parametrize(
    "tag",
    ["#LabourMarket", "#GreenWaste", "#GreenerLeeds", "#GreenFlag", "#TeamGreen", "#ReformingCare"],
)
def test_hashtags_with_a_party_word_in_an_ordinary_sense_pass(tag: str) -> None:
    assert PARTY not in rules_fired(text(f"Figures and events this week. {tag}"))


@pytest.mark.parametrize(
    "post",
    [
        '"Vote for us on Thursday and we will keep every library open," said Cllr Ellis.',
        'Cllr Evans said: "Vote for me next week and the potholes will be fixed."',
        '"Give us your vote and we\'ll keep the pool open," the mayor said.',
        "Don't forget to vote for our candidate in the Riverside by-election.",
        "Put your cross next to our candidate on polling day.",
        "Use your vote for the Independents on Thursday.",
        "Back Tom Hughes for police and crime commissioner on 2 May.",
        "Support Jane Okafor for Mayor of the West Midlands on 2 May.",
        "Remember to vote for Councillor Sue Briggs in the Castle ward on Thursday.",
        '"Back us on polling day and the leisure centre stays open," said the leader.',
    ],
)
def test_calls_to_vote_block_even_when_quoted_and_naming_no_party(post: str) -> None:
    report = run(text(post))
    assert report.verdict is Severity.BLOCK
    assert PARTY in {f.rule for f in report.blocking}


@pytest.mark.parametrize(
    "post",
    [
        "Vote for us in the Muddy Stilettos Awards!",
        "Please vote for us! We've been shortlisted for Britain in Bloom.",
        "Vote for your favourite park in the People's Choice Award.",
        "Use your vote on Thursday. Polling stations are open 7am to 10pm.",
        "Give us your views on the budget.",
        "Back British Farming Day is on 11 September.",
        "Support Small Business Saturday on 6 December.",
        "Use your vote for the first time? Here's what to bring to the polling station.",
        "Support us on Giving Tuesday by donating to the Lord Mayor's charity appeal.",
        "Vote for Councillor Ahmed as Volunteer of the Year in our community awards.",
    ],
)
def test_awards_votes_and_election_reminders_are_not_calls_to_vote(post: str) -> None:
    assert PARTY not in rules_fired(text(post))


@pytest.mark.parametrize(
    "post",
    [
        "The TaxPayers' Alliance is spreading misleading claims about our budget.",
        "The Alliance of British Drivers has got its facts wrong about speed cameras.",
        "FairFuelUK is peddling myths about our clean air zone.",
        "The Countryside Alliance is deliberately distorting what we said.",
        "The Freight Transport Association's campaign is cynical and dishonest.",
        "Don't believe the Residents Against Cycle Lanes group and their false claims.",
        "The AA's latest survey is a load of rubbish.",
        "We won't be lectured by the Road Haulage Association on road damage.",
        "The Federation of Small Businesses has chosen to mislead its members.",
    ],
)
def test_attacks_on_named_campaign_groups_escalate(post: str) -> None:
    assert POLEMICAL in {f.rule for f in run(text(post)).escalations}


@pytest.mark.parametrize(
    "post",
    [
        "We met the Alliance of British Drivers today and agreed to share our speed data.",
        "The Campaign for Better Transport has praised the new bus timetable.",
        "Thanks to the RAC for sharing our winter driving advice.",
        "Fraudsters are spreading misinformation while pretending to be HMRC.",
        "Two men were arrested for drug peddling in Luton.",
        "Myths about the MMR vaccine are common. Get the facts from the NHS.",
        "Trading Standards warns that adverts which mislead consumers are illegal.",
        "Rubbish collections are back to normal. Thanks to Biffa crews for working late.",
    ],
)
def test_neutral_mentions_partnerships_and_scam_warnings_do_not_escalate(post: str) -> None:
    assert POLEMICAL not in rules_fired(text(post))


@pytest.mark.parametrize(
    ("post", "phrase"),
    [
        ("The consultation is here https://www.essex.gov.uk/consultation", "here"),
        ("Everything you need to know is here 👉 https://www.nhs.uk/flu", "here"),
        ("Our Christmas opening times here - https://www.leeds.gov.uk/christmas", "here"),
        ("Book your jab here https://www.nhs.uk/book-a-vaccine", "here"),
        ("Here → https://www.gov.uk/vehicle-tax", "Here"),
    ],
)
def test_here_just_before_a_bare_url_is_blocked_as_link_text(post: str, phrase: str) -> None:
    finding = next(f for f in run(text(post)).blocking if f.rule == LINK_TEXT)
    assert post[finding.start : finding.end] == phrase


@pytest.mark.parametrize(
    "post",
    [
        "Scam warning: fake toll texts are circulating. Do not click the link.",
        "Here's how to apply: https://www.gov.uk/apply",
        "Everything you need is on our website: https://www.gov.uk/apply",
        "Hear from our apprentices here at the open day. https://www.truro-penwith.ac.uk",
    ],
)
def test_warnings_not_to_click_and_here_elsewhere_are_not_link_text(post: str) -> None:
    assert LINK_TEXT not in rules_fired(text(post))


@pytest.mark.parametrize(
    "post",
    [
        "Diolch i Lafur Cymru am gefnogi'r ganolfan ieuenctid newydd.",
        "Mae'r Ceidwadwyr Cymreig wedi croesawu'r ffordd osgoi newydd.",
        "Pleidleisiwch dros Blaid Cymru ddydd Iau!",
        '"Pleidleisiwch drosom ni ddydd Iau," meddai\'r arweinydd.',
    ],
)
def test_welsh_party_names_in_their_mutated_forms_and_welsh_calls_to_vote_block(post: str) -> None:
    assert PARTY in {f.rule for f in run(text(post)).blocking}


@pytest.mark.parametrize(
    "post",
    [
        "Ystadegau'r farchnad lafur ar gyfer Cymru wedi'u cyhoeddi heddiw.",
        "Pleidleisiwch dros eich hoff barc yng Ngwobrau'r Faner Werdd.",
        "Mae'r ardd gymunedol werdd newydd ar agor i bawb.",
    ],
)
def test_welsh_posts_with_ordinary_words_pass(post: str) -> None:
    assert PARTY not in rules_fired(text(post))
