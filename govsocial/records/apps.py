from django.apps import AppConfig

#: How often the worker hashes new leaves into tiles and signs a checkpoint. Every leaf
#: is covered by a signed checkpoint within about this long (the target is 60 seconds).
LOG_SIGN_EVERY_SECONDS = 10
DISPOSAL_EVERY_SECONDS = 24 * 60 * 60


class RecordsConfig(AppConfig):
    name = "govsocial.records"
    label = "records"

    def ready(self) -> None:
        from govsocial.core.worker import register_periodic
        from govsocial.records.retention import dispose_due_records_job
        from govsocial.records.transparency_log import logs_integrate_and_sign

        register_periodic(
            "records.transparency_log",
            logs_integrate_and_sign,
            every_seconds=LOG_SIGN_EVERY_SECONDS,
        )
        register_periodic(
            "records.disposal", dispose_due_records_job, every_seconds=DISPOSAL_EVERY_SECONDS
        )
