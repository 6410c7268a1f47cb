"""What the shared detector leaves alone: organisations' numbers, mailboxes and buildings,
and fediverse handles; and the new kinds it finds (spelt-out e-mail, birth dates, bank details)."""

from pathlib import Path

import pytest

from govsocial.analysis.personal_data import find_personal_data
from govsocial.analysis.public_contacts import (
    PublicContactsError,
    load_public_contacts,
)


def kinds_and_texts(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in find_personal_data(text, **kwargs)]  # type: ignore[arg-type]


# --- Public numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I rang 0300 200 3300 and waited an hour",
        "Freephone 0800 328 5644 from any phone",
        "the energy line 0808 808 4994 is always engaged",
        "Companies House is 0370 000 2288",
        "Kent: 03000 41 41 41",
        "Birmingham's switchboard 0121 303 1111 cut me off",  # a listed council switchboard
        "ring Leeds City Council on 0113 222 4444",  # listed, with no cue at all
        "Textphone 18001 0300 123 4567",
        "The school's number 0113 378 5000 doesn't work",  # introduced as an organisation's
        "I rang the council on 01632 960 111 twice",
    ],
)
def test_public_helplines_and_switchboards_are_not_personal(text: str) -> None:
    assert kinds_and_texts(text) == []


def test_a_councillors_or_officers_own_number_still_fires() -> None:
    assert kinds_and_texts("my councillor on 07700 900 123") == [("phone", "07700 900 123")]
    assert kinds_and_texts("your officer Jo, direct line 0113 496 0847") == [
        ("phone", "0113 496 0847")
    ]


def test_a_personal_number_beside_a_public_one_still_fires() -> None:
    text = "I tried 0800 169 0310 already, call me on 07700 900 123"
    assert kinds_and_texts(text) == [("phone", "07700 900 123")]


@pytest.mark.parametrize(
    "number", ["07 700 900 694", "07700-900-640", "+44 (0) 7700 900404", "(0121) 496 0111"]
)
def test_personal_numbers_written_any_way_fire(number: str) -> None:
    assert [kind for kind, _ in kinds_and_texts(f"my number is {number} thanks")] == ["phone"]


# --- Mailboxes and handles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "planning.consultation@leeds.gov.uk",
        "localplan.consultation@york.gov.uk",
        "transport-consultation@dft.gov.uk",
        "contactus@nhs.net",
        "england.contactus@nhs.net",
        "foi@hmrc.gov.uk",
        "dataprotection@manchester.gov.uk",
        "fostering.enquiries@norfolk.gov.uk",
        "counciltax@leeds.gov.uk",
        "fmu@fcdo.gov.uk",
        "enquiries@example-charity.org.uk",
    ],
)
def test_role_mailboxes_of_organisations_are_not_personal(address: str) -> None:
    assert kinds_and_texts(f"Write to {address} by Friday.") == []


@pytest.mark.parametrize(
    "address",
    [
        "lisa.morgan@bristol.gov.uk",  # a named officer at a public body
        "lucy.shaw@nhs.net",
        "mark.newsome@leeds.gov.uk",  # "news" inside a surname is not a role word
        "info@gmail.com",  # a role word at webmail is still a person
    ],
)
def test_named_and_webmail_addresses_are_personal(address: str) -> None:
    assert kinds_and_texts(f"email {address} please") == [("email", address)]


@pytest.mark.parametrize(
    "text", ["Follow @cardiffcouncil@social.wales", "thanks @jess@mastodon.social!"]
)
def test_fediverse_handles_are_handles_not_email_addresses(text: str) -> None:
    assert kinds_and_texts(text) == []


@pytest.mark.parametrize(
    "text, address",
    [
        ("send it to mark at outlook dot com thanks", "mark at outlook dot com"),
        ("email: tomasz [at] gmail [dot] com", "tomasz [at] gmail [dot] com"),
        ("rhian.evans(at)yahoo(dot)co(dot)uk", "rhian.evans(at)yahoo(dot)co(dot)uk"),
        ("I'm bethany dot cole at icloud dot com", "bethany dot cole at icloud dot com"),
        ("it's KAREN.BROWN AT GMAIL DOT COM", "KAREN.BROWN AT GMAIL DOT COM"),
        ("email me at jo at smithfamily dot co dot uk", "jo at smithfamily dot co dot uk"),
        ("it's jo@gmail dot com", "jo@gmail dot com"),
        ("reply to jo @ btinternet dot com", "jo @ btinternet dot com"),
    ],
)
def test_spelt_out_email_addresses_fire(text: str, address: str) -> None:
    assert kinds_and_texts(text) == [("email", address)]


@pytest.mark.parametrize(
    "text",
    [
        "meet me at the library dot com event",
        "look at gov.uk for the guidance",
        "Find out more at gov dot uk slash blue badge",
        "we arrived at outlook point at 10",
        "consultation [at] york [dot] gov [dot] uk",  # a role mailbox, spelt out
    ],
)
def test_ordinary_sentences_with_at_are_not_addresses(text: str) -> None:
    assert [kind for kind, _ in kinds_and_texts(text)] == []


# --- Addresses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The drop-in at Civic Hall, Calverley Street, Leeds LS1 1UR was great",
        "Central Library, St Peter's Square, Manchester M2 5PD is open late",
        "Open until 8pm at Jobcentre Plus, 40 Wellington Street, Leeds LS1 4AP",
        "Bus stop at the end of Mill Road CB1 2AD has no timetable",
        "Parliament Square, London SW1A 0AA",  # a listed public building's postcode
    ],
)
def test_public_buildings_and_streets_without_a_home_are_not_addresses(text: str) -> None:
    assert kinds_and_texts(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rose Cottage, Mill Lane, Ashby LE65 1GH", "Rose Cottage, Mill Lane, Ashby LE65 1GH"),
        (
            "3a Station Approach, Hebden Bridge, HX7 8AB",
            "3a Station Approach, Hebden Bridge, HX7 8AB",
        ),
        ("45 Kingsway, Gorseinon, Swansea SA4 4AB", "45 Kingsway, Gorseinon, Swansea SA4 4AB"),
        ("I live at 23 Holly Road, Bexley", "23 Holly Road, Bexley"),
        ("5 Park Terrace Leeds LS6 2QX", "5 Park Terrace Leeds LS6 2QX"),  # "park" names a street
    ],
)
def test_home_addresses_fire(text: str, expected: str) -> None:
    assert kinds_and_texts(text) == [("postcode_address", expected)]


# --- Identifiers --------------------------------------------------------------------------------


def test_an_nhs_number_grouped_by_hand_still_fires() -> None:
    assert kinds_and_texts("His NHS no. is 5849 243 372") == [("nhs_number", "5849 243 372")]


def test_ten_digits_out_of_a_longer_run_do_not_fire() -> None:
    assert kinds_and_texts("card 4796 7557 6685 2520 declined") == []


def test_a_reference_that_happens_to_pass_a_check_digit_is_a_reference() -> None:
    assert kinds_and_texts("Your case reference is 6091390996") == []
    assert kinds_and_texts("NHS number 6091390996") == [("nhs_number", "6091390996")]


@pytest.mark.parametrize(
    "text, date",
    [
        ("DOB 14/06/1983", "14/06/1983"),
        ("I was born on 21st August 1994", "21st August 1994"),
        ("date of birth: 30.04.1988", "30.04.1988"),
        ("her d.o.b is 15/09/2012", "15/09/2012"),
    ],
)
def test_dates_of_birth_fire(text: str, date: str) -> None:
    assert kinds_and_texts(text) == [("date_of_birth", date)]


def test_other_dates_are_not_dates_of_birth() -> None:
    assert kinds_and_texts("The consultation closes at 11:59pm on 14/10/2025.") == []


def test_an_organisations_birthday_is_not_a_date_of_birth() -> None:
    assert kinds_and_texts("The NHS was born on 5 July 1948. Happy birthday!") == []
    assert kinds_and_texts("NI AB123456C, born 12/03/1980") == [
        ("national_insurance", "AB123456C"),
        ("date_of_birth", "12/03/1980"),
    ]


def test_a_sort_code_and_account_number_fire_together() -> None:
    assert kinds_and_texts("sort code 40-11-62 account 31926819") == [
        ("bank_account", "40-11-62"),
        ("bank_account", "31926819"),
    ]
    assert kinds_and_texts("council tax account 31926819") == []


# --- The data file and an admin's additions ------------------------------------------------------


def test_the_packaged_list_is_versioned() -> None:
    assert load_public_contacts().version


def test_an_admin_file_adds_to_the_packaged_lists(tmp_path: Path) -> None:
    (tmp_path / "public_contacts.toml").write_text(
        'version = "local-1"\n'
        '[numbers]\nlisted = ["01632 960 000"]\n'
        '[mailboxes]\naddresses = ["jo.bloggs@example.org"]\n'
    )
    contacts = load_public_contacts(tmp_path)
    assert contacts.version.endswith("+local-1")
    text = "Call 01632 960 000 or jo.bloggs@example.org; we use 0300 200 3300 too"
    assert kinds_and_texts(text, contacts=contacts) == []
    assert [k for k, _ in kinds_and_texts(text)] == ["phone", "email"]


def test_an_admin_file_can_replace_the_packaged_lists(tmp_path: Path) -> None:
    (tmp_path / "public_contacts.toml").write_text(
        'version = "ours"\nreplace = true\n[numbers]\nprefixes = ["+448"]\n'
    )
    contacts = load_public_contacts(tmp_path)
    assert contacts.version == "ours"
    assert kinds_and_texts("ring 0300 200 3300", contacts=contacts) == [("phone", "0300 200 3300")]


@pytest.mark.parametrize(
    "content, message",
    [
        ("[numbers\n", "not valid TOML"),
        ('[numbers]\nlisted = "0113"\n', "must be a list of strings"),
        ('[numbers]\nlisteed = ["0113"]\n', "unknown keys"),
    ],
)
def test_a_malformed_admin_file_is_a_clear_error(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "public_contacts.toml").write_text(content)
    with pytest.raises(PublicContactsError, match=message):
        load_public_contacts(tmp_path)


def test_a_missing_config_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PublicContactsError, match="does not exist"):
        load_public_contacts(tmp_path / "nowhere")


def test_the_example_in_the_configuration_guide_loads(tmp_path: Path) -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text()
    example = guide.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "public_contacts.toml").write_text(example)
    contacts = load_public_contacts(tmp_path)
    assert contacts.version.endswith("+leeds-2026-12")
    assert kinds_and_texts("the schools line 0113 378 5000", contacts=contacts) == []
