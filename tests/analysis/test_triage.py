"""How an inbound message is labelled, routed and explained."""

import pytest

from govsocial.analysis.triage import triage
from govsocial.analysis.triage_rules import TriageRulesError, load_rules, rules_from_mapping


def phrases(result_reasons: object) -> list[str]:
    return [reason.phrase.lower() for reason in result_reasons]  # type: ignore[attr-defined]


# --- FOI ---------------------------------------------------------------------------


def test_foi_request_with_a_real_name_goes_to_the_foi_officer() -> None:
    result = triage(
        "Under the Freedom of Information Act please provide the total spent on consultants "
        "in 2023-24.",
        display_name="Sarah Thompson",
    )
    assert result.label == "possible_foi"
    assert result.queue == "foi_officer"
    assert result.valid_foi_name is True
    assert result.requester_name == "Sarah Thompson"
    assert "valid_foi_name" in result.flags
    assert "freedom of information act" in phrases(result.reasons_for("possible_foi"))
    assert result.confidence >= 0.9


@pytest.mark.parametrize("display_name", ["TruthSeeker99", "concerned taxpayer", "anon", "", "🦁"])
def test_foi_request_under_a_pseudonym_is_flagged_as_missing_a_real_name(
    display_name: str,
) -> None:
    result = triage(
        "FOI request: release the full report into the IT outage", display_name=display_name
    )
    assert result.label == "possible_foi"
    assert result.valid_foi_name is False
    assert "foi_name_missing" in result.flags


def test_an_accented_signature_counts_too() -> None:
    result = triage("FOI request: the number of staff in 2024. Regards, Siobhán Ní Bhriain")
    assert result.requester_name == "Siobhán Ní Bhriain"


def test_a_signature_in_the_message_counts_as_the_requesters_name() -> None:
    result = triage(
        "FOI: copies of any internal guidance on handling requests on social media. "
        "Thanks, Ben Adeyemi",
        display_name="benji_a",
    )
    assert (result.valid_foi_name, result.requester_name) == (True, "Ben Adeyemi")


@pytest.mark.parametrize(
    "text",
    [
        "sent an FOI request six weeks ago and heard nothing, well past the deadline",
        "Is freedom of movement still a thing for Irish citizens?",
        "Where can I find information about the new recycling rules?",
    ],
)
def test_mentions_of_foi_that_are_not_new_requests(text: str) -> None:
    result = triage(text, display_name="Jo Bloggs")
    assert result.label != "possible_foi"
    assert result.valid_foi_name is None


# --- SAR ---------------------------------------------------------------------------


def test_subject_access_request_goes_to_the_data_protection_officer() -> None:
    result = triage("What information do you hold about me? I want a copy of my file")
    assert result.label == "possible_sar"
    assert result.queue == "data_protection_officer"
    assert "information do you hold about me" in phrases(result.reasons_for("possible_sar"))


@pytest.mark.parametrize(
    "text",
    [
        "Please delete my data, I never agreed to be on your mailing list",
        "You've lost my data twice now and nobody seems to care",
        "What data does the app collect about users? Asking before I install it",
    ],
)
def test_erasure_requests_and_lost_data_complaints_are_not_subject_access(text: str) -> None:
    assert triage(text).label != "possible_sar"


# --- Individual cases and personal data ---------------------------------------------


def test_individual_benefit_case_gets_a_reply_pointing_to_the_secure_channel() -> None:
    result = triage(
        "My universal credit payment hasn't arrived, NI number AB123456C",
        display_name="Kerry Webb",
        secure_channel_url="https://www.gov.uk/sign-in-universal-credit",
    )
    assert result.label == "individual_case"
    assert "personal_data" in result.flags
    assert [match.kind for match in result.personal_data] == ["national_insurance"]
    assert result.suggested_reply is not None
    assert result.suggested_reply.startswith("Hi Kerry, we're sorry to hear this.")
    assert "can't discuss individual claims" in result.suggested_reply
    assert "https://www.gov.uk/sign-in-universal-credit" in result.suggested_reply


def test_tax_case_reply_keeps_the_channel_placeholder_when_no_url_is_given() -> None:
    result = triage("my tax code is wrong again, they've put me on emergency tax")
    assert result.label == "individual_case"
    assert result.suggested_reply is not None
    assert "your tax affairs" in result.suggested_reply
    assert "{secure_channel_url}" in result.suggested_reply
    assert result.suggested_reply.startswith("Hi, ")


def test_a_case_can_also_be_a_complaint() -> None:
    result = triage(
        "Absolutely disgraceful, been waiting 10 weeks for my PIP assessment. Still waiting."
    )
    assert result.label == "individual_case"
    assert "complaint" in result.secondary_labels


def test_a_complaint_containing_a_phone_number_keeps_its_label_and_flags_personal_data() -> None:
    result = triage("Your phone lines are a joke, 45 mins on hold. Call me back on 07911 123456")
    assert result.label == "complaint"
    assert "personal_data" in result.flags
    assert result.suggested_reply is None


def test_precomputed_personal_data_is_used_as_given() -> None:
    result = triage("My universal credit payment is late", personal_data=[])
    assert result.personal_data == ()
    assert "personal_data" not in result.flags


# --- Moderation labels -------------------------------------------------------------


def test_threats_are_abuse_for_the_moderation_queue() -> None:
    result = triage("I know where your office is. Watch your backs")
    assert result.label == "abuse"
    assert result.queue == "moderation"
    assert "i know where your office" in phrases(result.reasons_for("abuse"))


def test_swearing_about_a_situation_is_a_complaint_with_a_profanity_flag() -> None:
    result = triage("this is fucking ridiculous, on hold for 2 hours again")
    assert result.label == "complaint"
    assert "profanity" in result.flags


def test_spam_is_recognised() -> None:
    result = triage("Earn £500 a day from home trading crypto!! DM me https://bit.ly/x")
    assert (result.label, result.queue) == ("spam", "moderation")


# --- Everything else ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, label",
    [
        ("When will the results of the school funding consultation be published?", "question"),
        ("Thank you so much for sorting this out so quickly, really appreciate it", "praise"),
        ("Thanks for nothing. Spent all afternoon going round in circles", "complaint"),
        ("ok", "other"),
    ],
)
def test_everyday_messages(text: str, label: str) -> None:
    assert triage(text).label == label


def test_a_message_with_no_signals_is_other_with_every_reason_listed() -> None:
    result = triage("Same here in Bristol")
    assert (result.label, result.confidence, result.reasons) == ("other", 0.6, ())


def test_more_evidence_means_more_confidence() -> None:
    weak = triage("How many parking fines were issued last year?")
    strong = triage("FOI request under the Freedom of Information Act: please disclose the minutes")
    assert weak.label == strong.label == "possible_foi"
    assert strong.confidence > weak.confidence


@pytest.mark.parametrize(
    "display_name, real",
    [
        ("Sarah Thompson", True),
        ("Dr Fiona Grant", True),
        ("Mr Patel", True),
        ("Liam O'Brien", True),
        ("Siobhán O’Neill", True),
        ("Zoë Ngozi-Adebayo", True),
        ("Aoife O’Neill", True),
        ("Mr .", False),
        ("Jo Fielding-Smith", True),
        ("SARAH THOMPSON", True),
        ("Alan", False),
        ("grumpygit", False),
        ("Concerned Citizen", False),
        ("Mr Angry", False),
        ("The Truth", False),
        ("Sarah 🌻 Thompson", False),
        ("sarah_thompson", False),
        ("Dave1984 Smith", False),
    ],
)
def test_real_name_heuristics(display_name: str, real: bool) -> None:
    result = triage("FOI request: the number of staff in 2024", display_name=display_name)
    assert result.valid_foi_name is real


# --- Rules file --------------------------------------------------------------------


def test_rules_are_loaded_once() -> None:
    assert load_rules() is load_rules()


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["labels"]["spam"].append({"phrase": "(unclosed", "weight": 1}), "bad regular"),
        (lambda d: d["labels"].update({"gossip": []}), "unknown label 'gossip'"),
        (lambda d: d["reply_templates"].update({"tax": "Call us"}), "secure_channel_url"),
        (lambda d: d.update({"precedence": ["spam", "rumour"]}), "'precedence' must list"),
        (lambda d: d["labels"]["spam"].append({"phrase": "x"}), "needs 'phrase' and 'weight'"),
    ],
)
def test_a_broken_rules_file_is_a_clear_error(mutate: object, message: str) -> None:
    from importlib import resources

    import yaml

    text = resources.files("govsocial.analysis").joinpath("data/triage.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    mutate(data)  # type: ignore[operator]
    with pytest.raises(TriageRulesError, match=message) as error:
        rules_from_mapping(data)
    assert str(error.value).startswith("data/triage.yaml: ")


def test_non_text_input_is_a_clear_error() -> None:
    with pytest.raises(TypeError, match="triage needs the message text as a str"):
        triage(None)  # type: ignore[arg-type]
