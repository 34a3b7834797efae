"""Demo accounts for Kota Serang: one per role. Demo only: the password is public.

None of them is staff: city roles never use the Django admin (docs/security.md); the Admin KLA
manages its city's users on the app's own pages (/akun/pengguna/).
"""

from dataclasses import dataclass

from django.db import transaction

from kla.organisations.models import Opd
from kla.wilayah.models import Region

from .models import Role, User

DEMO_PASSWORD = "demo-kla-2026"  # noqa: S105 (documented as demo-only in the README)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    role: str
    opd_code: str = ""
    position: str = ""


DEMO_ACCOUNTS = [
    DemoAccount(
        "admin.dp3akb", "Admin DP3AKB", Role.ADMIN_KLA, position="Sekretariat Gugus Tugas KLA"
    ),
    DemoAccount("verifikator", "Verifikator DP3AKB", Role.VERIFIKATOR, position="Kabid PPA"),
    DemoAccount("operator.dinkes", "Operator Dinkes", Role.OPERATOR_OPD, "DINKES"),
    DemoAccount("operator.dindikbud", "Operator Dindikbud", Role.OPERATOR_OPD, "DINDIKBUD"),
    DemoAccount("operator.disdukcapil", "Operator Disdukcapil", Role.OPERATOR_OPD, "DISDUKCAPIL"),
    DemoAccount("operator.dp3akb", "Operator DP3AKB", Role.OPERATOR_OPD, "DP3AKB"),
    DemoAccount("walikota", "Walikota Serang", Role.PIMPINAN, position="Walikota"),
]


@transaction.atomic
def create_demo_accounts(city: Region, password: str = DEMO_PASSWORD) -> list[User]:
    """Create or reset the demo accounts of ``city``. Idempotent."""
    opds = {opd.code: opd for opd in Opd.objects.of_city(city)}
    return [
        _reset(
            account,
            password,
            kabupaten=city,
            provinsi=None,
            opd=opds.get(account.opd_code) if account.opd_code else None,
        )
        for account in DEMO_ACCOUNTS
    ]


def _reset(account: DemoAccount, password: str, **place) -> User:
    """One demo account as described, with ``password``; an earlier demo's staff flag and
    model permissions are taken away."""
    user, _ = User.objects.update_or_create(
        username=account.username,
        defaults={
            "first_name": account.first_name,
            "role": account.role,
            "position": account.position,
            "is_staff": False,
            "is_superuser": False,
            "must_change_password": False,
            **place,
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    user.user_permissions.clear()
    return user


# The province's demo accounts (issue 12): Banten's Verifikator and Pimpinan provinsi.
PROVINCE_DEMO_ACCOUNTS = [
    DemoAccount(
        "verifikator.banten",
        "Verifikator Provinsi Banten",
        Role.VERIFIKATOR_PROVINSI,
        position="DP3AKKB Provinsi Banten",
    ),
    DemoAccount(
        "pimpinan.banten", "Pimpinan Provinsi Banten", Role.PIMPINAN_PROVINSI, position="Gubernur"
    ),
]


@transaction.atomic
def create_province_accounts(province: Region, password: str = DEMO_PASSWORD) -> list[User]:
    """Create or reset the province's demo accounts. Idempotent."""
    return [
        _reset(account, password, provinsi=province, kabupaten=None, opd=None)
        for account in PROVINCE_DEMO_ACCOUNTS
    ]
