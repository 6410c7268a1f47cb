from __future__ import annotations

from django.db.models import QuerySet

from govsocial.accounts.models import Organisation
from govsocial.publishing.models import Post, PostVersion


def post_list(*, organisation: Organisation) -> QuerySet[Post]:
    return (
        Post.objects.filter(organisation=organisation)
        .select_related("author")
        .prefetch_related("accounts")
    )


def post_get(*, organisation: Organisation, pk: int) -> Post | None:
    return post_list(organisation=organisation).filter(pk=pk).first()


def post_latest_version(*, post: Post) -> PostVersion | None:
    return post.versions.order_by("-number").first()
