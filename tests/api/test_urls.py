"""The API's addresses (claims.api.urls): one that names nothing is a JSON 404, like a record
that does not exist."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/claims/0/",
        "/api/v1/claims/99999999999999999999999/",
        "/api/v1/places/atlantis/",
        "/api/v1/nothing/",
    ],
)
def test_unknown_resources_are_json_404s(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
