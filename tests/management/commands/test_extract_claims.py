"""manage.py extract_claims: the desk's proposals for an article file, as JSON or a readable list
with reasons; a file it cannot read is a clear command error. Nothing is written."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.extraction.articles import ARTICLE

pytestmark = pytest.mark.django_db


def test_command_prints_proposals_as_json(aliases, tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    call_command("extract_claims", str(article), "--published", "2023-01-13", "--json")
    body = json.loads(capsys.readouterr().out)
    assert [c["verb"] for c in body["claims"]] == ["captured", "denied"]
    assert body["claims"][1]["answers"] == 0


def test_command_prints_a_readable_list_with_reasons(aliases, tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    call_command("extract_claims", str(article), "--published", "2023-01-13")
    out = capsys.readouterr().out
    assert "#1 russian-mod [russia] captured russia · soledar · stated 2023-01-13" in out
    assert "answers #1" in out
    assert "“completed the capture” reads as captured" in out


def test_command_refuses_unreadable_files_clearly(demo_data, tmp_path):
    binary = tmp_path / "article.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("extract_claims", str(binary), "--published", "2023-01-13")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("extract_claims", str(tmp_path / "missing.txt"), "--published", "2023-01-13")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("extract_claims", str(binary), "--published", "Friday")
    with pytest.raises(CommandError, match="between 1900 and 2199"):
        call_command("extract_claims", str(binary), "--published", "0001-01-01")
