from django.core.management.base import BaseCommand

from claims import demo


class Command(BaseCommand):
    help = "Load the Soledar demo data (10–13 January 2023). Safe to repeat: adds what is missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has claims (used by make run).",
        )

    def handle(self, *args, if_empty=False, **options):
        from claims.models import Claim

        if if_empty and Claim.objects.exists():
            self.stdout.write("The database already has claims; demo data not loaded.")
            return
        added = demo.load()
        summary = ", ".join(f"{n} {what}" for what, n in added.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: added {summary}."))
