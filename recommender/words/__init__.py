"""Describe it in words: a playlist from a sentence, offline (docs/words.md).

:func:`understand` reads a description against the vocabulary (``vocabulary.toml``) and the
library's own names; :func:`recommender.words.answer.answer` ranks the library for it.
"""

from recommender.words.lexicon import Lexicon
from recommender.words.parser import Constraint, Query, understand
from recommender.words.vocabulary import load_vocabulary

__all__ = ["Constraint", "Lexicon", "Query", "load_vocabulary", "understand"]
