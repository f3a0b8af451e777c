"""claims.extraction.cues: which control verb a masked, lower-cased sentence says first (§ stands
for the place the sentence names), checked in the order that lets a denial outrank the capture
it denies."""

import pytest

from claims.choices import Verb
from claims.extraction import cues


def first_verb(masked: str) -> str | None:
    return next((verb for verb, pattern in cues.CUES if pattern.search(masked)), None)


@pytest.mark.parametrize(
    ("masked", "verb"),
    [
        ("the ministry said its forces had captured §§§ on thursday", Verb.CAPTURED),
        ("russian troops have liberated the village of §§§", Verb.LIBERATED),
        ("reports that §§§ had fallen were not true, the spokesman said", Verb.DENIED),
        ("kyiv denied that §§§ had been captured", Verb.DENIED),
        ("§§§ is not under russian control", Verb.DENIED),
        ("ukrainian units withdrew from §§§ to avoid encirclement", Verb.WITHDREW),
        ("russian forces have encircled §§§", Verb.ENCIRCLED),
        ("our troops are still in the town", Verb.PARTIALLY_HOLDS),
        ("heavy fighting is going on for §§§", Verb.CONTESTED),
        ("the weather in the region turned cold", None),
    ],
)
def test_the_first_cue_found_names_the_verb(masked, verb):
    assert first_verb(masked) == verb


def test_presence_alone_is_the_last_cue_and_only_says_someone_is_there():
    assert cues.CUES[-1] == (Verb.PARTIALLY_HOLDS, cues.PRESENCE)
    assert cues.PRESENCE.search("ukrainian soldiers remain inside §§§")
    assert not cues.PRESENCE.search("the ministry said it had captured §§§")
