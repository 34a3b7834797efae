"""Notices when an entry is verified or returned (in-app and e-mail), and the inbox page."""

import pytest
from django.core import mail
from django.urls import reverse

from evaluations.models import Entry, Notification
from evaluations.services.cycles import reassign_question
from evaluations.services.entries import notify_reviewed
from indicators.models import Question
from kla.accounts.models import Role
from kla.organisations.models import Opd
from tests.factories import make_cycle, make_user, set_entry_state

URL = "/evaluasi/notifikasi/"


@pytest.fixture
def cycle(kota_serang, admin_dp3akb):
    return make_cycle(city=kota_serang, by=admin_dp3akb)


@pytest.fixture
def entry(cycle):
    return Entry.objects.select_related("question", "unit").get(
        cycle=cycle, question__code="III-14.3"
    )


@pytest.fixture
def dinkes_with_mail(operator_dinkes):
    operator_dinkes.email = "dinkes@serangkota.go.id"
    operator_dinkes.save()
    return operator_dinkes


def notice(user, message="III-14.3 / Kota Serang: diverifikasi.", **kwargs):
    return Notification.objects.create(recipient=user, message=message, **kwargs)


def reviewed(entry, actor, capture_on_commit):
    """The service path: notices and e-mail are queued for after commit, then run."""
    with capture_on_commit(execute=True):
        notify_reviewed(entry, actor)


def test_url_name():
    assert reverse("evaluations:notification-list") == URL


def test_returned_entry_notifies_the_assigned_opds_operators(
    dinkes_with_mail,
    operator_dindik,
    verifikator,
    kota_serang,
    entry,
    django_capture_on_commit_callbacks,
):
    inactive = make_user(
        city=kota_serang, role=Role.OPERATOR_OPD, opd_code="DINKES", is_active=False
    )
    no_mail = make_user(city=kota_serang, role=Role.OPERATOR_OPD, opd_code="DINKES")
    set_entry_state(entry, status="returned", return_reason="SK belum ditandatangani")

    reviewed(entry, verifikator, django_capture_on_commit_callbacks)

    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        dinkes_with_mail.pk,
        no_mail.pk,
    }
    assert not Notification.objects.filter(recipient__in=[inactive, operator_dindik]).exists()
    message = Notification.objects.filter(recipient=dinkes_with_mail).get().message
    assert "III-14.3" in message and "Kota Serang" in message and "dikembalikan" in message
    assert "SK belum ditandatangani" in message
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["dinkes@serangkota.go.id"]
    assert "III-14.3" in email.subject and "dikembalikan" in email.subject
    assert "Alasan: SK belum ditandatangani" in email.body
    assert verifikator.display_name in email.body


def test_verified_entry_notice(
    dinkes_with_mail, verifikator, entry, django_capture_on_commit_callbacks
):
    set_entry_state(entry, status="verified")
    reviewed(entry, verifikator, django_capture_on_commit_callbacks)
    assert "diverifikasi" in Notification.objects.get().message
    assert "Alasan" not in mail.outbox[0].body


def test_notice_goes_to_the_opd_the_question_was_reassigned_to(
    dinkes_with_mail,
    operator_dindik,
    admin_dp3akb,
    verifikator,
    cycle,
    entry,
    django_capture_on_commit_callbacks,
):
    dindik = Opd.objects.get(kabupaten=cycle.kabupaten, code="DINDIKBUD")
    reassign_question(cycle, Question.objects.get(code="III-14.3"), dindik, by=admin_dp3akb)
    set_entry_state(entry, status="verified")
    reviewed(entry, verifikator, django_capture_on_commit_callbacks)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [operator_dindik.pk]
    assert mail.outbox == []  # operator_dindik has no e-mail address


def test_inbox_lists_own_notices_newest_first(client, operator_dinkes, operator_dindik):
    notice(operator_dinkes, "Pesan lama")
    notice(operator_dinkes, "Pesan baru")
    notice(operator_dindik, "Pesan orang lain")
    client.force_login(operator_dinkes)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Pesan baru") < html.index("Pesan lama")
    assert "Pesan orang lain" not in html
    assert "Tandai dibaca" in html


def test_inbox_links_to_the_entry(client, operator_dinkes, entry):
    notice(operator_dinkes, entry=entry)
    client.force_login(operator_dinkes)
    html = client.get(URL).content.decode()
    assert reverse("evaluations:entry-detail", args=[entry.pk]) in html


def test_unread_count_badge_in_the_navigation(client, operator_dinkes):
    notice(operator_dinkes)
    notice(operator_dinkes)
    client.force_login(operator_dinkes)
    items = client.get(reverse("home")).context["nav_items"]
    assert next(i for i in items if i["label"] == "Notifikasi")["badge"] == 2
    assert '<span class="badge text-bg-warning">2</span>' in client.get(URL).content.decode()


def test_mark_one_as_read(client, operator_dinkes):
    unread = notice(operator_dinkes)
    other = notice(operator_dinkes)
    client.force_login(operator_dinkes)
    response = client.post(reverse("evaluations:notification-read", args=[unread.pk]))
    assert response.status_code == 302
    unread.refresh_from_db()
    other.refresh_from_db()
    assert unread.read_at is not None and other.read_at is None


def test_mark_all_as_read(client, operator_dinkes, operator_dindik):
    notice(operator_dinkes)
    notice(operator_dinkes)
    someone_else = notice(operator_dindik)
    client.force_login(operator_dinkes)
    assert client.post(reverse("evaluations:notification-read-all")).status_code == 302
    assert not operator_dinkes.notifications.filter(read_at__isnull=True).exists()
    someone_else.refresh_from_db()
    assert someone_else.read_at is None


@pytest.mark.parametrize("persona", ["operator_dindik", "admin_dp3akb", "outsider"])
def test_someone_elses_notice_is_404(client, personas, operator_dinkes, persona):
    mine = notice(operator_dinkes)
    client.force_login(personas[persona])
    assert client.post(reverse("evaluations:notification-read", args=[mine.pk])).status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None


def test_empty_state(client, pimpinan):
    client.force_login(pimpinan)
    assert "Belum ada notifikasi." in client.get(URL).content.decode()


def test_anonymous_is_sent_to_login(client, operator_dinkes):
    mine = notice(operator_dinkes)
    for response in (
        client.get(URL),
        client.post(reverse("evaluations:notification-read", args=[mine.pk])),
        client.post(reverse("evaluations:notification-read-all")),
    ):
        assert response["Location"].startswith(reverse("login"))


def test_wrong_method_is_405(client, operator_dinkes):
    mine = notice(operator_dinkes)
    client.force_login(operator_dinkes)
    assert client.get(reverse("evaluations:notification-read", args=[mine.pk])).status_code == 405
    assert client.get(reverse("evaluations:notification-read-all")).status_code == 405
    assert client.post(URL).status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None
