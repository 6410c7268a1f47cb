"""The official account register and media uploads."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from govsocial.channels.crypto import decrypt_credentials
from govsocial.channels.models import OfficialAccount
from govsocial.channels.services import (
    account_register,
    account_set_credentials,
    connector_for_account,
    token_expiry_warn,
)
from govsocial.core.errors import ApplicationError, PermissionDenied
from govsocial.core.models import Alert
from govsocial.publishing.media import media_from_token, media_upload, signed_media_url


def register(organisation, people, **kwargs):
    defaults = {
        "organisation": organisation,
        "actor": people["admin"],
        "network": "mastodon",
        "handle": "@press",
        "owning_unit": "Press office",
        "named_owner": people["admin"],
        "instance_url": "https://social.example.gov.uk",
        "credentials": {"access_token": "s3cret-token"},
    }
    return account_register(**{**defaults, **kwargs})


def test_credentials_are_encrypted_at_rest(organisation, people):
    account = register(organisation, people)
    stored = OfficialAccount.objects.get(pk=account.pk).credentials_encrypted
    assert "s3cret-token" not in stored
    assert decrypt_credentials(stored) == {"access_token": "s3cret-token"}


def test_an_empty_value_never_overwrites_a_stored_token(organisation, people):
    account = register(
        organisation, people, credentials={"access_token": "a", "refresh_token": "keep-me"}
    )
    changed = account_set_credentials(
        account=account,
        actor=people["admin"],
        credentials={"access_token": "b", "refresh_token": ""},
    )
    assert changed == ["access_token"]
    assert decrypt_credentials(account.credentials_encrypted) == {
        "access_token": "b",
        "refresh_token": "keep-me",
    }


def test_rotating_keys_keeps_credentials_readable(organisation, people, settings):
    from cryptography.fernet import Fernet

    from govsocial.channels.crypto import rotate_credentials

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.GOVSOCIAL_CREDENTIAL_KEYS = [old]
    account = register(organisation, people)
    settings.GOVSOCIAL_CREDENTIAL_KEYS = [new, old]
    rotated = rotate_credentials(account.credentials_encrypted)
    settings.GOVSOCIAL_CREDENTIAL_KEYS = [new]
    assert decrypt_credentials(rotated) == {"access_token": "s3cret-token"}


def test_only_account_admins_register_accounts_and_bad_input_is_explained(organisation, people):
    with pytest.raises(PermissionDenied):
        register(organisation, people, actor=people["author"])
    with pytest.raises(ApplicationError, match="not a supported network"):
        register(organisation, people, network="myspace")
    with pytest.raises(ApplicationError, match="owning the account|unit that owns"):
        register(organisation, people, owning_unit=" ")


def test_publishing_to_an_account_not_in_the_register_is_impossible(organisation, people):
    account = register(organisation, people)
    account.is_active = False
    account.save()
    with pytest.raises(
        ApplicationError, match="not an active entry in the official account register"
    ):
        connector_for_account(account)


def test_owners_are_warned_once_seven_days_before_a_token_expires(organisation, people):
    account = register(organisation, people)
    account_set_credentials(
        account=account,
        actor=people["admin"],
        credentials={},
        expires_at=timezone.now() + timedelta(days=10),
    )
    assert token_expiry_warn() == 0
    assert token_expiry_warn(now=timezone.now() + timedelta(days=4)) == 1
    assert token_expiry_warn(now=timezone.now() + timedelta(days=5)) == 0
    alert = Alert.objects.get(kind="token_expiry")
    assert alert.recipient == people["admin"] and "Reconnect it" in alert.message


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "blue")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPSInfo: latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_images_are_re_encoded_without_location_data(organisation, people):
    data = jpeg_with_gps()
    assert b"PhoneMaker" in data
    asset = media_upload(
        organisation=organisation,
        actor=people["author"],
        upload=io.BytesIO(data),
        name="site.jpg",
        alt_text="The new office",
    )
    stored = asset.file.read()
    assert b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
    assert (asset.kind, asset.mime_type, asset.width) == ("image", "image/jpeg", 40)


def test_the_same_file_is_stored_once(organisation, people):
    data = jpeg_with_gps()
    first = media_upload(
        organisation=organisation, actor=people["author"], upload=io.BytesIO(data), name="a.jpg"
    )
    second = media_upload(
        organisation=organisation, actor=people["author"], upload=io.BytesIO(data), name="b.jpg"
    )
    assert first.pk == second.pk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "not an image or MP4",
        ),
        (b"\xff\xd8\xff" + b"\x00" * 100, "not a readable JPEG"),
        (b"%PDF-1.7 GIF89a", "not an image or MP4"),
    ],
)
def test_files_are_judged_by_content_not_by_name(organisation, people, data, message):
    with pytest.raises(ApplicationError, match=message):
        media_upload(
            organisation=organisation,
            actor=people["author"],
            upload=io.BytesIO(data),
            name="x.jpg",
        )


def test_an_image_bomb_is_refused(organisation, people):
    image = Image.new("1", (10000, 10000))
    out = io.BytesIO()
    image.save(out, "PNG")
    with pytest.raises(ApplicationError, match="million"):
        media_upload(
            organisation=organisation,
            actor=people["author"],
            upload=io.BytesIO(out.getvalue()),
            name="big.png",
        )


def test_signed_media_urls_work_then_expire(organisation, people, client, settings):
    asset = media_upload(
        organisation=organisation,
        actor=people["author"],
        upload=io.BytesIO(jpeg_with_gps()),
        name="a.jpg",
    )
    url = signed_media_url(asset)
    path = url.split("localhost:8000", 1)[1]
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert media_from_token(path.rsplit("/", 1)[1] + "x") is None
    assert client.get(path[:-3] + "abc").status_code == 404
