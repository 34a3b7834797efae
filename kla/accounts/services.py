"""User management by the Admin KLA of a city, and every user's own password.

Each function checks the walls (docs/security.md, "Who may do what"), writes inside
``transaction.atomic()`` under the user's row lock, and records an ``AccountRecord``. The
walls: an Admin KLA manages only the users of its own kabupaten/kota, gives only the four city
roles (never staff or superuser), never moves a user to another city, and never changes its own
role, status or password through these pages (its own password goes through the password page).
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from .models import AccountRecord, Role, User

EDITABLE = ("first_name", "last_name", "email", "position", "role", "opd")
# Easy to read aloud or copy: no 0/O, 1/l/I.
TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class AccountError(Exception):
    """A user-management change refused for a reason the Admin KLA can read."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def temporary_password() -> str:
    """12 random characters in three groups (about 59 bits), shown once, changed at login."""
    raw = get_random_string(12, TEMPORARY_ALPHABET)
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def _record(action, *, by: User, user: User, changes: dict | None = None) -> AccountRecord:
    return AccountRecord.objects.create(
        kabupaten_id=user.kabupaten_id, actor=by, user=user, action=action, changes=changes or {}
    )


def _values(user: User) -> dict:
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "position": user.position,
        "role": user.role,
        "opd": user.opd.code if user.opd_id else None,
    }


def _check_manager(by: User) -> None:
    if not by.is_active or by.role != Role.ADMIN_KLA or by.kabupaten_id is None:
        raise AccountError(_("Hanya Admin KLA yang mengelola pengguna kabupaten/kota."))


def _check_fields(by: User, fields: dict) -> None:
    if set(fields) - set(EDITABLE):
        raise AccountError(_("Isian ini tidak dapat diubah di halaman pengguna."))
    if "role" in fields and fields["role"] not in Role.values:
        raise AccountError(_("Peran tidak dikenal."))
    opd = fields.get("opd")
    if opd is not None and opd.kabupaten_id != by.kabupaten_id:
        raise AccountError(_("OPD harus dari kabupaten/kota Anda."))


def _locked(by: User, user: User) -> User:
    """The user's row, locked; of the manager's own city (else refused)."""
    _check_manager(by)
    locked = User.objects.select_for_update().filter(pk=user.pk).first()
    if locked is None or locked.kabupaten_id != by.kabupaten_id:
        raise AccountError(_("Pengguna ini bukan pengguna kabupaten/kota Anda."))
    return locked


def _save_checked(user: User) -> None:
    try:
        user.full_clean()
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from error
    user.save()


@transaction.atomic
def create_user(*, by: User, username: str, **fields) -> tuple[User, str]:
    """A new user of the manager's city with a temporary password (returned, shown once)."""
    _check_manager(by)
    _check_fields(by, fields)
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(_("Nama pengguna %(name)s sudah dipakai.") % {"name": username})
    user = User(username=username, kabupaten_id=by.kabupaten_id, must_change_password=True)
    for name, value in fields.items():
        setattr(user, name, value)
    password = temporary_password()
    user.set_password(password)
    _save_checked(user)
    changes = {name: [None, value] for name, value in _values(user).items() if value}
    _record(AccountRecord.Action.USER_CREATED, by=by, user=user, changes=changes)
    return user, password


@transaction.atomic
def update_user(user: User, *, by: User, **fields) -> dict:
    """Change name, contact, role or OPD; returns ``{field: [old, new]}`` (empty: no change)."""
    user = _locked(by, user)
    _check_fields(by, fields)
    if user.pk == by.pk and "role" in fields and fields["role"] != user.role:
        raise AccountError(_("Anda tidak dapat mengubah peran Anda sendiri."))
    before = _values(user)
    for name, value in fields.items():
        setattr(user, name, value)
    changes = {
        name: [old, new] for name, old in before.items() if (new := _values(user)[name]) != old
    }
    if changes:
        _save_checked(user)
        _record(AccountRecord.Action.USER_CHANGED, by=by, user=user, changes=changes)
    return changes


@transaction.atomic
def set_active(user: User, *, by: User, active: bool) -> User:
    """Deactivate (the user can no longer log in; their history stays) or activate again."""
    user = _locked(by, user)
    if user.pk == by.pk:
        raise AccountError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = (
        AccountRecord.Action.USER_ACTIVATED if active else AccountRecord.Action.USER_DEACTIVATED
    )
    _record(action, by=by, user=user, changes={"is_active": [not active, active]})
    return user


@transaction.atomic
def reset_password(user: User, *, by: User) -> str:
    """A temporary password that must be changed at the next login (returned, shown once; it
    is never stored in clear or in the audit record)."""
    user = _locked(by, user)
    if user.pk == by.pk:
        raise AccountError(_("Ganti kata sandi Anda sendiri di halaman Ganti kata sandi."))
    if not user.is_active:
        raise AccountError(_("Aktifkan pengguna ini dahulu."))
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    _record(AccountRecord.Action.PASSWORD_RESET, by=by, user=user)
    return password


@transaction.atomic
def change_own_password(user: User, new_password: str) -> None:
    """The user's own new password (already checked by the form); the temporary flag goes."""
    validate_password(new_password, user)
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.set_password(new_password)
    locked.must_change_password = False
    locked.save(update_fields=["password", "must_change_password"])
    user.password, user.must_change_password = locked.password, False
    _record(AccountRecord.Action.PASSWORD_CHANGED, by=user, user=user)
