"""Every state change is audited: each service, driven as the product drives it, stores its
audit record (action, actor, target, data) and, for a public action, its entry in the
organisation's transparency log.

These are the changes that no other behavioural test noticed losing their audit call: deleting
any `audit_record(...)` or `delivery_audit(...)` call from a service makes one of these fail.
"""

from __future__ import annotations

import io
import time
from datetime import timedelta
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from govsocial.accounts.auth.models import AuthMethod
from govsocial.accounts.auth.otp import (
    enrolment_device,
    recovery_codes_regenerate,
    two_factor_enrol,
    two_factor_reset,
    two_factor_verify,
)
from govsocial.accounts.models import Organisation, User
from govsocial.accounts.roles import Role
from govsocial.accounts.services import api_token_create, api_token_revoke, organisation_create
from govsocial.channels.models import OfficialAccount
from govsocial.channels.services import account_register, account_set_credentials, token_expiry_warn
from govsocial.connectors.base import Capability
from govsocial.connectors.errors import AuthExpired, OutcomeUnknown, RateLimited
from govsocial.inbox.models import ItemStatus
from govsocial.inbox.services import (
    house_rules_publish,
    inbound_item_moderate,
    inbound_item_set_status,
    inbox_settings_set,
    internal_note_create,
    moderation_appeal_decide,
    moderation_appeal_open,
    saved_reply_create,
)
from govsocial.publishing.media import media_upload
from govsocial.publishing.models import Delivery, DeliveryState, Post
from govsocial.publishing.services import (
    delivery_resolve,
    delivery_retry,
    post_break_glass,
    post_break_glass_review,
    post_cancel,
    post_create,
    post_edit,
    post_return,
    post_schedule,
    post_submit,
    version_override_warning,
)
from govsocial.publishing.services.delivery import scheduler_tick
from govsocial.records.events import AuditAction, event_spec
from govsocial.records.models import AuditRecord, LogLeaf
from govsocial.records.retention import legal_hold_lift, legal_hold_place
from tests.conftest import PASSWORD
from tests.inbox import conftest as inbox_fixtures
from tests.publishing import conftest as publishing_fixtures
from tests.publishing.fakes import FakeNetwork, install, raising

pytestmark = pytest.mark.django_db

# Pytest shares a folder's conftest fixtures only below that folder: these come from the inbox
# and publishing folders (the inbox desk; the publishing people, their account and posts).
desk, synced = inbox_fixtures.desk, inbox_fixtures.synced
people, account = publishing_fixtures.people, publishing_fixtures.account
make_post, approved_post = publishing_fixtures.make_post, publishing_fixtures.approved_post
GOOD_TEXT = publishing_fixtures.GOOD_TEXT

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"


def the_record(action: AuditAction, *, target: models.Model) -> AuditRecord:
    """The one audit record of `action` on `target`."""
    return AuditRecord.objects.get(
        action=action, target_type=target._meta.label_lower, target_id=str(target.pk)
    )


def the_public_entry(record: AuditRecord) -> LogLeaf:
    """The entry a public record became in its organisation's transparency log."""
    leaf = LogLeaf.objects.select_related("log").get(audit_record=record)
    assert leaf.log.organisation_id == record.organisation_id
    assert (leaf.action, leaf.audit_action) == (
        event_spec(AuditAction(record.action)).leaf_action,
        record.action,
    )
    return leaf


def assert_not_public(record: AuditRecord) -> None:
    assert not LogLeaf.objects.filter(audit_record=record).exists()


# --- Signing in, two-factor, organisations and tokens ------------------------------------------


def browser_signed_in(username: str) -> Client:
    browser = Client(HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="192.0.2.10")
    response = browser.post("/login/", {"username": username, "password": PASSWORD})
    assert response["Location"] == "/", "sign-in failed"
    return browser


def authenticator_code(user: User, *, steps_ahead: int = 0) -> str:
    device = TOTPDevice.objects.filter(user=user).latest("pk")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrolled(user: User) -> list[str]:
    """Sets up the user's authenticator app; returns their recovery codes."""
    enrolment_device(user)
    return two_factor_enrol(user=user, code=authenticator_code(user))


def test_signing_in_is_audited(make_user, organisation) -> None:
    ada = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    browser_signed_in("ada")
    record = the_record(AuditAction.SESSION_SIGN_IN, target=ada)
    assert (record.organisation, record.actor) == (None, ada)
    assert record.data == {"method": "password", "device": "Firefox on Windows", "ip": "192.0.2.10"}


def test_signing_out_is_audited(make_user, organisation) -> None:
    ada = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    browser = browser_signed_in("ada")
    browser.post("/logout/")
    record = the_record(AuditAction.SESSION_SIGN_OUT, target=ada)
    assert (record.organisation, record.actor) == (None, ada)
    assert record.data == {"device": "Firefox on Windows"}


def test_signing_in_with_a_recovery_code_is_audited(make_user, organisation) -> None:
    pat = make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    codes = enrolled(pat)
    assert two_factor_verify(user=pat, code=codes[0]) == AuthMethod.RECOVERY_CODE
    record = the_record(AuditAction.TWO_FACTOR_RECOVERY_CODE_USED, target=pat)
    assert (record.organisation, record.actor) == (None, pat)
    assert record.data == {"left": len(codes) - 1}


def test_replacing_recovery_codes_is_audited(make_user, organisation) -> None:
    pat = make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    old = enrolled(pat)
    new = recovery_codes_regenerate(user=pat, code=authenticator_code(pat, steps_ahead=1))
    assert not set(new) & set(old)
    record = the_record(AuditAction.TWO_FACTOR_RECOVERY_CODES_REPLACE, target=pat)
    assert (record.organisation, record.actor, record.data) == (None, pat, {})


def test_resetting_a_lost_authenticator_is_audited(make_user, organisation) -> None:
    pat = make_user("pat", organisation=organisation, role=Role.PUBLISHER)
    enrolled(pat)
    two_factor_reset(user=pat, actor=None)  # as `govsocial` reset-two-factor does
    record = the_record(AuditAction.TWO_FACTOR_RESET, target=pat)
    assert (record.organisation, record.actor) == (None, None)
    assert record.data == {"user": "pat"}


def test_creating_an_organisation_is_audited() -> None:
    created = organisation_create(name="Ministry of Examples")
    record = the_record(AuditAction.ORGANISATION_CREATE, target=created)
    assert (record.organisation, record.actor, record.data) == (created, None, {})


def test_creating_an_api_token_is_audited_without_its_secret(make_user, organisation) -> None:
    ada = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    token, plain = api_token_create(user=ada, name="Nightly export")
    record = the_record(AuditAction.API_TOKEN_CREATE, target=token)
    assert (record.organisation, record.actor) == (organisation, ada)
    assert record.data == {
        "name": "Nightly export",
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat(),
    }
    assert plain.rsplit("_", 1)[-1] not in str(record.data)


def test_a_token_for_someone_in_no_organisation_yet_is_still_audited(make_user) -> None:
    loner = make_user("loner")
    token, _ = api_token_create(user=loner, name="Set-up script")
    record = the_record(AuditAction.API_TOKEN_CREATE, target=token)
    assert (record.organisation, record.actor) == (None, loner)


# --- The official account register ---------------------------------------------------------------


def registered(organisation: Organisation, admin: User) -> OfficialAccount:
    return account_register(
        organisation=organisation,
        actor=admin,
        network="mastodon",
        handle="@press",
        owning_unit="Press office",
        named_owner=admin,
        instance_url="https://social.example.gov.uk",
    )


def test_registering_an_official_account_is_audited(make_user, organisation) -> None:
    admin = make_user("admin", organisation=organisation, role=Role.ACCOUNT_ADMIN)
    account = registered(organisation, admin)
    record = the_record(AuditAction.ACCOUNT_REGISTER, target=account)
    assert (record.organisation, record.actor) == (organisation, admin)
    assert record.data == {"network": "mastodon", "handle": "@press", "owner": "admin"}


def test_storing_an_accounts_credentials_is_audited_without_them(make_user, organisation) -> None:
    admin = make_user("admin", organisation=organisation, role=Role.ACCOUNT_ADMIN)
    account = registered(organisation, admin)
    expires = timezone.now() + timedelta(days=60)
    account_set_credentials(
        account=account, actor=admin, credentials={"access_token": "s3cret"}, expires_at=expires
    )
    record = the_record(AuditAction.ACCOUNT_CREDENTIALS, target=account)
    assert (record.organisation, record.actor) == (organisation, admin)
    assert record.data == {"fields": ["access_token"], "expires_at": expires.isoformat()}
    assert "s3cret" not in str(record.data)


def test_warning_that_an_accounts_token_expires_is_audited(make_user, organisation) -> None:
    admin = make_user("admin", organisation=organisation, role=Role.ACCOUNT_ADMIN)
    account = registered(organisation, admin)
    account_set_credentials(
        account=account,
        actor=None,
        credentials={"access_token": "t"},
        expires_at=timezone.now() + timedelta(days=3),
    )
    assert token_expiry_warn() == 1
    account.refresh_from_db()
    record = the_record(AuditAction.ACCOUNT_TOKEN_EXPIRY_WARNING, target=account)
    assert (record.organisation, record.actor) == (organisation, None)
    assert record.data == {"expires_at": str(account.token_expires_at)}


# --- The inbox ---------------------------------------------------------------------------------


def test_setting_an_inbox_items_status_is_audited(desk, synced) -> None:
    (item,) = synced("When does the library reopen?")
    inbound_item_set_status(item=item, actor=desk.users["author"], status=ItemStatus.CLOSED)
    record = the_record(AuditAction.INBOUND_ITEM_STATUS, target=item)
    assert (record.organisation, record.actor) == (desk.organisation, desk.users["author"])
    assert record.data == {"from": ItemStatus.NEW, "to": ItemStatus.CLOSED}


def test_adding_a_note_to_a_message_is_audited(desk, synced) -> None:
    (item,) = synced("When does the library reopen?")
    note = internal_note_create(item=item, actor=desk.users["author"], text="Asked the library.")
    record = the_record(AuditAction.INTERNAL_NOTE_CREATE, target=note)
    assert (record.organisation, record.actor) == (desk.organisation, desk.users["author"])
    assert record.data == {"item_id": item.pk}


def test_adding_a_saved_reply_is_audited(desk) -> None:
    saved = saved_reply_create(
        organisation=desk.organisation,
        actor=desk.users["author"],
        title="Opening hours",
        text="We are open 9am to 5pm, Monday to Friday.",
    )
    record = the_record(AuditAction.SAVED_REPLY_CREATE, target=saved)
    assert (record.organisation, record.actor, record.data) == (
        desk.organisation,
        desk.users["author"],
        {},
    )


def hidden(desk: Any, synced: Any) -> Any:
    (item,) = synced("Buy cheap followers now", remote_id="spam1")
    return inbound_item_moderate(
        item=item,
        actor=desk.users["reviewer"],
        kind="hide",
        reason_code="spam",
        connector_factory=desk.factory,
    )


def test_recording_an_appeal_is_audited(desk, synced) -> None:
    action = hidden(desk, synced)
    moderation_appeal_open(action=action, actor=desk.users["author"], note="It was a question.")
    record = the_record(AuditAction.MODERATION_APPEAL, target=action)
    assert (record.organisation, record.actor) == (desk.organisation, desk.users["author"])
    assert record.data == {"item_id": action.item_id}


def test_refusing_an_appeal_is_audited(desk, synced) -> None:
    action = hidden(desk, synced)
    moderation_appeal_open(action=action, actor=desk.users["author"], note="It was a question.")
    moderation_appeal_decide(action=action, actor=desk.users["publisher"], restore=False)
    record = the_record(AuditAction.MODERATION_APPEAL_REFUSED, target=action)
    assert (record.organisation, record.actor) == (desk.organisation, desk.users["publisher"])
    assert record.data == {"item_id": action.item_id}
    assert not AuditRecord.objects.filter(action=AuditAction.MODERATION_RESTORE).exists()


def test_publishing_house_rules_is_audited(desk) -> None:
    rules = house_rules_publish(account=desk.account, actor=desk.users["admin"])
    record = the_record(AuditAction.HOUSE_RULES_PUBLISH, target=rules)
    assert (record.organisation, record.actor) == (desk.organisation, desk.users["admin"])
    assert record.data == {"account_id": desk.account.pk}


def test_changing_an_accounts_inbox_settings_is_audited(desk) -> None:
    settings = inbox_settings_set(
        account=desk.account,
        actor=desk.users["admin"],
        response_target_hours=8,
        secure_channel_url="https://www.example.gov.uk/contact",
    )
    record = the_record(AuditAction.INBOX_SETTINGS_UPDATE, target=settings)
    assert (record.organisation, record.actor) == (desk.organisation, desk.users["admin"])
    assert record.data == {
        "account_id": desk.account.pk,
        "changed": ["response_target_hours", "secure_channel_url"],
    }


# --- Posts: drafting, approval and scheduling ----------------------------------------------------


def png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(out, "PNG")
    out.seek(0)
    return out


def test_uploading_media_is_audited(organisation, people, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    asset = media_upload(
        organisation=organisation,
        actor=people["author"],
        upload=png(),
        name="office.png",
        alt_text="The new office",
    )
    record = the_record(AuditAction.MEDIA_UPLOAD, target=asset)
    assert (record.organisation, record.actor) == (organisation, people["author"])
    assert record.data == {"kind": "image", "sha256": asset.sha256, "bytes": asset.size_bytes}


def test_writing_a_draft_is_audited(organisation, people, account) -> None:
    post = post_create(
        organisation=organisation,
        actor=people["author"],
        title="Passports",
        text=GOOD_TEXT,
        accounts=[account],
        campaign_code="C-2027-001",
    )
    record = the_record(AuditAction.POST_CREATE, target=post)
    assert (record.organisation, record.actor) == (organisation, people["author"])
    assert record.data == {"version": 1, "verdict": "pass", "findings": []}
    assert_not_public(record)


def test_editing_a_post_is_audited(make_post, people) -> None:
    post = make_post()
    version = post_edit(post=post, actor=people["author"], text=GOOD_TEXT + "\n\nUpdated.")
    record = the_record(AuditAction.POST_EDIT, target=post)
    assert (record.organisation, record.actor) == (post.organisation, people["author"])
    assert record.data == {"version": 2, "verdict": version.verdict, "findings": []}


def test_overriding_a_warning_is_audited_with_the_reason(make_post, people) -> None:
    post = make_post(campaign_code="")
    version_override_warning(
        version=post.versions.get(),
        rule="propriety.no-campaign-code",
        reason="Operational reminder, not part of a campaign",
        actor=people["author"],
    )
    record = the_record(AuditAction.POST_OVERRIDE_WARNING, target=post)
    assert (record.organisation, record.actor) == (post.organisation, people["author"])
    assert record.data == {
        "version": 1,
        "rule": "propriety.no-campaign-code",
        "reason": "Operational reminder, not part of a campaign",
    }


def test_submitting_a_post_for_approval_is_audited(make_post, people) -> None:
    post = post_submit(post=make_post(), actor=people["author"])
    record = the_record(AuditAction.POST_SUBMIT, target=post)
    assert (record.organisation, record.actor) == (post.organisation, people["author"])
    assert record.data == {"version": 1, "needs": "review"}


def test_returning_a_post_to_its_author_is_audited(make_post, people) -> None:
    post = post_submit(post=make_post(), actor=people["author"])
    post_return(post=post, actor=people["reviewer"], comments="Add the deadline.")
    record = the_record(AuditAction.POST_RETURN, target=post)
    assert (record.organisation, record.actor) == (post.organisation, people["reviewer"])
    assert record.data == {"version": 1, "comments": "Add the deadline."}


def test_reviewing_a_break_glass_post_is_audited(make_post, people) -> None:
    post = post_break_glass(
        post=make_post(),
        actor=people["publisher"],
        reason="Road closed by flooding, drivers at risk",
    )
    post_break_glass_review(post=post, actor=people["senior"], comments="Right call.")
    record = the_record(AuditAction.POST_BREAK_GLASS_REVIEW, target=post)
    assert (record.organisation, record.actor) == (post.organisation, people["senior"])
    assert record.data == {"comments": "Right call."}


def test_scheduling_a_post_is_audited_in_the_public_log(approved_post, people, account) -> None:
    due = timezone.now() + timedelta(hours=2)
    post_schedule(post=approved_post, actor=people["publisher"], at=due)
    record = the_record(AuditAction.POST_SCHEDULE, target=approved_post)
    assert (record.organisation, record.actor, record.actor_role) == (
        approved_post.organisation,
        people["publisher"],
        Role.PUBLISHER,
    )
    assert record.data == {
        "version": 1,
        "account_id": account.pk,
        "network": account.network,
        "due_at": due.isoformat(),
        "content": {"text": GOOD_TEXT},
    }
    assert the_public_entry(record).account == account.handle


def test_withdrawing_a_post_that_was_never_scheduled_is_audited(make_post, people) -> None:
    post = make_post()
    post_cancel(post=post, actor=people["author"], reason="No longer needed")
    record = the_record(AuditAction.POST_WITHDRAW, target=post)
    assert (record.organisation, record.actor) == (post.organisation, people["author"])
    assert record.data == {"reason": "No longer needed"}
    assert_not_public(record)


# --- Deliveries: the worker's moves and a person's ---------------------------------------------


@pytest.fixture
def network(monkeypatch) -> FakeNetwork:
    net = FakeNetwork()
    install(monkeypatch, net)
    return net


@pytest.fixture
def due(approved_post: Post, people: dict[str, User]) -> Delivery:
    post_schedule(post=approved_post, actor=people["publisher"])
    return Delivery.objects.get(post=approved_post)


def delivery_keys(delivery: Delivery) -> dict[str, Any]:
    """What every delivery record carries about the post, the account and the content."""
    return {
        "post_id": delivery.post_id,
        "version": delivery.version.number,
        "account_id": delivery.account_id,
        "network": delivery.account.network,
        "remote_id": delivery.remote_id,
        "remote_url": delivery.remote_url,
        "content": {"text": delivery.version.text},
    }


def test_a_rate_limited_delivery_is_audited_as_rescheduled(network, due) -> None:
    network.script = [raising(RateLimited("slow down", retry_after=120))]
    scheduler_tick(worker="w1")
    due.refresh_from_db()
    assert due.state == DeliveryState.SCHEDULED
    record = the_record(AuditAction.DELIVERY_RESCHEDULED, target=due)
    assert (record.organisation, record.actor, record.actor_role) == (
        due.post.organisation,
        None,
        "system",
    )
    assert record.data == {
        **delivery_keys(due),
        "reason_code": "rate_limited",
        "reason": due.last_error,
        "not_before": due.not_before.isoformat(),
    }
    assert_not_public(record)


def test_a_delivery_proved_absent_is_audited_in_the_public_log(monkeypatch, due) -> None:
    net = FakeNetwork()
    install(monkeypatch, net, capabilities=Capability.LOOKUP_RECENT | Capability.CLIENT_RECORD_KEY)
    net.script = [raising(OutcomeUnknown("dropped before the server got it"))]
    scheduler_tick(worker="w1")  # unknown
    scheduler_tick(worker="w1")  # reconciled: not on the network, so scheduled again
    due.refresh_from_db()
    assert due.state == DeliveryState.SCHEDULED
    record = the_record(AuditAction.DELIVERY_ABSENT, target=due)
    assert (record.organisation, record.actor, record.actor_role) == (
        due.post.organisation,
        None,
        "system",
    )
    assert record.data == {**delivery_keys(due), "reason_code": "proved_absent"}
    assert the_public_entry(record).account == due.account.handle


def needing_a_check(network: FakeNetwork, delivery: Delivery) -> Delivery:
    network.script = [raising(OutcomeUnknown("timed out after sending"))]
    scheduler_tick(worker="w1")  # unknown
    scheduler_tick(worker="w1")  # cannot be proved absent: a person must look
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.NEEDS_CHECK
    return delivery


def test_a_delivery_that_needs_a_person_to_check_it_is_audited(network, due) -> None:
    delivery = needing_a_check(network, due)
    record = the_record(AuditAction.DELIVERY_NEEDS_CHECK, target=delivery)
    assert (record.organisation, record.actor, record.actor_role) == (
        delivery.post.organisation,
        None,
        "system",
    )
    assert record.data == {"reason": delivery.needs_check_reason}


def test_a_person_deciding_a_delivery_is_audited_in_the_public_log(network, due, people) -> None:
    delivery = needing_a_check(network, due)
    delivery_resolve(
        delivery=delivery,
        actor=people["publisher"],
        resolution="published",
        remote_url="https://net.example/p/77",
        note="Seen on the timeline",
    )
    delivery.refresh_from_db()
    record = the_record(AuditAction.DELIVERY_PUBLISHED, target=delivery)
    assert (record.organisation, record.actor, record.actor_role) == (
        delivery.post.organisation,
        people["publisher"],
        Role.PUBLISHER,
    )
    assert record.data == {
        **delivery_keys(delivery),
        "resolution": "published",
        "note": "Seen on the timeline",
        "reason_code": "resolved_by_person",
    }
    entry = the_public_entry(record)
    assert entry.remote_url == "https://net.example/p/77"


def test_sending_a_failed_delivery_again_is_audited(network, due, people) -> None:
    network.script = [raising(AuthExpired("reconnect the account"))]
    scheduler_tick(worker="w1")
    due.refresh_from_db()
    assert due.state == DeliveryState.FAILED
    delivery_retry(delivery=due, actor=people["publisher"])
    record = the_record(AuditAction.DELIVERY_RETRY, target=due)
    assert (record.organisation, record.actor, record.actor_role) == (
        due.post.organisation,
        people["publisher"],
        Role.PUBLISHER,
    )
    assert record.data == {"account_id": due.account_id}


# --- Legal holds ---------------------------------------------------------------------------------


def test_placing_a_legal_hold_is_audited(organisation, records_manager) -> None:
    hold = legal_hold_place(
        organisation=organisation,
        record_class="inbound_message",
        reason="Public inquiry",
        actor=records_manager,
    )
    record = the_record(AuditAction.LEGAL_HOLD_PLACE, target=hold)
    assert (record.organisation, record.actor) == (organisation, records_manager)
    assert record.data == {"record_class": "inbound_message"}


def test_lifting_a_legal_hold_is_audited(organisation, records_manager) -> None:
    hold = legal_hold_place(
        organisation=organisation,
        record_class="inbound_message",
        reason="Public inquiry",
        actor=records_manager,
    )
    legal_hold_lift(hold=hold, actor=records_manager)
    record = the_record(AuditAction.LEGAL_HOLD_LIFT, target=hold)
    assert (record.organisation, record.actor) == (organisation, records_manager)
    assert record.data == {"record_class": "inbound_message"}


def test_revoking_an_api_token_is_audited_under_whoever_revoked_it(make_user, organisation) -> None:
    ada = make_user("ada", organisation=organisation, role=Role.AUTHOR)
    token, _ = api_token_create(user=ada, name="Nightly export")
    api_token_revoke(token=token, actor=None)  # an IT admin, from the command line
    record = the_record(AuditAction.API_TOKEN_REVOKE, target=token)
    assert (record.organisation, record.actor) == (organisation, None)
    assert record.data["prefix"] == token.prefix
