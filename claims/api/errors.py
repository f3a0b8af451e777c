"""Every API error is JSON that names what was wrong; a database fault is a 503, not a 500."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from claims import replicas
from claims.errors import is_database_fault, unavailable


def as_drf_validation_error(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError, keyed by field as the API's clients expect."""
    if hasattr(error, "error_dict"):
        detail = {
            ("non_field_errors" if name == "__all__" else name): messages
            for name, messages in error.message_dict.items()
        }
    else:
        detail = {"non_field_errors": error.messages}
    return exceptions.ValidationError(detail)


def exception_handler(exc, context):
    if replicas.answered_from_primary(exc):
        return None  # DRF raises it on, to ReplicaMiddleware
    if is_database_fault(exc):
        return unavailable(context["request"], exc)
    if isinstance(exc, DjangoValidationError):
        exc = as_drf_validation_error(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)
