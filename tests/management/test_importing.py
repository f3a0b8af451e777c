"""claims.management.importing: what both import commands share, the progress bar on a terminal
only among it."""

import io

import pytest
from django.core.management import call_command

from claims.synthetic import claims_csv

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_command_shows_its_progress_on_a_terminal_only(db, tmp_path, monkeypatch):
    path = tmp_path / "claims.csv"
    path.write_text(claims_csv(rows=30, places=3, prefix="shown"), encoding="utf-8")
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    call_command("import_claims", str(path), stdout=io.StringIO(), stderr=terminal)
    shown = terminal.getvalue()
    for phase in ("Reading", "Checking", "Writing"):
        assert phase in shown
    assert "30/30" in shown

    path.write_text(claims_csv(rows=30, places=3, prefix="hidden"), encoding="utf-8")
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    call_command("import_claims", str(path), stdout=io.StringIO(), stderr=piped)
    assert "Checking" not in piped.getvalue()


def test_a_missing_file_is_a_command_error_naming_it(db, tmp_path):
    from django.core.management import CommandError

    missing = tmp_path / "nowhere.csv"
    for command in ("import_claims", "import_verifications"):
        with pytest.raises(CommandError, match=r"nowhere\.csv: no such file"):
            call_command(command, str(missing))


def test_the_report_counts_what_was_created_and_what_was_present(db, tmp_path):
    path = tmp_path / "claims.csv"
    path.write_text(claims_csv(rows=4, places=2, prefix="counted"), encoding="utf-8")
    out = io.StringIO()
    call_command("import_claims", str(path), stdout=out, stderr=io.StringIO())
    assert "Created 4 claim(s); 0 already present" in out.getvalue()
    call_command("import_claims", str(path), stdout=(again := io.StringIO()), stderr=io.StringIO())
    assert "Created 0 claim(s); 4 already present" in again.getvalue()
    assert "(4 rows checked)" in again.getvalue()
