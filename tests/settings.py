"""The settings the test suite runs with: production's (kla/settings.py, DEBUG off) plus a
test-only secret key when the environment gives none (CI and a developer's shell alike), and
score pages that check the cycle's state on every request: tests change rows between two
requests within milliseconds (tests/evaluations/scores/test_cached.py covers the production
value). Tests that need another value set it themselves (pytest-django's ``settings``
fixture)."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "k" * 40)

from kla.settings import *  # noqa: E402, F403

KLA_SCORES_RECHECK_SECONDS = 0
