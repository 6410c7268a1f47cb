"""Who belongs where, read once per request instead of at every permission check.

A page asks the permission table five to ten times: the organisation guard, the navigation, the
buttons each role may see, the services it calls. Each check read the user's memberships afresh,
two queries every time. Inside `permissions_remembered()` (PermissionMemoMiddleware wraps every
request in it) the first read of a user's memberships in an organisation, or of an organisation by
slug, is kept for the rest of that request.

A check answers exactly what it answered before. Any write to a membership, its account scope or
an organisation during the request stops the remembering for the rest of the request, so a page
that grants a role and then checks it sees the grant, and a write that is rolled back never
lingers. Outside a request (the CLI, the worker, tests calling selectors directly) nothing is
remembered.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

T = TypeVar("T")


@dataclass
class Memo:
    remembering: bool = True
    answers: dict[Hashable, Any] = field(default_factory=dict)


# A context variable, not a module global: each thread (gunicorn's gthread, waitress) and each
# asyncio task has its own, so two requests served at once never see each other's answers.
CURRENT_MEMO: ContextVar[Memo | None] = ContextVar("govsocial_permission_memo", default=None)


@contextmanager
def permissions_remembered() -> Iterator[None]:
    """Within the block, permission reads are made once (one request's worth)."""
    token = CURRENT_MEMO.set(Memo())
    try:
        yield
    finally:
        CURRENT_MEMO.reset(token)


def remembered(key: Hashable, read: Callable[[], T]) -> T:
    """`read()`'s answer, read once per request for each key; read afresh outside a request."""
    memo = CURRENT_MEMO.get()
    if memo is None or not memo.remembering:
        return read()
    if key not in memo.answers:
        memo.answers[key] = read()
    return cast(T, memo.answers[key])


def permissions_changed(**_signal: Any) -> None:
    """A membership, its accounts or an organisation was written: read afresh from now on."""
    memo = CURRENT_MEMO.get()
    if memo is not None:
        memo.remembering = False
        memo.answers.clear()


class PermissionMemoMiddleware:
    """Each request, with everything it renders and calls, remembers permission reads once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with permissions_remembered():
            return self.get_response(request)


def connect_permission_signals() -> None:
    """Forget on every write that can change a permission check's answer (apps.ready calls it)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from govsocial.accounts.models import Membership, Organisation

    scope = Membership.accounts.through
    # Django sends no delete signal for the scope's rows when an account's deletion cascades to
    # them (an auto-created table), so deleting an account counts as a change itself.
    account = Membership.accounts.field.related_model
    for model in (Membership, Organisation, scope, account):
        label = model._meta.label
        post_save.connect(permissions_changed, sender=model, dispatch_uid=f"memo-save-{label}")
        post_delete.connect(permissions_changed, sender=model, dispatch_uid=f"memo-del-{label}")
    m2m_changed.connect(permissions_changed, sender=scope, dispatch_uid="memo-scope")
