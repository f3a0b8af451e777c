"""The claims list's address and an answer's JSON, for the API's tests."""

CLAIMS = "/api/v1/claims/"


def body(response):
    return response.json()
