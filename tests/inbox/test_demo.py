"""The demo inbox a newcomer sees."""

from __future__ import annotations

import pytest
from django.test import Client

from govsocial.accounts.roles import Role
from govsocial.cli.demo_inbox import inbox_demo_load
from govsocial.inbox.models import InboundItem, Queue, TriageLabel

pytestmark = pytest.mark.django_db


def test_demo_items_cover_the_desks_work_and_load_once(organisation, make_user, make_account):
    owner = make_user("owner", organisation=organisation, role=Role.ACCOUNT_ADMIN)
    make_account(organisation, owner=owner)
    make_account(organisation, owner=owner, handle="dept.bsky.social", network="bluesky")
    added = inbox_demo_load(organisation)
    assert added == InboundItem.objects.count() > 12
    assert inbox_demo_load(organisation) == 0
    labels = set(InboundItem.objects.values_list("triage_label", flat=True))
    assert {
        TriageLabel.QUESTION,
        TriageLabel.COMPLAINT,
        TriageLabel.POSSIBLE_FOI,
        TriageLabel.POSSIBLE_SAR,
        TriageLabel.ABUSE,
        TriageLabel.SPAM,
        TriageLabel.PRAISE,
        TriageLabel.INDIVIDUAL_CASE,
    } <= labels
    foi = InboundItem.objects.filter(queue=Queue.FOI_OFFICER).first()
    assert foi.foi_due is not None and foi.requester_name == "Margaret Okafor"
    nhs = [i for i in InboundItem.objects.all() if "nhs_number" in i.personal_data_kinds]
    assert nhs and all("943 476 5919" not in i.redacted_text for i in nhs)
    viewer = make_user("viewer", organisation=organisation)
    client = Client()
    client.force_login(viewer)
    page = client.get(f"/o/{organisation.slug}/inbox/").content.decode()
    assert "943 476 5919" not in page and "[NHS number removed]" in page
    public = (
        Client().get(f"/public/{organisation.slug}/house-rules/{foi.account_id}/").content.decode()
    )
    assert "does not mean we endorse" in public
