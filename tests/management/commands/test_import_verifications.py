"""import_verifications: names each bad line and imports nothing."""

import pytest
from django.core.management import CommandError, call_command

from tests.imports.samples import (
    COLUMNS,
    row,
)

pytestmark = pytest.mark.django_db


def test_the_command_names_each_bad_line(capture, tmp_path, capsys):
    path = tmp_path / "v.csv"
    path.write_text(COLUMNS + row(capture, status="probably"), encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_verifications", str(path))
    assert "v.csv, line 2: status:" in capsys.readouterr().err
