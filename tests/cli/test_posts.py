"""`govsocial post ...` in-process: a post's journey from draft to scheduled, with --json.
The one-line errors of every verb are in test_every_verb.py."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from govsocial.cli import main
from tests.publishing.conftest import GOOD_TEXT


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_post_goes_from_draft_to_scheduled_with_a_second_person_approving(
    organisation, people, account, tmp_path
):
    text = tmp_path / "post.txt"
    text.write_text(GOOD_TEXT)
    org = ["--org", organisation.slug]
    created = cli(
        "post",
        "create",
        "--as",
        "author",
        *org,
        "--account",
        str(account.pk),
        "--campaign-code",
        "C-1",
        str(text),
        "--json",
    )
    assert created.exit_code == 0, created.output
    post_id = str(json.loads(created.output)["id"])
    assert cli("post", "submit", "--as", "author", *org, post_id).exit_code == 0
    refused = cli("post", "approve", "--as", "author", *org, post_id)
    assert refused.exit_code == 2 and "second person" in refused.stderr
    assert cli("post", "approve", "--as", "reviewer", *org, post_id).exit_code == 0
    out = cli("post", "publish-now", "--as", "publisher", *org, post_id, "--json")
    assert json.loads(out.output)["deliveries"][0]["state"] == "scheduled"
    listing = cli("post", "list", "--as", "viewer", *org)
    assert f"#{post_id} " in listing.output
    assert "[scheduled]" in listing.output


def test_post_list_says_when_it_shows_only_the_newest(organisation, people, account):
    from tests.web.seed import Desk, seed_posts

    seed_posts(Desk(organisation=organisation, user=people["author"], account=account), 5)
    org = ["--org", organisation.slug]
    short = cli("post", "list", "--as", "viewer", *org, "--limit", "3")
    assert short.exit_code == 0
    assert len(short.stdout.splitlines()) == 3
    assert "Showing the newest 3 of 5 posts: use --limit for more" in short.stderr
    whole = cli("post", "list", "--as", "viewer", *org, "--json")
    assert len(json.loads(whole.stdout)) == 5 and whole.stderr == ""
    refused = cli("post", "list", "--as", "viewer", *org, "--limit", "0")
    assert refused.exit_code == 2
