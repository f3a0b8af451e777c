"""manage.py worker: django-tasks-db's worker with the webhook sweeper beside it, started once
per worker process that runs tasks and never for a batch run. (That the worker delivers what is
queued is tested with a real receiver in tests/webhooks/test_delivery.py.)"""

import pytest
from django.core.management import call_command
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from claims.webhooks.upkeep import Sweeper

pytestmark = pytest.mark.django_db


@pytest.fixture
def sweepers(monkeypatch):
    """The sweepers started, without a thread; the parent's worker loop returns at once."""
    started = []
    monkeypatch.setattr(Sweeper, "start", lambda sweeper: started.append(sweeper))
    monkeypatch.setattr(DatabaseWorkerCommand, "handle", lambda self, *args, **options: None)
    monkeypatch.delenv(DJANGO_AUTORELOAD_ENV, raising=False)
    return started


def test_a_worker_starts_one_sweeper(sweepers):
    call_command("worker", "--no-reload", "--no-startup-delay")
    assert len(sweepers) == 1


def test_a_batch_run_sweeps_nothing(sweepers):
    call_command("worker", "--batch", "--no-reload", "--no-startup-delay")
    call_command("worker", "--batch", "--reload", "--no-startup-delay")
    assert sweepers == []


def test_under_the_autoreloader_only_the_child_that_runs_tasks_sweeps(sweepers, monkeypatch):
    call_command("worker", "--reload", "--no-startup-delay")
    assert sweepers == []
    monkeypatch.setenv(DJANGO_AUTORELOAD_ENV, "true")
    call_command("worker", "--reload", "--no-startup-delay")
    assert len(sweepers) == 1
