"""send_deadline_reminders: one digest per operator of what is due within N days."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from evaluations.models import Entry
from evaluations.services.cycles import reopen_entry
from kla.accounts.models import Role
from kla.organisations.models import Opd
from tests.factories import make_cycle, make_user

MAIL = {"operator_dinkes": "dinkes@serangkota.go.id", "operator_dindik": "dindik@serangkota.go.id"}


@pytest.fixture
def operators(operator_dinkes, operator_dindik):
    for user in (operator_dinkes, operator_dindik):
        user.email = MAIL[user.username.replace(".", "_")]
        user.save()
    return operator_dinkes, operator_dindik


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return make_cycle(city=kota_serang, by=admin_dp3akb)  # entry deadline: today + 20


def run(*args) -> str:
    out = StringIO()
    call_command("send_deadline_reminders", *args, stdout=out)
    return out.getvalue()


def opd_entries(cycle, code: str):
    return Entry.objects.of_cycle(cycle).assigned_to(
        Opd.objects.get(kabupaten=cycle.kabupaten, code=code)
    )


def test_one_digest_per_operator_with_something_due(operators, cycle):
    dinkes, dindik = operators
    opd_entries(cycle, "DINDIKBUD").update(status="submitted")
    dinkes_entries = opd_entries(cycle, "DINKES")
    first = dinkes_entries.order_by("question__code", "unit__code").first()
    Entry.objects.filter(pk=first.pk).update(status="returned", yes=True)
    Entry.objects.filter(pk=dinkes_entries.exclude(pk=first.pk).first().pk).update(
        status="verified"
    )

    output = run("--hari", "30")

    assert "1 e-mail pengingat terkirim." in output
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [dinkes.email]
    due = dinkes_entries.count() - 1
    assert f"{due} isian DINKES" in email.subject
    assert f"{cycle.entry_deadline():%d-%m-%Y}" in email.subject
    assert "(20 hari lagi)" in email.body
    assert "Kosong" in email.body and "Dikembalikan" in email.body
    assert "Diverifikasi" not in email.body
    assert "II-10" not in email.body
    assert email.body.count("\n- ") == due


def test_nothing_is_sent_when_the_deadline_is_further_away(operators, cycle):
    assert "0 e-mail pengingat terkirim." in run("--hari", "7")
    assert mail.outbox == []


def test_closed_cycle_is_not_reminded(operators, kota_serang, admin_dp3akb):
    make_cycle(city=kota_serang, by=admin_dp3akb, open_entry=False)
    run("--hari", "30")
    assert mail.outbox == []


def test_reopened_cycle_is_reminded_with_the_new_deadline(operators, kota_serang, admin_dp3akb):
    cycle = make_cycle(city=kota_serang, by=admin_dp3akb, open_entry=False)
    until = timezone.localdate() + datetime.timedelta(days=3)
    reopen_entry(cycle=cycle, until=until, reason="Susulan", by=admin_dp3akb)
    run("--hari", "3")
    assert len(mail.outbox) == 2
    assert all(f"{until:%d-%m-%Y}" in email.subject for email in mail.outbox)


def test_operators_without_email_or_inactive_are_skipped(operators, kota_serang, cycle):
    make_user(city=kota_serang, role=Role.OPERATOR_OPD, opd_code="DINKES")
    make_user(
        city=kota_serang,
        role=Role.OPERATOR_OPD,
        opd_code="DINKES",
        email="lama@serangkota.go.id",
        is_active=False,
    )
    run("--hari", "30")
    assert sorted(email.to[0] for email in mail.outbox) == sorted(MAIL.values())


def test_default_is_seven_days(operators, cycle):
    assert "0 e-mail" in run()


def test_negative_days_is_an_error(db):
    with pytest.raises(CommandError, match="tidak boleh negatif"):
        run("--hari", "-1")


def test_help_is_in_indonesian():
    from evaluations.management.commands.send_deadline_reminders import Command

    assert "Operator OPD" in Command.help and "cron" in Command.help
