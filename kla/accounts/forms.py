"""Forms of the login, password and user-management pages. Every text field has its length
and refuses control characters on the server (never a 500 from the database)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kla.choice_fields import ModelChoiceField
from kla.organisations.models import Opd
from kla.validators import no_control_characters

from .models import PROVINCE_ROLES, Role, User

USERNAME_MAX = User._meta.get_field("username").max_length  # 150


def text_field(label, max_length: int, *, required: bool = False, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[no_control_characters],
        error_messages={
            "max_length": gettext_lazy("Paling banyak %(limit_value)d karakter."),
            "required": gettext_lazy("Wajib diisi."),
        },
        **kwargs,
    )


class LoginForm(AuthenticationForm):
    """Django's login form, with the username's length and characters checked before anything
    reaches the authentication backends (a 300-character username was a PostgreSQL 500)."""

    def clean_username(self) -> str:
        username = self.cleaned_data.get("username", "")
        if len(username) > USERNAME_MAX:
            raise forms.ValidationError(
                _("Nama pengguna paling banyak %(limit)d karakter.") % {"limit": USERNAME_MAX},
                code="max_length",
            )
        no_control_characters(username)
        return username


class OwnPasswordForm(PasswordChangeForm):
    """The password page of every user (Django's checks: old password, twice the new one, the
    password validators)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "old_password", "new_password1", "new_password2", Submit("simpan", _("Ganti"))
        )


class UserForm(forms.Form):
    """Create or edit a city user: name, contact, role, OPD (operators only)."""

    first_name = text_field(gettext_lazy("Nama depan"), 150, required=True)
    last_name = text_field(gettext_lazy("Nama belakang"), 150)
    email = forms.EmailField(
        label=gettext_lazy("Surel"),
        max_length=254,
        required=False,
        validators=[no_control_characters],
        error_messages={"invalid": gettext_lazy("Alamat surel tidak valid.")},
    )
    position = text_field(gettext_lazy("Jabatan"), 120)
    role = forms.ChoiceField(
        label=gettext_lazy("Peran"),
        # A city's roles only: the province's people are not the city's to appoint.
        choices=[(value, label) for value, label in Role.choices if value not in PROVINCE_ROLES],
        error_messages={
            "required": gettext_lazy("Pilih peran."),
            "invalid_choice": gettext_lazy("Peran tidak dikenal."),
        },
    )
    opd = ModelChoiceField(
        label=gettext_lazy("OPD"),
        queryset=Opd.objects.none(),
        required=False,
        help_text=gettext_lazy("Hanya untuk Operator OPD."),
        error_messages={"invalid_choice": gettext_lazy("OPD tidak dikenal di kabupaten/kota ini.")},
    )

    def __init__(self, *args, kabupaten, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = Opd.objects.of_city(kabupaten)
        self.fields["opd"].label_from_instance = lambda opd: f"{opd.code} · {opd.name}"
        leading = []
        if creating:
            self.fields = {
                "username": text_field(
                    gettext_lazy("Nama pengguna"),
                    USERNAME_MAX,
                    required=True,
                    help_text=gettext_lazy("Huruf, angka dan @ . + - _ saja."),
                ),
                **self.fields,
            }
            self.fields["username"].validators.append(
                UnicodeUsernameValidator(message=gettext_lazy("Hanya huruf, angka dan @ . + - _."))
            )
            leading = ["username"]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *leading,
            Row(
                Column("first_name", css_class="col-sm-6"),
                Column("last_name", css_class="col-sm-6"),
            ),
            Row(Column("email", css_class="col-sm-6"), Column("position", css_class="col-sm-6")),
            Row(Column("role", css_class="col-sm-6"), Column("opd", css_class="col-sm-6")),
            Submit("simpan", _("Buat pengguna") if creating else _("Simpan")),
        )

    def clean(self):
        cleaned = super().clean()
        role, opd = cleaned.get("role"), cleaned.get("opd")
        if role == Role.OPERATOR_OPD and opd is None and "opd" not in self.errors:
            self.add_error("opd", _("Operator OPD wajib terhubung ke satu OPD."))
        if role and role != Role.OPERATOR_OPD:
            cleaned["opd"] = None  # only operators belong to an OPD
        return cleaned

    @property
    def fields_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "username"}

    @staticmethod
    def initial_from(user: User) -> dict:
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "position": user.position,
            "role": user.role,
            "opd": user.opd_id,
        }
