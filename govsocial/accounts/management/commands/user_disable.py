from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govsocial.accounts.auth.leavers import user_disable
from govsocial.accounts.models import User


class Command(BaseCommand):
    help = "Disable a user (a leaver): they cannot sign in and every session ends at once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user called {options['username']!r}. Check the username.")
        user_disable(user=user, actor=None)
        self.stdout.write(f"{user.get_username()} is disabled and signed out everywhere.")
