"""Benchmark the checks engine on a mixed corpus of realistic drafts.

    .venv/bin/python benchmarks/checks.py [--drafts 10000] [--seed 7] [--rounds 3] [--profile]

Times are CPU time of this process (time.process_time), so other work on the machine disturbs
the figures less. Prints drafts per second on one core for the full rule set over every shown
text (post, alt texts, titles), and, on the same drafts in the same run, for textstat (reading
age) plus scrubadub (personal data), which give two of our signals; then the ratio. The two
are timed in alternating rounds and the best round of each is kept, so that a burst of load
on the machine hurts both alike; the load average is printed with the figures. Targets: at
least 15,000 drafts/s and at least 2 times the pair.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import time
import warnings
from datetime import UTC, datetime

from govsocial.checks import Draft, LinkedPage, Media, check, make_context

OPENERS = [
    "Roadworks on the {road} near {town} tonight from {time}.",
    "The {service} is closed on {day} because of {reason}.",
    "Heavy rain is expected in {town} on {day}.",
    "Our {service} opens again on {date}.",
    "Learners: bring your theory test pass certificate to your test in {town}.",
    "Applications for the {scheme} close on {date}.",
    "From {date}, you can apply for the {scheme} online.",
    "The Minister said the {scheme} will help families in {town}.",
    "Unemployment fell by {pct}% in the three months to {month}.",
    "Vote Labour on Thursday to keep the {service} open!",
    "A vote of thanks to the volunteers at {town} {service}.",
    "Sorry to hear your Universal Credit payment is late.",
    "We will deliver robust improvements to the {service} going forward.",
    "The DVSA has new test dates for {town}.",
    "Find out more here {url}",
    "Labour market statistics for {month} are out now.",
    "Thanks for your message. Ring Jane on 07700 900{n3} about your claim.",
    "Call our helpline on 0300 790 6{n3}.",
    "Our order reference is 12345{n5}.",
    "We ❤️ our volunteers in {town}!",
    "Results are out 🎉🎉",
    "𝐍𝐞𝐰 opening hours for the {service} in {town}.",
    "Patient 943 476 5870 can now book.",
    "More than {big} people have signed up to the {scheme}.",
]
MIDDLES = [
    "Check before you travel.",
    "Allow extra time for your journey.",
    "You do not need to do anything.",
    "Bring photo ID, eg a passport or driving licence.",
    "We are open Monday-Friday, 9am to 5pm.",
    "Staff will be on site to help & answer questions.",
    "If you are unsure whether you need to apply, read the guidance first and check that you have "
    "everything you need before you start your application, because you cannot save it part way.",
    "The plan was approved by the council.",
    "It is expected that demand will be high.",
    "",
    "",
]
CLOSERS = [
    "Read the guidance: {url}",
    "Find out how to apply: {url}",
    "#{tag}",
    "#{tag} #{tag2}",
    "#{lowertag}",
    "{url} #{tag}",
    "",
]
ROADS = ["A38", "M5", "A30", "M62", "A1(M)", "B3254"]
TOWNS = ["Bodmin", "Leeds", "Cardiff", "Swansea", "Carlisle", "Truro", "Derby", "Norwich", "Ayr"]
SERVICES = ["library", "test centre", "recycling centre", "jobcentre", "leisure centre", "car park"]
SCHEMES = [
    "Warm Home Discount",
    "apprenticeship grant",
    "household support fund",
    "bus pass scheme",
]
REASONS = ["flooding", "a power cut", "staff training", "essential repairs"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
MONTHS = ["January", "March", "June", "September", "November"]
TAGS = ["RoadSafety", "Cornwall", "CostOfLiving", "Apprenticeships", "FloodAware", "DrivingTest"]
LOWER_TAGS = ["roadsafety", "costofliving", "floodaware", "mentalhealthawareness", "cornwall"]
URLS = [
    "https://www.gov.uk/book-driving-test",
    "https://www.gov.uk/apply-for-a-grant",
    "gov.uk/flood-warnings",
    "https://www.nhs.uk/conditions/flu",
]
PLATFORMS = ["x", "x", "bluesky", "mastodon", "linkedin", "facebook", "instagram", "threads"]


def make_corpus(count: int, seed: int) -> list[Draft]:
    rng = random.Random(seed)
    drafts = []
    for index in range(count):
        values = {
            "road": rng.choice(ROADS),
            "town": rng.choice(TOWNS),
            "time": f"{rng.randint(6, 11)}pm",
            "service": rng.choice(SERVICES),
            "day": rng.choice(DAYS),
            "reason": rng.choice(REASONS),
            "date": f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 2026",
            "month": rng.choice(MONTHS),
            "scheme": rng.choice(SCHEMES),
            "pct": rng.randint(1, 20),
            "url": rng.choice(URLS),
            "tag": rng.choice(TAGS),
            "tag2": rng.choice(TAGS),
            "lowertag": rng.choice(LOWER_TAGS),
            "big": f"{rng.randint(2, 90)},{rng.randint(100, 999)}",
            "n3": f"{rng.randint(100, 999)}",
            "n5": f"{rng.randint(10000, 99999)}",
        }
        parts = [
            rng.choice(OPENERS).format(**values),
            rng.choice(MIDDLES).format(**values),
            rng.choice(CLOSERS).format(**values),
        ]
        separator = rng.choice([" ", "\n\n", "\n"])
        text = separator.join(p for p in parts if p) + f" ({index})" * (index % 3 == 0)
        media: tuple[Media, ...] = ()
        roll = rng.random()
        if roll < 0.3:
            media = (
                Media(
                    kind="image", alt=rng.choice(["", "IMG_2041.jpg", f"Map of {values['town']}"])
                ),
            )
        elif roll < 0.4:
            media = (
                Media(kind="video", captions=rng.random() < 0.7, transcript=rng.random() < 0.5),
            )
        drafts.append(
            Draft(
                text=text,
                platform=rng.choice(PLATFORMS),
                account="@example",
                tags=("new_policy_announcement",) if rng.random() < 0.05 else (),
                media=media,
                campaign_code="C-2026-014" if rng.random() < 0.7 else None,
                in_reply_to="@citizen" if rng.random() < 0.2 else None,
                links=(LinkedPage(url=str(values["url"])),) if rng.random() < 0.1 else (),
            )
        )
    return drafts


def time_engine(drafts: list[Draft]) -> float:
    context = make_context(now=datetime(2026, 6, 1, 9, tzinfo=UTC))
    started = time.process_time()
    for draft in drafts:
        check(draft, context)
    return time.process_time() - started


def time_overlap(drafts: list[Draft]) -> float:
    """Our own version of the two overlapping signals: reading age and personal data."""
    from govsocial.analysis.personal_data import find_personal_data
    from govsocial.checks.rules.accessibility_text import WORD_RE, reading_age
    from govsocial.checks.text import TextFacts

    started = time.process_time()
    for draft in drafts:
        facts = TextFacts(draft.text)
        reading_age([WORD_RE.findall(s.text) for s in facts.sentences])
        find_personal_data(draft.text)  # has its own fast path for texts without identifiers
    return time.process_time() - started


def time_baseline(drafts: list[Draft]) -> float:
    warnings.filterwarnings("ignore")
    import scrubadub
    import textstat

    scrubber = scrubadub.Scrubber()
    started = time.process_time()
    for draft in drafts:
        textstat.flesch_kincaid_grade(draft.text)
        scrubber.clean(draft.text)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3, help="Alternating timed rounds.")
    parser.add_argument("--profile", action="store_true", help="Profile the engine run.")
    args = parser.parse_args()
    drafts = make_corpus(args.drafts, args.seed)
    # Warm up once: YAML, wordsegment and pyphen load on first use, not per draft.
    time_engine(drafts[:200])
    time_baseline(drafts[:200])
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(time_engine, make_corpus(args.drafts, args.seed + 1))
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    load_before = os.getloadavg()
    engine_times, baseline_times = [], []
    for round_number in range(1, args.rounds + 1):
        # Fresh drafts each round, so that no cache holds the answers from a previous round.
        drafts = make_corpus(args.drafts, args.seed + round_number)
        engine_times.append(time_engine(drafts))
        baseline_times.append(time_baseline(drafts))
    overlap = time_overlap(drafts)
    engine, baseline = min(engine_times), min(baseline_times)
    load_after = os.getloadavg()
    print(f"drafts: {len(drafts)} a round, {args.rounds} rounds, best round kept")
    print(f"checks engine (all rules): {engine:.2f} s, {len(drafts) / engine:,.0f} drafts/s")
    print(f"textstat + scrubadub:      {baseline:.2f} s, {len(drafts) / baseline:,.0f} drafts/s")
    print(f"ratio (pair time / engine time): {baseline / engine:.1f}x")
    print(
        f"our reading age + personal data only: {overlap:.2f} s, {len(drafts) / overlap:,.0f} drafts/s"
    )
    print(f"ratio on the overlapping signals (pair / ours): {baseline / overlap:.1f}x")
    print(
        "load average (1, 5, 15 min): "
        f"{' '.join(f'{v:.2f}' for v in load_before)} before, "
        f"{' '.join(f'{v:.2f}' for v in load_after)} after, on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
