"""Forms of the Admin KLA pages: cycles, stage windows, reopening, assignments."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Instrument
from kla.choice_fields import ModelChoiceField
from kla.forms import AngkaField
from kla.organisations.models import Opd
from kla.validators import no_control_characters

from ..models import Cycle, Stage

# Dates of a cycle lie in the years a cycle may have (CycleForm.year): a stage ending on
# 9999-12-31 once broke the cycle-create page, which moves the last cycle's dates a year on.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
DATE_WIDGET = forms.DateInput(
    attrs={"type": "date", "min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()},
    format="%Y-%m-%d",
)


def within_years(day: datetime.date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise forms.ValidationError(
            _("Tanggal harus antara tahun %(first)s dan %(last)s.")
            % {"first": FIRST_DAY.year, "last": LAST_DAY.year},
            code="out_of_range",
        )


def date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE_WIDGET,
        validators=[within_years],
        error_messages={
            "required": gettext_lazy("Tanggal wajib diisi."),
            "invalid": gettext_lazy("Tanggal tidak valid; tulis sebagai tttt-bb-hh."),
        },
    )


class StageDatesForm(forms.Form):
    """Start and end date of each of the five stages; an end before its start is refused."""

    submit_label = gettext_lazy("Simpan tanggal")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = []
        for kind, label in Stage.Kind.choices:
            self.fields[f"{kind}_mulai"] = date_field(gettext_lazy("Mulai"))
            self.fields[f"{kind}_selesai"] = date_field(gettext_lazy("Selesai"))
            rows.append(
                Fieldset(
                    label,
                    Row(
                        Column(f"{kind}_mulai", css_class="col-sm-6"),
                        Column(f"{kind}_selesai", css_class="col-sm-6"),
                    ),
                )
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *self.leading_fields(), *rows, Submit("simpan", self.submit_label)
        )

    def leading_fields(self) -> list:
        return []

    def clean(self):
        cleaned = super().clean()
        for kind in Stage.Kind.values:
            starts, ends = cleaned.get(f"{kind}_mulai"), cleaned.get(f"{kind}_selesai")
            if starts and ends and ends < starts:
                self.add_error(
                    f"{kind}_selesai", _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
                )
        return cleaned

    @property
    def stages(self) -> dict[str, tuple[datetime.date, datetime.date]]:
        data = self.cleaned_data
        return {
            kind: (data[f"{kind}_mulai"], data[f"{kind}_selesai"]) for kind in Stage.Kind.values
        }

    @staticmethod
    def initial_from(cycle: Cycle) -> dict:
        initial = {}
        for stage in cycle.stages.all():
            initial[f"{stage.kind}_mulai"] = stage.starts_on
            initial[f"{stage.kind}_selesai"] = stage.ends_on
        return initial


class CycleForm(StageDatesForm):
    submit_label = gettext_lazy("Buat siklus")

    year = AngkaField(
        integer=True,
        grouped=False,
        max_digits=4,
        label=gettext_lazy("Tahun"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": gettext_lazy("Tahun wajib diisi."),
            "invalid": gettext_lazy("Tahun harus berupa angka."),
            "min_value": gettext_lazy("Tahun paling awal 2000."),
            "max_value": gettext_lazy("Tahun paling akhir 2100."),
        },
    )
    name = forms.CharField(
        label=gettext_lazy("Nama"),
        max_length=80,
        required=False,
        validators=[no_control_characters],
        help_text=gettext_lazy("Kosongkan untuk memakai nama bawaan, mis. KLA 2027."),
    )
    instrument = ModelChoiceField(
        label=gettext_lazy("Instrumen"),
        queryset=Instrument.objects.all(),
        error_messages={"required": gettext_lazy("Pilih instrumen.")},
    )

    def __init__(self, *args, kabupaten, **kwargs):
        self.kabupaten = kabupaten
        super().__init__(*args, **kwargs)

    def leading_fields(self) -> list:
        note = _("Penugasan OPD disalin dari siklus sebelumnya.")
        return [
            Row(
                Column("year", css_class="col-sm-3"),
                Column("name", css_class="col-sm-4"),
                Column("instrument", css_class="col-sm-5"),
            ),
            HTML(f'<p class="small text-body-secondary">{note}</p>'),
        ]

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if Cycle.objects.filter(kabupaten=self.kabupaten, year=year).exists():
            raise forms.ValidationError(_("Siklus tahun %(year)s sudah ada.") % {"year": year})
        return year


class ReopenForm(forms.Form):
    until = date_field(gettext_lazy("Dibuka sampai"))
    reason = forms.CharField(
        label=gettext_lazy("Alasan"),
        max_length=2000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Alasan membuka kembali wajib diisi.")},
    )

    def __init__(self, *args, cycle: Cycle, **kwargs):
        self.cycle = cycle
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "until", "reason", Submit("buka", _("Buka kembali"), css_class="btn-warning")
        )

    def clean_until(self) -> datetime.date:
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise forms.ValidationError(_("Tanggal tidak boleh sebelum hari ini."))
        deadline = self.cycle.entry_deadline()
        if deadline and until <= deadline:
            raise forms.ValidationError(
                _("Pengisian sudah terbuka sampai %(date)s; pilih tanggal sesudahnya.")
                % {"date": f"{deadline:%d-%m-%Y}"}
            )
        return until

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Alasan membuka kembali wajib diisi."))
        return reason


class ReassignForm(forms.Form):
    opd = ModelChoiceField(
        label=gettext_lazy("OPD"),
        queryset=Opd.objects.none(),
        error_messages={
            "required": gettext_lazy("Pilih OPD."),
            "invalid_choice": gettext_lazy("OPD tidak dikenal di kabupaten/kota ini."),
        },
    )

    def __init__(self, *args, kabupaten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = Opd.objects.of_city(kabupaten)
        self.fields["opd"].label_from_instance = lambda opd: f"{opd.code} · {opd.name}"
        self.helper = FormHelper()
        self.helper.layout = Layout("opd", Submit("pindahkan", _("Pindahkan")))
