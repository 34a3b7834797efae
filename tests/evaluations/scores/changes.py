"""What the tests of the kept scores do to the demo cycle and read back from it: every kind of
change a score reads (``CHANGES``), the totals kept and fresh, a dashboard section's HTML
(test_cached.py, test_own_changes.py)."""

import re
from decimal import Decimal

from django.urls import reverse

from evaluations.models import Entry, Evidence
from evaluations.scores import cached
from evaluations.scores.loader import load_cycle_data
from evaluations.services import cycles as cycle_services
from evaluations.services import entries as entry_services
from evaluations.services import evidence as evidence_services
from kla.organisations.models import Opd
from tests import factories

TRACKS = ("projection", "claimed", "verified")


def fresh_totals(cycle) -> dict:
    data = load_cycle_data(cycle)
    return {track: data.score(track).total for track in TRACKS}


def kept_totals(cycle) -> dict:
    state = cached.computed(cycle)
    return {track: state.score(track).total for track in TRACKS}


def an_entry(cycle, status: str) -> Entry:
    return (
        Entry.objects.filter(cycle=cycle, status=status, question__kind="percentage")
        .select_related("question", "cycle")
        .first()
    )


def save_value(cycle, people):
    entry = an_entry(cycle, "draft") or an_entry(cycle, "returned")
    entry_services.save_entry(
        entry,
        user=people["operator"](entry),
        values={"numerator": Decimal(1), "denominator": Decimal(3)},
        version=entry.version,
    )


def verify(cycle, people):
    entry_services.verify_entry(an_entry(cycle, "submitted"), user=people["verifikator"])


def send_back(cycle, people):
    entry_services.return_entry(
        an_entry(cycle, "submitted"), user=people["verifikator"], reason="Bukti kurang jelas."
    )


def withdraw_file(cycle, people):
    evidence = (
        Evidence.objects.current()
        .filter(entry__cycle=cycle, requirement__isnull=False, entry__status="draft")
        .select_related("entry__question")
        .first()
    )
    evidence_services.withdraw_evidence(evidence, user=people["operator"](evidence.entry))


def reassign(cycle, people):
    assignment = cycle.assignments.select_related("question", "opd").first()
    other = Opd.objects.filter(kabupaten=cycle.kabupaten).exclude(pk=assignment.opd_id).first()
    cycle_services.reassign_question(cycle, assignment.question, other, by=people["admin"])


def raw_update(cycle, people):
    """A writer behind the services' back that sets updated_at as save() would."""
    factories.set_entry_state(an_entry(cycle, "submitted"), status="verified")


def add_kecamatan(cycle, people):
    """load_wilayah adds a kecamatan: every kecamatan question has one more unit."""
    from kla.wilayah.models import Region

    Region.objects.create(
        code=f"{cycle.kabupaten.code}.99",
        name="Kecamatan Baru",
        level=Region.Level.KECAMATAN,
        parent=cycle.kabupaten,
    )


def rename_opd_in_the_admin(cycle, people):
    """A platform superuser renames an OPD in the Django admin (no audit record of the cycle):
    the admin's log moves the state."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    opd = cycle.assignments.select_related("opd").first().opd
    root = get_user_model().objects.create_superuser("platform", "p@example.org", "x-Pw-12345!")
    client = Client()
    client.force_login(root)
    response = client.post(
        reverse("admin:organisations_opd_change", args=[opd.pk]),
        {"kabupaten": opd.kabupaten_id, "code": opd.code, "name": "Dinas Baru"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


CHANGES = [
    save_value,
    verify,
    send_back,
    withdraw_file,
    reassign,
    raw_update,
    add_kecamatan,
    rename_opd_in_the_admin,
]


def section(client, url: str, testid: str) -> str:
    html = client.get(url, {"jalur": "verified"}).content.decode()
    pattern = (
        rf'data-testid="{testid}".*?</section>' if testid else r'id="klaster-simulasi".*?</form>'
    )
    return re.search(pattern, html, re.S).group(0)
