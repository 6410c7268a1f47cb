"""The newcomer's journey in the browser (Django test client; no JavaScript needed): write a post
that passes the checks, have the reviewer approve it, schedule it, and see it published with its
link, against a real Mastodon API peer."""

from __future__ import annotations

import re

from django.test import Client

from govsocial.publishing.models import Delivery, DeliveryState
from govsocial.publishing.services.delivery import scheduler_tick
from tests.publishing.conftest import GOOD_TEXT, statuses_on


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_write_approve_schedule_and_see_it_published(
    organisation, people, mastodon_account, mastodon_server
):
    slug = organisation.slug
    author = signed_in(people["author"])
    page = author.get(f"/o/{slug}/posts/new/").content.decode()
    assert "@alice on Mastodon" in page

    response = author.post(
        f"/o/{slug}/posts/new/",
        {
            "title": "Passport reminder",
            "text": GOOD_TEXT,
            "accounts": [mastodon_account.pk],
            "risk_class": "routine",
            "campaign_code": "C-2027-001",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Draft saved" in page and "Passes the checks" in page
    post_url = response.redirect_chain[-1][0]
    page = author.post(post_url + "submit/", follow=True).content.decode()
    assert "Sent for approval" in page and "You cannot approve your own post" in page

    reviewer = signed_in(people["reviewer"])
    assert "Passport reminder" in reviewer.get(f"/o/{slug}/posts/review/").content.decode()
    version = re.search(
        r'name="version" value="(\d+)"', reviewer.get(post_url).content.decode()
    ).group(1)
    page = reviewer.post(post_url + "approve/", {"version": version}, follow=True).content.decode()
    assert "Approved" in page

    publisher = signed_in(people["publisher"])
    page = publisher.post(post_url + "schedule/", {"when": ""}, follow=True).content.decode()
    assert "Scheduled" in page

    scheduler_tick(worker="test-worker")

    page = publisher.get(post_url).content.decode()
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.PUBLISHED
    assert f'href="{delivery.remote_url}"' in page and "View the post" in page
    assert [s["id"] for s in statuses_on(mastodon_server)] == [delivery.remote_id]


def test_bad_input_is_shown_on_the_page_and_nothing_is_lost(organisation, people, mastodon_account):
    author = signed_in(people["author"])
    page = author.post(
        f"/o/{organisation.slug}/posts/new/", {"text": "", "risk_class": "routine"}
    ).content.decode()
    assert "There is a problem" in page
    assert "Write the text of the post" in page and "Choose at least one official account" in page


def test_a_fake_image_is_refused_with_a_clear_message(organisation, people, mastodon_account):
    from django.core.files.uploadedfile import SimpleUploadedFile

    author = signed_in(people["author"])
    fake = SimpleUploadedFile(
        "photo.jpg", b"#!/bin/sh\necho not an image\n", content_type="image/jpeg"
    )
    page = author.post(
        f"/o/{organisation.slug}/posts/new/",
        {
            "text": GOOD_TEXT,
            "accounts": [mastodon_account.pk],
            "risk_class": "routine",
            "image": fake,
        },
    ).content.decode()
    assert "photo.jpg is not an image or MP4 video, whatever its name says" in page
