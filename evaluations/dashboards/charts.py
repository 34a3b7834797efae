"""Charts as plain values: what Chart.js draws and what each chart's accessible table lists,
from one source (built by the dashboards, served as JSON by evaluations/dashboards/chart_views.py,
tabled by templates/evaluations/dashboards/_chart_card.html)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class TierBand:
    code: str
    name: str
    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class Series:
    key: str  # colour: the CSS variable --chart-<key>, or --<key> for tiers ("tier-madya")
    label: str
    values: tuple[Decimal | int | None, ...]
    point_keys: tuple[str, ...] = ()  # a colour per point (the tier each year reached)


@dataclass(frozen=True)
class Chart:
    """One chart: what Chart.js draws and what its accessible table lists, from one source."""

    title: str
    units: str
    heading: str  # what a label is ("Tahun", "Klaster", ...): the table's first column
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    long_labels: tuple[str, ...] = ()  # full names for the table and tooltips
    kind: str = "bar"  # "bar" | "line"
    horizontal: bool = False
    stacked: bool = False
    places: int = 2
    bands: tuple[TierBand, ...] = ()
    y_min: Decimal | None = None
    y_max: Decimal | None = None
    notes: tuple[str, ...] = ()  # extra text columns of the table
    note_rows: tuple[tuple[str, ...], ...] = ()
    # Where each number of the table leads (its entries), per row: one URL per series then one
    # per note ("" for none). Only the table has links; the chart stays a picture.
    links: tuple[tuple[str, ...], ...] = ()

    @property
    def empty(self) -> bool:
        return not any(v is not None for s in self.series for v in s.values)

    @property
    def rows(self) -> list[tuple[str, str, list, list]]:
        """(label, full name, (value, link) per series, (note, link) per note) per label, for
        the table."""
        names = self.long_labels or self.labels
        notes = self.note_rows or [()] * len(self.labels)
        width = len(self.series) + len(self.notes)
        links = self.links or [("",) * width] * len(self.labels)
        return [
            (
                self.labels[i],
                names[i],
                list(zip([s.values[i] for s in self.series], links[i], strict=False)),
                list(zip(notes[i], links[i][len(self.series) :], strict=False)),
            )
            for i in range(len(self.labels))
        ]

    @property
    def height(self) -> int:
        """Pixels for the canvas box: horizontal bars need room per label to stay readable."""
        return max(260, 70 + 30 * len(self.labels)) if self.horizontal else 300

    def options(self) -> dict:
        """What Chart.js needs besides labels and datasets (served by the JSON views)."""
        return {
            "title": str(self.title),
            "units": str(self.units),
            "type": self.kind,
            "horizontal": self.horizontal,
            "stacked": self.stacked,
            "places": self.places,
            "longLabels": [str(label) for label in self.long_labels],
            "bands": [
                {"code": b.code, "name": b.name, "low": float(b.low), "high": float(b.high)}
                for b in self.bands
            ],
            "yMin": None if self.y_min is None else float(self.y_min),
            "yMax": None if self.y_max is None else float(self.y_max),
            "empty": self.empty,
            "emptyText": _("Belum ada data"),
        }

    def payload(self) -> dict:
        """What the chart's JSON view serves (django-chartjs' labels and datasets plus
        ``options``), for embedding in the page so a visit needs no second request."""
        datasets = [
            {
                "data": [None if v is None else float(v) for v in series.values],
                "key": series.key,
                "pointKeys": list(series.point_keys),
                "label": str(series.label),
            }
            for series in self.series
        ]
        return {
            "labels": [str(label) for label in self.labels],
            "datasets": datasets,
            **self.options(),
        }
