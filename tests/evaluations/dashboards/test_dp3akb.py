"""The DP3AKB dashboard: home of Admin KLA and Verifikator (evaluations/dashboards/views.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.dashboards import dp3akb, selected
from evaluations.models import Entry, Stage
from evaluations.scores import scoring
from evaluations.scores.loader import load_cycle_data
from kla.formats import angka
from tests import factories

URL = reverse("evaluations:dashboard-dp3akb")
DAY = datetime.timedelta(days=1)


def page(client, user, url: str = URL, **params) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["admin_dp3akb", "verifikator"])
def test_is_the_home_of_admin_and_verifikator(client, personas, cycle, persona):
    html = page(client, personas[persona], reverse("home"))
    assert 'data-testid="dashboard-dp3akb"' in html
    assert reverse("evaluations:dashboard-pimpinan") in html  # they may open both


def test_operator_keeps_the_plain_home(client, operator_dinkes, cycle):
    html = page(client, operator_dinkes, reverse("home"))
    assert "dashboard-" not in html and "DINKES (Dinas Kesehatan)" in html
    assert client.get(URL).status_code == 403


def test_pimpinan_is_forbidden(client, pimpinan, cycle):
    client.force_login(pimpinan)
    assert client.get(URL).status_code == 403


def test_progress_per_opd_counts_each_state(client, admin_dp3akb, cycle):
    dinkes = Entry.objects.filter(cycle=cycle, question__assignments__opd__code="DINKES")
    entries = list(dinkes.order_by("pk")[:4])
    factories.set_entry_state(entries[0], numerator=1, denominator=2)  # draft with a value
    factories.set_entry_state(entries[1], status="submitted", numerator=1, denominator=2)
    factories.set_entry_state(entries[2], status="returned", numerator=1, denominator=2)
    factories.set_entry_state(entries[3], status="verified", numerator=1, denominator=2)
    rows = {r.code: r for r in dp3akb.opd_progress(cycle, late=False)}
    assert rows["DINKES"].counts == {
        "empty": dinkes.count() - 4,
        "draft": 1,
        "submitted": 1,
        "returned": 1,
        "verified": 1,
    }
    assert rows["DINKES"].total == dinkes.count() and rows["DINKES"].overdue == 0
    html = page(client, admin_dp3akb)
    assert "DINKES – Dinas Kesehatan" in html
    assert '<details class="chart-table mt-2" open>' in html  # the table is shown, not hidden


def test_overdue_once_the_entry_deadline_has_passed(client, admin_dp3akb, closed_cycle):
    entry = Entry.objects.filter(cycle=closed_cycle).order_by("pk").first()
    factories.set_entry_state(entry, status="verified", yes=True, numerator=1, denominator=1)
    rows = dp3akb.opd_progress(closed_cycle, late=True)
    pending = Entry.objects.filter(cycle=closed_cycle).exclude(status="verified").count()
    assert sum(r.overdue for r in rows) == pending
    html = page(client, admin_dp3akb)
    assert f"{pending} isian terlambat" in html


def test_backlog_counts_submitted_and_the_oldest_wait(client, admin_dp3akb, cycle):
    now = timezone.now()
    waiting = Entry.objects.filter(cycle=cycle).order_by("pk")[:3]
    for days, entry in zip([5, 2, 0], waiting, strict=True):
        factories.set_entry_state(
            entry, status="submitted", yes=True, submitted_at=now - days * DAY
        )
    backlog = dp3akb.verification_backlog(cycle, timezone.localdate())
    assert (backlog.count, backlog.oldest_days) == (3, 5)
    html = page(client, admin_dp3akb)
    assert 'data-testid="backlog-count">3<' in html
    assert "terlama menunggu 5 hari" in html


def test_empty_backlog(cycle):
    backlog = dp3akb.verification_backlog(cycle, timezone.localdate())
    assert (backlog.count, backlog.oldest_days) == (0, None)


def test_points_at_risk_are_the_scoring_modules(client, admin_dp3akb, kota_serang):
    cycle = factories.demo_cycle(kota_serang, by=admin_dp3akb)
    data = load_cycle_data(cycle)
    claimed, verified = data.score("claimed"), data.score("verified")
    expected = scoring.points_at_risk(claimed, verified)
    rows = dp3akb.top_risks(selected.load_scores(cycle))
    assert [(r.code, r.points) for r in rows] == list(expected[: len(rows)])
    assert 0 < len(rows) <= dp3akb.RISKS_SHOWN
    assert all(r.opd_code for r in rows)
    html = page(client, admin_dp3akb)
    assert f'data-testid="at-risk">{angka(claimed.total - verified.total)}<' in html
    assert rows[0].code in html and rows[0].opd_code in html


def test_timeline_orders_stages_and_marks_today(cycle):
    today = timezone.localdate()
    timeline = dp3akb.stage_timeline(cycle, today)
    assert [s.name for s in timeline] == [str(k.label) for k in Stage.Kind]
    assert [s.state for s in timeline] == ["current", "future", "future", "future", "future"]
    between = cycle.entry_deadline() + 50 * DAY  # after verifikasi lapangan, before penetapan
    later = dp3akb.stage_timeline(cycle, between)
    assert [s.state for s in later] == ["past"] * 4 + ["today", "future"]
    assert later[4].starts_on == between


def test_timeline_on_the_page(client, admin_dp3akb, cycle):
    html = page(client, admin_dp3akb)
    assert 'class="timeline-current" aria-current="date"' in html
    assert "Evaluasi mandiri" in html and "Penetapan" in html
    assert "Hari ini" in html


def test_score_summary_and_filters(client, verifikator, kota_serang, admin_dp3akb):
    cycle = factories.demo_cycle(kota_serang, by=admin_dp3akb)
    _claimed, verified = factories.demo_scores(cycle)
    html = page(client, verifikator, siklus=cycle.pk, jalur="verified")
    assert f'data-testid="score-total">{angka(verified.total)}<' in html
    assert f"siklus={cycle.pk}&amp;jalur=verified" in html


def test_a_city_without_cycle(client, outsider, instrument):
    html = page(client, outsider)
    assert "Belum ada siklus evaluasi" in html
    assert "Kota Cilegon" in html and "Serang" not in html
