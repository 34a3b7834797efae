"""Side effects of a committed change: notices, e-mail, score refreshes.

They run after the surrounding transaction commits (never while a row lock is held, and never
for a change that was rolled back). A failing side effect is logged and swallowed: the change
it follows is already committed, so it must never turn into an error page or a rollback.
"""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger("evaluations.side_effects")


def after_commit(func: Callable, *args, **kwargs) -> None:
    """Run ``func(*args, **kwargs)`` once the current transaction commits (at once outside one)."""
    name = getattr(func, "__qualname__", repr(func))

    def run() -> None:
        try:
            func(*args, **kwargs)
        # Anything may fail here (an unreachable SMTP server, a full disk): the change is
        # committed, so the failure is reported to the operators' log, not to the user.
        except Exception:
            logger.exception("Efek samping %s gagal setelah commit; perubahan tersimpan.", name)

    run.__qualname__ = f"after_commit({name})"
    transaction.on_commit(run)
