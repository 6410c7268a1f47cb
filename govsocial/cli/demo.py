"""Demo data: "Department for Example" with a user in every role, two official accounts and a few drafts."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Role
from govsocial.accounts.services import membership_grant, organisation_create
from govsocial.channels.models import Network
from govsocial.channels.services import account_register
from govsocial.cli.sandbox import DEMO_MASTODON_URL, DEMO_TOKENS
from govsocial.publishing.models import RiskClass
from govsocial.publishing.services import post_create

DEMO_ORGANISATION = "Department for Example"
# Printed by `govsocial run`; the demo is for a single machine, never a shared install.
DEMO_PASSWORD = "demo-password-123"  # noqa: S105

DEMO_USERS: list[tuple[str, str, str]] = [
    ("viewer", "Val Viewer", Role.VIEWER),
    ("author", "Ada Author", Role.AUTHOR),
    ("reviewer", "Rex Reviewer", Role.REVIEWER),
    ("publisher", "Pat Publisher", Role.PUBLISHER),
    ("senior", "Sam Senior", Role.SENIOR_APPROVER),
    ("propriety", "Priya Propriety", Role.PROPRIETY_ADVISER),
    ("records", "Rhys Records", Role.RECORDS_MANAGER),
    ("dpo", "Dana Protection", Role.DATA_PROTECTION_OFFICER),
    ("foi", "Fola FOI", Role.FOI_OFFICER),
    ("accounts", "Alex Accounts", Role.ACCOUNT_ADMIN),
    ("itadmin", "Ira IT", Role.IT_ADMIN),
]

DEMO_DRAFTS = [
    (
        "Passport renewal reminder",
        "Renewing your passport? Apply at least 3 weeks before you travel. "
        "Read guidance on renewing a passport: https://www.gov.uk/renew-adult-passport #Passports",
    ),
    (
        "Road closure on the A1",
        "The A1 northbound is closed between junctions 4 and 5 until 6pm today because of a collision. "
        "Plan your journey: https://www.gov.uk/traffic-information",
    ),
    (
        "Consultation on library opening hours",
        "We want your views on library opening hours. The consultation closes on 4 June 2027. "
        "Have your say: https://www.gov.uk/government/consultations",
    ),
]


def demo_users() -> list[tuple[str, str]]:
    return [(username, Role(role).label) for username, _, role in DEMO_USERS]


@transaction.atomic
def demo_load() -> bool:
    """Loads the demo organisation once. Returns False when it is already there."""
    if settings.GOVSOCIAL_PRODUCTION:
        raise RuntimeError("The demo organisation has a published password: never in production.")
    if Organisation.objects.filter(name=DEMO_ORGANISATION).exists():
        return False
    organisation = organisation_create(name=DEMO_ORGANISATION)
    users: dict[str, User] = {}
    for username, display_name, role in DEMO_USERS:
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            display_name=display_name,
            email=f"{username}@example.gov.uk",
        )
        membership_grant(organisation=organisation, user=user, role=role)
        users[username] = user
    accounts = [
        account_register(
            organisation=organisation,
            actor=users["accounts"],
            network=Network.MASTODON,
            handle=handle,
            owning_unit=unit,
            named_owner=users["accounts"],
            instance_url=DEMO_MASTODON_URL,
            house_rules_url="https://www.example.gov.uk/social-media-use",
            two_factor_confirmed=True,
            credentials={"access_token": DEMO_TOKENS[username]},
        )
        for handle, username, unit in (
            ("@example", "example", "Digital communications"),
            ("@examplejobs", "examplejobs", "Jobs and skills"),
        )
    ]
    for title, text in DEMO_DRAFTS:
        post_create(
            organisation=organisation,
            actor=users["author"],
            title=title,
            text=text,
            accounts=accounts,
            risk_class=RiskClass.ROUTINE,
            campaign_code="DFE-2027-001",
        )
    _load_app_demos(organisation)
    return True


def _load_app_demos(organisation: Organisation) -> None:
    """Other apps' demo data (the inbox), when those apps provide it."""
    try:
        from govsocial.cli.demo_inbox import inbox_demo_load
    except ImportError:
        return
    inbox_demo_load(organisation)
