"""Every recommender by name.

The list is written out here, in a module that imports the models, so ``base`` (which the models
import) never has to import them back: no import circle.
"""

from __future__ import annotations

from recommender.models.base import Recommender
from recommender.models.baselines import (
    ArtistAffinityRecommender,
    ContentRecommender,
    CooccurrenceRecommender,
    PopularityRecommender,
    RandomRecommender,
)
from recommender.models.hybrid import HybridRecommender

#: Every recommender, baselines first (evaluation reports follow this order).
RECOMMENDERS: tuple[type[Recommender], ...] = (
    RandomRecommender,
    PopularityRecommender,
    ArtistAffinityRecommender,
    CooccurrenceRecommender,
    ContentRecommender,
    HybridRecommender,
)


def registry() -> dict[str, type[Recommender]]:
    """Every recommender by its ``name``: the baselines and the hybrid model.

    Returns
    -------
    dict of str to type
        A fresh dictionary; changing it changes nothing here.
    """
    return {cls.name: cls for cls in RECOMMENDERS}
