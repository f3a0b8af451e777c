"""Ending a test client's response as a server ends it."""


def read_through(response) -> bytes:
    """The whole body, read as a WSGI server reads it before closing the response.

    A download reads its rows while it is sent (on PostgreSQL, in a COPY that holds the
    connection until the body ends), so a test that only looks at the headers must still end
    the body, or the next query on that connection waits for ever. Reading it through ends it
    the way the test client closes a streamed response. ``response.close()`` would not do: it
    sends ``request_finished``, whose handler closes the test's own connection, inside its
    transaction, and every later request of the test fails with a 503."""
    return response.getvalue()
