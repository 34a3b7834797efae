"""Telling Operator OPD what happened to their entries and what is due: notices and e-mail."""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django.utils.translation import gettext as _

from kla.accounts.models import Role

from ..forms.worklists import STATUS_CHOICES
from ..models import Assignment, Cycle, Entry, Notification
from ..querysets import WORKLIST_ORDER


def operators_of_entry(entry: Entry):
    """Active operators of the OPD the entry's question is assigned to in its cycle."""
    opd_ids = Assignment.objects.filter(cycle_id=entry.cycle_id, question_id=entry.question_id)
    return get_user_model().objects.filter(
        is_active=True, role=Role.OPERATOR_OPD, opd_id__in=opd_ids.values("opd_id")
    )


def review_message(entry: Entry) -> str:
    message = _("Isian %(code)s / %(unit)s: %(status)s.") % {
        "code": entry.question.code,
        "unit": entry.unit.name,
        "status": entry.get_status_display().lower(),
    }
    if entry.status == Entry.Status.RETURNED and entry.return_reason:
        message += " " + _("Alasan: %(reason)s") % {"reason": entry.return_reason}
    return message


def notice_reviewed(entry: Entry, *, actor) -> None:
    """In-app notices to the entry's operators after it was verified or returned."""
    message = review_message(entry)
    Notification.objects.bulk_create(
        Notification(recipient=user, entry=entry, message=message[:300])
        for user in operators_of_entry(entry)
    )


def mail_reviewed(entry: Entry, *, actor) -> None:
    """The same news by e-mail, to the operators who have an address."""
    subject = _("[Pantau KLA] %(code)s / %(unit)s %(status)s") % {
        "code": entry.question.code,
        "unit": entry.unit.name,
        "status": entry.get_status_display().lower(),
    }
    body = "\n\n".join(
        [
            review_message(entry),
            _("Ditinjau oleh: %(actor)s") % {"actor": actor.display_name},
            _("Buka Pantau KLA untuk melihat isian ini."),
        ]
    )
    recipients = operators_of_entry(entry).exclude(email="")
    emails = [EmailMessage(subject, body, to=[user.email]) for user in recipients]
    if emails:
        get_connection().send_messages(emails)


def reviewers_of_entry(entry: Entry, *, actor):
    """Active verifikator and Admin KLA of the entry's kabupaten/kota, except who changed it."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            role__in=[Role.VERIFIKATOR, Role.ADMIN_KLA],
            kabupaten_id=entry.cycle.kabupaten_id,
        )
        .exclude(pk=actor.pk)
    )


def review_needed_message(entry: Entry, *, actor, was: str, what: str) -> str:
    return _(
        "Isian %(code)s / %(unit)s (tadinya %(was)s) diubah oleh %(actor)s dan perlu "
        "ditinjau ulang. %(what)s"
    ) % {
        "code": entry.question.code,
        "unit": entry.unit.name,
        "was": Entry.Status(was).label.lower(),
        "actor": actor.display_name,
        "what": what,
    }


def notice_review_needed(entry: Entry, *, actor, was: str, what: str) -> None:
    """The review rule's notice: a submitted or verified entry changed and is to be reviewed."""
    message = review_needed_message(entry, actor=actor, was=was, what=what)
    Notification.objects.bulk_create(
        Notification(recipient=user, entry=entry, message=message[:300])
        for user in reviewers_of_entry(entry, actor=actor)
    )


def mail_review_needed(entry: Entry, *, actor, was: str, what: str) -> None:
    subject = _("[Pantau KLA] %(code)s / %(unit)s perlu ditinjau ulang") % {
        "code": entry.question.code,
        "unit": entry.unit.name,
    }
    body = "\n\n".join(
        [
            review_needed_message(entry, actor=actor, was=was, what=what),
            _("Buka Pantau KLA untuk melihat isian ini."),
        ]
    )
    recipients = reviewers_of_entry(entry, actor=actor).exclude(email="")
    emails = [EmailMessage(subject, body, to=[user.email]) for user in recipients]
    if emails:
        get_connection().send_messages(emails)


def unread_count(user) -> int:
    return user.notifications.filter(read_at__isnull=True).count()


def mark_read(notice: Notification) -> None:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])


def mark_all_read(user) -> int:
    return user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())


def current_cycles():
    """The latest cycle of each kabupaten/kota (what ``access.current_cycle`` shows its users)."""
    latest = {}
    cycles = Cycle.objects.prefetch_related("stages", "reopenings").order_by("kabupaten", "-year")
    for cycle in cycles:
        latest.setdefault(cycle.kabupaten_id, cycle)
    return list(latest.values())


def send_deadline_reminders(*, days: int, today: datetime.date) -> int:
    """One digest e-mail per operator whose OPD has entries not yet submitted and an entry
    deadline within ``days`` days; operators with nothing due get nothing. Returns the count."""
    emails = []
    for cycle in current_cycles():
        deadline = cycle.entry_deadline()
        if deadline is None or not today <= deadline <= today + datetime.timedelta(days=days):
            continue
        emails.extend(cycle_digests(cycle, deadline, today))
    if emails:
        get_connection().send_messages(emails)
    return len(emails)


def cycle_digests(cycle: Cycle, deadline: datetime.date, today: datetime.date) -> list:
    due = defaultdict(list)
    entries = (
        Entry.objects.of_cycle(cycle)
        .pending()
        .with_display_status()
        .with_opd()
        .select_related("question", "unit")
        .order_by(*WORKLIST_ORDER)
    )
    for entry in entries:
        due[entry.opd_code].append(entry)
    operators = (
        get_user_model()
        .objects.filter(is_active=True, role=Role.OPERATOR_OPD, kabupaten_id=cycle.kabupaten_id)
        .exclude(email="")
        .select_related("opd")
    )
    return [
        digest(user, cycle, deadline, (deadline - today).days, due[user.opd.code])
        for user in operators
        if user.opd_id and due[user.opd.code]
    ]


def digest(user, cycle: Cycle, deadline: datetime.date, days_left: int, entries) -> EmailMessage:
    labels = dict(STATUS_CHOICES)
    values = {
        "count": len(entries),
        "opd": user.opd.code,
        "cycle": cycle.name,
        "date": f"{deadline:%d-%m-%Y}",
        "days": days_left,
    }
    subject = _("[Pantau KLA] Pengingat: %(count)s isian %(opd)s jatuh tempo %(date)s") % values
    lines = [
        f"- {entry.question.code} / {entry.unit.name}: {labels[entry.display_status]}"
        for entry in entries
    ]
    body = "\n".join(
        [
            _("Yth. %(name)s,") % {"name": user.display_name},
            "",
            _(
                "Batas pengisian %(cycle)s adalah %(date)s (%(days)s hari lagi). "
                "Isian %(opd)s berikut belum diajukan:"
            )
            % values,
            "",
            *lines,
            "",
            _('Jumlah: %(count)s isian. Buka "Tugas saya" di Pantau KLA untuk melengkapinya.')
            % values,
        ]
    )
    return EmailMessage(subject, body, to=[user.email])
