"""Bad input thrown at every form and JSON endpoint of the evaluations (issue 9, point 9).

Hypothesis draws text (unicode, NUL, very long), numbers (out of range, comma decimals,
thousands, exponents, NaN), dates (out of range, other formats) and files (random bytes under
any name) and posts them through the test client as the page would. For every example:
never a 500, always something said to the user (a form error, a message, JSON errors), and
when the answer is not a success, nothing stored. Login, NUL in query strings, stage dates
and double submits belong to part A of the issue and are not repeated here.
"""

import string

import pytest
from django.contrib.messages import constants as levels
from django.contrib.messages import get_messages
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluations.models import (
    Assignment,
    AuditRecord,
    Comment,
    Cycle,
    Entry,
    Evidence,
    OfficialResult,
    Reopening,
    Stage,
)
from tests import factories

pytestmark = pytest.mark.django_db
FAST = settings(
    max_examples=10,  # per endpoint, every run; CI runs draw new examples each time
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}

# What a person (or a script) might type. No lone surrogates: they cannot be sent as UTF-8.
characters = st.characters(blacklist_categories=("Cs",))
texts = st.one_of(
    st.text(characters, max_size=40),
    st.text(characters, max_size=10).map(lambda s: f"{s}\x00{s}"),
    st.integers(2_001, 20_000).map(lambda n: "ü" * n),
    st.sampled_from(["", " ", "\t\n", "<script>alert(1)</script>", "' OR 1=1 --", "\u202e"]),
)
numbers = st.one_of(
    st.from_regex(r"-?[0-9]{1,4}([.,][0-9]{3}){0,3}([.,][0-9]{1,4})?", fullmatch=True),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(repr),
    st.sampled_from(["85,5", "85.5", "1.250", "1,250", "1.250,5", "1e309", "NaN", "٣", "0x10"]),
    texts,
)
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(["2026-02-30", "31-12-2026", "1900-01-01", "2026-13-01"]),
    texts,
)
files = st.tuples(
    st.text(string.ascii_letters + string.digits + "._- ", min_size=1, max_size=30),
    st.sampled_from([".pdf", ".png", ".jpg", ".docx", ".xlsx", ".exe", ""]),
    st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=300).map(lambda b: b"%PDF-1.7\n" + b),
        st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=300).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
    ),
)


def snapshot() -> tuple:
    """Everything the endpoints below could change."""
    return (
        list(
            Entry.objects.order_by("pk").values_list(
                "pk", "status", "version", "option", "numerator", "denominator", "yes", "note"
            )
        ),
        Evidence.objects.count(),
        AuditRecord.objects.count(),
        Comment.objects.count(),
        list(OfficialResult.objects.order_by("pk").values_list("stage", "total", "tier_code")),
        list(Cycle.objects.order_by("pk").values_list("year", "name")),
        list(Stage.objects.order_by("pk").values_list("kind", "starts_on", "ends_on")),
        Reopening.objects.count(),
        list(Assignment.objects.order_by("pk").values_list("question", "opd")),
    )


def feedback(response) -> tuple[bool, bool]:
    """(said something, refused): what the user was told, and whether it was a refusal."""
    if response["Content-Type"].startswith("application/json"):
        body = response.json()
        said = bool(body.get("errors") or body.get("message") or body.get("html"))
        return said, bool(body.get("errors")) or response.status_code >= 400
    # Only what this request added (earlier examples' messages wait unread in the session).
    stored = get_messages(response.wsgi_request)._queued_messages
    html = response.content.decode(errors="replace") if response.status_code == 200 else ""
    form_errors = "invalid-feedback" in html or "errorlist" in html or "alert-danger" in html
    refused = (
        response.status_code >= 400
        or form_errors
        or any(m.level == levels.ERROR for m in stored)
        or (response.status_code == 200 and not stored)  # a form shown again
    )
    return bool(stored) or form_errors or response.status_code >= 400, refused


def throw(client, method: str, url: str, data: dict, **extra):
    before = snapshot()
    send = client.post if method == "post" else client.get
    response = send(url, data, **extra)
    assert response.status_code < 500, (url, data)
    said, refused = feedback(response)
    assert said, (url, data, response.status_code)
    if refused:
        assert snapshot() == before, (url, data)
    return response


@pytest.fixture
def scene(kota_serang, instrument, admin_dp3akb, verifikator, operator_dinkes):
    cycle = factories.make_cycle(city=kota_serang, by=admin_dp3akb)
    entry = factories.entry_of(cycle, "III-12.1")
    submitted = factories.submitted_entry(
        factories.entry_of(cycle, "III-12.1", unit=entry.unit.parent.children.order_by("code")[1]),
        by=operator_dinkes,
    )
    return {"cycle": cycle, "entry": entry, "submitted": submitted}


@FAST
@given(numerator=numbers, denominator=numbers, note=texts, version=st.one_of(numbers, texts))
def test_entry_values(client, scene, admin_dp3akb, numerator, denominator, note, version):
    entry = scene["entry"]
    entry.refresh_from_db()
    client.force_login(admin_dp3akb)
    data = {"numerator": numerator, "denominator": denominator, "note": note}
    url = reverse("evaluations:entry-save", args=[entry.pk])
    throw(client, "post", url, {**data, "version": version})
    throw(client, "post", url, {**data, "version": str(Entry.objects.get(pk=entry.pk).version)})


@FAST
@given(values=st.lists(st.tuples(numbers, numbers, texts), min_size=2, max_size=2))
def test_all_kecamatan(client, scene, admin_dp3akb, values):
    entry = scene["entry"]
    rows = Entry.objects.filter(cycle=entry.cycle, question=entry.question).order_by("pk")[:2]
    data = {}
    for row, (numerator, denominator, note) in zip(rows, values, strict=True):
        prefix = f"isian-{row.pk}"
        data |= {f"{prefix}-numerator": numerator, f"{prefix}-denominator": denominator}
        data |= {f"{prefix}-note": note, f"{prefix}-version": str(row.version)}
    client.force_login(admin_dp3akb)
    url = reverse("evaluations:question-units", args=[entry.cycle_id, entry.question_id])
    throw(client, "post", url, data)


@FAST
@given(numerator=numbers, denominator=numbers, choice=texts, yes=texts)
def test_what_if(client, scene, admin_dp3akb, numerator, denominator, choice, yes):
    entry = scene["entry"]
    prefix = f"q{entry.question_id}-{entry.unit.code}"
    data = {f"{prefix}-pembilang": numerator, f"{prefix}-penyebut": denominator}
    kota = Entry.objects.filter(cycle=entry.cycle, question__kind="existence").first()
    data |= {f"q{kota.question_id}-kota-ya": yes, f"q{kota.question_id}-kota-dokumen": choice}
    client.force_login(admin_dp3akb)
    throw(client, "post", reverse("evaluations:what-if-score") + "?jalur=diklaim", data, **XHR)
    throw(client, "post", reverse("evaluations:what-if"), data)


@FAST
@given(stage=st.one_of(st.sampled_from(["final", "provinsi"]), texts), total=numbers, tier=texts)
def test_official_result(client, scene, admin_dp3akb, stage, total, tier):
    url = reverse("evaluations:official-result-edit", args=[scene["cycle"].pk])
    client.force_login(admin_dp3akb)
    data = {"stage": stage, "total": total, "tier_code": tier, "note": "Surat gubernur"}
    throw(client, "post", url, data)


@FAST
@given(year=numbers, name=texts, instrument=st.one_of(numbers, texts))
def test_cycle_create_year_name_instrument(client, scene, admin_dp3akb, year, name, instrument):
    """Years, names and instrument ids (stage dates are part A's; valid ones here)."""
    client.force_login(admin_dp3akb)
    data = {"year": year, "name": name, "instrument": instrument}
    data |= factories.stage_form_data(scene["cycle"].entry_deadline(), days=30)
    throw(client, "post", reverse("evaluations:cycle-create"), data)


@FAST
@given(until=dates, reason=texts)
def test_cycle_reopen(client, scene, admin_dp3akb, until, reason):
    client.force_login(admin_dp3akb)
    url = reverse("evaluations:cycle-reopen", args=[scene["cycle"].pk])
    throw(client, "post", url, {"until": until, "reason": reason})


@FAST
@given(opd=st.one_of(numbers, texts))
def test_reassign(client, scene, admin_dp3akb, opd):
    entry = scene["entry"]
    client.force_login(admin_dp3akb)
    url = reverse("evaluations:assignment-reassign", args=[entry.cycle_id, entry.question_id])
    throw(client, "post", url, {"opd": opd})


@FAST
@given(reason=texts, comment=texts)
def test_review_texts(client, scene, verifikator, reason, comment):
    submitted = scene["submitted"]
    client.force_login(verifikator)
    throw(
        client, "post", reverse("evaluations:entry-comment", args=[submitted.pk]), {"text": comment}
    )
    throw(
        client, "post", reverse("evaluations:entry-return", args=[submitted.pk]), {"reason": reason}
    )


@FAST
@given(title=texts, requirement=st.one_of(numbers, texts), file=files)
def test_evidence_upload(client, scene, operator_dinkes, title, requirement, file):
    from django.core.files.uploadedfile import SimpleUploadedFile

    stem, extension, content = file
    upload = SimpleUploadedFile(f"{stem}{extension}", content)
    client.force_login(operator_dinkes)
    url = reverse("evaluations:entry-evidence-upload", args=[scene["entry"].pk])
    data = {"title": title, "requirement": requirement, "file": upload}
    throw(client, "post", url, data, **XHR)


@FAST
@given(indikator=texts, kecamatan=texts, status=texts, siklus=numbers, jalur=texts)
def test_filters_and_selections(
    client, scene, operator_dinkes, pimpinan, indikator, kecamatan, status, siklus, jalur
):
    """Query strings of the worklists and score pages (NUL in a query string is part A's)."""
    query = {"indikator": indikator, "kecamatan": kecamatan, "status": status}
    query = {k: v.replace("\x00", "") for k, v in query.items()}
    client.force_login(operator_dinkes)
    response = client.get(reverse("evaluations:my-tasks"), query)
    assert response.status_code < 500
    client.force_login(pimpinan)
    selection = {"siklus": siklus.replace("\x00", ""), "jalur": jalur.replace("\x00", "")}
    for name in ("evaluations:score", "evaluations:path", "evaluations:dashboard-pimpinan"):
        assert client.get(reverse(name), selection).status_code < 500
