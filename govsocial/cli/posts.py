"""`govsocial post`: write, approve, schedule and follow posts from a script."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from govsocial.cli.common import (
    RECORD_ID,
    TEXT,
    PlainText,
    WholeNumber,
    acting_context,
    as_option,
    emit,
    fail,
    json_option,
    org_option,
    run_service,
    text_or_fail,
)

if TYPE_CHECKING:
    from govsocial.accounts.models import Organisation, User
    from govsocial.publishing.models import Post


def post_or_fail(organisation: Organisation, pk: int) -> Post:
    from govsocial.publishing.selectors import post_get

    post = post_get(organisation=organisation, pk=pk)
    if post is None:
        fail(f"no post {pk} in {organisation}. `govsocial post list` shows their numbers.")
    return post


def post_summary(data: dict[str, Any]) -> str:
    lines = [
        f"#{data['id']} {data['title']} [{data['status']}] v{data['version']} checks: {data['verdict']}"
    ]
    lines += [f"  {f['severity'].upper()}: {f['message']} ({f['rule']})" for f in data["findings"]]
    lines += [
        f"  delivery to {d['account']}: {d['state']}"
        + (f" {d['remote_url']}" if d["remote_url"] else "")
        for d in data["deliveries"]
    ]
    return "\n".join(lines)


def read_text(text_file: Any) -> str:
    try:
        return str(text_file.read())
    except UnicodeDecodeError:
        source = "standard input" if text_file.name == "<stdin>" else text_file.name
        fail(f"{source} is not UTF-8 text. Save it as UTF-8 and try again.")


def parse_moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        fail(f"--at {value!r} is not a date and time; write it like 2027-01-05T09:30+00:00")
    if moment.tzinfo is None:
        fail("--at needs a time zone, e.g. 2027-01-05T09:30+00:00 or ...Z")
    return moment


@click.group("post")
def post_group() -> None:
    """Write, approve, schedule and follow posts."""


@post_group.command("list")
@as_option
@org_option
@click.option(
    "--status", default=None, type=TEXT, help="Only posts in this status, e.g. in_review."
)
@click.option(
    "--limit",
    default=200,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="How many of the newest posts to show; the API pages through all of them.",
)
@json_option
def post_list_command(
    username: str, org_slug: str, status: str | None, limit: int, as_json: bool
) -> None:
    """List the organisation's posts, newest first."""
    _, organisation = acting_context(username, org_slug)
    from govsocial.api.schemas.posts import post_out
    from govsocial.publishing.models import PostStatus
    from govsocial.publishing.selectors import post_latest_versions, post_list_with_deliveries

    if status and status not in PostStatus.values:
        fail(f"--status {status!r} is not one of {', '.join(PostStatus.values)}.")
    posts = post_list_with_deliveries(organisation=organisation, status=status)
    shown = list(posts[:limit])
    versions = post_latest_versions(posts=shown)
    data = [post_out(p, version=versions[p.pk]) for p in shown]
    emit(
        data,
        as_json,
        lambda d: "\n".join(post_summary(p).splitlines()[0] for p in d) or "No posts.",
    )
    total = posts.count() if len(shown) == limit else len(shown)
    if total > limit:
        click.echo(
            f"Showing the newest {limit} of {total} posts: use --limit for more, "
            "or the API (docs/api.md) to page through them all.",
            err=True,
        )


@post_group.command("show")
@as_option
@org_option
@click.argument("post_id", type=RECORD_ID)
@json_option
def post_show_command(username: str, org_slug: str, post_id: int, as_json: bool) -> None:
    """Show one post, its checks and its deliveries."""
    _, organisation = acting_context(username, org_slug)
    from govsocial.api.schemas.posts import post_out

    emit(post_out(post_or_fail(organisation, post_id)), as_json, post_summary)


@post_group.command("create")
@as_option
@org_option
@click.option(
    "--account",
    "account_ids",
    type=RECORD_ID,
    multiple=True,
    required=True,
    help="Official account id (repeat for several); `govsocial channel list` shows them.",
)
@click.option("--title", default="", type=PlainText(max_length=200), help="For staff only.")
@click.option(
    "--risk-class",
    default="routine",
    show_default=True,
    type=TEXT,
    help="routine, ministerial, announcement, election or crisis.",
)
@click.option(
    "--campaign-code",
    default="",
    type=PlainText(max_length=60),
    help="Departmental responsibility or campaign code.",
)
@click.argument("text_file", type=click.File("r", encoding="utf-8"), default="-")
@json_option
def post_create_command(
    username: str,
    org_slug: str,
    account_ids: tuple[int, ...],
    title: str,
    risk_class: str,
    campaign_code: str,
    text_file: Any,
    as_json: bool,
) -> None:
    """Create a draft from TEXT_FILE (or standard input) and run the checks on it."""
    user, organisation = acting_context(username, org_slug)
    from govsocial.api.schemas.posts import post_out
    from govsocial.channels.selectors import official_account_list_by_ids
    from govsocial.publishing.services import post_create

    text = text_or_fail(read_text(text_file), what="The post's text")
    post = run_service(
        lambda: post_create(
            organisation=organisation,
            actor=user,
            title=title,
            text=text,
            accounts=official_account_list_by_ids(organisation=organisation, ids=list(account_ids)),
            risk_class=risk_class,
            campaign_code=campaign_code,
        )
    )
    emit(post_out(post), as_json, post_summary)


Transition = Callable[["Post", "User", dict[str, Any]], object]


def transition_command(
    name: str,
    help_text: str,
    call: Transition,
    options: tuple[Callable[[Any], Any], ...] = (),
) -> None:
    """Adds `govsocial post NAME POST_ID`: one service call on one post, then the post again."""

    def command(username: str, org_slug: str, post_id: int, as_json: bool, **chosen: Any) -> None:
        user, organisation = acting_context(username, org_slug)
        from govsocial.api.schemas.posts import post_out

        post = post_or_fail(organisation, post_id)
        run_service(lambda: call(post, user, chosen))
        post.refresh_from_db()
        emit(post_out(post), as_json, post_summary)

    decorated: Any = command
    for option in reversed(options):
        decorated = option(decorated)
    decorated = json_option(
        click.argument("post_id", type=RECORD_ID)(org_option(as_option(decorated)))
    )
    post_group.command(name, help=help_text)(decorated)


def publishing_service(name: str) -> Any:
    """A publishing service by name, imported only once Django is set up."""
    from govsocial.publishing import services

    return getattr(services, name)


transition_command(
    "submit",
    "Submit the latest version for approval.",
    lambda p, u, o: publishing_service("post_submit")(post=p, actor=u),
)
transition_command(
    "approve",
    "Approve the latest version (you cannot approve your own post).",
    lambda p, u, o: publishing_service("post_approve")(
        post=p, actor=u, version_number=o.get("version")
    ),
    (
        click.option(
            "--version",
            type=WholeNumber(1, 2**31 - 1, "a version number"),
            default=None,
            help="Refuse if the post has changed from this version.",
        ),
    ),
)
transition_command(
    "return",
    "Return the post to its author with comments.",
    lambda p, u, o: publishing_service("post_return")(post=p, actor=u, comments=o["comments"]),
    (click.option("--comments", required=True, type=TEXT, help="What the author should change."),),
)
transition_command(
    "schedule",
    "Schedule an approved post.",
    lambda p, u, o: publishing_service("post_schedule")(post=p, actor=u, at=parse_moment(o["at"])),
    (
        click.option(
            "--at", required=True, type=TEXT, help="When, with a time zone: 2027-01-05T09:30+00:00."
        ),
    ),
)
transition_command(
    "publish-now",
    "Publish an approved post now.",
    lambda p, u, o: publishing_service("post_schedule")(post=p, actor=u, at=None),
)
transition_command(
    "cancel",
    "Cancel every delivery that has not started.",
    lambda p, u, o: publishing_service("post_cancel")(post=p, actor=u),
)
