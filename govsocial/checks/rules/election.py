"""Election-period mode: rule 8 (Cabinet Office election guidance, GCS, LGA)."""

from __future__ import annotations

from collections.abc import Iterator

from govsocial.checks.data import RuleData, normalise_handle
from govsocial.checks.model import ElectionPeriod, Finding, Severity
from govsocial.checks.registry import SHOWN_TEXTS, Inspection, checker, define
from govsocial.checks.text import Trigger

ESSENTIAL_TAG = "essential_operational"
SOURCE = "Election guidance for civil servants [S14, S15]; HMRC pre-election [S16]; LGA [S17]"

RESTRICTED_PERIOD = define(
    "election.restricted-period",
    Severity.BLOCK,
    source=SOURCE,
    title="Non-essential post during a pre-election period",
    number=8,
)
ESSENTIAL_OPERATIONAL = define(
    "election.essential-operational",
    Severity.ESCALATE,
    source=SOURCE,
    title="Essential operational post during a pre-election period needs senior approval",
    number=8,
)
MENTIONS_POLITICIAN = define(
    "election.mentions-politician",
    Severity.BLOCK,
    source=SOURCE,
    title="A politician or candidate is mentioned during a pre-election period",
    number=8,
)
UNAPPROVED_CAMPAIGN = define(
    "election.unapproved-campaign",
    Severity.BLOCK,
    source=SOURCE,
    title="A campaign not approved before the pre-election period",
    number=8,
)


def active_period(inspection: Inspection) -> ElectionPeriod | None:
    moment = inspection.publish_at
    return next((p for p in inspection.context.periods if p.contains(moment)), None)


@checker
def check_election_period(inspection: Inspection) -> Iterator[Finding]:
    period = active_period(inspection)
    if period is None:
        return
    draft = inspection.draft
    ends = f"{period.end:%d %B %Y}"
    if ESSENTIAL_TAG in draft.tags:
        yield ESSENTIAL_OPERATIONAL.finding(
            f"The {period.name} pre-election period is on until {ends}. Essential operational "
            "posts may go out only with the Director of Communications' approval: it has been "
            "sent to the senior approver."
        )
    else:
        yield RESTRICTED_PERIOD.finding(
            f"The {period.name} pre-election period is on until {ends}: only essential "
            "operational posts (service disruption, public safety) may go out. Hold this post "
            f"until the period ends, or tag it {ESSENTIAL_TAG} if it truly is one."
        )
    if draft.campaign_code and draft.campaign_code not in period.approved_campaigns:
        yield UNAPPROVED_CAMPAIGN.finding(
            f"Campaign {draft.campaign_code} was not approved before the {period.name} "
            "pre-election period began. Pause the campaign until the period ends."
        )
    for handle in (draft.quote_of, draft.repost_of):
        if handle and normalise_handle(handle) in inspection.context.data.politician_handles:
            name = inspection.context.data.politician_handles[normalise_handle(handle)]
            yield MENTIONS_POLITICIAN.finding(
                f"The post shares {handle}, the account of {name}. Do not repost or quote "
                f"politicians during the {period.name} period."
            )


def politician_words(data: RuleData) -> frozenset[str]:
    return data.politician_re.key_words


@checker(fields=SHOWN_TEXTS, when=Trigger.AT, words=politician_words)
def check_politician_mentions(inspection: Inspection) -> Iterator[Finding]:
    """Politicians named or mentioned in any shown text during a pre-election period."""
    period = active_period(inspection)
    if period is None:
        return
    data, facts = inspection.context.data, inspection.facts
    fix = f"Remove it: politicians and candidates must not appear during the {period.name} period."
    for match in data.politician_re.finditer(facts.prose):
        yield MENTIONS_POLITICIAN.finding(
            f"{match.group(0)} is a politician or candidate. {fix}", match.start(), match.end()
        )
    for mention in facts.mentions:
        name = data.politician_handles.get(normalise_handle(mention.text))
        if name:
            yield MENTIONS_POLITICIAN.finding(
                f"@{mention.text} is the account of {name}. {fix}", mention.start, mention.end
            )
