"""The filters of the entry lists ("Tugas saya", "Daftar isian", the verification queue): GET
parameters in the URL, validated like any other input.

Values are codes (``?opd=DINKES&indikator=III-12&kecamatan=36.73.01&status=returned``), so a
link from a count on a dashboard reads as what it selects.
"""

from urllib.parse import urlencode

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Indicator
from kla.choice_fields import ModelChoiceField
from kla.crispy_cache import CachedCrispyHtml
from kla.organisations.models import Opd
from kla.wilayah.models import Region

from ..models import DISPLAY_STATUSES, Cycle
from ..querysets import PENDING

# A draft with no value yet is shown as "Kosong" (empty) in every worklist.
STATUS_CHOICES = list(DISPLAY_STATUSES)
# The parameters of every list, in the order links are built (status badges, breadcrumbs).
FILTER_NAMES = ("opd", "indikator", "kecamatan", "status", "terlambat")


def by_code(model, label, everything, unknown) -> ModelChoiceField:
    """A filter picked by its code in the URL (``?opd=DINKES``); the queryset is set per city."""
    return ModelChoiceField(
        label=label,
        queryset=model.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=everything,
        error_messages={"invalid_choice": unknown},
    )


class EntryFilterForm(CachedCrispyHtml, forms.Form):
    opd = by_code(
        Opd, gettext_lazy("OPD"), gettext_lazy("Semua OPD"), gettext_lazy("OPD tidak dikenal.")
    )
    indikator = by_code(
        Indicator,
        gettext_lazy("Indikator"),
        gettext_lazy("Semua indikator"),
        gettext_lazy("Indikator tidak dikenal."),
    )
    kecamatan = by_code(
        Region,
        gettext_lazy("Kecamatan"),
        gettext_lazy("Semua unit"),
        gettext_lazy("Kecamatan tidak dikenal."),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Semua status")), *STATUS_CHOICES],
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Status tidak dikenal.")},
    )
    terlambat = forms.BooleanField(label=gettext_lazy("Hanya yang terlambat"), required=False)

    def __init__(self, *args, cycle: Cycle, action: str, opd=None, queue: bool = False, **kwargs):
        """``opd``: the operator's own OPD (no OPD filter then); ``queue``: the verification
        queue, where every entry is submitted (no status or overdue filter)."""
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.filter(cluster__instrument=cycle.instrument_id)
        if opd is not None:
            del self.fields["opd"]
            indicators = indicators.filter(
                questions__assignments__cycle=cycle, questions__assignments__opd=opd
            ).distinct()
        else:
            self.fields["opd"].queryset = Opd.objects.filter(kabupaten_id=cycle.kabupaten_id)
            self.fields["opd"].label_from_instance = lambda o: f"{o.code} – {o.name}"
        if queue:
            del self.fields["status"], self.fields["terlambat"]
        self.fields["indikator"].queryset = indicators.order_by("cluster__position", "position")
        self.fields["indikator"].label_from_instance = lambda i: f"{i.code} {i.name}"
        self.fields["kecamatan"].queryset = Region.objects.kecamatan_of(cycle.kabupaten_id)
        self.fields["kecamatan"].label_from_instance = lambda region: region.name
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = action
        buttons = format_html(
            '<button type="submit" class="btn btn-primary">{}</button>'
            '<a class="btn btn-link" href="{}">{}</a>',
            _("Saring"),
            action,
            _("Hapus saringan"),
        )
        columns = [Column(name, css_class="col-sm-6 col-lg") for name in self.fields]
        columns.append(
            Column(HTML(buttons), css_class="col-lg-auto d-flex align-items-end mb-3 text-nowrap")
        )
        self.helper.layout = Layout(Row(*columns))

    @property
    def data_or_empty(self) -> dict:
        return self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})

    def apply(self, entries, *, overdue: bool, status: bool = True):
        """The entries narrowed by the filters that are valid (an invalid one is ignored).

        ``entries`` must carry ``display_status``. "Terlambat" is what the progress page counts
        as late: not yet submitted (empty, draft, returned) once the deadline has passed.
        ``status=False`` leaves the status filter out (the counts on the status badges)."""
        data = self.data_or_empty
        if data.get("opd"):
            entries = entries.assigned_to(data["opd"])
        if data.get("indikator"):
            entries = entries.filter(question__indicator=data["indikator"])
        if data.get("kecamatan"):
            entries = entries.filter(unit=data["kecamatan"])
        if status and data.get("status"):
            entries = entries.filter(display_status=data["status"])
        if data.get("terlambat"):
            entries = entries.filter(PENDING) if overdue else entries.none()
        return entries

    def narrows(self, *, status: bool = True) -> bool:
        """Whether ``apply`` (with the same ``status``) may leave an entry out."""
        data = self.data_or_empty
        return any(data.get(name) for name in FILTER_NAMES if status or name != "status")

    def query(self, **changes) -> str:
        """The valid filters as a query string, with ``changes`` (a value of None drops one)."""
        values = {}
        for name, value in self.data_or_empty.items():
            if value:
                values[name] = getattr(value, "code", "1" if value is True else value)
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})
