"""Permission matrix of the entry, evidence and review URLs: every URL x every persona.

Operator OPD: only their OPD's entries (others 404), no review (403). Verifikator: review, no
editing (403). Pimpinan: reads, every write 403. Another city: 404 everywhere. Wrong method:
405 (after the role check, so a role that may never write there still gets its 403).

The scenario is a Dinkes entry ready to submit and another one submitted, so that every
allowed POST succeeds: what it changes is checked, and a refusal must change nothing.
"""

import pytest
from django.urls import reverse

from evaluations.models import AuditRecord, Comment, Entry, Evidence
from tests import factories
from tests.matrix import MATRIX_ARGS, Effect, Row, cases, check, scenario_fixture


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


def entry_url(name: str, key: str = "entry"):
    return lambda s: reverse(f"evaluations:{name}", args=[s[key].pk])


def evidence_url(name: str):
    return lambda s: reverse(f"evaluations:{name}", args=[s["evidence"].pk])


def units_url(s) -> str:
    return reverse("evaluations:question-units", args=[s["entry"].cycle_id, s["entry"].question_id])


def values(s) -> dict:
    version = Entry.objects.get(pk=s["entry"].pk).version
    return {"version": version, "numerator": "1", "denominator": "2", "note": ""}


def all_units(s) -> dict:
    entries = Entry.objects.filter(cycle=s["entry"].cycle, question=s["entry"].question)
    return {
        f"isian-{entry.pk}-{field}": value
        for entry in entries
        for field, value in (("version", entry.version), ("numerator", 1), ("denominator", 2))
    }


def a_pdf(s) -> dict:
    return {"title": "Rekap", "requirement": "lainnya", "file": factories.upload("rekap.pdf")}


def rows(name: str, url, method: str, expected: dict, wrong_method: dict, **kwargs) -> list:
    """The URL with its method (``data`` and ``effect`` in ``kwargs``), and the same URL with
    the other method (405 or 403)."""
    other = "GET" if method in ("POST", "PUT") else "POST"
    url_name = f"evaluations:{name}"
    return [Row(url_name, url, method, expected, **kwargs), Row(url_name, url, other, wrong_method)]


def reason(s) -> dict:
    return {"reason": "Dokumen belum lengkap."}


def comment(s) -> dict:
    return {"text": "Mohon dicek."}


def state(s: dict, persona: str) -> dict:
    """The two entries (status, version, values), III-12.1 in the other kecamatan, and how many
    files, replaced files, comments and audit records there are."""
    entry = Entry.objects.get(pk=s["entry"].pk)
    submitted = Entry.objects.get(pk=s["submitted"].pk)
    neighbours = Entry.objects.filter(cycle=entry.cycle_id, question=entry.question_id)
    return {
        "entry": (entry.status, entry.version, entry.numerator, entry.denominator),
        "neighbours": list(
            neighbours.exclude(pk=entry.pk)
            .order_by("unit__code")
            .values_list("version", "numerator", "denominator")
        ),
        "submitted": (submitted.status, submitted.version),
        "evidence": Evidence.objects.count(),
        "replaced": Evidence.objects.filter(superseded_by__isnull=False).count(),
        "comments": Comment.objects.count(),
        "audit": AuditRecord.objects.count(),
    }


def more(before: dict, *keys: str, audit: int = 1) -> dict:
    """One more of each of ``keys``, and ``audit`` more audit records."""
    return {**{key: before[key] + 1 for key in keys}, "audit": before["audit"] + audit}


def saved(old: tuple, status: str = "", values: tuple = ()) -> tuple:
    """An entry's ``(status, version, *values)`` after one save: one version on, with the new
    status or values."""
    old_status, version, *old_values = old
    return (status or old_status, version + 1, *(values or old_values))


# The personas for whom each action succeeds: the 302s of EDIT, REVIEW and COMMENT.
EDITORS = ("admin_dp3akb", "operator_dinkes")
REVIEWERS = ("admin_dp3akb", "verifikator")
COMMENTERS = ("admin_dp3akb", "verifikator", "operator_dinkes")
SAVED = Effect(EDITORS, lambda b: {"entry": saved(b["entry"], values=(1, 2)), **more(b)})
SUBMITTED = Effect(
    EDITORS, lambda b: {"entry": saved(b["entry"], Entry.Status.SUBMITTED), **more(b)}
)
VERIFIED = Effect(
    REVIEWERS, lambda b: {"submitted": saved(b["submitted"], Entry.Status.VERIFIED), **more(b)}
)
RETURNED = Effect(
    REVIEWERS, lambda b: {"submitted": saved(b["submitted"], Entry.Status.RETURNED), **more(b)}
)
COMMENTED = Effect(COMMENTERS, lambda b: more(b, "comments"))
UPLOADED = Effect(EDITORS, lambda b: more(b, "evidence"))
REPLACED = Effect(EDITORS, lambda b: more(b, "evidence", "replaced"))
UNITS_SAVED = Effect(  # every kecamatan's III-12.1 gets 1/2, one audit record each
    EDITORS,
    lambda b: {
        "entry": saved(b["entry"], values=(1, 2)),
        "neighbours": [(version + 1, 1, 2) for version, *_values in b["neighbours"]],
        **more(b, audit=1 + len(b["neighbours"])),
    },
)

ROWS = [
    *rows("entry-detail", entry_url("entry-detail"), "GET", READ, READ_WRONG_METHOD),
    *rows(
        "entry-save",
        entry_url("entry-save"),
        "POST",
        EDIT,
        EDIT_WRONG_METHOD,
        data=values,
        effect=SAVED,
    ),
    *rows(
        "entry-submit",
        entry_url("entry-submit"),
        "POST",
        EDIT,
        EDIT_WRONG_METHOD,
        effect=SUBMITTED,
    ),
    *rows(
        "entry-verify",
        entry_url("entry-verify", "submitted"),
        "POST",
        REVIEW,
        REVIEW_WRONG_METHOD,
        effect=VERIFIED,
    ),
    *rows(
        "entry-return",
        entry_url("entry-return", "submitted"),
        "POST",
        REVIEW,
        REVIEW_WRONG_METHOD,
        data=reason,
        effect=RETURNED,
    ),
    *rows(
        "entry-comment",
        entry_url("entry-comment"),
        "POST",
        COMMENT,
        COMMENT_WRONG_METHOD,
        data=comment,
        effect=COMMENTED,
    ),
    *rows(
        "entry-evidence-upload",
        entry_url("entry-evidence-upload"),
        "POST",
        EDIT,
        EDIT_WRONG_METHOD,
        data=a_pdf,
        effect=UPLOADED,
    ),
    *rows("entry-evidence-list", entry_url("entry-evidence-list"), "GET", READ, READ_WRONG_METHOD),
    *rows("evidence-download", evidence_url("evidence-download"), "GET", READ, READ_WRONG_METHOD),
    *rows(
        "evidence-replace",
        evidence_url("evidence-replace"),
        "POST",
        EDIT,
        EDIT_WRONG_METHOD,
        data=a_pdf,
        effect=REPLACED,
    ),
    Row("evaluations:question-units", units_url, "GET", READ),
    Row("evaluations:question-units", units_url, "POST", EDIT, all_units, UNITS_SAVED),
    Row("evaluations:question-units", units_url, "PUT", READ_WRONG_METHOD),
]


def build(s: dict) -> dict:
    """An open cycle; III-12.1 of the first kecamatan (Dinkes) with its value and required
    document, ready to submit, plus one more file; III-12.2 of the first kecamatan submitted."""
    admin = s["personas"]["admin_dp3akb"]
    cycle = factories.make_cycle(city=s["city"], by=admin)
    entry = factories.ready_entry(factories.entry_of(cycle, "III-12.1"), by=admin)
    submitted = factories.submitted_entry(factories.entry_of(cycle, "III-12.2"), by=admin)
    evidence = factories.add_evidence(entry, by=admin)
    return {"entry": entry, "submitted": submitted, "evidence": evidence}


scenario = scenario_fixture(build)


@pytest.fixture
def media_root(scenario):
    """The scenario's files stay where they were stored for every case (downloads)."""
    return scenario["media_root"]


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(db, client, scenario, row, persona, expected):
    check(client, row, persona, expected, scenario, state)


def test_every_url_of_this_matrix_has_a_wrong_method_row():
    methods = {}
    for row in ROWS:
        methods.setdefault(row.url_name, set()).add(row.method)
    assert len(methods) == 11
    assert all(len(found) >= 2 for found in methods.values()), methods
