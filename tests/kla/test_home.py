import pytest
from django.urls import reverse

from kla.accounts.models import Role, User
from tests import factories


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_in_indonesian(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Masuk ke Pantau KLA" in response.content.decode()
    assert 'lang="id"' in response.content.decode()


@pytest.mark.parametrize("persona", ["admin_dp3akb", "verifikator", "operator_dinkes", "pimpinan"])
def test_home_shows_city_role_and_instrument(client, personas, instrument, persona):
    user = personas[persona]
    client.force_login(user)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kota Serang" in html
    assert user.get_role_display() in html
    assert "Instrumen contoh KLA (ilustratif)" in html


def test_operator_sees_own_opd(client, operator_dinkes):
    client.force_login(operator_dinkes)
    html = client.get(reverse("home")).content.decode()
    assert "DINKES (Dinas Kesehatan)" in html


def test_user_of_another_city_sees_nothing_of_kota_serang(client, outsider, kota_serang):
    client.force_login(outsider)
    html = client.get(reverse("home")).content.decode()
    assert "Kota Cilegon" in html
    assert "Serang" not in html


def test_user_without_city_or_role_is_forbidden(client, db):
    user = User.objects.create_user("tanpa.peran", password="x")
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 403
    user.role = Role.PIMPINAN
    user.save()
    assert client.get(reverse("home")).status_code == 403  # still no kabupaten/kota


def test_login_with_wrong_password_shows_indonesian_error(client, admin_dp3akb):
    response = client.post(reverse("login"), {"username": "admin.dp3akb", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()


def test_logout_is_post_only_and_ends_the_session(client, admin_dp3akb):
    client.force_login(admin_dp3akb)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_repeated_failed_logins_lock_the_account_for_a_while(client, admin_dp3akb, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "admin.dp3akb", "password": "x"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "admin.dp3akb", "password": "x"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(
        reverse("login"), {"username": "admin.dp3akb", "password": factories.PASSWORD}
    )
    assert response.status_code == 429


def test_right_password_logs_in(client, admin_dp3akb):
    response = client.post(
        reverse("login"), {"username": "admin.dp3akb", "password": factories.PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_operator_home_summarises_own_opd_work(
    client, operator_dinkes, instrument, kota_serang, django_assert_max_num_queries
):
    from evaluations.models import Entry

    cycle = factories.make_cycle(city=kota_serang, instrument=instrument)
    dinkes = Entry.objects.filter(cycle=cycle).assigned_to(operator_dinkes.opd)
    dinkes.filter(question__code="III-12.1").update(numerator=1, denominator=2, status="returned")
    client.force_login(operator_dinkes)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("home")).content.decode()
    assert "Pekerjaan DINKES · KLA 2026" in html
    assert 'data-testid="ringkasan-tugas"' in html
    assert reverse("evaluations:my-tasks") in html
    returned = Entry.objects.filter(cycle=cycle, status="returned").count()
    assert returned == 6
    assert f'text-danger">{returned}</dd>' in html


def test_browser_language_is_ignored_until_the_user_chooses(client, admin_dp3akb, instrument):
    client.force_login(admin_dp3akb)
    url = reverse("indicators:instrument-detail", args=[instrument.code])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in html
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert 'lang="en"' in client.get(url).content.decode()
