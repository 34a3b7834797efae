"""The entry services on their own: optimistic lock, all-or-nothing saves, value in words."""

from decimal import Decimal

import pytest

from evaluations.errors import DomainError
from evaluations.models import AuditRecord, Entry
from evaluations.services.entries import (
    Edit,
    RowErrors,
    StaleEntry,
    save_entries,
    save_entry,
    value_text,
)
from tests.factories import entry_of

HALF = {"numerator": Decimal(1), "denominator": Decimal(2)}


def test_every_save_increments_the_version(entry, operator_dinkes):
    saved = save_entry(entry, user=operator_dinkes, values=HALF, version=1)
    assert saved.version == 2
    saved = save_entry(saved, user=operator_dinkes, values={"note": "revisi"}, version=2)
    assert saved.version == 3
    assert Entry.objects.get(pk=entry.pk).version == 3


def test_stale_version_raises_and_writes_nothing(entry, operator_dinkes, admin_dp3akb):
    save_entry(entry, user=admin_dp3akb, values=HALF, version=1)
    with pytest.raises(StaleEntry, match=r"admin\.dp3akb .* 1/2 \(50,00%\)"):
        save_entry(entry, user=operator_dinkes, values={"numerator": Decimal(2)}, version=1)
    entry.refresh_from_db()
    assert (entry.numerator, entry.version) == (Decimal(1), 2)
    assert AuditRecord.objects.filter(entry=entry, action="entry_saved").count() == 1


def test_several_entries_are_saved_all_or_none(cycle, entry, operator_dinkes, admin_dp3akb):
    other = Entry.objects.filter(cycle=cycle, question=entry.question).exclude(pk=entry.pk)[0]
    save_entry(other, user=admin_dp3akb, values=HALF, version=1)
    with pytest.raises(RowErrors) as refused:
        save_entries(
            [Edit(entry, HALF, 1), Edit(other, {"numerator": Decimal(0)}, 1)],
            user=operator_dinkes,
        )
    assert list(refused.value.errors) == [other.pk]
    entry.refresh_from_db()
    assert entry.numerator is None and entry.version == 1


def test_refusal_is_a_domain_error_with_a_readable_message(closed_cycle, operator_dinkes):
    entry = entry_of(closed_cycle, "III-12.1")
    with pytest.raises(DomainError, match="Masa pengisian sudah ditutup"):
        save_entry(entry, user=operator_dinkes, values=HALF, version=1)


def test_value_in_words_for_each_kind(cycle, admin_dp3akb):
    option = entry_of(cycle, "KL-01.1")
    yes_no = entry_of(cycle, "III-14.3")
    percentage = entry_of(cycle, "III-12.1")
    assert value_text(percentage) == "belum diisi"
    chosen = option.question.options.last()
    option = save_entry(option, user=admin_dp3akb, values={"option": chosen}, version=1)
    yes_no = save_entry(yes_no, user=admin_dp3akb, values={"yes": False}, version=1)
    values = {"numerator": Decimal("12.5"), "denominator": Decimal(50)}
    percentage = save_entry(percentage, user=admin_dp3akb, values=values, version=1)
    assert value_text(option) == chosen.label
    assert value_text(yes_no) == "Tidak"
    assert value_text(percentage) == "12,5/50 (25,00%)"
