"""Server-side access checks shared by every view.

Rules (STYLE.md): anonymous → login redirect; a user with no kabupaten/kota or the wrong role
→ 403; an object of another city or another OPD → 404 (never reveal that it exists).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import Role

# Who may do what: the role groups every view and the menu are checked against.
ALL_ROLES = tuple(Role.values)
EDITORS = (Role.ADMIN_KLA, Role.OPERATOR_OPD)  # change values, upload evidence
REVIEWERS = (Role.ADMIN_KLA, Role.VERIFIKATOR)  # verify or return; the DP3AKB dashboard
COMMENTERS = (Role.ADMIN_KLA, Role.VERIFIKATOR, Role.OPERATOR_OPD)  # Pimpinan only reads
OVERSEERS = (Role.ADMIN_KLA, Role.VERIFIKATOR, Role.PIMPINAN)  # scores, progress, Pimpinan dasbor
SIMULATORS = (Role.ADMIN_KLA, Role.PIMPINAN)  # what-if
MANAGERS = (Role.ADMIN_KLA,)  # cycles, dates, assignments, official results


def role_required(*roles: str) -> Callable:
    """Logged in, attached to a kabupaten/kota, and holding one of ``roles`` (else 403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args, **kwargs):
            user = request.user
            if user.kabupaten_id is None or user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


member_required = role_required(*ALL_ROLES)


def city_users(user):
    """The users an Admin KLA manages: those of its own kabupaten/kota, nobody else."""
    from .models import User

    return User.objects.filter(kabupaten_id=user.kabupaten_id).select_related("opd")


def get_city_user(user, pk: int):
    """A user of the Admin KLA's own city; another city's user (or a platform account) is a 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(city_users(user), pk=pk)
