from __future__ import annotations

import pytest
from django.db import transaction

from govsocial.publishing.services import post_create, post_edit
from govsocial.records.events import AuditAction
from govsocial.records.models import AuditRecord
from govsocial.records.services import AuditOutsideTransaction, audit_record


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction(organisation) -> None:
    with pytest.raises(AuditOutsideTransaction):
        audit_record(organisation=organisation, actor=None, action=AuditAction.POST_CREATE)


def test_a_state_change_and_its_audit_record_commit_together(
    organisation, author, make_account, make_user
) -> None:
    account = make_account(organisation, owner=author)
    post = post_create(
        organisation=organisation, actor=author, title="t", text="Hello", accounts=[account]
    )
    post_edit(post=post, actor=author, text="Hello again")
    actions = list(
        AuditRecord.objects.filter(organisation=organisation).values_list("action", flat=True)
    )
    assert actions[-2:] == ["post.create", "post.edit"]


def test_a_failed_change_leaves_no_audit_record(organisation, author, make_account) -> None:
    account = make_account(organisation, owner=author)
    before = AuditRecord.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        post_create(
            organisation=organisation, actor=author, title="t", text="Hello", accounts=[account]
        )
        raise RuntimeError("the network call failed")
    assert AuditRecord.objects.count() == before
