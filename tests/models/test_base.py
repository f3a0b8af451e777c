"""What the models share (claims.models.base): the other-names tables' rules, the search columns
derived from a name, and the change timestamps the sync cursor walks."""

import pytest
from django.core.exceptions import ValidationError

from claims.choices import ActorKind, PlaceKind
from claims.models import Actor, ActorName, Place, PlaceName
from claims.models.base import catalogue_constraints, other_name_constraints
from tests.factories import ActorFactory, PlaceFactory
from tests.models.refusals import refused_by_database

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("model", "owner"), [(PlaceName, "place"), (ActorName, "actor")])
class TestOtherNames:
    def record(self, model, owner, **fields):
        made = PlaceFactory() if owner == "place" else ActorFactory()
        return model(**{owner: made}, **{"language": "uk", **fields})

    def test_the_same_name_twice_in_one_language_is_refused(self, model, owner):
        first = self.record(model, owner, name="Бахмут")
        first.save()
        again = model(**{owner: getattr(first, owner)}, name="Бахмут", language="uk")
        refused_by_database(again.save)
        model(**{owner: getattr(first, owner)}, name="Бахмут", language="ru").save()

    @pytest.mark.parametrize("kind", ["nickname", ""])
    def test_a_kind_outside_the_vocabulary_is_refused(self, model, owner, kind):
        refused_by_database(self.record(model, owner, name="Бахмут", kind=kind).save)

    def test_a_name_over_two_lines_is_refused(self, model, owner):
        name = self.record(model, owner, name="Бах\nмут")
        with pytest.raises(ValidationError):
            name.full_clean()
        refused_by_database(name.save)

    def test_a_name_is_official_unless_said_otherwise(self, model, owner):
        assert self.record(model, owner, name="Бахмут").kind == "official"

    def test_saving_derives_the_search_columns(self, model, owner):
        name = self.record(model, owner, name="Артёмовск")
        name.save()
        assert name.folded == "артемовск"
        assert name.skeleton
        assert model.objects.get(skeleton=name.skeleton) == name

    def test_the_constraints_keep_the_names_the_migrations_gave_them(self, model, owner):
        names = {constraint.name for constraint in model._meta.constraints}
        assert {
            f"{owner}name_unique_per_language",
            f"{owner}name_language_valid",
            f"{owner}name_kind_valid",
        } <= names
        assert names == {c.name for c in other_name_constraints(owner, language_blank=True)}


@pytest.mark.parametrize(
    ("model", "factory", "kinds"),
    [(Place, PlaceFactory, PlaceKind), (Actor, ActorFactory, ActorKind)],
)
class TestCatalogueRecords:
    def test_a_record_cannot_be_its_own_parent(self, model, factory, kinds):
        record = factory()
        record.parent_id = record.pk
        refused_by_database(record.save)

    def test_a_kind_outside_the_vocabulary_is_refused(self, model, factory, kinds):
        record = factory()
        record.kind = "unknown"
        refused_by_database(record.save)

    def test_saving_derives_the_search_columns_and_it_reads_as_its_name(
        self, model, factory, kinds
    ):
        record = factory(name="Артёмовск")
        assert (record.folded_name, str(record)) == ("артемовск", "Артёмовск")
        assert model.objects.get(skeleton=record.skeleton) == record

    def test_the_shared_constraints_keep_their_names(self, model, factory, kinds):
        label = model._meta.model_name
        shared = {c.name for c in catalogue_constraints(label, kinds)}
        assert {f"{label}_kind_valid", f"{label}_not_own_parent"} <= shared
        assert shared <= {c.name for c in model._meta.constraints}


def test_a_place_name_needs_a_language_but_an_actor_alias_need_not():
    refused_by_database(PlaceName(place=PlaceFactory(), name="Bakhmut", language="").save)
    alias = ActorName(actor=ActorFactory(), name="Russian MoD", language="")
    alias.full_clean()
    alias.save()
    assert str(alias) == "Russian MoD"
    assert str(PlaceName(name="Бахмут", language="uk")) == "Бахмут (uk)"


def test_a_change_moves_updated_at_and_keeps_created_at():
    place = PlaceFactory()
    created, updated = place.created_at, place.updated_at
    place.name = "Renamed"
    place.save()
    place.refresh_from_db()
    assert place.created_at == created
    assert place.updated_at > updated
