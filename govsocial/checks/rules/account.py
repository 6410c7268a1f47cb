"""Account and channel checks: rules 25 to 28 (GDS playbook; 2012 ten tips; ASA/CMA)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from govsocial.checks.data import lower_words
from govsocial.checks.model import AccountRecord, Finding, Severity
from govsocial.checks.registry import Inspection, checker, define
from govsocial.checks.text import Trigger

NOT_REGISTERED = define(
    "account.not-registered",
    Severity.BLOCK,
    source="2012 ten tips, tip 4 [S7]; GDS playbook [S5, S6]",
    title="The account is not in the official account register",
    number=25,
)
REGISTER_INCOMPLETE = define(
    "account.register-incomplete",
    Severity.BLOCK,
    source="GDS playbook, 2FA on every platform [S6]; 2012 ten tips [S7]",
    title="The account's register entry lacks an owner, staffed hours, house rules or 2FA",
    number=25,
)
INBOUND_CHANNEL = define(
    "account.inbound-channel",
    Severity.BLOCK,
    source="2012 ten tips, tip 8: do not open a channel you cannot keep up [S7]",
    title="A new inbound channel with no staffing plan or published house rules",
    number=26,
)
AUTOMATED_POST = define(
    "account.automated-post",
    Severity.WARN,
    source="Met Office and DWP practice [S33, S34]",
    title="An automated post on an account not flagged and labelled as automated",
    number=27,
)
PAID_PARTNERSHIP = define(
    "account.paid-partnership",
    Severity.ESCALATE,
    source="GCS propriety in digital and social media [S4]; ASA/CMA labelling rules",
    title="Paid, influencer or creator partnership content",
    number=28,
)

REGISTER_FIELDS = (
    ("owning_unit", "owning unit"),
    ("owner", "named owner"),
    ("staffed_hours", "staffed hours"),
    ("house_rules_url", "house rules or social media use page"),
)


def register_gaps(record: AccountRecord) -> list[str]:
    gaps = [label for name, label in REGISTER_FIELDS if not getattr(record, name)]
    if not record.two_factor:
        gaps.append("confirmation that two-factor authentication is on")
    return gaps


@checker(when=Trigger.REGISTER)
def check_register(inspection: Inspection) -> Iterator[Finding]:
    if inspection.context.accounts is None:
        return  # no register supplied (plain `govsocial check`): nothing to check against
    handle = inspection.draft.account
    record = inspection.account
    if record is None:
        named = f"{handle} is" if handle else "No account is named, so it is"
        yield NOT_REGISTERED.finding(
            f"{named} not in the official account register. Official accounts belong to the "
            "department: register the account (owner, staffed hours, house rules, 2FA) first."
        )
        return
    gaps = register_gaps(record)
    if gaps:
        yield REGISTER_INCOMPLETE.finding(
            f"The register entry for {record.handle} is missing: " + "; ".join(gaps) + ". Complete "
            "the entry before publishing."
        )


def inbound_channel_findings(record: AccountRecord) -> list[Finding]:
    """Rule 26: may this account's inbound channel (replies, DMs) be turned on?"""
    missing = []
    if not (record.staffing_plan or "").strip():
        missing.append("a staffing plan")
    if not (record.house_rules_url or "").strip():
        missing.append("published house rules")
    if not missing:
        return []
    return [
        INBOUND_CHANNEL.finding(
            f"The inbound channel for {record.handle} has no " + " and no ".join(missing) + ". "
            "Do not open a channel you cannot keep up: add them before turning it on."
        )
    ]


@checker(when=Trigger.AUTOMATED)
def check_automated(inspection: Inspection) -> Iterator[Finding]:
    if not inspection.draft.automated:
        return
    record = inspection.account
    if record is not None and record.automated and record.automated_label:
        return
    if record is None:
        why = "the account's register entry is unknown"
    elif not record.automated:
        why = f"{record.handle} is not flagged automated in the register"
    else:
        why = f"{record.handle} does not say it is automated in its profile"
    yield AUTOMATED_POST.finding(
        f"This is an automated post, but {why}. Post automated content (such as RSS feeds) only "
        "from an account flagged and labelled as automated."
    )


AD_WORDS = frozenset(
    {"paid", "sponsored", "partnership", "advertisement", "advertising", "promoted", "ad", "advert"}
)
# Every label AD_LABEL_RE finds contains one of these words (a hashtag's included).
AD_LABEL_WORDS = AD_WORDS | {"spon", "paidpartnership", "partner", "gifted"}
AD_LABEL_RE = re.compile(
    r"(?<!\w)#(?:ad|advert|advertisement|sponsored|spon|paidpartnership|partner|gifted)\b"
    r"|\b(?:paid\s+partnership|sponsored\s+by|in\s+partnership\s+with|advertisement\s+feature|"
    r"advertising\s+feature|paid\s+for\s+by|promoted\s+by)\b"
    r"|^\s*(?:ad|advert)\s*[:|-]",
    re.IGNORECASE,
)


@checker(when=Trigger.PAID | Trigger.TAGS, words=AD_LABEL_WORDS)
def check_paid_partnership(inspection: Inspection) -> Iterator[Finding]:
    draft = inspection.draft
    label = None
    if not inspection.facts.words.isdisjoint(AD_LABEL_WORDS) and (
        "#" in draft.text or not lower_words(inspection.facts.prose).isdisjoint(AD_WORDS)
    ):
        label = AD_LABEL_RE.search(draft.text)
    if not (draft.paid_partnership or label or "paid_partnership" in draft.tags):
        return
    needs = []
    if not label:
        needs.append("add an ad or paid-partnership label (#ad, or the platform's label)")
    if not (draft.spend_code or "").strip():
        needs.append("add the campaign spend code")
    todo = (" First " + " and ".join(needs) + ".") if needs else ""
    yield PAID_PARTNERSHIP.finding(
        "This is paid, influencer or creator partnership content, so a senior approver must "
        f"sign it off.{todo}",
        label.start() if label else None,
        label.end() if label else None,
    )
