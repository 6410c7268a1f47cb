"""Retention schedules, legal hold and the nightly disposal job, which logs every disposal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.core.worker import periodic_jobs
from govsocial.publishing.models import Post
from govsocial.records.models import AuditRecord, LogLeaf
from govsocial.records.retention import (
    dispose_due_records,
    keep_days_for,
    legal_hold_lift,
    legal_hold_place,
    register_retention_class,
    retention_schedule_set,
    unregister_retention_class,
)


@pytest.fixture
def drafts_class() -> Iterator[str]:
    """A class of record registered the way an app would: here, abandoned drafts."""
    register_retention_class(
        "abandoned_drafts",
        label="Abandoned drafts",
        default_keep_days=30,
        due=lambda organisation, cutoff: Post.objects.filter(
            organisation=organisation, status="draft", created_at__lt=cutoff
        ),
        dispose=lambda post: post.delete(),
    )
    yield "abandoned_drafts"
    unregister_retention_class("abandoned_drafts")


def age(post: Post, days: int) -> None:
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_outbound_posts_are_kept_permanently_and_no_schedule_can_shorten_that(
    organisation, records_manager
) -> None:
    assert keep_days_for(organisation=organisation, record_class="outbound_post") is None
    with pytest.raises(ApplicationError, match="kept permanently"):
        retention_schedule_set(
            organisation=organisation,
            record_class="outbound_post",
            keep_days=365,
            actor=records_manager,
        )


def test_the_correspondence_and_listening_schedules_have_defaults_an_organisation_can_change(
    organisation, records_manager
) -> None:
    assert keep_days_for(organisation=organisation, record_class="inbound_message") == 730
    assert keep_days_for(organisation=organisation, record_class="listening") == 30
    retention_schedule_set(
        organisation=organisation,
        record_class="inbound_message",
        keep_days=1095,
        actor=records_manager,
    )
    assert keep_days_for(organisation=organisation, record_class="inbound_message") == 1095
    assert AuditRecord.objects.filter(action="retention.set").exists()


def test_only_records_managers_set_retention(organisation, publisher) -> None:
    with pytest.raises(PermissionDenied):
        retention_schedule_set(
            organisation=organisation, record_class="listening", keep_days=7, actor=publisher
        )


def test_the_nightly_job_disposes_of_what_is_past_its_schedule_and_logs_each_disposal(
    organisation, post, drafts_class
) -> None:
    age(post, 31)
    young = Post.objects.create(organisation=organisation, author=post.author, title="New")
    disposed = dispose_due_records()
    assert [d.target for d in disposed] == [f"publishing.post:{post.pk}"]
    assert not Post.objects.filter(pk=post.pk).exists()
    assert Post.objects.filter(pk=young.pk).exists()
    leaf = LogLeaf.objects.get(action="dispose")
    entry = json.loads(bytes(leaf.data))
    assert entry["reason_code"] == "retention:abandoned_drafts"
    assert entry["actor_role"] == "system"
    assert dispose_due_records() == []  # nothing is past its schedule any more


def test_a_time_machine_shows_nothing_is_kept_past_its_schedule(
    organisation, post, drafts_class
) -> None:
    later = timezone.now() + timedelta(days=31)
    assert [d.target for d in dispose_due_records(now=later)] == [f"publishing.post:{post.pk}"]
    assert not Post.objects.filter(
        organisation=organisation, created_at__lt=later - timedelta(days=30)
    ).exists()


def test_nothing_under_legal_hold_is_disposed_of_until_the_hold_is_lifted(
    organisation, post, drafts_class, records_manager
) -> None:
    age(post, 400)
    hold = legal_hold_place(
        organisation=organisation,
        record_class="abandoned_drafts",
        reason="Public inquiry",
        actor=records_manager,
    )
    assert dispose_due_records() == []
    assert Post.objects.filter(pk=post.pk).exists()
    legal_hold_lift(hold=hold, actor=records_manager)
    assert len(dispose_due_records()) == 1


def test_a_hold_on_every_class_stops_every_disposal(
    organisation, post, drafts_class, records_manager
) -> None:
    age(post, 400)
    legal_hold_place(
        organisation=organisation, record_class="", reason="Litigation", actor=records_manager
    )
    assert dispose_due_records() == []


def test_a_hold_needs_a_reason(organisation, records_manager) -> None:
    with pytest.raises(ApplicationError, match="Say why"):
        legal_hold_place(
            organisation=organisation, record_class="", reason=" ", actor=records_manager
        )


def test_the_disposal_job_runs_in_the_worker_every_day() -> None:
    jobs = {job.name: job for job in periodic_jobs()}
    assert jobs["records.disposal"].every_seconds == 24 * 60 * 60
