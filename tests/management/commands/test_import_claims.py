"""import_claims: reports each bad line, dry-runs, and refuses a file that is not UTF-8."""

import pytest
from django.core.management import CommandError, call_command

from claims.models import (
    Claim,
)
from tests.imports.samples import (
    export_text,
    line_of,
    rows_of,
    text_of,
)

pytestmark = pytest.mark.django_db


def test_the_command_reports_and_dry_runs(demo_data, tmp_path, capsys):
    path = tmp_path / "claims.csv"
    rows = rows_of(export_text())
    col = rows[0].index
    for row in rows[1:]:
        row[col("place")] = f"dry-{row[col('place')]}"
    path.write_text("\ufeff" + text_of(rows), encoding="utf-8")
    before = Claim.objects.count()
    call_command("import_claims", str(path), "--dry-run")
    assert "Would create" in capsys.readouterr().out
    assert Claim.objects.count() == before
    call_command("import_claims", str(path))
    assert Claim.objects.count() == 2 * before

    rows[1][col("verb")] = "annexed"
    path.write_text(text_of(rows), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_claims", str(path))
    assert f"line {line_of(rows, 1)}:" in capsys.readouterr().err


def test_a_file_that_is_not_utf8_is_a_clear_command_error(tmp_path, db):
    from django.core.management import CommandError, call_command

    path = tmp_path / "claims.csv"
    path.write_bytes("id,place\n1,Соледар\n".encode("cp1251"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_claims", str(path))
