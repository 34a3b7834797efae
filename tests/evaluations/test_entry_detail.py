"""The entry page: value, evidence and checklist, actions by role, comments, audit trail."""

import pytest
from django.urls import reverse

from evaluations.services.entries import return_entry
from tests.factories import add_evidence, entry_of, ready_entry, submitted_entry


def url(entry) -> str:
    return reverse("evaluations:entry-detail", args=[entry.pk])


def test_url():
    assert reverse("evaluations:entry-detail", args=[7]) == "/evaluasi/isian/7/"


def test_operator_sees_question_value_form_and_checklist(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    response = client.get(url(entry))
    html = response.content.decode()
    assert response.status_code == 200
    assert entry.question.text in html
    assert entry.unit.name in html
    assert "Kosong" in html  # status badge of an empty draft
    assert 'name="numerator"' in html and 'name="version"' in html
    assert "Rekap laporan KIA per puskesmas" in html  # the required document, not yet present
    assert "Unggah bukti" in html
    assert "Ajukan untuk verifikasi" in html
    assert reverse("evaluations:entry-verify", args=[entry.pk]) not in html


def test_verifikator_sees_review_forms_but_no_value_form(
    client, verifikator, entry, operator_dinkes
):
    submitted_entry(entry, by=operator_dinkes)
    client.force_login(verifikator)
    html = client.get(url(entry)).content.decode()
    assert 'name="numerator"' not in html
    assert "Unggah bukti" not in html
    assert reverse("evaluations:entry-verify", args=[entry.pk]) in html
    assert reverse("evaluations:entry-return", args=[entry.pk]) in html
    assert "45/50 (90,00%)" in html
    assert "?inline=1" in html  # the PDF can be opened in the page


def test_pimpinan_reads_without_any_form(client, pimpinan, entry, operator_dinkes):
    ready_entry(entry, by=operator_dinkes)
    client.force_login(pimpinan)
    html = client.get(url(entry)).content.decode()
    assert "45/50 (90,00%)" in html
    for action in ("entry-save", "entry-submit", "entry-verify", "entry-comment"):
        assert reverse(f"evaluations:{action}", args=[entry.pk]) not in html
    assert "Kirim komentar" not in html


def test_returned_entry_shows_the_reason(client, operator_dinkes, verifikator, entry):
    submitted_entry(entry, by=operator_dinkes)
    return_entry(entry, user=verifikator, reason="Rekap belum ditandatangani kepala dinas.")
    client.force_login(operator_dinkes)
    html = client.get(url(entry)).content.decode()
    assert "Dikembalikan" in html
    assert "Rekap belum ditandatangani kepala dinas." in html
    assert 'name="numerator"' in html  # the operator can fix it


def test_audit_trail_shows_old_and_new_values(client, admin_dp3akb, operator_dinkes, entry):
    ready_entry(entry, by=operator_dinkes)
    client.force_login(admin_dp3akb)
    html = client.get(url(entry)).content.decode()
    trail = html.split('data-testid="audit-trail"')[1]
    assert "Nilai disimpan" in trail and "operator.dinkes" in trail
    assert "Pembilang" in trail and "45" in trail and "Penyebut" in trail
    assert "Bukti diunggah" in trail


def test_closed_cycle_says_so_and_offers_no_form(client, operator_dinkes, closed_cycle):
    entry = entry_of(closed_cycle, "III-12.1")
    client.force_login(operator_dinkes)
    html = client.get(url(entry)).content.decode()
    assert "Masa pengisian sudah ditutup" in html
    assert "hubungi Admin KLA" in html
    assert 'name="numerator"' not in html and "Unggah bukti" not in html


def test_anonymous_is_sent_to_login(client, entry):
    response = client.get(url(entry))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["operator_dindik", "outsider"])
def test_other_opd_or_city_is_404(client, personas, entry, persona):
    client.force_login(personas[persona])
    assert client.get(url(entry)).status_code == 404


def test_post_is_405(client, admin_dp3akb, entry):
    client.force_login(admin_dp3akb)
    assert client.post(url(entry)).status_code == 405


def page_queries(client, django_assert_num_queries, entry, expected: int):
    with django_assert_num_queries(expected):
        assert client.get(url(entry)).status_code == 200


def test_query_count_is_pinned_and_flat_in_evidence(
    client, operator_dinkes, entry, document, django_assert_num_queries
):
    ready_entry(entry, by=operator_dinkes)
    client.force_login(operator_dinkes)
    # 13: the page's 12 plus the province's mark on the entry's indicator (issue 12); the
    # access check apart from the entry (access.get_entry), the user's city and OPD loaded
    # with the user (kla/accounts/backends.py), the required documents read once for the
    # checklist and the upload form.
    page_queries(client, django_assert_num_queries, entry, 13)
    for n in range(5):
        add_evidence(entry, by=operator_dinkes, requirement=document, name=f"tambahan-{n}.pdf")
    page_queries(client, django_assert_num_queries, entry, 13)


def test_audit_trail_numbers_are_in_indonesian_format(client, admin_dp3akb, entry):
    from decimal import Decimal

    from evaluations.services.entries import save_entry

    values = {"numerator": Decimal("1250.5"), "denominator": Decimal(2000)}
    save_entry(entry, user=admin_dp3akb, values=values, version=entry.version)
    client.force_login(admin_dp3akb)
    trail = client.get(url(entry)).content.decode().split('data-testid="audit-trail"')[1]
    assert "1.250,5" in trail and "2.000" in trail and "1250.5" not in trail
