"""Connectors to social networks: one contract, typed errors, no Django.

Start at `registry.connector_for(network, credentials=...)`; the contract is in `base`, the
errors in `errors`, the egress rules in `http`. See docs/connectors.md.
"""

from govsocial.connectors.base import (
    AccountInfo,
    Capability,
    Connector,
    EditRequest,
    InboundItem,
    InboundKind,
    InboundPage,
    Limits,
    LookupProbe,
    MediaItem,
    MediaKind,
    Moderation,
    PublishRequest,
    PublishResult,
    RemotePost,
    Visibility,
)
from govsocial.connectors.errors import (
    AuthExpired,
    BadRequest,
    ConnectorConfigError,
    ConnectorError,
    EgressRefused,
    MalformedResponse,
    OutcomeUnknown,
    PlatformDown,
    RateLimited,
    RateQuota,
    Unsupported,
)

__all__ = [
    "AccountInfo",
    "AuthExpired",
    "BadRequest",
    "Capability",
    "Connector",
    "ConnectorConfigError",
    "ConnectorError",
    "EditRequest",
    "EgressRefused",
    "InboundItem",
    "InboundKind",
    "InboundPage",
    "Limits",
    "LookupProbe",
    "MalformedResponse",
    "MediaItem",
    "MediaKind",
    "Moderation",
    "OutcomeUnknown",
    "PlatformDown",
    "PublishRequest",
    "PublishResult",
    "RateLimited",
    "RateQuota",
    "RemotePost",
    "Unsupported",
    "Visibility",
]
