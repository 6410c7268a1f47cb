from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govsocial.accounts.auth.sessions import session_end_all
from govsocial.accounts.models import User


class Command(BaseCommand):
    help = "End every session of a user (they can sign in again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user called {options['username']!r}. Check the username.")
        ended = session_end_all(user=user, actor=None, reason="ended by an administrator")
        self.stdout.write(f"Ended {ended} session{'s' if ended != 1 else ''} of {user}.")
