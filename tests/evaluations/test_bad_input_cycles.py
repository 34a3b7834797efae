"""Never a 500 for bad input in cycles and official results: stage dates bounded to the years
2000-2100, a page that stays up with a date stored before the bound, double submits answered
with the existing object. The simultaneous submits need PostgreSQL's row locks (CI runs them)."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from evaluations.models import AuditRecord, Cycle, OfficialResult, Stage
from evaluations.services.cycles import DuplicateCycle, create_cycle
from evaluations.services.official_results import record_official_result
from tests import factories

BOUND = "Tanggal harus antara tahun 2000 dan 2100."


def dates_of(cycle) -> list:
    return list(cycle.stages.order_by("kind").values_list("kind", "starts_on", "ends_on"))


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("9999-12-31", BOUND),
        ("2101-01-01", BOUND),
        ("1999-12-31", BOUND),
        ("0001-01-01", BOUND),
        ("2026-02-30", "Tanggal tidak valid"),
        ("31-12-2026x", "Tanggal tidak valid"),
    ],
)
def test_stage_dates_out_of_bounds_are_refused(client, admin_dp3akb, cycle, day, message):
    before = dates_of(cycle)
    data = factories.stage_form_data(datetime.date(2026, 1, 5)) | {"penetapan_selesai": day}
    client.force_login(admin_dp3akb)
    response = client.post(reverse("evaluations:cycle-dates", args=[cycle.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert dates_of(cycle) == before


def test_the_bounds_themselves_are_accepted(client, admin_dp3akb, cycle):
    data = factories.stage_form_data(datetime.date(2000, 1, 1)) | {
        "penetapan_selesai": "2100-12-31"
    }
    client.force_login(admin_dp3akb)
    response = client.post(reverse("evaluations:cycle-dates", args=[cycle.pk]), data)
    assert response.status_code == 302
    assert cycle.stages.get(kind="penetapan").ends_on == datetime.date(2100, 12, 31)


def test_pages_stay_up_with_a_date_stored_before_the_bound(client, admin_dp3akb, cycle):
    """A stage ending on 9999-12-31 (stored before the form was bounded) once broke the
    cycle-create page on every request: next year's date is now simply left empty."""
    Stage.objects.filter(cycle=cycle, kind="penetapan").update(ends_on=datetime.date(9999, 12, 31))
    client.force_login(admin_dp3akb)
    create = client.get(reverse("evaluations:cycle-create"))
    assert create.status_code == 200
    html = create.content.decode()
    assert 'name="penetapan_selesai"' in html and "10000" not in html
    for url in (
        reverse("evaluations:cycle-list"),
        reverse("evaluations:cycle-detail", args=[cycle.pk]),
        reverse("home"),
    ):
        assert client.get(url).status_code == 200, url


def test_cycle_name_with_control_characters_is_refused(client, admin_dp3akb, instrument):
    data = {"year": 2031, "name": "KLA\x002031", "instrument": instrument.pk}
    data |= factories.stage_form_data(datetime.date(2031, 1, 5))
    client.force_login(admin_dp3akb)
    response = client.post(reverse("evaluations:cycle-create"), data)
    assert response.status_code == 200
    assert not Cycle.objects.filter(year=2031).exists()


def test_second_creation_names_the_existing_cycle(kota_serang, admin_dp3akb, cycle):
    stages = {stage.kind: (stage.starts_on, stage.ends_on) for stage in cycle.stages.all()}
    with pytest.raises(DuplicateCycle) as refused:
        create_cycle(
            kabupaten=kota_serang,
            year=cycle.year,
            instrument=cycle.instrument,
            stages=stages,
            by=admin_dp3akb,
        )
    assert refused.value.cycle == cycle
    assert "sudah ada" in refused.value.message


def test_same_official_result_twice_is_one_row_and_one_record(cycle, admin_dp3akb):
    for _ in range(2):
        result = record_official_result(
            cycle, "final", total=Decimal("550"), tier_code="", note="", by=admin_dp3akb
        )
    assert OfficialResult.objects.get(cycle=cycle, stage="final") == result
    assert AuditRecord.objects.filter(action="official_result_recorded").count() == 1


# Two requests at the same moment (a double click): PostgreSQL only, where rows are locked.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="simultaneous writes need PostgreSQL row locks"
)


def simultaneously(user, url: str, data: dict) -> list[int]:
    """POST ``data`` to ``url`` from two clients released together; their status codes."""
    barrier = threading.Barrier(2)
    statuses: list = []

    def post():
        client = Client()
        client.force_login(user)
        try:
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            statuses.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_simultaneous_cycle_creations_give_one_cycle(kota_serang, admin_dp3akb, instrument):
    data = {"year": 2032, "name": "", "instrument": instrument.pk}
    data |= factories.stage_form_data(datetime.date(2032, 1, 5))
    statuses = simultaneously(admin_dp3akb, reverse("evaluations:cycle-create"), data)
    assert statuses == [302, 302]
    assert Cycle.objects.filter(kabupaten=kota_serang, year=2032).count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_simultaneous_official_results_give_one_row(kota_serang, admin_dp3akb, instrument):
    cycle = factories.make_cycle(city=kota_serang, by=admin_dp3akb)
    url = reverse("evaluations:official-result-edit", args=[cycle.pk])
    data = {"stage": "final", "total": "550", "tier_code": "", "note": ""}
    statuses = simultaneously(admin_dp3akb, url, data)
    assert statuses == [302, 302]
    assert OfficialResult.objects.filter(cycle=cycle).count() == 1
    assert AuditRecord.objects.filter(action="official_result_recorded").count() == 1
