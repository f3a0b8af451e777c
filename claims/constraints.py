"""A model instance's check constraints validated in one query.

Django validates each check constraint with a query of its own inside a savepoint: nineteen
constraints on a claim and its first verification made 57 statements of the 112 an API claim
post ran. Here each model's check constraints are the columns of one ``SELECT`` (inside one
savepoint, as a constraint the database cannot evaluate on these values is left to the insert,
as Django does); other constraints (unique ones) are validated by Django as before.
"""

import logging

from django.core.exceptions import FieldError, ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import BooleanField, CheckConstraint, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE

logger = logging.getLogger(__name__)


def validate_constraints(instance, *, exclude=()) -> None:
    """``instance.validate_constraints(exclude)``, with the check constraints of each model in
    one query."""
    exclude = set(exclude)
    errors = {}
    for model, constraints in instance.get_constraints():
        checks = [c for c in constraints if isinstance(c, CheckConstraint)]
        failed = _failed_checks(model, instance, checks, exclude)
        for constraint in constraints:
            try:
                if constraint in failed:
                    raise ValidationError(
                        constraint.get_violation_error_message(),
                        code=constraint.violation_error_code,
                    )
                if constraint not in checks:
                    constraint.validate(model, instance, exclude=exclude)
            except ValidationError as error:
                if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                    errors.setdefault(constraint.fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _failed_checks(model, instance, checks, exclude) -> list[CheckConstraint]:
    if not checks:
        return []
    if not connection.features.supports_comparing_boolean_expr:
        return [c for c in checks if not _passes_alone(c, model, instance, exclude)]
    query = Query(None)
    against = instance._get_field_expression_map(meta=model._meta, exclude=exclude)
    for name, value in against.items():
        if not hasattr(value, "resolve_expression"):
            value = Value(value)
        query.add_annotation(value, name, select=False)
    columns = []
    for n, constraint in enumerate(checks):
        test = Coalesce(Q(constraint.condition), True, output_field=BooleanField())
        try:
            query.add_annotation(test, f"check_{n}")
        except FieldError:
            continue  # it reads an excluded field, so Django would not check it either
        columns.append(constraint)
    if not columns:
        return []
    try:
        with transaction.atomic():
            row = query.get_compiler(connection=connection).execute_sql(SINGLE)
    except DatabaseError as error:
        logger.warning("Checking %s's constraints together failed (%s)", model.__name__, error)
        return [c for c in columns if not _passes_alone(c, model, instance, exclude)]
    return [constraint for constraint, passed in zip(columns, row, strict=True) if not passed]


def _passes_alone(constraint, model, instance, exclude) -> bool:
    try:
        constraint.validate(model, instance, exclude=exclude)
    except ValidationError:
        return False
    return True
