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

ALL_ROLES = tuple(Role.values)
STAFF_ROLES = (Role.ADMIN_KLA, Role.VERIFIKATOR)
READERS = ALL_ROLES


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
