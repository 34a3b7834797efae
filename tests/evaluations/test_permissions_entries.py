"""Permission matrix of the entry, evidence and review URLs: every URL x every persona.

Operator OPD: only their OPD's entries (others 404), no review (403). Verifikator: review, no
editing (403). Pimpinan: reads, every write 403. Another city: 404 everywhere. Wrong method:
405 (after the role check, so a role that may never write there still gets its 403).
"""

import pytest
from django.urls import reverse

from evaluations.models import Entry
from tests import factories
from tests.matrix import MATRIX_ARGS, Row, cases, check


def statuses(admin, verifikator, dinkes, dindik, pimpinan, outsider) -> dict[str, int]:
    return {
        "admin_dp3akb": admin,
        "verifikator": verifikator,
        "operator_dinkes": dinkes,
        "operator_dindik": dindik,
        "pimpinan": pimpinan,
        "outsider": outsider,
    }


READ = statuses(200, 200, 200, 404, 200, 404)
READ_WRONG_METHOD = statuses(405, 405, 405, 405, 405, 405)
EDIT = statuses(302, 403, 302, 404, 403, 404)
EDIT_WRONG_METHOD = statuses(405, 403, 405, 405, 403, 405)
REVIEW = statuses(302, 302, 403, 403, 403, 404)
REVIEW_WRONG_METHOD = statuses(405, 405, 403, 403, 403, 405)
COMMENT = statuses(302, 302, 302, 404, 403, 404)
COMMENT_WRONG_METHOD = statuses(405, 405, 405, 405, 403, 405)


def entry_url(name: str):
    return lambda s: reverse(f"evaluations:{name}", args=[s["entry"].pk])


def evidence_url(name: str):
    return lambda s: reverse(f"evaluations:{name}", args=[s["evidence"].pk])


def units_url(s) -> str:
    return reverse("evaluations:question-units", args=[s["entry"].cycle_id, s["entry"].question_id])


def values(s) -> dict:
    return {"version": s["entry"].version, "numerator": "1", "denominator": "2", "note": ""}


def all_units(s) -> dict:
    entries = Entry.objects.filter(cycle=s["entry"].cycle, question=s["entry"].question)
    return {
        f"isian-{entry.pk}-{field}": value
        for entry in entries
        for field, value in (("version", entry.version), ("numerator", 1), ("denominator", 2))
    }


def a_pdf(s) -> dict:
    return {"title": "Rekap", "file": factories.upload("rekap.pdf")}


def rows(name: str, url, method: str, expected: dict, wrong_method: dict, data=None) -> list:
    """The URL with its method, and the same URL with the other method (405 or 403)."""
    other = "GET" if method in ("POST", "PUT") else "POST"
    url_name = f"evaluations:{name}"
    return [Row(url_name, url, method, expected, data), Row(url_name, url, other, wrong_method)]


def reason(s) -> dict:
    return {"reason": "Dokumen belum lengkap."}


def comment(s) -> dict:
    return {"text": "Mohon dicek."}


ROWS = [
    *rows("entry-detail", entry_url("entry-detail"), "GET", READ, READ_WRONG_METHOD),
    *rows("entry-save", entry_url("entry-save"), "POST", EDIT, EDIT_WRONG_METHOD, values),
    *rows("entry-submit", entry_url("entry-submit"), "POST", EDIT, EDIT_WRONG_METHOD),
    *rows("entry-verify", entry_url("entry-verify"), "POST", REVIEW, REVIEW_WRONG_METHOD),
    *rows("entry-return", entry_url("entry-return"), "POST", REVIEW, REVIEW_WRONG_METHOD, reason),
    *rows(
        "entry-comment",
        entry_url("entry-comment"),
        "POST",
        COMMENT,
        COMMENT_WRONG_METHOD,
        comment,
    ),
    *rows(
        "entry-evidence-upload",
        entry_url("entry-evidence-upload"),
        "POST",
        EDIT,
        EDIT_WRONG_METHOD,
        a_pdf,
    ),
    *rows("entry-evidence-list", entry_url("entry-evidence-list"), "GET", READ, READ_WRONG_METHOD),
    *rows("evidence-download", evidence_url("evidence-download"), "GET", READ, READ_WRONG_METHOD),
    *rows(
        "evidence-replace",
        evidence_url("evidence-replace"),
        "POST",
        EDIT,
        EDIT_WRONG_METHOD,
        a_pdf,
    ),
    Row("evaluations:question-units", units_url, "GET", READ),
    Row("evaluations:question-units", units_url, "POST", EDIT, all_units),
    Row("evaluations:question-units", units_url, "PUT", READ_WRONG_METHOD),
]


@pytest.fixture
def scenario(cycle, admin_dp3akb) -> dict:
    """A draft Dinkes entry (III-12.1, first kecamatan) with one evidence file."""
    entry = factories.entry_of(cycle, "III-12.1")
    evidence = factories.add_evidence(entry, by=admin_dp3akb)
    return {"entry": entry, "evidence": evidence}


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(client, personas, scenario, row, persona, expected):
    check(client, personas, row, persona, expected, scenario)


def test_every_url_of_this_matrix_has_a_wrong_method_row():
    methods = {}
    for row in ROWS:
        methods.setdefault(row.url_name, set()).add(row.method)
    assert len(methods) == 11
    assert all(len(found) >= 2 for found in methods.values()), methods
