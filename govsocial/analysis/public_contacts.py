"""Contact details that belong to organisations: public numbers, role mailboxes, public buildings.

One versioned data file, `data/public_contacts.toml`, read by the personal-data detector for the
checks gate and the inbox alike. An admin extends it (or replaces it, with `replace = true`)
with a file of the same name in a config directory: `load_public_contacts(config_dir)`.
"""

from __future__ import annotations

import fnmatch
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govsocial.analysis.words import lower_words

PACKAGED_FILE = Path(__file__).parent / "data" / "public_contacts.toml"
FILE_NAME = PACKAGED_FILE.name
# Role words this short must be a whole part of the local part ("news.desk@"), never a piece of
# a longer word ("mark.newsome@").
SHORT_ROLE_WORD = 4
# Public bodies give people firstname.lastname addresses; two to four letters alone at their
# domains are a unit's initials (fmu@fcdo.gov.uk, dpo@, ico@).
ACRONYM_RE = re.compile(r"[a-z]{2,4}")
LOCAL_PART_SEPARATORS_RE = re.compile(r"[._+-]+")
DIGITS_RE = re.compile(r"\d+")
# A given name run into a surname ("janesmith@") leaves at least this many letters after it.
SHORTEST_SURNAME = 4
TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "cllr"})
POSTCODE_SPACE_RE = re.compile(r"\s+")

LIST_KEYS: dict[str, tuple[str, ...]] = {
    "numbers": ("prefixes", "short_codes", "listed"),
    "mailboxes": (
        "role_local_parts",
        "role_words",
        "public_domain_suffixes",
        "personal_domains",
        "addresses",
        "spelt_out_providers",
        "given_names",
    ),
    "postcodes": ("public_buildings", "building_words"),
}


class PublicContactsError(ValueError):
    """The public contacts file is missing, unreadable or malformed."""


def digits_of(number: str) -> str:
    return "".join(char for char in number if char.isdigit())


def normalise_postcode(postcode: str) -> str:
    return POSTCODE_SPACE_RE.sub("", postcode).upper()


@dataclass(frozen=True)
class PublicContacts:
    """The parsed lists, with the questions the detector asks of them."""

    version: str
    number_prefixes: tuple[str, ...]
    short_codes: frozenset[str]
    listed_numbers: frozenset[str]  # national significant numbers: digits after 0 or +44
    role_local_parts: frozenset[str]
    long_role_words: tuple[str, ...]
    short_role_words: frozenset[str]
    public_domain_suffixes: tuple[str, ...]
    personal_domains: frozenset[str]
    role_addresses: tuple[str, ...]  # exact addresses and shell-style patterns, lower case
    spelt_out_providers: frozenset[str]
    given_names: frozenset[str]
    public_building_postcodes: frozenset[str]
    building_words: tuple[str, ...]
    # A spelt-out dot, a bracketed "at", or "at" before a webmail name: the only texts in which
    # a spelt-out address is worth looking for.
    spelt_out_hint_re: re.Pattern[str]
    # Its last part alone, lower case, for ASCII texts (see `may_spell_out_address`).
    at_provider_re: re.Pattern[str]

    def is_public_number(self, e164: str) -> bool:
        """`e164` is "+44…": a non-geographic prefix, a short code or a listed switchboard."""
        if e164.startswith(self.number_prefixes):
            return True
        national = e164[3:] if e164.startswith("+44") else ""
        return national in self.listed_numbers or national in self.short_codes

    def is_role_mailbox(self, address: str) -> bool:
        local, _, domain = address.lower().partition("@")
        lowered = f"{local}@{domain}"
        if any(fnmatch.fnmatchcase(lowered, pattern) for pattern in self.role_addresses):
            return True
        if domain in self.personal_domains:
            return False
        if local in self.role_local_parts:
            return True
        if not (f"@{domain}").endswith(self.public_domain_suffixes):
            return False
        if ACRONYM_RE.fullmatch(local):
            return True
        parts = [part for part in LOCAL_PART_SEPARATORS_RE.split(local) if part]
        if any(part in self.short_role_words or part in self.role_local_parts for part in parts):
            return True
        if any(word in local for word in self.long_role_words):
            return True
        return not self.names_a_person(parts)

    def names_a_person(self, parts: list[str]) -> bool:
        """At a public body's domain, people's addresses start with a given name or an initial
        (jane.smith@, j.smith2@), are a given name alone (alice@), or run a given name into a
        surname (janesmith@)."""
        if not parts:
            return False
        first = DIGITS_RE.sub("", parts[0])
        if len(parts) > 1:
            initial = len(parts[0]) == 1 and parts[0].isalpha()
            return initial or first in self.given_names or first in TITLES
        return first in self.given_names or any(
            first.startswith(name) and len(first) - len(name) >= SHORTEST_SURNAME
            for name in self.given_names
        )

    def is_personal_webmail(self, address: str) -> bool:
        """An address at a webmail provider a person signs up to, written out or spelt out
        ("jo at gmail dot com")."""
        lowered = address.lower()
        if "@" in lowered:
            return lowered.rpartition("@")[2] in self.personal_domains
        return any(provider in lowered for provider in self.spelt_out_providers)

    def may_spell_out_address(self, text: str) -> bool:
        """Cheap tests first: every hint has the word "dot" or "at" (the word set is shared with
        the checks engine, which has it already), and then a bracket or a webmail name."""
        if SPELT_OUT_WORDS.isdisjoint(lower_words(text)):
            return False
        lowered = text.lower()
        has_bracket = "(" in text or "[" in text or "{" in text or "<" in text
        if not text.isascii():
            if not (
                "dot" in lowered
                or has_bracket
                or any(provider in lowered for provider in self.spelt_out_providers)
            ):
                return False
            return bool(self.spelt_out_hint_re.search(text))
        # In ASCII text lower-casing changes nothing but the case: each part of the hint runs on
        # its own, case-sensitively over the lower-cased text, only when its word is there.
        if "dot" in lowered and SPELT_DOT_RE.search(lowered):
            return True
        if has_bracket and BRACKETED_AT_RE.search(lowered):
            return True
        return any(provider in lowered for provider in self.spelt_out_providers) and bool(
            self.at_provider_re.search(lowered)
        )

    def is_public_building_postcode(self, postcode: str) -> bool:
        return normalise_postcode(postcode) in self.public_building_postcodes


def _strings(section: dict[str, Any], key: str, origin: str) -> list[str]:
    values = section.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise PublicContactsError(f"{origin}: [{key}] must be a list of strings")
    return values


def _sections(document: dict[str, Any], origin: str) -> dict[str, dict[str, list[str]]]:
    lists: dict[str, dict[str, list[str]]] = {}
    for section_name, keys in LIST_KEYS.items():
        section = document.get(section_name, {})
        if not isinstance(section, dict):
            raise PublicContactsError(f"{origin}: [{section_name}] must be a table")
        unknown = sorted(set(section) - set(keys))
        if unknown:
            raise PublicContactsError(
                f"{origin}: [{section_name}] has unknown keys {unknown}; known: {list(keys)}"
            )
        lists[section_name] = {key: _strings(section, key, origin) for key in keys}
    return lists


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise PublicContactsError(f"cannot read {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PublicContactsError(f"{path} is not valid TOML: {exc}") from exc


def build_public_contacts(documents: list[tuple[str, dict[str, Any]]]) -> PublicContacts:
    """Merge the documents in order: each adds to the lists before it, or replaces them."""
    merged: dict[str, dict[str, list[str]]] = {
        name: {key: [] for key in keys} for name, keys in LIST_KEYS.items()
    }
    versions: list[str] = []
    for origin, document in documents:
        lists = _sections(document, origin)
        if document.get("replace") is True:
            merged = lists
            versions.clear()
        else:
            for name, keys in lists.items():
                for key, values in keys.items():
                    merged[name][key].extend(values)
        versions.append(str(document.get("version", "unversioned")))
    numbers, mailboxes, postcodes = merged["numbers"], merged["mailboxes"], merged["postcodes"]
    role_words = [word.lower() for word in mailboxes["role_words"]]
    return PublicContacts(
        version="+".join(versions),
        number_prefixes=tuple(numbers["prefixes"]),
        short_codes=frozenset(digits_of(code) for code in numbers["short_codes"]),
        listed_numbers=frozenset(digits_of(n).removeprefix("0") for n in numbers["listed"]),
        role_local_parts=frozenset(p.lower() for p in mailboxes["role_local_parts"]),
        long_role_words=tuple(w for w in role_words if len(w) > SHORT_ROLE_WORD),
        short_role_words=frozenset(w for w in role_words if len(w) <= SHORT_ROLE_WORD),
        public_domain_suffixes=tuple(s.lower() for s in mailboxes["public_domain_suffixes"]),
        personal_domains=frozenset(d.lower() for d in mailboxes["personal_domains"]),
        role_addresses=tuple(a.lower() for a in mailboxes["addresses"]),
        spelt_out_providers=frozenset(p.lower() for p in mailboxes["spelt_out_providers"]),
        given_names=frozenset(n.lower() for n in mailboxes["given_names"]),
        public_building_postcodes=frozenset(
            normalise_postcode(p) for p in postcodes["public_buildings"]
        ),
        building_words=tuple(w.lower() for w in postcodes["building_words"]),
        spelt_out_hint_re=spelt_out_hint(mailboxes["spelt_out_providers"]),
        at_provider_re=at_provider(mailboxes["spelt_out_providers"]),
    )


def spelt_out_hint(providers: list[str]) -> re.Pattern[str]:
    names = "|".join(re.escape(p.lower()) for p in sorted(providers, key=len, reverse=True))
    at_provider = rf"|\bat\s+(?:{names})\b" if names else ""
    return re.compile(rf"\bdot\b|[\[({{<]\s*at\s*[\])}}>]{at_provider}", re.IGNORECASE)


SPELT_OUT_WORDS = frozenset({"at", "dot"})
# The parts of the hint, lower case, each starting at a letter or bracket `re` can jump to
# (the look-behind after the first letter is the `\b` before it).
SPELT_DOT_RE = re.compile(r"d(?<!\wd)ot\b")
BRACKETED_AT_RE = re.compile(r"[\[({<]\s*at\s*[\])}>]")


def at_provider(providers: list[str]) -> re.Pattern[str]:
    """ "at" before a webmail name, case-sensitive, for lower-cased text."""
    names = "|".join(re.escape(p.lower()) for p in sorted(providers, key=len, reverse=True))
    return re.compile(rf"a(?<!\wa)t\s+(?:{names})\b" if names else r"(?!x)x")


@functools.lru_cache(maxsize=8)
def _load(config_dir: str | None) -> PublicContacts:
    documents = [(str(PACKAGED_FILE), _read(PACKAGED_FILE))]
    if config_dir is not None:
        admin_file = Path(config_dir) / FILE_NAME
        if admin_file.is_file():
            documents.append((str(admin_file), _read(admin_file)))
    return build_public_contacts(documents)


def load_public_contacts(config_dir: str | Path | None = None) -> PublicContacts:
    """The packaged lists, extended (or replaced) by `config_dir/public_contacts.toml`."""
    if config_dir is None:
        return _load(None)
    directory = Path(config_dir)
    if not directory.is_dir():
        raise PublicContactsError(f"config directory {directory} does not exist")
    return _load(str(directory.resolve()))
