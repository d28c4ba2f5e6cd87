"""Ranking: evidence per candidate, an explainable score, the best address per case.

Qt-free and SQL-free; the service :mod:`songda.services.rank_cases` feeds it from the store.
"""

from songda.ranking.blacklist import BlacklistHit, BlacklistMatcher, load_builtin_rules
from songda.ranking.inputs import CandidateInput, CaseContext
from songda.ranking.learning import OutcomeBook, OutcomeCounts, outcome_keys
from songda.ranking.score import CaseRanking, ScoredCandidate, Scorer
from songda.ranking.weights import Weights, load_weights

__all__ = [
    "BlacklistHit",
    "BlacklistMatcher",
    "CandidateInput",
    "CaseContext",
    "CaseRanking",
    "OutcomeBook",
    "OutcomeCounts",
    "ScoredCandidate",
    "Scorer",
    "Weights",
    "load_builtin_rules",
    "load_weights",
    "outcome_keys",
]
