"""Permission matrix of issue 11's URLs: the city-wide "Daftar isian", changing the document a
file fulfils, withdrawing a file, and withdrawing a submitted entry.

"Daftar isian" is a read-only report (Admin KLA, Verifikator, Pimpinan; an Operator OPD has
"Tugas saya": 403). The three actions are edits (Admin KLA and the entry's Operator OPD; the
other OPD's operator and another city: 404; Verifikator and Pimpinan: 403). A refused POST
changes nothing: the scenario's state is read before and after every POST.
"""

import pytest
from django.urls import reverse

from evaluations.models import AuditRecord, Entry, Evidence
from tests import factories
from tests.matrix import MATRIX_ARGS, Effect, Row, cases, check, expect, scenario_fixture

LIST = expect(200, operator_dinkes=403, operator_dindik=403)
LIST_WRONG_METHOD = expect(405, operator_dinkes=403, operator_dindik=403)
EDIT = expect(403, admin_dp3akb=302, operator_dinkes=302, operator_dindik=404, outsider=404)
EDIT_WRONG_METHOD = expect(
    403, admin_dp3akb=405, operator_dinkes=405, operator_dindik=405, outsider=405
)
EDITORS = ("admin_dp3akb", "operator_dinkes")


def state(s: dict, persona: str) -> dict:
    evidence = Evidence.objects.get(pk=s["evidence"].pk)
    submitted = Entry.objects.get(pk=s["submitted"].pk)
    return {
        "requirement": evidence.requirement_id,
        "withdrawn": evidence.withdrawn_at is not None,
        "submitted": submitted.status,
        "evidence": Evidence.objects.count(),
        "audit": AuditRecord.objects.count(),
    }


def audited(before: dict, **changes) -> dict:
    return {**changes, "audit": before["audit"] + 1}


RETAGGED = Effect(EDITORS, lambda b: audited(b, requirement=None))
WITHDRAWN = Effect(EDITORS, lambda b: audited(b, withdrawn=True))
ENTRY_WITHDRAWN = Effect(EDITORS, lambda b: audited(b, submitted=Entry.Status.DRAFT))


def evidence_url(name: str):
    return lambda s: reverse(f"evaluations:{name}", args=[s["evidence"].pk])


def extra(s) -> dict:
    return {"requirement": "lainnya"}


LIST_URL = lambda s: reverse("evaluations:entry-list")  # noqa: E731

ROWS = [
    Row("evaluations:entry-list", LIST_URL, "GET", LIST),
    Row("evaluations:entry-list", LIST_URL, "POST", LIST_WRONG_METHOD),
    Row(
        "evaluations:evidence-retag", evidence_url("evidence-retag"), "POST", EDIT, extra, RETAGGED
    ),
    Row("evaluations:evidence-retag", evidence_url("evidence-retag"), "GET", EDIT_WRONG_METHOD),
    Row(
        "evaluations:evidence-withdraw",
        evidence_url("evidence-withdraw"),
        "POST",
        EDIT,
        effect=WITHDRAWN,
    ),
    Row(
        "evaluations:evidence-withdraw", evidence_url("evidence-withdraw"), "GET", EDIT_WRONG_METHOD
    ),
    Row(
        "evaluations:entry-withdraw",
        lambda s: reverse("evaluations:entry-withdraw", args=[s["submitted"].pk]),
        "POST",
        EDIT,
        effect=ENTRY_WITHDRAWN,
    ),
    Row(
        "evaluations:entry-withdraw",
        lambda s: reverse("evaluations:entry-withdraw", args=[s["submitted"].pk]),
        "GET",
        EDIT_WRONG_METHOD,
    ),
]


def build(s: dict) -> dict:
    """An open cycle: III-12.1 (Dinkes) with its required document uploaded, III-12.2
    submitted and not yet reviewed."""
    admin = s["personas"]["admin_dp3akb"]
    cycle = factories.make_cycle(city=s["city"], by=admin)
    entry = factories.entry_of(cycle, "III-12.1")
    evidence = factories.add_evidence(entry, by=admin, requirement=entry.question.documents.get())
    submitted = factories.submitted_entry(factories.entry_of(cycle, "III-12.2"), by=admin)
    return {"evidence": evidence, "submitted": submitted}


scenario = scenario_fixture(build)


@pytest.mark.parametrize(MATRIX_ARGS, cases(ROWS))
def test_permission_matrix(db, client, scenario, row, persona, expected):
    check(client, row, persona, expected, scenario, state)
