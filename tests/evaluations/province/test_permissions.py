"""Permission matrix of the province's pages, and the walls between province and city.

Personas: the city personas of tests/matrix.py (Kota Serang's, and the outsider of Kota
Cilegon), plus Banten's Verifikator provinsi and Pimpinan provinsi, and the Verifikator
provinsi of Jawa Barat (``province_outsider``: another province).

Decisions:
- the province dashboard and its chart: the province's people only (their own provinsi; the
  page has no id, so another province's user sees their own, empty, provinsi); every city
  persona gets 403;
- the Pimpinan dashboard and its charts of Kota Serang (``?kota=36.73``): Banten's people read
  them; Jawa Barat's get 404; Kota Serang's readers see their own city; the outsider naming
  Kota Serang gets 404; operators 403 as before;
- a province user on any other city page (scores, what-if, DP3AKB, worklists...) gets 403;
- the province's check of Kota Serang (``province-review``): Banten's people read it, Jawa
  Barat's get 404, every city persona 403; marking an indicator and accepting the result are
  for Banten's Verifikator provinsi only (Pimpinan provinsi: 403; Jawa Barat's verifier: 404).
  Accepting before every indicator is marked is refused and changes nothing.
Read-only pages: any other method than GET is 405 for a reader and changes nothing.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.demo.nation import province_check_stages
from evaluations.models import AuditRecord, IndicatorReview, OfficialResult
from evaluations.services.cycles import create_cycle
from indicators.models import Indicator
from kla.accounts.models import Role
from tests import factories
from tests.matrix import PERSONAS, STAFF, Effect, Row, check, row_counts, scenario_fixture

PROVINCE_PERSONAS = ("verifikator_provinsi", "pimpinan_provinsi", "province_outsider")
EVERYONE = (*PERSONAS, *PROVINCE_PERSONAS)
CITY_READERS = ("admin_dp3akb", "verifikator", "pimpinan")


def statuses(default: int, **overrides: int) -> dict[str, int]:
    return {**dict.fromkeys((*STAFF, *PROVINCE_PERSONAS), default), **overrides}


def serang(name: str):
    return lambda s: f"{reverse(name)}?kota=36.73&siklus={s['cycle'].pk}"


PROVINCE_URLS = ["evaluations:dashboard-province", "evaluations:chart-province-tiers"]
CITY_URLS = [
    "evaluations:dashboard-pimpinan",
    "evaluations:chart-tier-progress",
    "evaluations:chart-clusters",
    "evaluations:chart-kecamatan",
]
PROVINCE_READ = statuses(
    403, verifikator_provinsi=200, pimpinan_provinsi=200, province_outsider=200
)
PROVINCE_POST = statuses(
    403, verifikator_provinsi=405, pimpinan_provinsi=405, province_outsider=405
)
CITY_READ = statuses(
    403,
    **dict.fromkeys(CITY_READERS, 200),
    outsider=404,
    verifikator_provinsi=200,
    pimpinan_provinsi=200,
    province_outsider=404,
)
CITY_POST = statuses(
    403,
    **dict.fromkeys(CITY_READERS, 405),
    outsider=405,
    verifikator_provinsi=405,
    pimpinan_provinsi=405,
    province_outsider=405,
)

REVIEW_READ = statuses(403, verifikator_provinsi=200, pimpinan_provinsi=200, province_outsider=404)
REVIEW_POST = statuses(403, verifikator_provinsi=405, pimpinan_provinsi=405, province_outsider=405)
WRITE = statuses(403, verifikator_provinsi=302, province_outsider=404)
WRITE_GET = statuses(403, verifikator_provinsi=405, province_outsider=405)
MARKED = Effect(
    by=("verifikator_provinsi",),
    change=lambda before: {
        "reviews": [*before["reviews"], "lengkap"],
        "audit": before["audit"] + 1,
    },
)


def review_url(s) -> str:
    url = reverse("evaluations:province-review", args=["36.73"])
    return f"{url}?siklus={s['checked'].pk}"


def mark_url(s) -> str:
    return reverse("evaluations:province-mark", args=[s["checked"].pk, s["indicator"].pk])


def accept_url(s) -> str:
    return reverse("evaluations:province-accept", args=[s["checked"].pk])


def state(s: dict, persona: str) -> dict:
    """What the province's actions could change: marks, official results, the audit."""
    cycle = s["checked"]
    return {
        "reviews": list(
            IndicatorReview.objects.filter(cycle=cycle).values_list("state", flat=True)
        ),
        "results": OfficialResult.objects.filter(cycle=cycle).count(),
        "audit": AuditRecord.objects.filter(cycle=cycle).count(),
    }


WRITE_ROWS = [
    Row("evaluations:province-review", review_url, "POST", REVIEW_POST),
    Row(
        "evaluations:province-mark",
        mark_url,
        "POST",
        WRITE,
        data=lambda s: {"state": "lengkap", "note": ""},
        effect=MARKED,
    ),
    Row("evaluations:province-mark", mark_url, "GET", WRITE_GET),
    # Refused: no indicator is marked yet, so nothing is recorded.
    Row("evaluations:province-accept", accept_url, "POST", WRITE),
    Row("evaluations:province-accept", accept_url, "GET", WRITE_GET),
]

ROWS = [
    Row("evaluations:province-review", review_url, "GET", REVIEW_READ),
    *(Row(name, lambda s, n=name: reverse(n), "GET", PROVINCE_READ) for name in PROVINCE_URLS),
    *(Row(name, lambda s, n=name: reverse(n), "POST", PROVINCE_POST) for name in PROVINCE_URLS),
    *(Row(name, serang(name), "GET", CITY_READ) for name in CITY_URLS),
    *(Row(name, serang(name), "POST", CITY_POST) for name in CITY_URLS),
    *WRITE_ROWS,
]


def build(s: dict) -> dict:
    banten = factories.province("36", "Banten", [s["city"]])
    jabar = factories.province("32", "Jawa Barat")
    cycle = factories.make_cycle(city=s["city"], by=s["personas"]["admin_dp3akb"])
    province_people = {
        "verifikator_provinsi": factories.province_user(banten, Role.VERIFIKATOR_PROVINSI),
        "pimpinan_provinsi": factories.province_user(banten, Role.PIMPINAN_PROVINSI),
        "province_outsider": factories.province_user(jabar, Role.VERIFIKATOR_PROVINSI),
    }
    checked = create_cycle(
        kabupaten=s["city"],
        year=2025,
        instrument=cycle.instrument,
        stages=province_check_stages(timezone.localdate()),
        by=s["personas"]["admin_dp3akb"],
    )
    indicator = Indicator.objects.filter(cluster__instrument=cycle.instrument).first()
    return {
        "cycle": cycle,
        "checked": checked,
        "indicator": indicator,
        "personas": {**s["personas"], **province_people},
    }


scenario = scenario_fixture(build)


def province_cases(rows):
    return [
        pytest.param(
            row,
            persona,
            row.expected.get(persona, 302 if persona == "anonymous" else None),
            id=f"{row.method}-{row.url_name}-{persona}",
        )
        for row in rows
        for persona in EVERYONE
    ]


@pytest.mark.parametrize(("row", "persona", "expected"), province_cases(ROWS))
def test_permission_matrix(db, client, scenario, row, persona, expected):
    assert expected is not None, (row.url_name, persona)
    check(client, row, persona, expected, scenario, state if row in WRITE_ROWS else row_counts)


def test_another_province_sees_none_of_banten(db, client, scenario):
    client.force_login(scenario["personas"]["province_outsider"])
    page = client.get(reverse("evaluations:dashboard-province")).content.decode()
    assert "Jawa Barat" in page
    assert "Serang" not in page


@pytest.mark.parametrize("persona", ["verifikator_provinsi", "pimpinan_provinsi"])
def test_a_city_page_needs_a_city_of_the_province(db, client, scenario, persona):
    """Without ``?kota=``, or naming a city outside Banten, a province user gets 404."""
    client.force_login(scenario["personas"][persona])
    url = reverse("evaluations:dashboard-pimpinan")
    assert client.get(url).status_code == 404
    assert client.get(f"{url}?kota=36.72").status_code == 404  # Cilegon: not under Banten here
    assert client.get(f"{url}?kota=36.73").status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "evaluations:score",
        "evaluations:path",
        "evaluations:what-if",
        "evaluations:dashboard-dp3akb",
        "evaluations:chart-opd-progress",
        "evaluations:review-queue",
        "evaluations:progress",
        "evaluations:my-tasks",
        "evaluations:cycle-list",
        "evaluations:notification-list",
        "indicators:instrument-current",
    ],
)
@pytest.mark.parametrize("persona", ["verifikator_provinsi", "pimpinan_provinsi"])
def test_province_users_get_403_on_city_pages(db, client, scenario, name, persona):
    client.force_login(scenario["personas"][persona])
    assert client.get(f"{reverse(name)}?kota=36.73").status_code == 403


def test_a_city_user_naming_another_city_gets_404(db, client, scenario):
    client.force_login(scenario["personas"]["pimpinan"])
    url = reverse("evaluations:dashboard-pimpinan")
    assert client.get(f"{url}?kota=36.72").status_code == 404
    assert client.get(f"{url}?kota=36.73").status_code == 200
