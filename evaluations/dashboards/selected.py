"""The selected cycle's scores, read by both dashboards and their chart views.

``select_for_dashboard`` reads ``?siklus=&jalur=`` (the dashboards offer the claimed and verified
tracks); ``load_scores`` scores the cycle in both tracks from its data, once per state of the
cycle in this process (evaluations/scores/cached.py: one query when nothing changed since).
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from indicators.models import Instrument

from ..models import Cycle
from ..names import CLAIMED, VERIFIED
from ..scores import scoring
from ..scores.cached import Computed, computed
from ..scores.loader import CycleData
from ..scores.selection import Selection, select
from .charts import TierBand

DASHBOARD_TRACKS = (CLAIMED, VERIFIED)


@dataclass(frozen=True)
class Scores:
    data: CycleData
    claimed: scoring.CycleScore
    verified: scoring.CycleScore
    computed: Computed  # the cycle's state these scores were computed in
    # (question, kecamatan) → fraction in the track whose kecamatan index was computed: the
    # index and the heat map share them, so a request computes them once.
    fractions: dict = field(default_factory=dict)
    index_track: str | None = None

    def keep(self, key, compute):
        """A result computed from these scores once per state of the cycle (and language)."""
        return self.computed.get(key, compute)

    def of(self, track: str) -> scoring.CycleScore:
        return self.verified if track == VERIFIED else self.claimed

    @property
    def at_risk(self) -> Decimal:
        """Claimed points the verification has not (yet) confirmed."""
        return self.claimed.total - self.verified.total


def load_scores(
    cycle: Cycle | None, index_track: str | None = None, *, fresh: bool = False
) -> Scores | None:
    """The cycle scored in both tracks; the kecamatan index (the costliest part with many
    kecamatan) only for ``index_track``. Computed once per state of the cycle (``fresh``: the
    state read now, not the one this process read within ``KLA_SCORES_RECHECK_SECONDS``)."""
    if cycle is None:
        return None
    state = computed(cycle, fresh=fresh)
    return state.get(
        ("dashboard scores", index_track), lambda: _scores(state, index_track), words=False
    )


def _scores(state: Computed, index_track: str | None) -> Scores:
    data = state.data
    scored = state.totals(DASHBOARD_TRACKS)
    fractions = {}
    if index_track in scored:
        fractions = scoring.unit_fractions(data.spec, data.answers, data.kecamatan, index_track)
        index = scoring.kecamatan_index(
            data.spec, data.answers, data.kecamatan, index_track, fractions=fractions
        )
        scored[index_track] = replace(scored[index_track], kecamatan_index=index)
    return Scores(data, scored[CLAIMED], scored[VERIFIED], state, fractions, index_track)


def tier_bands(spec: scoring.InstrumentSpec) -> tuple[TierBand, ...]:
    """Each tier from its minimum up to the next tier's (the top one up to the maximum score)."""
    tiers = sorted(spec.tiers, key=lambda t: t.min_score)
    tops = [t.min_score for t in tiers[1:]] + [spec.max_score]
    return tuple(
        TierBand(t.code, t.name, t.min_score, top) for t, top in zip(tiers, tops, strict=True)
    )


def no_cycle(selection: Selection) -> dict:
    """A city without a cycle yet: the page says so, naming the instrument a cycle would use."""
    return {"selection": selection, "instrument": Instrument.objects.current_for(selection.city)}


def select_for_dashboard(user, params) -> Selection:
    """The dashboards offer the claimed and verified tracks."""
    return select(user, params, DASHBOARD_TRACKS)
