"""Which cycle and track a read-only page shows: ``?siklus=<id>&jalur=<track>``.

Shared by the score pages and the dashboards, so the same link means the same thing on both.
One query (the city's cycles, which also fill the page's cycle filter), plus one for a province
user's ``?kota=`` (evaluations/access.py ``city_for``). A cycle id of another city, or not a
number, is a 404; no id means the city's latest cycle; an unknown track falls
back to the claimed one.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404

from kla.accounts.models import PROVINCE_ROLES
from kla.wilayah.models import Region

from .. import access, names
from ..models import Cycle, ScoreSnapshot

DEFAULT_TRACK = names.CLAIMED


@dataclass(frozen=True)
class Selection:
    city: Region  # the user's kabupaten/kota (or the one a province user opened)
    cycles: tuple[Cycle, ...]  # the city's cycles, newest first
    cycle: Cycle | None
    track: str
    tracks: tuple[str, ...]  # the tracks this page offers
    city_param: str = ""  # ?kota= for a province user (kept in every link and chart URL)

    @property
    def track_label(self) -> str:
        return str(ScoreSnapshot.Track(self.track).label)

    @property
    def query(self) -> str:
        """The same filters as a query string (chart URLs, links between pages)."""
        params = {access.CITY_PARAM: self.city_param} if self.city_param else {}
        params |= {"siklus": self.cycle.pk} if self.cycle else {}
        return urlencode({**params, "jalur": self.track})

    @property
    def track_choices(self) -> list[tuple[str, str]]:
        return [(track, ScoreSnapshot.Track(track).label) for track in self.tracks]


def select(user, params, tracks: tuple[str, ...] = names.TRACKS) -> Selection:
    city = access.city_for(user, params)
    cycles = tuple(
        access.cycles_of(city).select_related("kabupaten", "instrument").order_by("-year")
    )
    raw = params.get("siklus", "")
    if raw:
        cycle = next((c for c in cycles if str(c.pk) == raw), None)
        if cycle is None:
            raise Http404
    else:
        cycle = cycles[0] if cycles else None
    track = params.get("jalur", DEFAULT_TRACK)
    track = track if track in tracks else DEFAULT_TRACK
    city_param = city.code if user.role in PROVINCE_ROLES else ""
    return Selection(city, cycles, cycle, track, tracks, city_param)
