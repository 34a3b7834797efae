"""Never a 500 for bad input on the login page and in the address (a 300-character username
and a NUL byte in a query string were PostgreSQL 500s). Run on PostgreSQL in CI."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse


@pytest.mark.parametrize("length", [151, 256, 300, 5000])
def test_long_username_is_refused_with_a_message(client, db, length):
    response = client.post(reverse("login"), {"username": "u" * length, "password": "x"})
    assert response.status_code == 200
    assert "Nama pengguna paling banyak 150 karakter." in response.content.decode()
    assert not AccessAttempt.objects.exists()  # refused before the backends


@pytest.mark.parametrize("username", ["admin\x00dp3akb", "admin\x07", "\x1b[31m"])
def test_control_characters_in_the_username_are_refused(client, db, username):
    response = client.post(reverse("login"), {"username": username, "password": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "karakter kendali" in html or "tidak diizinkan" in html


@pytest.mark.parametrize("query", ["?next=%00", "?q=a%00b", "?%00=1", "?siklus=%01", "?x=%7F"])
def test_control_characters_in_a_query_string_get_the_400_page(client, admin_dp3akb, query):
    client.force_login(admin_dp3akb)
    for page in (reverse("login"), reverse("evaluations:score"), reverse("home")):
        response = client.get(page + query)
        assert response.status_code == 400, page + query
        assert "karakter kendali" in response.content.decode()


def test_plain_unicode_in_a_query_string_is_fine(client, admin_dp3akb):
    client.force_login(admin_dp3akb)
    assert client.get(
        reverse("evaluations:my-tasks") + "?q=Kecamatan%20Serang%20%C3%A9"
    ).status_code in (
        200,
        403,
    )
    assert client.get(reverse("home") + "?catatan=baris%0Abaru").status_code == 200
