"""The names the app agrees on live once (STYLE.md, "Where logic lives").

evaluations/names.py holds the values; the models' TextChoices take them and add the labels,
in Indonesian with an English translation. Every audit action a service records is a member of
AuditRecord.Action, so every trail shows it in words, never as a raw code.
"""

import ast
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from evaluations import names
from evaluations.models import DISPLAY_STATUSES, AuditRecord, Entry, OfficialResult, ScoreSnapshot
from evaluations.services.official_results import record_official_result
from indicators.models import Question

SERVICES = Path(settings.BASE_DIR) / "evaluations" / "services"
# Labels spelled the same in both languages (none yet): listed here so that a missing English
# translation is never mistaken for one.
SAME_IN_BOTH: set[str] = set()


# --- One source for the values ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choices", "values"),
    [
        (Entry.Status, names.STATUSES),
        (ScoreSnapshot.Track, names.TRACKS),
        (Question.Kind, names.KINDS),
        (Question.Level, names.LEVELS),
        (Question.Direction, names.DIRECTIONS),
    ],
    ids=["status", "track", "kind", "level", "direction"],
)
def test_text_choices_take_their_values_from_names(choices, values):
    assert tuple(choices.values) == values


def test_engine_tables_name_only_known_statuses_and_tracks():
    assert set(names.TRACK_STATUSES) == set(names.TRACKS) == set(names.STEP_STATUS)
    assert set().union(*names.TRACK_STATUSES.values()) <= set(names.STATUSES)
    assert set(names.STEP_STATUS.values()) <= set(names.STATUSES)
    assert names.YES_NO_KINDS.issubset(names.KINDS)


def test_display_statuses_are_the_statuses_after_empty():
    assert [code for code, _label in DISPLAY_STATUSES] == [names.EMPTY, *names.STATUSES]
    assert names.EMPTY not in names.STATUSES


# --- Labels in both languages -------------------------------------------------------------------


def labelled(choices) -> list[tuple[str, object]]:
    return [(member.value, member.label) for member in choices]


LABELLED = [
    *[("action", value, label) for value, label in labelled(AuditRecord.Action)],
    *[("status", value, label) for value, label in labelled(Entry.Status)],
    *[("track", value, label) for value, label in labelled(ScoreSnapshot.Track)],
    *[("display status", code, label) for code, label in DISPLAY_STATUSES],
]


@pytest.mark.parametrize(
    ("family", "code", "label"), LABELLED, ids=[f"{f}-{c}" for f, c, _l in LABELLED]
)
def test_every_name_has_an_indonesian_label_and_an_english_translation(family, code, label):
    with translation.override("id"):
        indonesian = str(label)
    with translation.override("en"):
        english = str(label)
    assert indonesian and indonesian != code, f"{family} {code} has no Indonesian label"
    assert english.strip()
    if indonesian not in SAME_IN_BOTH:
        assert english != indonesian, f"{family} {code}: “{indonesian}” has no English msgstr"


def test_a_missing_translation_would_be_caught():
    """The check above works: a label the catalogue does not know stays Indonesian."""
    with translation.override("en"):
        assert translation.gettext("Tindakan yang tidak ada di katalog") == (
            "Tindakan yang tidak ada di katalog"
        )


# --- Every recorded action is a member of AuditRecord.Action ------------------------------------


def recorded_actions(source: str) -> tuple[set[str], set[str]]:
    """(string literals, ``AuditRecord.Action.<NAME>`` names) passed as ``action=`` to a call."""
    literals, members = set(), set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            value = keyword.value
            if keyword.arg != "action":
                continue
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                literals.add(value.value)
            elif isinstance(value, ast.Attribute) and ast.unparse(value.value).endswith(
                "AuditRecord.Action"
            ):
                members.add(value.attr)
    return literals, members


def services_actions() -> tuple[set[str], set[str]]:
    literals, members = set(), set()
    for path in sorted(SERVICES.rglob("*.py")):
        found_literals, found_members = recorded_actions(path.read_text(encoding="utf-8"))
        literals |= found_literals
        members |= found_members
    return literals, members


def test_services_record_only_members_of_audit_action():
    literals, members = services_actions()
    assert literals <= set(AuditRecord.Action.values), "an action without a label"
    assert members <= set(AuditRecord.Action.names)
    assert literals == set(), "record AuditRecord.Action.<NAME>, not a string literal"


def test_every_audit_action_is_recorded_somewhere():
    """No label for an action nobody records (a renamed action would leave one behind)."""
    _literals, members = services_actions()
    assert members == set(AuditRecord.Action.names)


def test_the_scan_finds_a_literal_action():
    """The scan itself works: a literal and a member are both found."""
    sample = (
        'audit.record(cycle=c, actor=a, action="entry_deleted")\n'
        "change_status(entry, action=AuditRecord.Action.ENTRY_SUBMITTED)\n"
    )
    assert recorded_actions(sample) == ({"entry_deleted"}, {"ENTRY_SUBMITTED"})


# --- The trails show labels, not codes ----------------------------------------------------------


def record_final_result(cycle, by):
    return record_official_result(
        cycle,
        OfficialResult.Stage.FINAL,
        by=by,
        total=Decimal("556.20"),
        tier_code="pratama",
        note="SK Menteri",
    )


def test_cycle_page_shows_the_official_result_action_in_words(client, admin_dp3akb, cycle):
    record_final_result(cycle, admin_dp3akb)
    client.force_login(admin_dp3akb)
    html = client.get(reverse("evaluations:cycle-detail", args=[cycle.pk])).content.decode()
    assert "Hasil resmi dicatat" in html
    assert "Siklus dibuat" in html
    assert "official_result_recorded" not in html
    assert "cycle_created" not in html


def test_cycle_page_in_english_shows_the_english_label(client, admin_dp3akb, cycle):
    record_final_result(cycle, admin_dp3akb)
    client.force_login(admin_dp3akb)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("evaluations:cycle-detail", args=[cycle.pk])).content.decode()
    assert "Official result recorded" in html
    assert "Hasil resmi dicatat" not in html


def test_entry_trail_shows_an_imported_record_in_words(client, admin_dp3akb, entry):
    AuditRecord.objects.create(
        cycle=entry.cycle, entry=entry, actor=admin_dp3akb, action=AuditRecord.Action.IMPORTED
    )
    client.force_login(admin_dp3akb)
    html = client.get(reverse("evaluations:entry-detail", args=[entry.pk])).content.decode()
    assert "Dimuat dari berkas jawaban" in html
    assert ">imported<" not in html
