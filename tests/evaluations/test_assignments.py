"""The OPD x indicator matrix (every role reads it) and reassigning a question (Admin KLA)."""

import pytest
from django.urls import reverse

from evaluations.access import entries_for
from evaluations.errors import DomainError
from evaluations.models import Assignment, AuditRecord
from evaluations.services.cycles import reassign_question
from indicators.models import Question
from kla.organisations.models import Opd
from tests.factories import make_cycle


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return make_cycle(city=kota_serang, by=admin_dp3akb)


@pytest.fixture
def question(instrument):
    return Question.objects.get(code="III-12.1")  # Dinkes, per kecamatan


def matrix_url(cycle) -> str:
    return reverse("evaluations:assignment-matrix", args=[cycle.pk])


def reassign_url(cycle, question) -> str:
    return reverse("evaluations:assignment-reassign", args=[cycle.pk, question.pk])


def opd(city, code: str) -> Opd:
    return Opd.objects.get(kabupaten=city, code=code)


def test_matrix_counts_questions_per_indicator_and_opd(client, admin_dp3akb, cycle):
    client.force_login(admin_dp3akb)
    response = client.get(matrix_url(cycle))
    matrix = response.context["matrix"]
    assert response.status_code == 200
    assert matrix["total"] == Question.objects.count() == sum(matrix["totals"])
    codes = [o.code for o in matrix["opds"]]
    row = next(r for r in matrix["rows"] if r.indicator.code == "III-12")
    assert row.cells[codes.index("DINKES")] == 2 and row.total == 2
    assert "BAGHUKUM" in codes
    html = response.content.decode()
    assert "Matriks indikator × OPD" in html
    assert "III-12.1" in html and "Pindahkan ke" in html


@pytest.mark.parametrize("persona", ["verifikator", "operator_dinkes", "pimpinan"])
def test_other_roles_read_the_matrix_without_reassign_forms(client, personas, cycle, persona):
    client.force_login(personas[persona])
    response = client.get(matrix_url(cycle))
    html = response.content.decode()
    assert response.status_code == 200
    assert "III-12.1" in html
    assert "Pindahkan ke" not in html
    assert "Hanya Admin KLA yang dapat memindahkan penugasan." in html


def test_admin_reassigns_a_question(client, admin_dp3akb, operator_dindik, cycle, question):
    dindik = opd(cycle.kabupaten, "DINDIKBUD")
    client.force_login(admin_dp3akb)

    response = client.post(reassign_url(cycle, question), {"opd": dindik.pk})

    assert response.status_code == 302
    assert response["Location"].endswith(f"#q-{question.pk}")
    assert Assignment.objects.get(cycle=cycle, question=question).opd == dindik
    record = AuditRecord.objects.get(cycle=cycle, action="assignment_changed")
    assert record.changes == {"opd": ["DINKES", "DINDIKBUD"]}
    assert record.note == "III-12.1"
    assert entries_for(operator_dindik).filter(question=question).count() == 6
    html = client.get(response["Location"]).content.decode()
    assert "III-12.1 kini ditugaskan ke DINDIKBUD." in html
    assert "bawaan instrumen: DINKES" in html


def test_reassign_page_shows_the_form(client, admin_dp3akb, cycle, question):
    client.force_login(admin_dp3akb)
    html = client.get(reassign_url(cycle, question)).content.decode()
    assert "Sekarang ditugaskan ke" in html and "DINKES" in html


def test_opd_of_another_city_is_refused(client, admin_dp3akb, cycle, question, other_city):
    client.force_login(admin_dp3akb)
    response = client.post(reassign_url(cycle, question), {"opd": opd(other_city, "DINDIKBUD").pk})
    assert response.status_code == 200
    assert "OPD tidak dikenal di kabupaten/kota ini." in response.content.decode()
    assert Assignment.objects.get(cycle=cycle, question=question).opd.code == "DINKES"


def test_same_opd_is_refused(client, admin_dp3akb, cycle, question):
    client.force_login(admin_dp3akb)
    response = client.post(
        reassign_url(cycle, question), {"opd": opd(cycle.kabupaten, "DINKES").pk}
    )
    assert "sudah ditugaskan ke DINKES" in response.content.decode()
    assert not AuditRecord.objects.filter(action="assignment_changed").exists()


def test_service_refuses_opd_of_another_city(cycle, question, other_city, admin_dp3akb):
    with pytest.raises(DomainError, match="kabupaten/kota siklus ini"):
        reassign_question(cycle, question, opd(other_city, "DINKES"), by=admin_dp3akb)


@pytest.mark.parametrize(
    "persona", ["verifikator", "operator_dinkes", "operator_dindik", "pimpinan"]
)
def test_only_admin_kla_reassigns(client, personas, cycle, question, persona):
    client.force_login(personas[persona])
    response = client.post(
        reassign_url(cycle, question), {"opd": opd(cycle.kabupaten, "DINDIKBUD").pk}
    )
    assert response.status_code == 403
    assert Assignment.objects.get(cycle=cycle, question=question).opd.code == "DINKES"


def test_other_city_gets_404(client, outsider, cycle, question):
    client.force_login(outsider)
    assert client.get(matrix_url(cycle)).status_code == 404
    assert client.get(reassign_url(cycle, question)).status_code == 404


def test_question_outside_the_cycle_is_404(client, admin_dp3akb, cycle):
    client.force_login(admin_dp3akb)
    url = reverse("evaluations:assignment-reassign", args=[cycle.pk, 999999])
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, cycle, question):
    for url in (matrix_url(cycle), reassign_url(cycle, question)):
        assert client.get(url)["Location"].startswith(reverse("login"))


def test_wrong_method_is_405(client, admin_dp3akb, cycle, question):
    client.force_login(admin_dp3akb)
    assert client.post(matrix_url(cycle)).status_code == 405
    assert client.put(reassign_url(cycle, question)).status_code == 405


def test_matrix_query_count_is_fixed(client, admin_dp3akb, cycle, django_assert_num_queries):
    client.force_login(admin_dp3akb)
    # session, user with city, cycle, OPDs, counts, indicators, question list; navbar: unread
    with django_assert_num_queries(8):
        client.get(matrix_url(cycle))
