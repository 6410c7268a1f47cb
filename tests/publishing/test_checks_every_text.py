"""A post's checks cover the alt text of its image, not only its words."""

from __future__ import annotations

import io

from django.test import Client
from PIL import Image

from govsocial.publishing.media import media_upload
from govsocial.publishing.selectors import post_latest_version


def png() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, "PNG")
    out.seek(0)
    return out


def test_personal_data_in_an_images_alt_text_blocks_the_post(organisation, people, make_post):
    image = media_upload(
        organisation=organisation,
        actor=people["author"],
        upload=png(),
        name="letter.png",
        alt_text="A letter to Jane Smith, NHS number 943 476 5870",
    )
    post = make_post(media=[image])
    version = post_latest_version(post=post)
    assert version.verdict == "block"
    (report,) = version.check_reports.values()
    (finding,) = [f for f in report["findings"] if f["field"] == "media[0].alt"]
    assert finding["rule"] == "personal-data.nhs-number"
    assert finding["message"].startswith("In the alt text of image 1: ")


def test_the_live_check_reads_the_alt_text_being_typed(organisation, people, account):
    client = Client()
    client.force_login(people["author"])
    result = client.post(
        f"/api/v1/organisations/{organisation.slug}/checks",
        {
            "text": "Our new office is open.",
            "accounts": [account.pk],
            "campaign_code": "C-1",
            "alt_texts": ["Poster: Vote Labour on Thursday"],
        },
        content_type="application/json",
    ).json()
    assert result["verdict"] == "block"
    (finding,) = [f for r in result["reports"] for f in r["findings"] if f["field"] != "text"]
    assert finding["field"] == "media[0].alt"
    assert finding["rule"] == "propriety.party-political"
    assert finding["message"].startswith("In the alt text of image 1: ")


def test_the_live_check_refuses_alt_texts_it_cannot_check(organisation, people, account):
    client = Client()
    client.force_login(people["author"])
    response = client.post(
        f"/api/v1/organisations/{organisation.slug}/checks",
        {"text": "Hello", "accounts": [account.pk], "alt_texts": ["x" * 10_001]},
        content_type="application/json",
    )
    assert response.status_code in (400, 422), response.content
    assert "alt_texts" in response.content.decode()
