"""Leaves: canonical JSON, content commitments, and tombstones for lawful erasure."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from govsocial.transparency import (
    ContentCommitment,
    LogEntry,
    MalformedInputError,
    MemoryTree,
    Tombstone,
    canonical_json,
    content_matches,
    format_time,
    leaf_hash,
    parse_leaf,
    verify_inclusion,
)

CONTENT = {"text": "Roadworks on the A1 from Monday — plan ahead", "media": []}


def publish_entry(*, index: int, commitment: str | None) -> LogEntry:
    return LogEntry(
        index=index,
        time="2026-11-25T10:00:00Z",
        organisation="dept-for-testing",
        account="@roads@social.example",
        network="mastodon",
        remote_id="109876543210",
        action="publish",
        actor_role="publisher",
        reason_code=None,
        content_commitment=commitment,
    )


def test_canonical_json_sorts_keys_and_drops_whitespace_keeping_utf8() -> None:
    assert canonical_json({"b": 1, "a": "é—", "c": [None, True]}) == (
        '{"a":"é—","b":1,"c":[null,true]}'.encode()
    )


def test_canonical_json_refuses_floats_and_huge_integers() -> None:
    with pytest.raises(MalformedInputError, match="float"):
        canonical_json({"score": 0.5})
    with pytest.raises(MalformedInputError, match="too large"):
        canonical_json({"n": 2**60})


def test_a_leaf_is_canonical_json_of_the_public_fields_only() -> None:
    entry = publish_entry(index=7, commitment="ab" * 32)
    data = entry.to_bytes()
    assert data.startswith(b'{"account":"@roads@social.example","action":"publish","actor_role"')
    assert b" " not in data.replace(b"social.example", b"")
    assert parse_leaf(data) == entry


def test_times_are_rfc3339_utc() -> None:
    moment = datetime(2026, 11, 25, 11, 0, tzinfo=timezone(timedelta(hours=1)))
    assert format_time(moment) == "2026-11-25T10:00:00Z"
    with pytest.raises(MalformedInputError, match="timezone-aware"):
        format_time(datetime(2026, 11, 25, 10, 0))  # noqa: DTZ001
    with pytest.raises(MalformedInputError, match="RFC 3339"):
        replace(publish_entry(index=0, commitment=None), time="25/11/2026")


def test_unknown_actions_are_refused_with_the_allowed_list() -> None:
    with pytest.raises(MalformedInputError, match="unknown leaf action 'explode'"):
        replace(publish_entry(index=0, commitment=None), action="explode")


def test_the_commitment_is_sha256_of_salt_then_canonical_content() -> None:
    commitment = ContentCommitment.create(content=CONTENT)
    assert len(commitment.salt) == 32
    assert (
        commitment.commitment
        == hashlib.sha256(commitment.salt + canonical_json(CONTENT)).hexdigest()
    )
    assert content_matches(content=CONTENT, salt=commitment.salt, commitment=commitment.commitment)
    assert not content_matches(
        content={**CONTENT, "text": "edited"},
        salt=commitment.salt,
        commitment=commitment.commitment,
    )
    assert ContentCommitment.create(content=CONTENT).commitment != commitment.commitment


def test_a_non_canonical_leaf_is_refused() -> None:
    data = publish_entry(index=1, commitment=None).to_bytes().replace(b",", b", ", 1)
    with pytest.raises(MalformedInputError, match="canonical"):
        parse_leaf(data)


def test_erasure_adds_a_tombstone_and_every_earlier_proof_still_verifies() -> None:
    commitment = ContentCommitment.create(content=CONTENT)
    published = publish_entry(index=0, commitment=commitment.commitment).to_bytes()
    tree = MemoryTree()
    tree.append(published)
    tree.append(publish_entry(index=1, commitment=None).to_bytes())
    proof_before, root_before = tree.inclusion_proof(index=0), tree.root()

    # Lawful erasure: the content and salt are deleted outside the log...
    tombstone = Tombstone(
        index=2,
        time=format_time(datetime(2026, 11, 26, tzinfo=UTC)),
        organisation="dept-for-testing",
        erased_index=0,
        actor_role="records-officer",
        reason_code="personal-data-court-order",
    )
    tree.append(tombstone.to_bytes())

    # ...and the tombstone says when and why, while the old proof is untouched.
    assert parse_leaf(tombstone.to_bytes()) == tombstone
    verify_inclusion(
        leaf_hash=leaf_hash(published), index=0, size=2, proof=proof_before, root=root_before
    )
    verify_inclusion(
        leaf_hash=leaf_hash(published),
        index=0,
        size=3,
        proof=tree.inclusion_proof(index=0),
        root=tree.root(),
    )


def test_a_tombstone_must_name_an_earlier_leaf_and_a_reason() -> None:
    with pytest.raises(MalformedInputError, match="earlier leaf"):
        Tombstone(
            index=2,
            time="2026-11-26T00:00:00Z",
            organisation="o",
            erased_index=2,
            actor_role="r",
            reason_code="x",
        )
    with pytest.raises(MalformedInputError, match="reason code"):
        Tombstone(
            index=2,
            time="2026-11-26T00:00:00Z",
            organisation="o",
            erased_index=1,
            actor_role="r",
            reason_code="",
        )
