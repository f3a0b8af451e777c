"""A write the database itself must refuse, inside a savepoint so the test can go on."""

import pytest
from django.db import IntegrityError, transaction


def refused_by_database(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()
