"""The gate is right on drafts nobody tuned it to: the held-out and blind labelled sets in
tests/data/checks/ (each written before a round of tuning; tune on the dev set only). The engine is deterministic, so
these figures are exact, not timings."""

from __future__ import annotations

import functools

import pytest

from benchmarks.checks_accuracy import (
    FALSE_BLOCK_GOAL,
    NAMED_SETS,
    RECALL_GOAL,
    Scores,
    load_set,
    report_lines,
    score,
)

# Kinds whose rules this suite owns today: propriety, links and the posts that look like them.
PROPRIETY_DEFECT_KINDS = (
    "party_name",
    "party_possessive",
    "party_hashtag",
    "call_to_vote",
    "attack_org",
    "link_here",
    "minister_view",
    "election",
)
LOOK_ALIKE_CLEAN_KINDS = (
    "clean",
    "clean_scam",
    "clean_welsh",
    "near_party",
    "neutral_org",
    "vote_admin",
)


@functools.cache
def scores_of(name: str) -> Scores:
    return score(load_set(NAMED_SETS[name]))


def heldout() -> Scores:
    return scores_of("heldout")


def test_the_held_out_set_is_several_hundred_drafts_mostly_clean() -> None:
    overall = heldout().overall
    assert overall.defects + overall.clean >= 300
    assert overall.clean > overall.defects


def test_the_blind_set_is_a_hundred_and_fifty_drafts_about_two_fifths_defects() -> None:
    overall = scores_of("blind").overall
    assert overall.defects + overall.clean >= 150
    assert 0.3 <= overall.defects / (overall.defects + overall.clean) <= 0.5


# The blind set was written after the held-out one and before the rules of its round were
# tuned: a second check that the figures hold on text nobody tuned the rules to.
@pytest.mark.parametrize("name", ["heldout", "blind"])
def test_the_gate_meets_its_goals_on_sets_nobody_tuned_it_to(name: str) -> None:
    scores = scores_of(name)
    overall = scores.overall
    figures = "\n".join(report_lines(name, scores, with_misses=True))
    assert overall.recall is not None and overall.recall >= RECALL_GOAL, figures
    assert overall.false_block_rate is not None, figures
    assert overall.false_block_rate <= FALSE_BLOCK_GOAL, figures


def test_propriety_and_link_text_defects_are_caught_on_the_held_out_set() -> None:
    by_kind = heldout().by_kind
    caught = sum(by_kind[kind].caught for kind in PROPRIETY_DEFECT_KINDS)
    defects = sum(by_kind[kind].defects for kind in PROPRIETY_DEFECT_KINDS)
    figures = "\n".join(report_lines("heldout", heldout(), with_misses=True))
    assert caught / defects >= RECALL_GOAL, figures


@pytest.mark.parametrize("kind", LOOK_ALIKE_CLEAN_KINDS)
def test_clean_posts_that_look_like_defects_are_not_blocked(kind: str) -> None:
    counts = heldout().by_kind[kind]
    assert counts.clean > 0
    assert counts.false_block_rate is not None
    assert counts.false_block_rate <= FALSE_BLOCK_GOAL
