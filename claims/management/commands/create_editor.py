import getpass
import os
import sys

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.roles import EDITORS, LEADS

PASSWORD_VARIABLE = "CLAIMTRACKER_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an editor account (--lead: a verification lead). Asks for the password, or "
        f"reads it from ${PASSWORD_VARIABLE} for scripts."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--lead", action="store_true", help="May record final verdicts.")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, lead, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"An account named {username!r} already exists.")
        password = self._password(User(username=username, email=email))
        with transaction.atomic():
            user = User.objects.create_user(username=username, email=email, password=password)
            user.groups.add(Group.objects.get(name=LEADS if lead else EDITORS))
        role = "verification lead" if lead else "editor"
        self.stdout.write(self.style.SUCCESS(f"Created {role} {username!r}."))

    def _password(self, user) -> str:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError(
                    "No terminal to ask for the password on: set it in "
                    f"${PASSWORD_VARIABLE} (e.g. {PASSWORD_VARIABLE}='…' manage.py create_editor "
                    f"{user.get_username()}), or run the command in a terminal."
                )
            try:
                password = getpass.getpass("Password: ")
                if getpass.getpass("Password (again): ") != password:
                    raise CommandError("The passwords do not match.")
            except (EOFError, KeyboardInterrupt):
                raise CommandError("No password given; nothing was created.") from None
        try:
            password_validation.validate_password(password, user)
        except ValidationError as invalid:
            raise CommandError(" ".join(invalid.messages)) from None
        return password
