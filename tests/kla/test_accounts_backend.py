"""The request's user is loaded with their city, province and OPD (kla/accounts/backends.py)."""

from kla.accounts.backends import UserBackend


def test_the_user_comes_with_city_and_opd_in_one_query(operator_dinkes, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = UserBackend().get_user(operator_dinkes.pk)
        assert (user.kabupaten.name, user.opd.code) == ("Kota Serang", "DINKES")


def test_an_inactive_or_unknown_user_is_nobody(operator_dinkes):
    operator_dinkes.is_active = False
    operator_dinkes.save(update_fields=["is_active"])
    assert UserBackend().get_user(operator_dinkes.pk) is None
    assert UserBackend().get_user(10**9) is None


def test_a_signed_in_request_reads_the_user_through_it(client, operator_dinkes):
    client.force_login(operator_dinkes)
    response = client.get("/evaluasi/tugas-saya/")
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == operator_dinkes.pk
    assert response.wsgi_request.session["_auth_user_backend"] == (
        "kla.accounts.backends.UserBackend"
    )
