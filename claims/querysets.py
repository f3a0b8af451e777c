"""Named querysets: the one place that says how claims are loaded, searched and cut by time."""

from datetime import datetime

from django.db import connection, models
from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q
from django.db.models.expressions import RawSQL

from claims import search_terms
from claims.choices import QUEUE_STATUSES
from claims.text import fold, skeleton, words

# Oblast → raion → hromada → settlement is as deep as the administrative tree goes.
MAX_PLACE_DEPTH = 4


class PlaceQuerySet(models.QuerySet):
    def named(self, text: str):
        """Places one of whose names, in any language or script, contains ``text`` or a
        spelling of it (see :func:`name_condition`)."""
        from claims.models import PlaceName

        return self.filter(name_condition(PlaceName, "place", "folded_name", text))

    def spelled(self, text: str):
        """Places with a name spelled like the whole of ``text`` (same skeleton)."""
        from claims.models import PlaceName

        bones = skeleton(text)
        if len(bones.replace(" ", "")) < MIN_SKELETON:
            return self.none()
        same = PlaceName.objects.filter(place=OuterRef("pk"), skeleton=bones)
        return self.filter(Q(skeleton=bones) | Exists(same))

    def exactly_named(self, text: str):
        """Places called exactly ``text`` (any alias), ignoring case and accents."""
        from claims.models import PlaceName

        folded = fold(text.strip())
        exact = PlaceName.objects.filter(place=OuterRef("pk"), folded=folded)
        return self.filter(Q(folded_name=folded) | Exists(exact))

    def ranked_by_name(self, text: str):
        """Exact name matches first (any alias), then the rest alphabetically."""
        from claims.models import PlaceName

        folded = fold(text.strip())
        exact = PlaceName.objects.filter(place=OuterRef("pk"), folded=folded)
        return self.alias(exact=Q(folded_name=folded) | Exists(exact)).order_by("-exact", "name")

    def within(self, region, *, include_region: bool = True):
        """Places inside ``region`` at any depth (and the region itself, unless excluded)."""
        condition = Q(pk=region.pk) if include_region else Q(pk__in=[])
        for depth in range(1, MAX_PLACE_DEPTH):
            condition |= Q(**{"__".join(["parent"] * depth): region})
        return self.filter(condition)


class ActorQuerySet(models.QuerySet):
    def named(self, text: str):
        """Actors one of whose names or aliases contains ``text`` or a spelling of it."""
        from claims.models import ActorName

        return self.filter(name_condition(ActorName, "actor", "folded_name", text))

    def spelled(self, text: str):
        """Actors with a name spelled like the whole of ``text`` (same skeleton)."""
        from claims.models import ActorName

        bones = skeleton(text)
        if len(bones.replace(" ", "")) < MIN_SKELETON:
            return self.none()
        same = ActorName.objects.filter(actor=OuterRef("pk"), skeleton=bones)
        return self.filter(Q(skeleton=bones) | Exists(same))

    def exactly_named(self, text: str):
        """Actors called exactly ``text`` (any alias), ignoring case and accents."""
        from claims.models import ActorName

        folded = fold(text.strip())
        exact = ActorName.objects.filter(actor=OuterRef("pk"), folded=folded)
        return self.filter(Q(folded_name=folded) | Exists(exact))

    def ranked_by_name(self, text: str):
        """Exact name matches first (any alias), then the rest alphabetically."""
        from claims.models import ActorName

        folded = fold(text.strip())
        exact = ActorName.objects.filter(actor=OuterRef("pk"), folded=folded)
        return self.alias(exact=Q(folded_name=folded) | Exists(exact)).order_by("-exact", "name")


# Shorter skeletons ("sl") would match half the gazetteer.
MIN_SKELETON = 3
MIN_TRIGRAM = 4


def name_condition(names_model, owner: str, folded_column: str, text: str) -> Q:
    """Whether a record's name or one of its other names (``names_model``, pointing at it by
    ``owner``) matches ``text``: containing its folded form; containing its skeleton
    (Bachmut → Bakhmut, Конашенков → Konashenkov, on every database); and on PostgreSQL, pg_trgm
    similarity (Artemovsk → Artemivsk), served by the trigram indexes of migration 0022.

    The alternatives are one UNION of id queries, which PostgreSQL answers as a semi-join,
    each branch from its own index; an OR of them (or of several IN subqueries) was planned as a
    sequential scan computing trigram similarity on every name: 20 ms instead of 2 ms at 4,000
    names.
    """
    folded, bones = fold(text.strip()), skeleton(text)
    own_model = names_model._meta.get_field(owner).related_model
    own = [Q(**{f"{folded_column}__contains": folded})]
    other = [Q(folded__contains=folded)]
    if len(bones.replace(" ", "")) >= MIN_SKELETON:
        own.append(Q(skeleton__contains=bones))
        other.append(Q(skeleton__contains=bones))
    if connection.vendor == "postgresql" and len(folded) >= MIN_TRIGRAM:
        own.append(Q(**{f"{folded_column}__trigram_similar": folded}))
        other.append(Q(folded__trigram_similar=folded))
    # Without ordering: SQLite refuses ORDER BY inside a compound statement.
    first, *rest = [own_model.objects.filter(each).order_by().values_list("pk") for each in own] + [
        names_model.objects.filter(each).order_by().values_list(owner) for each in other
    ]
    return Q(pk__in=first.union(*rest))


# What a claim's one-line phrase reads ("Cherevaty denies Russia's capture claim · Soledar").
# The claimant's parent names its role in the quotable sentence ("spokesperson for …").
SHOWN = ("place", "claimant", "claimant__side", "claimant__parent", "side", "answers__claimant")


def shown_through(relation: str) -> tuple[str, ...]:
    """What to ``select_related`` on a row that points at a claim through ``relation`` (a
    verification's or a citation's "claim") for the claim's one-line phrase, in the same query."""
    return (relation, *(f"{relation}__{name}" for name in SHOWN))


class ClaimQuerySet(models.QuerySet):
    def shown(self):
        """Claims with what their one-line phrase reads, in the same query."""
        return self.select_related(*SHOWN)

    def shown_apart(self):
        """Claims with what their one-line phrase reads, loaded by small separate queries.

        A page that finds its claims by a costly condition (search) plans that query alone:
        joined to the seven tables of :meth:`shown`, planning it took ~10 ms at 200,000 claims,
        where the claims alone and three lookups by id take under 1 ms in all. The claimant's
        parent is left out: only the quotable sentence reads it, and a row of claims shows none.
        """
        from claims.models import Actor, Claim

        return self.select_related("side").prefetch_related(
            "place",
            Prefetch("claimant", queryset=Actor.objects.select_related("side")),
            Prefetch("answers", queryset=Claim.objects.select_related("claimant")),
        )

    def with_related(self):
        """Everything a claim's row shows, in a fixed number of queries whatever the count."""
        from claims.models import Citation

        return (
            self.shown()
            .select_related("current_verification__verifier")
            .prefetch_related(
                Prefetch(
                    "citations",
                    queryset=Citation.objects.select_related("source", "source__publisher"),
                )
            )
        )

    def stated_before(self, moment: datetime):
        """Claims already made at ``moment``: what a reader could have known then."""
        return self.filter(stated_at__lt=moment)

    def needs_review(self):
        return self.filter(status__in=QUEUE_STATUSES)

    def find(self, query: str, *, places=None, actors=None):
        """Claims whose quote or summary has every word of ``query``, or whose place or claimant
        is called ``query`` in any language, script or common spelling. Words that name a kind
        of claim ("capture", "звільнення") ask for claims of that verb: alone, every such
        claim; with other words, those of them whose place, claimant or text the other words
        name (:mod:`claims.search_terms`).

        The places and actors are looked up first (two small queries, at most ``NAMED_LIMIT``
        each), so that PostgreSQL can answer the alternatives from their own indexes. A caller
        that has already looked them up (:func:`named_in`) passes their ids.
        """
        terms = search_terms.read(query)
        if places is None or actors is None:
            places, actors = named_in(terms)
        condition = Q(place_id__in=places) | Q(claimant_id__in=actors)
        if terms.verbs:
            rest = _text_condition(terms.rest)
            if rest is not None:
                condition |= rest
            elif not terms.rest:
                condition = Q()
            condition &= Q(verb__in=terms.verbs)
        text = _text_condition(query)
        return self.filter(condition | text if text is not None else condition)

    def latest_found(self, query: str, *, places, actors, limit: int):
        """The latest ``limit`` claims that :meth:`find` matches, newest first.

        On PostgreSQL each alternative (the places, the claimants, the words) is cut to its own
        latest ``limit`` first and only those few ids are merged. An OR of the alternatives was
        planned as one walk back through all claims by date, testing each: for a name whose
        places hold ~1% of 200,000 claims, ~7,000 rows read, 40-200 ms on a loaded machine,
        against under 1 ms apart.
        """
        latest = ("-stated_at", "-id")
        if connection.vendor != "postgresql":
            return self.find(query, places=places, actors=actors).order_by(*latest)[:limit]
        terms = search_terms.read(query)
        verbs = [list(terms.verbs)] if terms.verbs else []
        of_verbs = _OF_VERBS if terms.verbs else ""
        branches, params = [], []
        for column, ids in (("place_id", places), ("claimant_id", actors)):
            if ids:
                branches.append(_LATEST_NAMED.format(column=column, verbs=of_verbs))
                params += [list(ids), *verbs, limit]
        rest = words(terms.rest) if terms.verbs else []
        if rest:
            branches.append(_LATEST_WITH_WORDS.format(verbs=of_verbs))
            params += [" ".join(rest), *verbs, limit]
        if terms.verbs and not terms.rest:
            branches.append(_LATEST_OF_VERBS)
            params += [*verbs, limit]
        every_word = words(query)
        if every_word:
            branches.append(_LATEST_WITH_WORDS.format(verbs=""))
            params += [" ".join(every_word), limit]
        if not branches:
            return self.none()
        merged = (
            "SELECT id FROM ("
            + " UNION ".join(f"({branch})" for branch in branches)
            + ") AS found ORDER BY stated_at DESC, id DESC LIMIT %s"
        )
        found = RawSQL(merged, [*params, limit])
        return self.filter(pk__in=found).order_by(*latest)[:limit]

    def search(self, query: str):
        """Claims whose quote or summary contains every word of ``query``.

        PostgreSQL answers from the GIN-indexed ``search_vector`` column (``simple``
        configuration: quotes are English, Ukrainian and Russian); SQLite matches the same folded
        words in ``search_document``, so both give the same result.
        """
        condition = _text_condition(query)
        return self.none() if condition is None else self.filter(condition)


# A name that many places or actors answer to is too vague to search claims by all of them.
NAMED_LIMIT = 200

# One alternative's latest claims: with the alternatives apart, the planner picks for each the
# index that suits it (few matches: gather and sort; many: walk back by date until enough).
_LATEST_NAMED = """
    SELECT id, stated_at FROM claims_claim WHERE {column} = ANY(%s::bigint[]){verbs}
    ORDER BY stated_at DESC, id DESC LIMIT %s"""
_LATEST_WITH_WORDS = """
    SELECT id, stated_at FROM claims_claim
    WHERE search_vector @@ plainto_tsquery('simple', %s){verbs}
    ORDER BY stated_at DESC, id DESC LIMIT %s"""
_OF_VERBS = " AND verb = ANY(%s::varchar[])"
_LATEST_OF_VERBS = """
    SELECT id, stated_at FROM claims_claim WHERE verb = ANY(%s::varchar[])
    ORDER BY stated_at DESC, id DESC LIMIT %s"""


def named_in(terms) -> tuple[list[int], list[int]]:
    """Ids of the places and actors that the names in a search's ``terms`` call up: with a verb
    in the search, the words besides it ("Soledar" of "Soledar capture"); none when nothing is
    left to name."""
    from claims.models import Actor, Place

    text = terms.rest
    if not text.strip():
        return [], []
    places = list(Place.objects.named(text).values_list("pk", flat=True)[:NAMED_LIMIT])
    actors = list(Actor.objects.named(text).values_list("pk", flat=True)[:NAMED_LIMIT])
    return places, actors


def _text_condition(query: str):
    """Every word of ``query`` in a claim's quote or summary; None when it has no words."""
    terms = words(query)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        return Q(
            RawSQL(
                "claims_claim.search_vector @@ plainto_tsquery('simple', %s)",
                [" ".join(terms)],
                output_field=BooleanField(),
            )
        )
    condition = Q()
    for term in terms:
        condition &= Q(search_document__contains=f" {term} ")
    return condition
