"""The walikota's "Ringkasan eksekutif": an A4 PDF to take into a meeting (WeasyPrint).

Its figures are the Pimpinan dashboard's own: ``pimpinan_dashboard`` for the same selection
(``?siklus=&jalur=``) gives the scores, the yearly history, the kecamatan and the steps to the
next tier; the DP3AKB dashboard's ``opd_progress`` gives the open work per OPD. The verified
total is the headline, the claimed one beside it (the province believes only the first). The
page is a Django template; WeasyPrint lays it out with the footer (city, cycle, instrument,
generation time in Asia/Jakarta, page x of y) in the page margins.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import names
from ..dashboards.dp3akb import entry_deadline, opd_progress
from ..dashboards.pimpinan import pimpinan_dashboard
from ..models import ScoreSnapshot
from ..names import CLAIMED, VERIFIED
from ..scores import scoring
from ..scores.selection import Selection
from . import pdf_layout
from .svg_chart import line_chart_svg


def css_string(text: str) -> str:
    """``text`` as a CSS string literal (the footer's content)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def summary_context(selection: Selection) -> dict:
    """What the PDF shows; the selection must have a cycle."""
    # The state read now: the PDF also reads the OPDs' progress from the rows themselves.
    context = pimpinan_dashboard(selection, fresh=True)
    cycle, scores = selection.cycle, context["scores"]
    _deadline, late = entry_deadline(cycle, timezone.localdate())
    generated = date_format(timezone.localtime(), "j F Y H:i")
    footer = _("%(city)s · %(cycle)s · %(instrument)s · dibuat %(when)s WIB") % {
        "city": selection.city.name,
        "cycle": cycle.name,
        "instrument": cycle.instrument.name,
        "when": generated,
    }
    # Both tracks' kecamatan index (the dashboard computes it for the selected track only).
    data = scores.data
    verified_ranking = scoring.kecamatan_index(data.spec, data.answers, data.kecamatan, VERIFIED)
    claimed_index = {
        k.code: k.index
        for k in scoring.kecamatan_index(data.spec, data.answers, data.kecamatan, CLAIMED)
    }
    kecamatan = [
        {
            "rank": rank,
            "name": data.kecamatan_names[k.code],
            "verified": k.index,
            "claimed": claimed_index[k.code],
        }
        for rank, k in enumerate(verified_ranking, start=1)
    ]
    return {
        **context,
        "cycle": cycle,
        "city": selection.city,
        "verified": scores.verified,
        "claimed": scores.claimed,
        "track_label": str(ScoreSnapshot.Track(selection.track).label),
        "history_svg": line_chart_svg(context["history"]),
        "cluster_rows": _cluster_rows(scores),
        "kecamatan_rows": kecamatan,
        "opd_rows": [row for row in opd_progress(cycle, late=late) if _open(row)],
        "generated": generated,
        "footer_left": css_string(footer),
        "page_label": css_string(_("Halaman")),
        "of_label": css_string(_("dari")),
    }


def _cluster_rows(scores) -> list[dict]:
    verified = {c.code: c.earned for c in scores.verified.clusters}
    return [
        {
            "name": c.name,
            "max": c.max_points,
            "claimed": c.earned,
            "verified": verified[c.code],
            "percent": verified[c.code] * 100 / c.max_points if c.max_points else 0,
        }
        for c in scores.claimed.clusters
    ]


def _open(row) -> bool:
    """An OPD with entries still to be filled, submitted or verified."""
    return row.total - row.counts[names.VERIFIED] > 0


def render_summary_pdf(selection: Selection) -> bytes:
    html = render_to_string("evaluations/exports/summary_pdf.html", summary_context(selection))
    return pdf_layout.write_pdf(html)


def summary_filename(selection: Selection) -> str:
    return f"ringkasan-eksekutif-{selection.city.code}-{selection.cycle.year}.pdf"
