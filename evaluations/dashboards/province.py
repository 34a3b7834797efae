"""The province dashboard: every kabupaten/kota of one provinsi at a glance.

Set-based: one query per kind of fact (cities, cycles, stored score snapshots, entry counts,
stages, last year's official results, tiers), whatever the number of cities; no city is scored
here, its totals come from its ScoreSnapshot rows (evaluations/scores/snapshots.py). The query
count is pinned at 3 and at 30 cities in tests/evaluations/province/test_dashboard.py.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Tier
from kla.wilayah.models import Region

from .. import names
from ..models import Cycle, Entry, OfficialResult, ScoreSnapshot, Stage
from .charts import Chart, Series


@dataclass(frozen=True)
class TierCell:
    total: Decimal | None
    code: str  # "" when no tier is reached
    name: str

    @property
    def tier(self) -> "TierCell | None":
        """Itself when a tier is reached (what the tier badge reads), else None."""
        return self if self.code else None


@dataclass(frozen=True)
class CityRow:
    code: str
    name: str
    cycle: Cycle | None
    claimed: TierCell | None
    verified: TierCell | None
    entries: int
    sent: int  # submitted or verified
    checked: int  # verified
    stage: str
    last_official: TierCell | None  # the previous year's official result

    def _percent(self, part: int) -> Decimal | None:
        return None if not self.entries else Decimal(part * 100) / self.entries

    @property
    def sent_percent(self) -> Decimal | None:
        return self._percent(self.sent)

    @property
    def checked_percent(self) -> Decimal | None:
        return self._percent(self.checked)


# ?urut=<key> (or -<key> for descending): the sortable columns and what they sort by.
SORT_KEYS = {
    "nama": lambda r: r.name,
    "diklaim": lambda r: r.claimed.total if r.claimed and r.claimed.total is not None else -1,
    "terverifikasi": lambda r: (
        r.verified.total if r.verified and r.verified.total is not None else -1
    ),
    "pengisian": lambda r: r.sent_percent if r.sent_percent is not None else -1,
    "verifikasi": lambda r: r.checked_percent if r.checked_percent is not None else -1,
    "tahap": lambda r: r.stage,
    "tahun-lalu": lambda r: (
        r.last_official.total if r.last_official and r.last_official.total is not None else -1
    ),
}
DEFAULT_SORT = "nama"
NO_STAGE = gettext_lazy("Belum ada siklus")
BETWEEN = gettext_lazy("Di antara tahap")
# The official result a year is known by: the final one, else the province's check.
OFFICIAL_ORDER = (OfficialResult.Stage.FINAL, OfficialResult.Stage.PROVINCE)


def sort_rows(rows: list[CityRow], raw: str) -> tuple[list[CityRow], str]:
    """Rows in the order of ``?urut=``; an unknown key falls back to the name."""
    key = raw.lstrip("-")
    if key not in SORT_KEYS:
        key, raw = DEFAULT_SORT, DEFAULT_SORT
    ordered = sorted(rows, key=lambda r: (SORT_KEYS[key](r), r.code), reverse=raw.startswith("-"))
    return ordered, raw


def _latest_cycles(province: Region) -> tuple[dict[int, Cycle], dict[int, Cycle]]:
    """{city id: latest cycle} and {city id: the cycle of the year before} (one query)."""
    latest, previous = {}, {}
    cycles = Cycle.objects.filter(kabupaten__parent=province).order_by("kabupaten_id", "-year")
    for cycle in cycles.only("id", "kabupaten_id", "year", "name", "instrument_id"):
        if cycle.kabupaten_id not in latest:
            latest[cycle.kabupaten_id] = cycle
        elif cycle.year == latest[cycle.kabupaten_id].year - 1:
            previous[cycle.kabupaten_id] = cycle
    return latest, previous


def _snapshots(cycle_ids) -> dict[tuple[int, str], TierCell]:
    rows = ScoreSnapshot.objects.filter(
        cycle_id__in=cycle_ids, track__in=(names.CLAIMED, names.VERIFIED)
    ).values_list("cycle_id", "track", "total", "tier_code", "tier_name")
    return {(c, track): TierCell(total, code, name) for c, track, total, code, name in rows}


def _entry_counts(cycle_ids) -> dict[int, dict]:
    """One aggregate over the cycles' entries: how many per (cycle, status), folded here into
    entries, sent and checked. Grouping by the two columns of the (cycle, status) index lets
    PostgreSQL count from the index alone (a third of the time of counting with filters)."""
    counts: dict[int, dict] = {}
    rows = (
        Entry.objects.filter(cycle_id__in=cycle_ids)
        .values_list("cycle_id", "status")
        .annotate(n=Count("*"))
        .order_by()
    )
    for cycle_id, status, n in rows:
        row = counts.setdefault(cycle_id, {"entries": 0, "sent": 0, "checked": 0})
        row["entries"] += n
        row["sent"] += n if status in (names.SUBMITTED, names.VERIFIED) else 0
        row["checked"] += n if status == names.VERIFIED else 0
    return counts


def _stages(cycle_ids, today: datetime.date) -> dict[int, str]:
    """The stage each cycle is in today (one query)."""
    current: dict[int, str] = {}
    seen: set[int] = set()
    stages = (
        Stage.objects.filter(cycle_id__in=cycle_ids)
        .order_by("cycle_id", "starts_on")
        .values_list("cycle_id", "kind", "starts_on", "ends_on")
    )
    for cycle_id, kind, starts_on, ends_on in stages:
        seen.add(cycle_id)
        if starts_on <= today <= ends_on:
            current[cycle_id] = str(dict(Stage.Kind.choices).get(kind, kind))
        elif ends_on < today and kind == Stage.Kind.PENETAPAN:
            current.setdefault(cycle_id, _("Selesai"))
    return {cycle_id: current.get(cycle_id, str(BETWEEN)) for cycle_id in seen}


def _official(cycle_ids, tier_names: dict[str, str]) -> dict[int, TierCell]:
    found: dict[int, dict[str, OfficialResult]] = {}
    for result in OfficialResult.objects.filter(cycle_id__in=cycle_ids, stage__in=OFFICIAL_ORDER):
        found.setdefault(result.cycle_id, {})[result.stage] = result
    cells = {}
    for cycle_id, by_stage in found.items():
        result = next(by_stage[s] for s in OFFICIAL_ORDER if s in by_stage)
        code = result.tier_code
        cells[cycle_id] = TierCell(result.total, code, tier_names.get(code, code))
    return cells


def _tiers(instrument_ids) -> list[tuple[str, str]]:
    """(code, name) of the tiers of these instruments, lowest first (one query)."""
    seen = {}
    for tier in Tier.objects.filter(instrument_id__in=instrument_ids).order_by("min_score"):
        seen.setdefault(tier.code, tier.name)
    return list(seen.items())


@dataclass(frozen=True)
class ProvinceOverview:
    province: Region
    rows: list[CityRow]
    tiers: list[tuple[str, str]]  # (code, name), lowest first

    def distribution(self, track: str) -> Counter:
        """Cities per tier code ("" for no tier, None for no score yet) in a track."""
        return Counter((getattr(r, track).code if getattr(r, track) else None) for r in self.rows)


def province_overview(province: Region, today: datetime.date) -> ProvinceOverview:
    """Every kabupaten/kota of ``province`` with its latest cycle's figures (seven queries)."""
    cities = list(Region.objects.kabupaten_kota().filter(parent=province).only("code", "name"))
    latest, previous = _latest_cycles(province)
    latest_ids = [c.pk for c in latest.values()]
    snapshots = _snapshots(latest_ids)
    counts = _entry_counts(latest_ids)
    stages = _stages(latest_ids, today)
    tiers = _tiers({c.instrument_id for c in [*latest.values(), *previous.values()]})
    official = _official([c.pk for c in previous.values()], dict(tiers))
    rows = []
    for city in cities:
        cycle = latest.get(city.pk)
        count = counts.get(cycle.pk, {}) if cycle else {}
        before = previous.get(city.pk)
        rows.append(
            CityRow(
                code=city.code,
                name=city.name,
                cycle=cycle,
                claimed=snapshots.get((cycle.pk, names.CLAIMED)) if cycle else None,
                verified=snapshots.get((cycle.pk, names.VERIFIED)) if cycle else None,
                entries=count.get("entries", 0),
                sent=count.get("sent", 0),
                checked=count.get("checked", 0),
                stage=stages.get(cycle.pk, str(BETWEEN)) if cycle else str(NO_STAGE),
                last_official=official.get(before.pk) if before else None,
            )
        )
    return ProvinceOverview(province, rows, tiers)


def tier_distribution_chart(overview: ProvinceOverview) -> Chart:
    """How many kabupaten/kota are in each tier, claimed and verified (from the snapshots)."""
    columns = [("", _("Belum berpredikat")), *overview.tiers]
    claimed = overview.distribution(names.CLAIMED)
    verified = overview.distribution(names.VERIFIED)
    return Chart(
        title=_("Sebaran predikat kabupaten/kota"),
        units=_("Jumlah kabupaten/kota"),
        heading=_("Predikat"),
        labels=tuple(name for _code, name in columns),
        series=(
            Series(
                names.CLAIMED,
                str(ScoreSnapshot.Track.CLAIMED.label),
                tuple(claimed[code] for code, _name in columns),
            ),
            Series(
                names.VERIFIED,
                str(ScoreSnapshot.Track.VERIFIED.label),
                tuple(verified[code] for code, _name in columns),
                point_keys=tuple(f"tier-{code or 'none'}" for code, _name in columns),
            ),
        ),
        places=0,
    )
