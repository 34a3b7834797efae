"""The main menu, built per role on the server (a hidden link is not a permission check)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .access import CITY_ROLES, MANAGERS, OVERSEERS, PROVINCE_READERS, REVIEWERS, SIMULATORS
from .models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    # Dotted path of ``f(user) -> int`` shown as a badge when non-zero (apps stay decoupled).
    badge: str = ""


MENU = [
    NavItem(_("Beranda"), "home", tuple(Role.values)),
    NavItem(_("Instrumen"), "indicators:instrument-current", CITY_ROLES),
    NavItem(_("Tugas saya"), "evaluations:my-tasks", (Role.OPERATOR_OPD,)),
    NavItem(_("Verifikasi"), "evaluations:review-queue", REVIEWERS),
    NavItem(_("Progres"), "evaluations:progress", OVERSEERS),
    NavItem(_("Skor"), "evaluations:score", OVERSEERS),
    NavItem(_("Simulasi"), "evaluations:what-if", SIMULATORS),
    NavItem(_("Siklus"), "evaluations:cycle-list", MANAGERS),
    NavItem(_("Pengguna"), "accounts:user-list", MANAGERS),  # issue 9: users of the city
    # The province's people (issue 12)
    NavItem(_("Kabupaten/kota"), "evaluations:dashboard-province", PROVINCE_READERS),
    NavItem(
        _("Notifikasi"),
        "evaluations:notification-list",
        CITY_ROLES,
        badge="evaluations.services.notifications.unread_count",
    ),
]


def nav_items(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in MENU:
        if user.role in item.roles:
            url = reverse(item.url_name)
            active = request.path == url or (url != "/" and request.path.startswith(url))
            badge = import_string(item.badge)(user) if item.badge else 0
            items.append({"label": item.label, "url": url, "active": active, "badge": badge})
    return {"nav_items": items}
