"""People and their role in one kabupaten/kota, or in one province.

Every user (except a technical superuser) belongs to exactly one kabupaten/kota, and every
page scopes what it shows to it, so one deployment can host several cities. The province's
people (Verifikator provinsi, Pimpinan provinsi) belong to one provinsi instead and see the
kabupaten/kota under it (kla/accounts/access.py, evaluations/access.py).
"""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kla.wilayah.models import Region


class Role(models.TextChoices):
    ADMIN_KLA = "admin_kla", _("Admin KLA")
    VERIFIKATOR = "verifikator", _("Verifikator")
    OPERATOR_OPD = "operator_opd", _("Operator OPD")
    PIMPINAN = "pimpinan", _("Pimpinan")
    # The province's people: scoped to a provinsi, not to a kabupaten/kota.
    VERIFIKATOR_PROVINSI = "verifikator_provinsi", _("Verifikator provinsi")
    PIMPINAN_PROVINSI = "pimpinan_provinsi", _("Pimpinan provinsi")


PROVINCE_ROLES = (Role.VERIFIKATOR_PROVINSI, Role.PIMPINAN_PROVINSI)


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, blank=True)
    kabupaten = models.ForeignKey(
        "wilayah.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        limit_choices_to={"level": "kabupaten_kota"},
    )
    provinsi = models.ForeignKey(
        "wilayah.Region",
        verbose_name=_("provinsi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="province_users",
        limit_choices_to={"level": "provinsi"},
        help_text=_("Hanya untuk peran provinsi."),
    )
    opd = models.ForeignKey(
        "organisations.Opd",
        verbose_name=_("OPD"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operators",
    )
    position = models.CharField(
        _("jabatan"), max_length=120, blank=True, help_text=_("mis. Walikota, Sekda, Kabid PPA")
    )
    must_change_password = models.BooleanField(
        _("wajib ganti kata sandi"),
        default=False,
        help_text=_("Kata sandi sementara: pengguna harus menggantinya saat masuk berikutnya."),
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def clean(self) -> None:
        super().clean()
        if self.role in PROVINCE_ROLES:
            self._clean_province_user()
            return
        if self.provinsi_id is not None:
            raise ValidationError(
                {"provinsi": _("Hanya peran provinsi yang terhubung ke provinsi.")}
            )
        if self.role and self.kabupaten_id is None:
            raise ValidationError(
                {"kabupaten": _("Pengguna dengan peran wajib punya kabupaten/kota.")}
            )
        if self.role == Role.OPERATOR_OPD and self.opd_id is None:
            raise ValidationError({"opd": _("Operator OPD wajib terhubung ke satu OPD.")})
        if self.role != Role.OPERATOR_OPD and self.opd_id is not None:
            raise ValidationError({"opd": _("Hanya Operator OPD yang terhubung ke OPD.")})
        if self.opd_id and self.kabupaten_id and self.opd.kabupaten_id != self.kabupaten_id:
            raise ValidationError({"opd": _("OPD harus dari kabupaten/kota yang sama.")})
        if (self.role or self.kabupaten_id) and (self.is_staff or self.is_superuser):
            # The wall of docs/security.md: city roles never use the Django admin.
            raise ValidationError(
                _("Pengguna kabupaten/kota tidak boleh menjadi staf atau superuser platform.")
            )

    def _clean_province_user(self) -> None:
        if self.provinsi_id is None:
            raise ValidationError({"provinsi": _("Pengguna peran provinsi wajib punya provinsi.")})
        if self.provinsi.level != Region.Level.PROVINSI:
            raise ValidationError({"provinsi": _("Pilih wilayah tingkat provinsi.")})
        if self.kabupaten_id is not None or self.opd_id is not None:
            raise ValidationError(
                {"kabupaten": _("Pengguna peran provinsi tidak terhubung ke kabupaten/kota.")}
            )

    @property
    def is_province_user(self) -> bool:
        return self.role in PROVINCE_ROLES

    @property
    def is_admin_kla(self) -> bool:
        return self.role == Role.ADMIN_KLA

    @property
    def is_verifikator(self) -> bool:
        return self.role == Role.VERIFIKATOR

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR_OPD

    @property
    def is_pimpinan(self) -> bool:
        return self.role == Role.PIMPINAN

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AccountRecord(models.Model):
    """The audit of user management: who created, changed, deactivated a user or reset a
    password, and when. Kept here rather than in ``evaluations.AuditRecord``, which belongs to a
    cycle: accounts exist before and across cycles. Written by ``kla.accounts.services`` only."""

    class Action(models.TextChoices):
        USER_CREATED = "user_created", _("Pengguna dibuat")
        USER_CHANGED = "user_changed", _("Pengguna diubah")
        USER_DEACTIVATED = "user_deactivated", _("Pengguna dinonaktifkan")
        USER_ACTIVATED = "user_activated", _("Pengguna diaktifkan kembali")
        PASSWORD_RESET = "password_reset", _("Kata sandi diatur ulang")
        PASSWORD_CHANGED = "password_changed", _("Kata sandi diganti")

    kabupaten = models.ForeignKey(
        "wilayah.Region",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="account_records")
    action = models.CharField(_("tindakan"), max_length=40, choices=Action.choices)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("jejak audit pengguna")
        verbose_name_plural = _("jejak audit pengguna")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.user}"
