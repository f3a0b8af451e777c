"""The one spaCy pipeline (claims/extraction/pipeline.py)."""

from claims.extraction.pipeline import nlp


def test_the_pipeline_is_a_blank_tokenizer_with_a_rule_based_sentencizer():
    assert nlp.pipe_names == ["sentencizer"]
    doc = nlp("Russia said it took the town. Kyiv denied it.")
    assert [s.text for s in doc.sents] == ["Russia said it took the town.", "Kyiv denied it."]
