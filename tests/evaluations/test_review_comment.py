"""The comment thread of an entry: every role but Pimpinan may write."""

import pytest
from django.urls import reverse

from evaluations.models import AuditRecord, Comment


def url(entry) -> str:
    return reverse("evaluations:entry-comment", args=[entry.pk])


def test_url():
    assert reverse("evaluations:entry-comment", args=[7]) == "/evaluasi/isian/7/komentar/"


@pytest.mark.parametrize("persona", ["admin_dp3akb", "verifikator", "operator_dinkes"])
def test_comment_is_added_and_shown(client, personas, entry, persona):
    client.force_login(personas[persona])
    response = client.post(url(entry), {"text": "Data puskesmas Walantaka menyusul."})
    assert response.status_code == 302
    assert response["Location"].endswith("#komentar")
    comment = Comment.objects.get(entry=entry)
    assert comment.author == personas[persona]
    html = client.get(response["Location"]).content.decode()
    assert "Data puskesmas Walantaka menyusul." in html
    assert AuditRecord.objects.filter(entry=entry, action="comment_added").count() == 1


def test_empty_comment_is_a_form_error(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    response = client.post(url(entry), {"text": "   "})
    assert response.status_code == 200
    assert "Komentar tidak boleh kosong." in response.content.decode()
    assert not Comment.objects.exists()


def test_comment_is_escaped(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    client.post(url(entry), {"text": "<script>alert(1)</script>"})
    html = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_anonymous_is_sent_to_login(client, entry):
    response = client.post(url(entry), {"text": "x"})
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status"), [("operator_dindik", 404), ("outsider", 404), ("pimpinan", 403)]
)
def test_other_opd_or_city_is_404_and_pimpinan_reads_only(client, personas, entry, persona, status):
    client.force_login(personas[persona])
    assert client.post(url(entry), {"text": "x"}).status_code == status
    assert not Comment.objects.exists()


def test_get_is_405(client, operator_dinkes, entry):
    client.force_login(operator_dinkes)
    assert client.get(url(entry)).status_code == 405
