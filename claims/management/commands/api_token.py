from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken

from claims import services


class Command(BaseCommand):
    help = "Create, list or revoke a user's API tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Issue a token and print it (once).")
        create.add_argument("username")
        create.add_argument("--days", type=int, default=90)
        listing = actions.add_parser("list", help="List a user's tokens.")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help="Revoke one token, or all with --all.")
        revoke.add_argument("username")
        revoke.add_argument("token_key", nargs="?", help="The key shown by 'list'.")
        revoke.add_argument("--all", action="store_true")

    def handle(self, *args, action, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account named {username!r}.") from None
        tokens = AuthToken.objects.filter(user=user).order_by("created")
        if action == "create":
            try:
                record, token = services.api_token_create(user=user, days=options["days"])
            except ValidationError as invalid:
                raise CommandError(" ".join(invalid.messages)) from None
            except PermissionDenied as refused:
                raise CommandError(str(refused)) from None
            self.stdout.write(token)
            self.stderr.write(f"Expires {record.expiry:%Y-%m-%d %H:%M} UTC; shown only now.")
        elif action == "list":
            for record in tokens:
                created, expires = f"{record.created:%Y-%m-%d}", f"{record.expiry:%Y-%m-%d}"
                self.stdout.write(f"{record.token_key}\tcreated {created}\texpires {expires}")
        elif options["all"]:
            count = sum(services.api_token_revoke(user=user, token_key=t.token_key) for t in tokens)
            self.stdout.write(f"Revoked {count} token(s).")
        elif options["token_key"]:
            if not services.api_token_revoke(user=user, token_key=options["token_key"]):
                raise CommandError("No such token for this account.")
            self.stdout.write("Revoked.")
        else:
            raise CommandError("Name the token to revoke, or use --all.")
