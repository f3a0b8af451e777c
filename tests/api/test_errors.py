"""API errors: a service's refusal keyed by field, a permission refusal with its reason, and
a database fault as a 503 with Retry-After, all as JSON."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError
from django.test import RequestFactory

from claims.api.errors import as_drf_validation_error, exception_handler


def context():
    return {"request": RequestFactory().get("/api/v1/claims/"), "view": None}


def test_field_errors_keep_their_fields_and_form_wide_ones_are_non_field_errors():
    error = ValidationError({"quote": ["Too long."], "__all__": ["Already recorded."]})
    assert as_drf_validation_error(error).detail == {
        "quote": ["Too long."],
        "non_field_errors": ["Already recorded."],
    }


def test_an_error_without_fields_is_a_non_field_error():
    detail = as_drf_validation_error(ValidationError("Stale version.")).detail
    assert detail == {"non_field_errors": ["Stale version."]}


def test_a_services_refusal_is_a_400_naming_the_field():
    response = exception_handler(ValidationError({"place": ["Unknown place."]}), context())
    assert response.status_code == 400
    assert response.data == {"place": ["Unknown place."]}


def test_a_permission_refusal_keeps_its_reason():
    response = exception_handler(PermissionDenied("Only leads record final verdicts."), context())
    assert response.status_code == 403
    assert response.data == {"detail": "Only leads record final verdicts."}


def test_a_permission_refusal_without_a_reason_gets_the_standard_one():
    response = exception_handler(PermissionDenied(), context())
    assert response.status_code == 403
    assert response.data["detail"]


def test_a_database_fault_is_a_503_to_retry():
    response = exception_handler(OperationalError("server closed the connection"), context())
    assert response.status_code == 503
    assert response["Retry-After"]
    assert b"unavailable" in response.content
