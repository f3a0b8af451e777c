"""Run background tasks: django-tasks-db's worker, plus the webhook sweeper beside it."""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from claims.webhooks.upkeep import Sweeper


class Command(DatabaseWorkerCommand):
    help = (
        "Run background tasks (webhook deliveries, cached copies remade after writes) as they "
        "are queued, and restart webhook deliveries left behind by a worker that died. Run as "
        "many as you like."
    )

    def handle(self, *args, **options):
        # Under the autoreloader only the child process runs tasks; a batch run (tests) sweeps
        # nothing.
        reloading = options["reload"] and not options["batch"]
        if not options["batch"] and (not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV)):
            Sweeper().start()
        super().handle(*args, **options)
