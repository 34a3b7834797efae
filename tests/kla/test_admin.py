"""Django admin: master data in Indonesian for Admin KLA; the audit trail cannot be edited."""

import pytest
from django.urls import reverse

from evaluations.models import AuditRecord
from kla.accounts.demo import create_demo_accounts
from kla.accounts.models import User
from tests import factories

MODELS = [
    "wilayah/region",
    "organisations/opd",
    "accounts/user",
    "indicators/instrument",
    "indicators/question",
    "evaluations/cycle",
    "evaluations/entry",
    "evaluations/auditrecord",
]


@pytest.fixture
def demo_admin(kota_serang, instrument):
    create_demo_accounts(kota_serang)
    return User.objects.get(username="admin.dp3akb")


@pytest.mark.parametrize("model", MODELS)
def test_admin_kla_browses_master_data(client, demo_admin, model):
    factories.make_cycle(city=demo_admin.kabupaten)
    client.force_login(demo_admin)
    response = client.get(reverse(f"admin:{model.replace('/', '_')}_changelist"))
    assert response.status_code == 200
    assert 'lang="id"' in response.content.decode()


def test_audit_records_cannot_be_changed_or_deleted(client, demo_admin):
    cycle = factories.make_cycle(city=demo_admin.kabupaten)
    record = AuditRecord.objects.filter(cycle=cycle).first()
    client.force_login(demo_admin)
    change = reverse("admin:evaluations_auditrecord_change", args=[record.pk])
    delete = reverse("admin:evaluations_auditrecord_delete", args=[record.pk])
    assert client.post(change, {"action": "diubah"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    record.refresh_from_db()
    assert record.action == "cycle_created"


def test_operators_and_pimpinan_have_no_admin(client, operator_dinkes, pimpinan):
    for user in (operator_dinkes, pimpinan):
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
