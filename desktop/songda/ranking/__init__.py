"""Ranking: evidence per candidate, an explainable score, the best address per case.

Qt-free and SQL-free; the service :mod:`songda.services.rank_cases` feeds it from the store.
Modules: ``weights`` (data in resources/ranking/weights.json), ``evidence`` (one candidate),
``agreement`` (the case's candidates together), ``blacklist`` (matching), ``learning``
(delivery history), ``score`` (:class:`~songda.ranking.score.Scorer`), ``context`` (ID area
and phone cities), ``serialize`` (reasons JSON). Import the submodules directly.
"""
