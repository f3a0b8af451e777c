import pytest


@pytest.fixture
def spool_passes(monkeypatch) -> list[int]:
    """The number of rows of each reading of an import's spooled rows, as it happens."""
    from claims.imports import reading

    passes = []
    real = reading.Spool.__iter__

    def read_back(spool):
        passes.append(len(spool))
        return real(spool)

    monkeypatch.setattr(reading.Spool, "__iter__", read_back)
    return passes
