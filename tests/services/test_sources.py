"""Writes to sources (claims.services.sources): a source per URL, under the add permission, and
publishers corrected by leads only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import DataVersion, Source

pytestmark = pytest.mark.django_db

REPORT = "https://www.reuters.com/world/europe/russias-wagner-claims-control-soledar-2023-01-11/"


def test_a_source_is_stored_with_its_url_trimmed_and_bumps_the_data_version(editor):
    before = DataVersion.objects.get().version
    source = services.source_create(title="Reuters report", kind="article", url=f"  {REPORT} ")
    assert Source.objects.get().url == REPORT == source.url
    assert DataVersion.objects.get().version == before + 1


def test_a_url_another_source_has_is_refused_on_the_url_field(editor):
    services.source_create(title="Reuters report", kind="article", url=REPORT, user=editor)
    with pytest.raises(ValidationError) as refused:
        services.source_create(title="Same report", kind="article", url=REPORT, user=editor)
    assert refused.value.message_dict == {
        "url": ["A source with this URL is already on file: cite it."]
    }
    assert Source.objects.count() == 1


def test_a_reader_cannot_add_sources(reader):
    with pytest.raises(PermissionDenied):
        services.source_create(title="Reuters report", kind="article", user=reader)
    assert not Source.objects.exists()
