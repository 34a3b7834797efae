"""What-if: answers changed hypothetically move the total, tier and clusters; nothing is saved."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from evaluations import names
from evaluations.forms.scores import WhatIfForm
from evaluations.models import AuditRecord, Entry, Evidence, ScoreSnapshot
from evaluations.scores import next_tier, scoring
from evaluations.scores.loader import load_cycle_data
from evaluations.views.what_if import load_options
from kla.formats import angka, poin
from tests import factories

PAGE = reverse("evaluations:what-if")
SCORE = reverse("evaluations:what-if-score")
KEC = "36.73.01"


@pytest.fixture
def demo(kota_serang, admin_dp3akb):
    return factories.demo_cycle(kota_serang, by=admin_dp3akb)


def blank_form(cycle, track="claimed") -> WhatIfForm:
    options, current = load_options(cycle)
    data = load_cycle_data(cycle)
    return WhatIfForm(cycle_data=data, options=options, current_options=current, track=track)


def full_post(cycle, **changes) -> dict:
    """What the browser sends without the script: every field, at its stored value."""
    data = {}
    for name, field in blank_form(cycle).fields.items():
        if field.initial is True:
            data[name] = "on"
        elif field.initial is not False:
            data[name] = "" if field.initial is None else str(field.initial)
    return data | changes


def prefix(cycle, code: str, unit: str) -> str:
    return f"q{Entry.objects.filter(cycle=cycle, question__code=code).first().question_id}-{unit}"


def stored(cycle) -> tuple:
    return (
        tuple(
            Entry.objects.filter(cycle=cycle)
            .order_by("pk")
            .values_list("status", "option_id", "numerator", "denominator", "yes", "version")
        ),
        Evidence.objects.count(),
        AuditRecord.objects.count(),
        tuple(ScoreSnapshot.objects.order_by("pk").values_list("total", "computed_at")),
    )


def expected(cycle, changes, track="claimed") -> scoring.CycleScore:
    data = load_cycle_data(cycle)
    return next_tier.what_if(data.spec, data.answers, data.kecamatan, track, changes)


def births(num, den, status="submitted"):
    return {("III-12.1", KEC): scoring.Answer(KEC, status, numerator=num, denominator=den)}


def test_page_prefills_the_stored_answers(client, demo, pimpinan):
    client.force_login(pimpinan)
    html = client.get(PAGE).content.decode()
    entry = factories.entry_of(demo, "III-12.1")
    name = prefix(demo, "III-12.1", KEC)
    value = poin(entry.numerator)  # shown the Indonesian way, e.g. 1.729
    assert f'name="{name}-pembilang" value="{value}"' in html
    assert "Kelembagaan" in html and "dokumen lengkap" in html
    claimed, _verified = factories.demo_scores(demo)
    assert f'data-testid="whatif-total">{angka(claimed.total)}<' in html


def test_form_post_shows_the_new_total_and_saves_nothing(client, demo, admin_dp3akb):
    before = stored(demo)
    name = prefix(demo, "III-12.1", KEC)
    data = full_post(demo, **{f"{name}-pembilang": "1000", f"{name}-penyebut": "1000"})
    client.force_login(admin_dp3akb)
    response = client.post(PAGE, data)
    html = response.content.decode()
    after = expected(demo, births(Decimal(1000), Decimal(1000)))
    assert response.status_code == 200
    assert f'data-testid="whatif-total">{after.total:.2f}<'.replace(".", ",") in html
    assert after.total > factories.demo_scores(demo)[0].total
    assert "1 jawaban diubah (tidak disimpan)." in html
    assert stored(demo) == before


def test_unchanged_form_changes_nothing(client, demo, admin_dp3akb):
    client.force_login(admin_dp3akb)
    html = client.post(PAGE, full_post(demo)).content.decode()
    claimed, _verified = factories.demo_scores(demo)
    assert "0 jawaban diubah" in html
    assert f'data-testid="whatif-total">{angka(claimed.total)}<' in html


def test_json_endpoint_scores_only_the_rows_sent(client, demo, pimpinan):
    before = stored(demo)
    name = prefix(demo, "III-12.1", KEC)
    client.force_login(pimpinan)
    response = client.post(
        f"{SCORE}?siklus={demo.pk}&jalur=verified",
        {f"{name}-pembilang": "1000", f"{name}-penyebut": "1000"},
    )
    body = response.json()
    after = expected(demo, births(Decimal(1000), Decimal(1000), "verified"), "verified")
    assert response.status_code == 200
    assert body["total"] == str(after.total) and body["changes"] == 1
    assert body["tier"] == "pratama"
    assert f"{after.total:.2f}".replace(".", ",") in body["html"]
    assert stored(demo) == before


def test_counting_a_returned_entry_reaches_the_next_tier(client, demo, admin_dp3akb):
    data = load_cycle_data(demo)
    route = next_tier.path_to_next_tier(data.spec, data.answers, data.kecamatan, "claimed")
    (step,) = route.steps  # the demo's claimed track is one returned entry away from Madya
    form = blank_form(demo)
    row = next(r for r in form.rows if (r.spec.code, r.unit) == (step.question_code, step.unit))
    assert row.current.status == "returned" and row.can_count
    assert step.missing == ("status",)  # its value is fine: it only has to be resubmitted
    client.force_login(admin_dp3akb)
    sent = {f"{row.prefix}-pilihan": row.current_option, f"{row.prefix}-hitung": "on"}
    body = client.post(SCORE, sent).json()
    assert (body["changes"], body["tier"]) == (1, "madya")
    assert Decimal(body["total"]) == route.projected.total
    html = client.get(PAGE).content.decode()
    assert f'name="{row.prefix}-hitung"' in html and "anggap diajukan" in html


def test_counted_rows_offer_no_count_box(demo):
    form = blank_form(demo)
    assert all(not r.can_count for r in form.rows if r.current and r.current.status == "verified")
    assert all(not r.can_count for r in blank_form(demo, "projection").rows)


def test_existence_needs_its_documents(client, demo, admin_dp3akb):
    data = load_cycle_data(demo)
    code, answer = next(
        (q.code, data.answers[q.code]["kota"])
        for q in data.spec.questions
        if q.kind == "existence"
        and data.answers.get(q.code, {}).get("kota")
        and data.answers[q.code]["kota"].yes
        and data.answers[q.code]["kota"].status == "verified"
    )
    name = prefix(demo, code, "kota")
    client.force_login(admin_dp3akb)
    body = client.post(SCORE, {f"{name}-ya": "ya"}).json()  # box unticked: documents gone
    points = next(q.points for q in data.spec.questions if q.code == code)
    assert Decimal(body["total"]) == data.score(names.CLAIMED).total - points
    assert answer.documents


@pytest.mark.parametrize(
    ("suffix_values", "message"),
    [
        ({"pembilang": "11", "penyebut": "10"}, "Pembilang tidak boleh lebih besar dari penyebut."),
        ({"pembilang": "-1", "penyebut": "10"}, "Nilai tidak boleh kurang dari 0."),
        ({"pembilang": "5", "penyebut": ""}, "Isi pembilang dan penyebut sekaligus."),
        ({"pembilang": "lima", "penyebut": "10"}, "Bukan angka; tulis mis. 85,5 atau 1.250."),
    ],
)
def test_invalid_values_are_refused(client, demo, admin_dp3akb, suffix_values, message):
    before = stored(demo)
    name = prefix(demo, "III-12.1", KEC)
    data = {f"{name}-{suffix}": value for suffix, value in suffix_values.items()}
    client.force_login(admin_dp3akb)
    response = client.post(SCORE, data)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(message in e["message"] for field in errors.values() for e in field), errors
    page = client.post(PAGE, full_post(demo, **data)).content.decode()
    assert message in page and "is-invalid" in page
    assert stored(demo) == before


def test_option_must_be_from_the_list(client, demo, admin_dp3akb):
    name = prefix(demo, "KL-01.1", "kota")
    client.force_login(admin_dp3akb)
    response = client.post(SCORE, {f"{name}-pilihan": "qanun"})
    assert response.status_code == 400
    assert "qanun bukan salah satu dari pilihan" in str(response.json())


def test_csrf_token_is_required(demo, admin_dp3akb):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_dp3akb)
    assert client.post(SCORE, {}).status_code == 403
    assert client.post(PAGE, {}).status_code == 403


def test_permissions(client, demo, personas):
    for persona in ("verifikator", "operator_dinkes", "operator_dindik"):
        client.force_login(personas[persona])
        assert client.get(PAGE).status_code == 403
        assert client.post(SCORE, {}).status_code == 403
    client.force_login(personas["outsider"])
    assert client.get(PAGE, {"siklus": demo.pk}).status_code == 404
    assert client.post(f"{SCORE}?siklus={demo.pk}", {}).status_code == 404
    client.force_login(personas["admin_dp3akb"])
    assert client.get(SCORE).status_code == 405


def test_city_without_cycle(client, outsider):
    client.force_login(outsider)
    assert "Belum ada siklus evaluasi" in client.get(PAGE).content.decode()
    assert client.post(SCORE, {}).status_code == 404
