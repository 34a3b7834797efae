"""Server-side access checks shared by every view.

Rules (STYLE.md): anonymous → login redirect; a user without their scope (a city role with no
kabupaten/kota, a province role with no provinsi) or with the wrong role → 403; an object of
another city or another OPD → 404 (never reveal that it exists).

Two scopes: the city's people (Admin KLA, Verifikator, Operator OPD, Pimpinan) belong to one
kabupaten/kota; the province's people (Verifikator provinsi, Pimpinan provinsi) to one provinsi,
and may only open the kabupaten/kota under it (evaluations/access.py ``city_for``).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .models import PROVINCE_ROLES, Role

# Who may do what: the role groups every view and the menu are checked against.
CITY_ROLES = (Role.ADMIN_KLA, Role.VERIFIKATOR, Role.OPERATOR_OPD, Role.PIMPINAN)
ALL_ROLES = CITY_ROLES  # every member of a city (member_required)
EDITORS = (Role.ADMIN_KLA, Role.OPERATOR_OPD)  # change values, upload evidence
REVIEWERS = (Role.ADMIN_KLA, Role.VERIFIKATOR)  # verify or return; the DP3AKB dashboard
COMMENTERS = (Role.ADMIN_KLA, Role.VERIFIKATOR, Role.OPERATOR_OPD)  # Pimpinan only reads
OVERSEERS = (Role.ADMIN_KLA, Role.VERIFIKATOR, Role.PIMPINAN)  # scores, progress, Pimpinan dasbor
SIMULATORS = (Role.ADMIN_KLA, Role.PIMPINAN)  # what-if
MANAGERS = (Role.ADMIN_KLA,)  # cycles, dates, assignments, official results
# The province: both read the province dashboard and the Pimpinan view of its cities; only the
# Verifikator provinsi marks indicators and accepts a city's result.
PROVINCE_READERS = PROVINCE_ROLES
PROVINCE_VERIFIERS = (Role.VERIFIKATOR_PROVINSI,)
CITY_READERS = (*OVERSEERS, *PROVINCE_READERS)  # the Pimpinan dashboard and its charts


def has_scope(user) -> bool:
    """A province role needs its provinsi; any other role its kabupaten/kota."""
    if user.role in PROVINCE_ROLES:
        return user.provinsi_id is not None
    return user.kabupaten_id is not None


def role_required(*roles: str) -> Callable:
    """Logged in, attached to its scope, and holding one of ``roles`` (else 403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args, **kwargs):
            user = request.user
            if user.role not in roles or not has_scope(user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


member_required = role_required(*ALL_ROLES)
province_required = role_required(*PROVINCE_READERS)


def city_users(user):
    """The users an Admin KLA manages: those of its own kabupaten/kota, nobody else."""
    from .models import User

    return User.objects.filter(kabupaten_id=user.kabupaten_id).select_related("opd")


def get_city_user(user, pk: int):
    """A user of the Admin KLA's own city; another city's user (or a platform account) is a 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(city_users(user), pk=pk)
