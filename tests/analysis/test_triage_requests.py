"""Which messages start a legal clock: the ICO's descriptions of an FOI request and a subject
access request, kind by kind (issue 13). Examples from the dev set; the held-out set is measured
in test_triage_accuracy.py."""

import pytest

from govsocial.analysis.triage import triage

FOI_REQUESTS = {
    "informal, no Act": "How much did you pay the agency that ran the 'Love Your Town' campaign?",
    "figures for a year": "how many penalty charge notices were issued outside schools in 2024",
    "a copy of a report": "Please send me a copy of the feasibility study for the new swimming pool",
    "minutes": "Could I see the minutes of the meeting where councillors agreed to close the museum?",
    "environmental (EIR)": "Under the EIR can you send the data on river levels at the Castle "
    "Bridge gauge during the November floods",
    "internal review": "I request an internal review of the council's handling of my FOI request "
    "ref 22-1180",
    "Welsh": "Cais Rhyddid Gwybodaeth: sawl athro sydd wedi gadael y sir yn ystod y flwyddyn "
    "ddiwethaf?",
    "Welsh, a copy of minutes": "Anfonwch gopi o gofnodion cyfarfod y cabinet ar 5 Mai os "
    "gwelwch yn dda",
}
SUBJECT_ACCESS_REQUESTS = {
    "my notes": "Could I get a copy of the notes the GP surgery made at my last three appointments?",
    "my call recording": "I want the recording of my call to your contact centre last Thursday",
    "the CCTV of me": "Please send me the CCTV of me at the station on Monday evening",
    "my file": "Please send me a copy of my case file from the benefits review",
    "my medical records": "I'd like a copy of my medical records please, I'm moving abroad",
    "a child's records": "I'm her mother: please send me copies of my daughter's records from "
    "the school nurse",
    "calls itself FOI": "FOI: send me everything you have about me including internal emails",
    "Welsh": "Pa ddata personol sydd gennych chi amdanaf i?",
}
NOT_A_NEW_REQUEST = {
    "how to make one": ("how do you make a freedom of information request", "question"),
    "a fee": ("Is a subject access request free?", "question"),
    "praise for an answer": ("Just got my FOI response, really thorough, thank you", "praise"),
    "a chase": (
        "My freedom of information request was ignored for 3 months. Disgraceful",
        "complaint",
    ),
    "an opinion": ("FOI requests are a waste of council officers' time", "other"),
    "erasure": ("Remove me from your mailing list and delete my details now", None),
    "a routine price": ("How much does a replacement bin cost?", "question"),
    "a rule": ("How many people can attend a wedding at the registry office?", "question"),
}


@pytest.mark.parametrize("text", FOI_REQUESTS.values(), ids=FOI_REQUESTS.keys())
def test_a_request_for_recorded_information_goes_to_the_foi_officer(text: str) -> None:
    result = triage(text)
    assert (result.label, result.queue) == ("possible_foi", "foi_officer")
    assert result.reasons_for("possible_foi"), "Why this label must name what fired"


@pytest.mark.parametrize(
    "text", SUBJECT_ACCESS_REQUESTS.values(), ids=SUBJECT_ACCESS_REQUESTS.keys()
)
def test_a_request_for_ones_own_data_goes_to_the_data_protection_officer(text: str) -> None:
    result = triage(text)
    assert (result.label, result.queue) == ("possible_sar", "data_protection_officer")
    assert result.reasons_for("possible_sar")


@pytest.mark.parametrize(
    ("text", "label"), NOT_A_NEW_REQUEST.values(), ids=NOT_A_NEW_REQUEST.keys()
)
def test_talking_about_requests_starts_no_legal_clock(text: str, label: str | None) -> None:
    result = triage(text)
    assert result.label not in ("possible_foi", "possible_sar")
    if label is not None:
        assert result.label == label
