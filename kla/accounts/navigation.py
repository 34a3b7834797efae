"""The main menu, built per role on the server (a hidden link is not a permission check)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]


MENU = [
    NavItem(_("Beranda"), "home", tuple(Role.values)),
    NavItem(_("Instrumen"), "indicators:instrument-current", tuple(Role.values)),
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
            items.append({"label": item.label, "url": url, "active": active})
    return {"nav_items": items}
