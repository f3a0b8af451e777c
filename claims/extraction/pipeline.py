"""The one spaCy pipeline: a blank English tokenizer with a rule-based sentencizer.

Blank pipelines ship inside the spaCy package, so nothing is downloaded and loading takes a
fraction of a second.
"""

import spacy

nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
