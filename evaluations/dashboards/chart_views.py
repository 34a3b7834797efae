"""Chart data as JSON for Chart.js 4: one URL per chart, served by django-chartjs views.

Each view reads the dashboards' filters (``?siklus=<id>&jalur=claimed|verified``; another
city's cycle is a 404), builds its chart with the very function the page uses for the chart's
accessible table (evaluations/dashboards/), and adds to django-chartjs' ``labels`` and
``datasets`` what static/js/dashboard_charts.js needs: title, units, type, tier bands, and
whether there is anything to draw. Colours are not chosen here: each dataset names a colour
``key`` that the script reads from the CSS variables, so every page uses the same colours.
"""

from chartjs.views.lines import BaseLineChartView
from django.utils import timezone
from django.views.decorators.http import require_GET

from kla.accounts.access import role_required

from ..access import CITY_READERS, PROVINCE_READERS, REVIEWERS
from ..scores import selection
from . import dp3akb, pimpinan, province, selected
from .charts import Chart


def _number(value):
    """JSON numbers, not the strings django-chartjs' encoder would make of a Decimal."""
    return None if value is None else float(value)


class DashboardChart(BaseLineChartView):
    """Subclasses say which chart to build from the selection (the filters of the request)."""

    def build(self, selection: selection.Selection) -> Chart:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.chart = self.build(selected.select_for_dashboard(request.user, request.GET))
        return super().get(request, *args, **kwargs)

    def get_labels(self):
        return [str(label) for label in self.chart.labels]

    def get_providers(self):
        return [str(series.label) for series in self.chart.series]

    def get_data(self):
        return [[_number(v) for v in series.values] for series in self.chart.series]

    def get_dataset_options(self, index, color):
        series = self.chart.series[index]
        return {"key": series.key, "pointKeys": list(series.point_keys)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.pop("view", None)  # TemplateView's; not data
        return {**context, **self.chart.options()}


class TierProgressChart(DashboardChart):
    def build(self, selection):
        scores = selected.load_scores(selection.cycle)
        return pimpinan.tier_progress_chart(pimpinan.tier_history(selection, scores), scores)


class ClusterChart(DashboardChart):
    def build(self, selection):
        return pimpinan.cluster_chart(selected.load_scores(selection.cycle))


class KecamatanChart(DashboardChart):
    def build(self, selection):
        scores = selected.load_scores(selection.cycle, selection.track)
        return pimpinan.kecamatan_chart(scores, selection.track)


class OpdProgressChart(DashboardChart):
    def build(self, selection):
        _deadline, late = dp3akb.entry_deadline(selection.cycle, timezone.localdate())
        return dp3akb.opd_progress_chart(dp3akb.opd_progress(selection.cycle, late=late))


class ProvinceTierChart(DashboardChart):
    """The tier distribution of the user's own provinsi (no filters)."""

    def get(self, request, *args, **kwargs):
        overview = province.province_overview(request.user.provinsi, timezone.localdate())
        self.chart = province.tier_distribution_chart(overview)
        return super(DashboardChart, self).get(request, *args, **kwargs)


def chart_view(view_class, roles):
    """The same roles as the chart's page, then GET only (as every read-only page here)."""
    return role_required(*roles)(require_GET(view_class.as_view()))


tier_progress = chart_view(TierProgressChart, CITY_READERS)
clusters = chart_view(ClusterChart, CITY_READERS)
kecamatan = chart_view(KecamatanChart, CITY_READERS)
opd_progress = chart_view(OpdProgressChart, REVIEWERS)
province_tiers = chart_view(ProvinceTierChart, PROVINCE_READERS)
