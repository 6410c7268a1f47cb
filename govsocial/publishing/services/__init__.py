"""Publishing services: posts, approval, scheduling, delivery and operations on deliveries."""

from govsocial.publishing.services.approval import (
    post_approve,
    post_break_glass,
    post_break_glass_review,
    post_return,
    post_submit,
)
from govsocial.publishing.services.operations import (
    delivery_delete_remote,
    delivery_edit_remote,
    delivery_resolve,
    delivery_retry,
)
from govsocial.publishing.services.posts import (
    post_create,
    post_edit,
    reply_create,
    version_override_warning,
)
from govsocial.publishing.services.scheduling import post_cancel, post_schedule

__all__ = [
    "delivery_delete_remote",
    "delivery_edit_remote",
    "delivery_resolve",
    "delivery_retry",
    "post_approve",
    "post_break_glass",
    "post_break_glass_review",
    "post_cancel",
    "post_create",
    "post_edit",
    "post_return",
    "post_schedule",
    "post_submit",
    "reply_create",
    "version_override_warning",
]
