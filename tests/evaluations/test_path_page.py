"""The path to the next tier: ranked improvements, the shortest list that crosses the gap
(checked by applying it through next_tier.what_if on the real demo answers), in words."""

import pytest
from django.urls import reverse

from evaluations.scores import next_tier, scoring
from evaluations.scores.loader import QuestionInfo, load_cycle_data
from evaluations.scores.report import missing_phrase, step_rows
from evaluations.views.scores import PATH_ROWS_SHOWN
from kla.formats import angka
from tests import factories

URL = reverse("evaluations:path")


@pytest.fixture
def demo(kota_serang, admin_dp3akb):
    return factories.demo_cycle(kota_serang, by=admin_dp3akb)


def page(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


@pytest.mark.parametrize("track", ["claimed", "verified"])
def test_marked_steps_really_cross_the_gap(demo, track):
    data = load_cycle_data(demo)
    route = next_tier.path_to_next_tier(data.spec, data.answers, data.kecamatan, track)
    assert route.current.tier.code == "pratama" and route.target.code == "madya"
    assert route.crosses
    applied = next_tier.what_if(
        data.spec, data.answers, data.kecamatan, track, next_tier.step_changes(route.steps)
    )
    assert applied.tier.code == "madya" and applied.total >= 601
    # Shortest along the ranking: without the last step the total stays below Madya.
    fewer = next_tier.step_changes(route.steps[:-1])
    assert next_tier.what_if(data.spec, data.answers, data.kecamatan, track, fewer).total < 601
    # The page marks exactly these steps, first in the list.
    found = next_tier.improvements(data.spec, data.answers, data.kecamatan, track)
    rows = step_rows(data, found, len(route.steps))
    assert [(r.code, r.unit) for r in rows if r.marked] == [
        (s.question_code, s.unit) for s in route.steps
    ]


def test_page_marks_the_steps_and_says_where_they_lead(client, demo, pimpinan):
    html = page(client, pimpinan, jalur="verified").content.decode()
    data = load_cycle_data(demo)
    route = next_tier.path_to_next_tier(data.spec, data.answers, data.kecamatan, "verified")
    assert "Cukup untuk naik ke Madya" in html
    assert html.count('data-marked="1"') == len(route.steps) > 1
    now, after = angka(route.current.total), f"{route.projected.total:.2f}".replace(".", ",")
    assert route.current == factories.demo_scores(demo)[1]  # the verified track's score
    assert f"total {now} → <strong>{after}</strong>, predikat <strong>Madya</strong>" in html
    assert f'data-testid="gap">{angka(route.current.gap)}<' in html


def test_rows_name_the_opd_and_what_is_missing_in_words(client, demo, admin_dp3akb):
    html = page(client, admin_dp3akb, jalur="verified", semua="1").content.decode()
    assert "DINKES" in html and "Dinas Kesehatan" in html
    assert "Dokumen belum diunggah: " in html
    assert "Sudah diajukan, belum diverifikasi" in html
    assert "Dikembalikan verifikator: perbaiki lalu ajukan ulang" in html
    assert "Nilai belum diisi" in html and "Capaian belum mencapai target" in html
    assert "documents:" not in html and "better_value" not in html
    entry_id = load_cycle_data(demo).entry_ids[("III-12.1", "36.73.01")]
    assert reverse("evaluations:entry-detail", args=[entry_id]) in html


def test_long_list_is_capped_with_a_show_all_link(client, demo, admin_dp3akb):
    capped = page(client, admin_dp3akb).content.decode()
    assert capped.count("<tr") - 1 == PATH_ROWS_SHOWN  # the header row is the one more
    assert "Tampilkan semua (" in capped and "semua=1" in capped
    full = page(client, admin_dp3akb, semua="1").content.decode()
    assert full.count("<tr") - 1 > PATH_ROWS_SHOWN
    assert "Tampilkan semua (" not in full


def test_missing_phrases():
    info = QuestionInfo(1, "Q-1", "?", "percentage", "kecamatan", "Q", "Q", "DINKES", "Dinkes",
                        {"rekap": "Rekap persalinan"})  # fmt: skip
    returned = scoring.Answer("36.73.01", "returned")
    assert missing_phrase("value", info, None) == "Nilai belum diisi"
    assert missing_phrase("documents:rekap", info, None) == (
        "Dokumen belum diunggah: Rekap persalinan"
    )
    assert missing_phrase("status", info, returned).startswith("Dikembalikan verifikator")
    assert missing_phrase("status", info, None) == "Masih draf: belum diajukan"
    assert missing_phrase("better_value", info, None) == "Capaian belum mencapai target"


def test_top_tier_and_nothing_left(client, cycle, admin_dp3akb):
    from evaluations.models import Entry

    # Put every answer at its best and verified: no next tier, no improvement left.
    data = load_cycle_data(cycle)
    for q in data.spec.questions:
        entries = Entry.objects.filter(cycle=cycle, question__code=q.code)
        values = {"status": "verified"}
        if q.kind == "option":
            values["option"] = entries.first().question.options.order_by("-share").first()
        elif q.kind == "percentage":
            best = 0 if q.rule and q.rule.direction == "lower" else 10
            values |= {"numerator": best, "denominator": 10}
        else:
            values["yes"] = True
        entries.update(**values)
        for entry in entries.filter(question__kind="existence"):
            for document in entry.question.documents.all():
                factories.evidence_row(entry, requirement=document, by=admin_dp3akb)
    html = page(client, admin_dp3akb).content.decode()
    assert "Sudah pada predikat tertinggi" in html
    assert "Tidak ada perbaikan tersisa" in html


def test_permissions_and_404(client, demo, operator_dinkes, outsider, admin_dp3akb):
    assert client.get(URL)["Location"].startswith(reverse("login"))
    assert page(client, operator_dinkes).status_code == 403
    assert page(client, outsider, siklus=demo.pk).status_code == 404
    client.force_login(admin_dp3akb)
    assert client.post(URL).status_code == 405


QUERIES = 16  # one query fewer for the cycle, two lazy loads gone (selection.py), the user's
# city loaded with the user (kla/accounts/backends.py); the state
AGAIN = QUERIES - 11  # the cycle's state unchanged: its data is not loaded again (cached.py)


def test_query_count_is_pinned_and_does_not_grow_with_kecamatan(
    client, demo, admin_dp3akb, instrument, django_assert_num_queries
):
    for user in (admin_dp3akb, factories.one_kecamatan_admin(instrument)):
        client.force_login(user)
        factories.forget_kept()  # the first page this process serves for the instrument
        with django_assert_num_queries(QUERIES):
            assert client.get(URL, {"semua": "1"}).status_code == 200
        with django_assert_num_queries(AGAIN):
            assert client.get(URL, {"semua": "1"}).status_code == 200
