"""The background worker (`govsocial worker`): its periodic loop is described in ADR 0008."""

# A worker whose heartbeat is older than this is shown as stopped on the dashboard.
GOVSOCIAL_HEARTBEAT_STALE_SECONDS = 60
