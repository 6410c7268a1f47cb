from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "govsocial.accounts"
    label = "accounts"

    def ready(self) -> None:
        from govsocial.accounts.auth import checks, sessions  # noqa: F401  (registers them)
        from govsocial.accounts.auth.sessions import sessions_prune
        from govsocial.accounts.auth.throttle import prune_failures
        from govsocial.accounts.permission_memo import connect_permission_signals
        from govsocial.core.worker import register_periodic

        connect_permission_signals()
        register_periodic("prune_login_failures", prune_failures, every_seconds=3600)
        register_periodic("prune_signed_in_sessions", sessions_prune, every_seconds=3600)
