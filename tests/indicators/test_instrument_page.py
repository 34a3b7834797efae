import pytest
from django.urls import reverse

from indicators.models import Instrument


def test_anonymous_is_sent_to_login(client, instrument):
    for url in (
        reverse("indicators:instrument-current"),
        reverse("indicators:instrument-detail", args=[instrument.code]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["admin_dp3akb", "verifikator", "operator_dinkes", "pimpinan"])
def test_every_role_can_browse_the_instrument(client, personas, instrument, persona):
    client.force_login(personas[persona])
    response = client.get(reverse("indicators:instrument-current"), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Instrumen contoh (ilustratif)." in html
    assert "KL-01.1" in html and "V-24" in html
    assert "Dinas Kesehatan" in html  # responsible OPD named with the city's own OPD names
    assert "Madya ≥ 601" in html


def test_instrument_page_uses_the_viewers_city(client, outsider, kota_serang, instrument):
    client.force_login(outsider)
    html = client.get(reverse("indicators:instrument-detail", args=[instrument.code])).content
    html = html.decode()
    assert "DINKES Kota Cilegon" in html
    assert "Serang" not in html


def test_unknown_instrument_is_404(client, admin_dp3akb):
    client.force_login(admin_dp3akb)
    assert (
        client.get(reverse("indicators:instrument-detail", args=["tidak-ada"])).status_code == 404
    )


def test_empty_state_without_instrument(client, admin_dp3akb):
    assert not Instrument.objects.exists()
    client.force_login(admin_dp3akb)
    response = client.get(reverse("indicators:instrument-current"))
    assert "Belum ada instrumen yang diimpor" in response.content.decode()


def test_instrument_page_query_count_is_fixed(
    client, admin_dp3akb, instrument, django_assert_max_num_queries
):
    client.force_login(admin_dp3akb)
    url = reverse("indicators:instrument-detail", args=[instrument.code])
    with django_assert_max_num_queries(14):
        client.get(url)
