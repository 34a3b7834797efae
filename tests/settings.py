"""The settings the test suite runs with: production's (kla/settings.py, DEBUG off) plus a
test-only secret key when the environment gives none (CI and a developer's shell alike).
Tests that need another value set it themselves (pytest-django's ``settings`` fixture)."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "k" * 40)

from kla.settings import *  # noqa: E402, F403
