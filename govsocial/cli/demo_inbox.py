"""Demo inbox: realistic messages for the demo accounts, through the real ingest pipeline
(redaction, triage, clocks), so a newcomer sees what the desk sees. Idempotent."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from govsocial.accounts.models import Organisation
from govsocial.channels.models import OfficialAccount
from govsocial.connectors.base import InboundItem as RemoteItem
from govsocial.connectors.base import InboundKind, InboundPage
from govsocial.inbox.models import HouseRules, InboxCursor, InboxSettings, SavedReply
from govsocial.inbox.services import house_rules_publish, inbox_settings_set, store_page

SECURE_CHANNEL = "https://www.gov.uk/contact"

# (hours ago, kind, handle, display name, text, in reply to)
DEMO_MESSAGES: list[tuple[float, InboundKind, str, str, str, str | None]] = [
    (
        70,
        InboundKind.MENTION,
        "sarahj@mastodon.social",
        "Sarah J",
        "Hi, does the passport office in Durham open on Saturdays? I need to renew before my "
        "holiday in March.",
        None,
    ),
    (
        69,
        InboundKind.REPLY,
        "sarahj@mastodon.social",
        "Sarah J",
        "Still waiting for an answer to this, anyone?",
        "demo-1",
    ),
    (
        50,
        InboundKind.MENTION,
        "dave_k@social.example",
        "Dave K",
        "I've been on hold for 2 hours trying to get through to your helpline. Absolutely "
        "disgraceful service.",
        None,
    ),
    (
        30,
        InboundKind.MENTION,
        "mokafor@mastodon.scot",
        "Margaret Okafor",
        "Under the Freedom of Information Act, please disclose how much the department spent "
        "on social media advertising in 2025, broken down by month. Regards, Margaret Okafor",
        None,
    ),
    (
        28,
        InboundKind.DIRECT_MESSAGE,
        "t.brennan@social.example",
        "Tom Brennan",
        "This is a subject access request. Please send me a copy of all the information you "
        "hold about me, including notes of my phone calls with your staff.",
        None,
    ),
    (
        26,
        InboundKind.DIRECT_MESSAGE,
        "helen.w@social.example",
        "Helen W",
        "My NHS number is 943 476 5919 and my appointment letter never arrived. Can you check "
        "what happened? You can ring me on 07700 900456.",
        None,
    ),
    (
        20,
        InboundKind.MENTION,
        "angrybloke77@social.example",
        "angrybloke77",
        "Whoever runs this account is an idiot. I know where your office is.",
        None,
    ),
    (
        12,
        InboundKind.REPLY,
        "cryptoking@spam.example",
        "Crypto King",
        "Earn £500 a day from home with crypto! Guaranteed returns, link in bio",
        None,
    ),
    (
        8,
        InboundKind.MENTION,
        "priya.s@social.example",
        "Priya S",
        "Thanks for the quick reply yesterday, really helpful 👍",
        None,
    ),
    (
        5,
        InboundKind.DIRECT_MESSAGE,
        "jmcd@social.example",
        "James McDonald",
        "My universal credit payment hasn't arrived this month. My NI number is AB 12 34 56 C, "
        "can you sort it please?",
        None,
    ),
    (
        3,
        InboundKind.REPLY,
        "votepurple@social.example",
        "Purple Party Activist",
        "Vote for the Purple Party at the next election, they will fix this mess!",
        None,
    ),
    (
        1,
        InboundKind.MENTION,
        "lee.m@social.example",
        "Lee M",
        "Is the consultation on library opening hours still open? Can I respond by post?",
        None,
    ),
]

SAVED_REPLIES = [
    (
        "Secure channel for personal cases",
        "We can't discuss personal cases on social media, to keep your information safe. "
        f"Please contact us through {SECURE_CHANNEL} and we'll help.",
    ),
    (
        "Helpline opening hours",
        "Sorry for the wait. Our helpline is open Monday to Friday, 8am to 6pm, and is "
        "quietest after 2pm. Opening hours: https://www.gov.uk/contact",
    ),
]


def _page(account: OfficialAccount, now: datetime, start: int) -> InboundPage:
    items = []
    for number, (hours, kind, handle, name, text, reply_to) in enumerate(DEMO_MESSAGES, start):
        remote_id = f"demo-{number}"
        items.append(
            RemoteItem(
                remote_id=remote_id,
                kind=kind,
                author_handle=handle,
                author_name=name,
                text=text,
                created_at=now - timedelta(hours=hours),
                thread_id=None,
                in_reply_to=f"demo-{int(reply_to.split('-')[1]) + start - 1}" if reply_to else None,
                url=f"https://social.example/@{handle.split('@')[0]}/{remote_id}",
            )
        )
    return InboundPage(items=tuple(items), next_cursor=None)


@transaction.atomic
def inbox_demo_load(organisation: Organisation, *, now: datetime | None = None) -> int:
    """Adds demo inbox items, settings, house rules and saved replies; returns items added."""
    moment = now or timezone.now()
    accounts = list(OfficialAccount.objects.filter(organisation=organisation, is_active=True))
    stored = 0
    for index, account in enumerate(accounts):
        if not InboxSettings.objects.filter(account=account).exists():
            inbox_settings_set(account=account, actor=None, secure_channel_url=SECURE_CHANNEL)
        if not HouseRules.objects.filter(account=account, published_at__isnull=False).exists():
            house_rules_publish(
                account=account,
                actor=None,
                introduction=f"These are the house rules for {organisation.name}'s account. "
                "We welcome your questions and comments.",
            )
        InboxCursor.objects.get_or_create(account=account)
        # The first account gets every message; the others a different slice, so filters show.
        messages_start = 1 + index * 100
        page = _page(account, moment, messages_start)
        if index:
            page = InboundPage(items=page.items[::3], next_cursor=None)
        settings = InboxSettings.objects.filter(account=account).first()
        stored += store_page(account=account, page=page, settings=settings, now=moment).stored
    author = organisation.memberships.order_by("pk").first()
    if author is not None:
        for title, text in SAVED_REPLIES:
            SavedReply.objects.get_or_create(
                organisation=organisation,
                title=title,
                defaults={"text": text, "created_by": author.user},
            )
    return stored
