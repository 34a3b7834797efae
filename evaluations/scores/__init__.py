"""Scores: the pure engine and what feeds it and reads it.

- ``scoring``: the pure rules (no Django): one answer, one question, one cycle, the tiers;
- ``next_tier``: pure too: what-if, the improvements and the greedy path to the next tier;
- ``loader``: the query-counted loading of a cycle into the engine's plain inputs;
- ``report``: rows and labels for the score, path and history pages and the JSON output;
- ``snapshots``: the stored score per track, refreshed after each change;
- ``selection``: one reading of ``?siklus=&jalur=`` for score pages and dashboards.

This package must not import Django at its top, so that ``scoring`` and ``next_tier`` stay pure.
"""
