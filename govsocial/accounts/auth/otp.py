"""TOTP two-factor with django-otp: enrolment, verification and single-use recovery codes."""

from __future__ import annotations

import secrets
from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from govsocial.accounts.auth.models import AuthMethod
from govsocial.accounts.models import User
from govsocial.core.errors import ApplicationError
from govsocial.records.events import AuditAction
from govsocial.records.services import audit_record

TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up, made once so reloading the page keeps the secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode().rstrip("=")


def qr_svg_data_uri(device: TOTPDevice) -> str:
    """The otpauth URI as an SVG QR code made on the server: no JavaScript, no inline style."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def _normalise(code: str) -> str:
    return "".join(ch for ch in code if ch.isalnum()).lower()


def _verify_totp(device: TOTPDevice, code: str) -> bool:
    allowed, _ = device.verify_is_allowed()
    return bool(allowed) and device.verify_token(code)


@transaction.atomic
def two_factor_enrol(*, user: User, code: str) -> list[str]:
    """Confirms the authenticator app with a code it shows; returns fresh recovery codes."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ApplicationError("Start again: the set-up page has expired.", field="code")
    if not _normalise(code).isdigit() or not _verify_totp(device, _normalise(code)):
        raise ApplicationError(
            "The code is wrong or has expired. Enter the 6-digit code your app shows now.",
            field="code",
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _replace_recovery_codes(user)
    audit_record(
        organisation=None, actor=user, action=AuditAction.TWO_FACTOR_ENROL, target=user, data={}
    )
    return codes


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [
        f"{secrets.token_hex(3)}-{secrets.token_hex(3)}"
        for _ in range(settings.GOVSOCIAL_RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=code.replace("-", "")) for code in codes]
    )
    return codes


def two_factor_verify(*, user: User, code: str) -> str | None:
    """The method that passed (authenticator or a recovery code, used up), or None."""
    cleaned = _normalise(code)
    if not cleaned:
        return None
    device = totp_device(user)
    if device is not None and cleaned.isdigit() and _verify_totp(device, cleaned):
        return AuthMethod.TWO_FACTOR
    with transaction.atomic():
        for static in StaticDevice.objects.filter(user=user, confirmed=True):
            # django-otp deletes the token it matched: each recovery code works once (ASVS 6.5.1).
            if static.verify_token(cleaned):
                audit_record(
                    organisation=None,
                    actor=user,
                    action=AuditAction.TWO_FACTOR_RECOVERY_CODE_USED,
                    target=user,
                    data={"left": static.token_set.count()},
                )
                return AuthMethod.RECOVERY_CODE
    return None


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def recovery_codes_regenerate(*, user: User, code: str) -> list[str]:
    """New recovery codes replace the old ones; needs a current authenticator code (ASVS 7.5.1)."""
    device = totp_device(user)
    if device is None or not _verify_totp(device, _normalise(code)):
        raise ApplicationError(
            "The code is wrong or has expired. Enter the 6-digit code your app shows now.",
            field="code",
        )
    codes = _replace_recovery_codes(user)
    audit_record(
        organisation=None,
        actor=user,
        action=AuditAction.TWO_FACTOR_RECOVERY_CODES_REPLACE,
        target=user,
    )
    return codes


@transaction.atomic
def two_factor_reset(*, user: User, actor: User | None) -> None:
    """For a lost phone: removes the user's devices, so the next sign-in sets up a new app.

    The password is still needed, and every session ends, so a reset gives nobody a way in.
    """
    from govsocial.accounts.auth.sessions import session_end_all

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    session_end_all(user=user, actor=actor, reason="two-factor reset")
    audit_record(
        organisation=None,
        actor=actor,
        action=AuditAction.TWO_FACTOR_RESET,
        target=user,
        data={"user": user.get_username()},
    )
