"""What the article extraction reads of the database: the gazetteer of names, kept per
process and per state of the data, and the proposals for one article."""

from datetime import date

from django.db import connection

from claims.models import Actor, DataVersion, Place, Side

# The last gazetteer built in this process, with the state of the data it was built from.
_gazetteer_built: dict = {}


def extraction_gazetteer():
    """Every place, actor and side with all their names, as the article extraction reads them.

    Built once per state of the data and per process, with its phrase matchers: building took
    80-160 ms, which every extraction request paid. The state is the data version's stamp, which
    every write bumps (adding an alias included), so a new name is matched from the next request
    on. One query when the copy is current; six when it is (re)built: the version, then sides,
    places, their names, actors, their names. A database no service has written to yet (version
    0) is never cached: nothing would tell its changes apart.
    """
    version = DataVersion.objects.filter(pk=1).first()
    key = (connection.alias, connection.settings_dict["NAME"], version.stamp) if version else None
    if key is not None and _gazetteer_built.get("key") == key:
        return _gazetteer_built["gazetteer"]
    gazetteer = _read_gazetteer()
    # Built before it is shared: concurrent requests then only read it.
    gazetteer.place_matcher  # noqa: B018
    gazetteer.actor_matcher  # noqa: B018
    if key is not None and version.version > 0:
        _gazetteer_built.update(key=key, gazetteer=gazetteer)
    return gazetteer


def _read_gazetteer():
    # Imported here: loading spaCy takes about a second, which only this read should pay.
    from claims.extraction import Gazetteer

    sides = list(Side.objects.values("slug", "name"))
    places = [
        {
            "slug": p.slug,
            "name": p.name,
            "kind": p.kind,
            "names": [n.name for n in p.names.all()],
        }
        for p in Place.objects.prefetch_related("names").only("slug", "name", "kind")
    ]
    actors = [
        {
            "slug": a.slug,
            "name": a.name,
            "kind": a.kind,
            "side": a.side.slug if a.side_id else None,
            "names": [n.name for n in a.names.all()],
        }
        for a in Actor.objects.select_related("side").prefetch_related("names")
    ]
    return Gazetteer.from_records(places=places, actors=actors, sides=sides)


def article_proposals(text: str, *, published: date, publisher: str | None = None):
    """The claims and verifications ``text`` reports, proposed against what is on file.

    Raises :class:`claims.extraction.InputRefused` for text that cannot be read. Writes nothing.
    """
    from claims.extraction import extract

    return extract(text, published=published, gazetteer=extraction_gazetteer(), publisher=publisher)
