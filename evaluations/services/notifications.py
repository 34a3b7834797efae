"""Telling people what happened to the entries they work on, and what is due: in-app notices
and e-mail. Operators hear of reviews and of reviewers' comments; reviewers hear of a returned
entry submitted again and of operators' comments. Everything here runs after commit
(services/side_effects.py)."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kla.accounts.access import REVIEWERS
from kla.accounts.models import Role

from ..forms.worklists import STATUS_CHOICES
from ..models import Assignment, AuditRecord, Comment, Cycle, Entry, Notification
from ..models.records import notice_text
from ..querysets import WORKLIST_ORDER
from .side_effects import after_commit


def operators_of_entry(entry: Entry):
    """Active operators of the OPD the entry's question is assigned to in its cycle."""
    opd_ids = Assignment.objects.filter(cycle_id=entry.cycle_id, question_id=entry.question_id)
    return get_user_model().objects.filter(
        is_active=True, role=Role.OPERATOR_OPD, opd_id__in=opd_ids.values("opd_id")
    )


def reviewers_of_entry(entry: Entry, *, exclude=None):
    """Who reviews ``entry``: the Admin KLA and Verifikator who returned, verified or commented
    on it; before any of them has, every active Verifikator of the city."""
    users = get_user_model().objects.filter(is_active=True, role__in=REVIEWERS)
    touched = AuditRecord.objects.filter(
        entry=entry,
        action__in=[
            AuditRecord.Action.ENTRY_RETURNED,
            AuditRecord.Action.ENTRY_VERIFIED,
            AuditRecord.Action.COMMENT_ADDED,
        ],
    ).values("actor")
    found = users.filter(pk__in=touched)
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    if found.exists():
        return found
    city = users.filter(role=Role.VERIFIKATOR, kabupaten_id=entry.cycle.kabupaten_id)
    return city.exclude(pk=exclude.pk) if exclude is not None else city


def entry_params(entry: Entry, actor, **more) -> dict:
    return {
        "code": entry.question.code,
        "unit": entry.unit.name,
        "actor": actor.display_name,
        "entry": entry.pk,
        **more,
    }


def tell(entry: Entry, recipients, kind: str, params: dict) -> None:
    """An in-app notice to each recipient; its words are chosen when it is read."""
    with translation.override(settings.LANGUAGE_CODE):
        message = notice_text(kind, params)[:300]
    Notification.objects.bulk_create(
        Notification(recipient=user, entry=entry, kind=kind, params=params, message=message)
        for user in recipients
    )


def mail(entry: Entry, recipients, kind: str, params: dict) -> None:
    """The same news by e-mail (in Indonesian, the app's language), to those with an address."""
    with translation.override(settings.LANGUAGE_CODE):
        what = Notification.Kind(kind).label
        if kind == Notification.Kind.REVIEWED:
            what = Entry.Status(params["status"]).label
        subject = _("[Pantau KLA] %(code)s / %(unit)s: %(what)s") % {
            **params,
            "what": str(what).lower(),
        }
        body = "\n\n".join(
            [
                notice_text(kind, params),
                _("Oleh: %(actor)s") % params,
                _("Buka Pantau KLA untuk melihat isian ini."),
            ]
        )
    emails = [
        EmailMessage(subject, body, to=[user.email]) for user in recipients if user.email.strip()
    ]
    if emails:
        get_connection().send_messages(emails)


def review_params(entry: Entry, actor) -> dict:
    reason = entry.return_reason if entry.status == Entry.Status.RETURNED else ""
    return entry_params(entry, actor, status=entry.status, reason=reason)


def notice_reviewed(entry: Entry, *, actor) -> None:
    """In-app notices to the entry's operators after it was verified or returned."""
    tell(entry, operators_of_entry(entry), Notification.Kind.REVIEWED, review_params(entry, actor))


def mail_reviewed(entry: Entry, *, actor) -> None:
    mail(entry, operators_of_entry(entry), Notification.Kind.REVIEWED, review_params(entry, actor))


def notify_resubmitted(entry: Entry, *, actor) -> None:
    """A returned entry is submitted again: tell its reviewers, in the app, then by e-mail (each
    run after commit on its own, so an unreachable mail server costs the e-mail only)."""
    recipients = list(reviewers_of_entry(entry, exclude=actor))
    params = entry_params(entry, actor)
    after_commit(tell, entry, recipients, Notification.Kind.RESUBMITTED, params)
    after_commit(mail, entry, recipients, Notification.Kind.RESUBMITTED, params)


def notify_commented(comment: Comment) -> None:
    """A comment goes to the other side: an operator's to the entry's reviewers, a reviewer's
    to the entry's operators (never to its author)."""
    entry, author = comment.entry, comment.author
    if author.role == Role.OPERATOR_OPD:
        recipients = list(reviewers_of_entry(entry, exclude=author))
    else:
        recipients = list(operators_of_entry(entry).exclude(pk=author.pk))
    params = entry_params(entry, author, text=comment.text[:200])
    after_commit(tell, entry, recipients, Notification.Kind.COMMENTED, params)
    after_commit(mail, entry, recipients, Notification.Kind.COMMENTED, params)


def mark_read_for_entry(user, entry: Entry) -> int:
    """Opening an entry reads the notices about it (the notice's "Buka isian" leads there)."""
    return user.notifications.filter(entry=entry, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def city_reviewers(entry: Entry, *, actor):
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
        for user in city_reviewers(entry, actor=actor)
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
    recipients = city_reviewers(entry, actor=actor).exclude(email="")
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
