"""The Django admin with walls (docs/security.md): platform superusers only; audited models and
a used instrument are read-only there; a city user can never be made staff."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from evaluations.models import AuditRecord
from indicators.models import Instrument, Question
from kla.accounts.demo import create_demo_accounts
from kla.accounts.models import User
from tests import factories

MODELS = [
    "wilayah/region",
    "organisations/opd",
    "accounts/user",
    "accounts/accountrecord",
    "indicators/instrument",
    "indicators/question",
    "evaluations/cycle",
    "evaluations/entry",
    "evaluations/auditrecord",
    "evaluations/comment",
    "evaluations/notification",
]


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("platform", "platform@example.org", factories.PASSWORD)


@pytest.mark.parametrize("model", MODELS)
def test_superuser_browses_in_indonesian(client, superuser, kota_serang, model):
    factories.make_cycle(city=kota_serang)
    client.force_login(superuser)
    response = client.get(reverse(f"admin:{model.replace('/', '_')}_changelist"))
    assert response.status_code == 200
    assert 'lang="id"' in response.content.decode()


def test_demo_accounts_are_not_staff(kota_serang, instrument):
    users = create_demo_accounts(kota_serang)
    assert not any(user.is_staff or user.is_superuser for user in users)
    assert not any(user.user_permissions.exists() for user in users)


def test_province_demo_accounts_made_staff_by_hand_are_reset(kota_serang):
    """The province's demo accounts are reset as the city's are: a staff flag or a must-change
    mark given since (by hand, an earlier demo) is taken away again."""
    from kla.accounts.demo import create_province_accounts

    made = create_province_accounts(kota_serang.parent)
    User.objects.filter(pk__in=[u.pk for u in made]).update(
        is_staff=True, is_superuser=True, must_change_password=True
    )
    users = create_province_accounts(kota_serang.parent)
    assert [u.pk for u in users] == [u.pk for u in made]
    assert not any(u.is_staff or u.is_superuser or u.must_change_password for u in users)
    assert all(u.provinsi == kota_serang.parent and u.kabupaten is None for u in users)


@pytest.mark.parametrize("persona", ["admin_dp3akb", "verifikator", "operator_dinkes", "pimpinan"])
def test_city_roles_have_no_admin(client, personas, persona):
    client.force_login(personas[persona])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_flag_alone_opens_nothing(client, db):
    """A staff account that is not a superuser (say, left over from before) is not let in."""
    staff = User.objects.create_user("staf.lama", password=factories.PASSWORD, is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 302


def test_audit_records_cannot_be_changed_or_deleted(client, superuser, kota_serang):
    cycle = factories.make_cycle(city=kota_serang)
    record = AuditRecord.objects.filter(cycle=cycle).first()
    client.force_login(superuser)
    change = reverse("admin:evaluations_auditrecord_change", args=[record.pk])
    delete = reverse("admin:evaluations_auditrecord_delete", args=[record.pk])
    assert client.post(change, {"action": "diubah"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    record.refresh_from_db()
    assert record.action == "cycle_created"


def test_used_instrument_is_read_only_and_an_unused_one_is_not(client, superuser, kota_serang):
    factories.make_cycle(city=kota_serang)  # uses the example instrument
    question = Question.objects.filter(indicator__cluster__instrument__code="contoh-2026").first()
    spare = Instrument.objects.create(code="cadangan", name="Cadangan", max_score=1000)
    client.force_login(superuser)
    page = client.get(reverse("admin:indicators_question_change", args=[question.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    points = question.points
    url = reverse("admin:indicators_question_change", args=[question.pk])
    assert client.post(url, {"points": points + 50}).status_code == 403
    question.refresh_from_db()
    assert question.points == points
    spare_page = client.get(reverse("admin:indicators_instrument_change", args=[spare.pk]))
    assert 'name="_save"' in spare_page.content.decode()


def test_a_city_user_cannot_be_made_staff(kota_serang):
    user = factories.make_user(city=kota_serang)
    user.is_staff = True
    with pytest.raises(Exception, match="staf atau superuser"):
        user.full_clean()


def test_migration_clears_staff_of_city_users(kota_serang, superuser):
    city_admin = factories.make_user(city=kota_serang)
    User.objects.filter(pk=city_admin.pk).update(is_staff=True, is_superuser=True)
    migration = importlib.import_module("kla.accounts.migrations.0003_clear_staff_of_city_users")
    migration.clear_staff_of_city_users(apps, None)
    city_admin.refresh_from_db()
    superuser.refresh_from_db()
    assert not city_admin.is_staff and not city_admin.is_superuser
    assert superuser.is_superuser and superuser.is_staff  # a platform account keeps its rights
