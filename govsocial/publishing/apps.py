from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "govsocial.publishing"
    label = "publishing"

    def ready(self) -> None:
        import os
        import socket

        from govsocial.core.worker import register_periodic

        worker = f"{socket.gethostname()}-{os.getpid()}"

        def scheduler() -> None:
            from govsocial.publishing.services.delivery import scheduler_tick

            # Keep going while there is due work, so a burst does not wait a pass per row.
            for _ in range(50):
                if not scheduler_tick(worker=worker):
                    break

        def token_warnings() -> None:
            from govsocial.channels.services import token_expiry_warn

            token_expiry_warn()

        register_periodic("publishing.scheduler", scheduler, every_seconds=0.2, dedicated=True)
        register_periodic("channels.token_expiry", token_warnings, every_seconds=3600)
