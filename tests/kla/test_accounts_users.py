"""User management by the Admin KLA and every user's password page: temporary passwords that
must be changed, deactivation, the account audit, bad input refused with a message."""

import pytest
from django.urls import reverse

from kla.accounts.models import AccountRecord, Role, User
from tests import factories

NEW_PASSWORD = "Sandi-Baru-Pantau-2026"  # noqa: S105


def create(client, **overrides):
    data = {"username": "operator.baru", "first_name": "Operator Baru", "role": Role.VERIFIKATOR}
    return client.post(reverse("accounts:user-create"), data | overrides)


def temporary_password(response) -> str:
    html = response.content.decode()
    marker = 'data-testid="temporary-password">'
    return html[html.index(marker) + len(marker) :].split("<", 1)[0].strip()


def test_created_user_must_change_the_temporary_password_first(client, admin_dp3akb):
    client.force_login(admin_dp3akb)
    response = create(client)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")  # never_cache: shown once
    password = temporary_password(response)
    user = User.objects.get(username="operator.baru")
    assert user.kabupaten == admin_dp3akb.kabupaten and user.must_change_password
    assert not user.is_staff and not user.is_superuser
    record = AccountRecord.objects.get(user=user)
    assert record.action == "user_created" and record.actor == admin_dp3akb
    assert password not in str(record.changes)

    client.logout()
    login = client.post(reverse("login"), {"username": "operator.baru", "password": password})
    assert login.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home["Location"] == reverse("accounts:password-change")
    page = client.get(reverse("accounts:password-change"))
    assert "kata sandi sementara" in page.content.decode()
    changed = client.post(
        reverse("accounts:password-change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200  # still logged in, free to go on
    assert AccountRecord.objects.filter(user=user, action="password_changed").exists()


def test_reset_password_shows_a_new_temporary_password_once(client, admin_dp3akb, pimpinan):
    client.force_login(admin_dp3akb)
    response = client.post(reverse("accounts:user-reset-password", args=[pimpinan.pk]))
    password = temporary_password(response)
    pimpinan.refresh_from_db()
    assert pimpinan.check_password(password) and pimpinan.must_change_password
    assert AccountRecord.objects.get(user=pimpinan).action == "password_reset"
    page = client.get(reverse("accounts:user-edit", args=[pimpinan.pk])).content.decode()
    assert password not in page and "Kata sandi diatur ulang" in page


def test_deactivated_user_cannot_log_in(client, admin_dp3akb, verifikator):
    client.force_login(admin_dp3akb)
    client.post(reverse("accounts:user-deactivate", args=[verifikator.pk]))
    verifikator.refresh_from_db()
    assert not verifikator.is_active
    client.logout()
    response = client.post(
        reverse("login"), {"username": "verifikator", "password": factories.PASSWORD}
    )
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_admin_cannot_deactivate_or_reset_itself(client, admin_dp3akb):
    client.force_login(admin_dp3akb)
    response = client.post(reverse("accounts:user-deactivate", args=[admin_dp3akb.pk]), follow=True)
    assert "tidak dapat menonaktifkan akun Anda sendiri" in response.content.decode()
    client.post(reverse("accounts:user-reset-password", args=[admin_dp3akb.pk]))
    admin_dp3akb.refresh_from_db()
    assert admin_dp3akb.is_active and not admin_dp3akb.must_change_password
    assert not AccountRecord.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"username": "u" * 151}, "Paling banyak 150 karakter."),
        ({"username": "nama dengan spasi"}, "Hanya huruf, angka dan @ . + - _."),
        ({"first_name": "Nama\x00Nul"}, "karakter kendali"),
        ({"first_name": "Nama\x1bEsc"}, "karakter kendali"),
        ({"first_name": "x" * 151}, "Paling banyak 150 karakter."),
        ({"position": "y" * 121}, "Paling banyak 120 karakter."),
        ({"email": "bukan-surel"}, "Alamat surel tidak valid."),
        ({"role": "superuser"}, "Peran tidak dikenal."),
        ({"role": Role.OPERATOR_OPD}, "Operator OPD wajib terhubung ke satu OPD."),
        ({"username": "walikota"}, "Nama pengguna walikota sudah dipakai."),
    ],
)
def test_bad_input_is_refused_with_a_message(client, admin_dp3akb, pimpinan, overrides, message):
    client.force_login(admin_dp3akb)
    users = User.objects.count()
    response = create(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == users and not AccountRecord.objects.exists()


def test_another_citys_opd_is_refused(client, admin_dp3akb, other_city):
    client.force_login(admin_dp3akb)
    foreign = other_city.opds.get(code="DINKES")
    response = create(client, role=Role.OPERATOR_OPD, opd=foreign.pk)
    assert "OPD tidak dikenal di kabupaten/kota ini." in response.content.decode()
    assert not User.objects.filter(username="operator.baru").exists()


def test_list_shows_only_the_own_city(client, admin_dp3akb, operator_dinkes, outsider):
    client.force_login(admin_dp3akb)
    html = client.get(reverse("accounts:user-list")).content.decode()
    assert "operator.dinkes" in html and "admin.cilegon" not in html


def test_menu_has_users_for_admin_kla_only(client, admin_dp3akb, verifikator):
    client.force_login(admin_dp3akb)
    assert reverse("accounts:user-list") in client.get(reverse("home")).content.decode()
    client.force_login(verifikator)
    assert reverse("accounts:user-list") not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("role", [Role.VERIFIKATOR_PROVINSI, Role.PIMPINAN_PROVINSI])
def test_admin_kla_cannot_appoint_the_provinces_people(client, admin_dp3akb, role):
    """The province's roles are not a city's to give: refused, and nobody is created."""
    client.force_login(admin_dp3akb)
    response = create(client, role=role)
    assert response.status_code == 200
    assert "Peran tidak dikenal." in response.content.decode()
    assert not User.objects.filter(username="operator.baru").exists()
