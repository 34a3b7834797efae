"""The way back from an entry page to the list it was opened from, filters included.

Lists link to an entry with ``?kembali=<the list's path and query>``; the entry page's
breadcrumb leads there, and its forms carry the parameter on so that it survives a save, a
submit or an upload. Only the app's own lists are accepted (never another site: no open
redirect); anything else falls back to the person's usual list.
"""

from urllib.parse import urlencode, urlsplit

from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from kla.accounts.models import Role

LISTS = {
    "evaluations:my-tasks": _("Tugas saya"),
    "evaluations:entry-list": _("Daftar isian"),
    "evaluations:review-queue": _("Antrean verifikasi"),
    "evaluations:dashboard-pimpinan": _("Dasbor pimpinan"),
}
USUAL = {
    Role.OPERATOR_OPD: "evaluations:my-tasks",
    Role.PIMPINAN: "evaluations:dashboard-pimpinan",
}


def list_name(url: str) -> str | None:
    """The URL name of ``url`` if it is a local path of one of the lists, else None."""
    if not url.startswith("/") or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return None
    try:
        name = resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None
    return name if name in LISTS else None


def way_back(list_path: str) -> str:
    """``?kembali=<list_path>``: what a list adds to its links to entries."""
    return "?" + urlencode({"kembali": list_path})


def entry_links(entries, request) -> list:
    """The entries, each with ``link``: its page, with the way back to the list being shown."""
    way = way_back(request.get_full_path())
    entries = list(entries)
    for entry in entries:
        entry.link = reverse("evaluations:entry-detail", args=[entry.pk]) + way
    return entries


def back_link(request) -> dict:
    """``{"label", "url", "keep"}``: where the breadcrumb leads, and the query string
    (``?kembali=...`` or "") the page's forms and redirects carry on."""
    wanted = request.GET.get("kembali", "")
    name = list_name(wanted)
    if name:
        return {"label": LISTS[name], "url": wanted, "keep": way_back(wanted)}
    name = USUAL.get(request.user.role, "evaluations:entry-list")
    return {"label": LISTS[name], "url": reverse(name), "keep": ""}


def entry_url(request, entry, anchor: str = "") -> str:
    """The entry page, keeping the way back."""
    keep = back_link(request)["keep"]
    return reverse("evaluations:entry-detail", args=[entry.pk]) + keep + anchor
