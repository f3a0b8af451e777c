from django.core.management.base import BaseCommand

from claims.api import idempotency


class Command(BaseCommand):
    help = (
        "Forget the answers kept for API writes sent with an Idempotency-Key, once clients can "
        "no longer be retrying them. Run it daily (cron or a scheduled job)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=idempotency.KEY_HOURS,
            help="Keep the answers of the last N hours (default: %(default)s).",
        )

    def handle(self, *args, hours: int, **options):
        deleted = idempotency.records_purge(older_than_hours=hours)
        self.stdout.write(f"Forgot {deleted} idempotency records older than {hours} hours.")
