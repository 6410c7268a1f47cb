from django.apps import AppConfig

SYNC_EVERY_SECONDS = 60


class InboxConfig(AppConfig):
    name = "govsocial.inbox"
    label = "inbox"

    def ready(self) -> None:
        from govsocial.core.worker import register_periodic
        from govsocial.inbox.services.ingest import inbox_sync_periodic

        register_periodic("inbox.sync", inbox_sync_periodic, every_seconds=SYNC_EVERY_SECONDS)

        from govsocial.inbox.records import register_inbox_records

        register_inbox_records()
