"""Background jobs through the Django tasks API with the database backend (ADR 0004)."""

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# How often the worker's scheduler loop wakes to claim due deliveries.
GOVSOCIAL_SCHEDULER_INTERVAL_SECONDS = 1.0
# A worker whose heartbeat is older than this is shown as stopped on the dashboard.
GOVSOCIAL_HEARTBEAT_STALE_SECONDS = 60
