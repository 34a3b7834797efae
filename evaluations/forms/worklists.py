"""The filters of "Tugas saya" (GET parameters, validated like any other input)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import Indicator
from kla.wilayah.models import Region

from ..models import DISPLAY_STATUSES, Cycle

# A draft with no value yet is shown as "Kosong" (empty) in every worklist.
STATUS_CHOICES = list(DISPLAY_STATUSES)


class TaskFilterForm(forms.Form):
    indikator = forms.ModelChoiceField(
        label=gettext_lazy("Indikator"),
        queryset=Indicator.objects.none(),
        required=False,
        empty_label=gettext_lazy("Semua indikator"),
        error_messages={"invalid_choice": gettext_lazy("Indikator tidak dikenal.")},
    )
    kecamatan = forms.ModelChoiceField(
        label=gettext_lazy("Kecamatan"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=gettext_lazy("Semua unit"),
        error_messages={"invalid_choice": gettext_lazy("Kecamatan tidak dikenal.")},
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Semua status")), *STATUS_CHOICES],
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Status tidak dikenal.")},
    )

    def __init__(self, *args, cycle: Cycle, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indikator"].queryset = Indicator.objects.filter(
            questions__assignments__cycle=cycle, questions__assignments__opd=opd
        ).distinct()
        self.fields["indikator"].label_from_instance = lambda i: f"{i.code} {i.name}"
        self.fields["kecamatan"].queryset = Region.objects.kecamatan_of(cycle.kabupaten_id)
        self.fields["kecamatan"].label_from_instance = lambda region: region.name
        reset = reverse("evaluations:my-tasks")
        apply_label, reset_label = _("Saring"), _("Hapus saringan")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Row(
                Column("indikator", css_class="col-md-4"),
                Column("kecamatan", css_class="col-md-3"),
                Column("status", css_class="col-md-2"),
                Column(
                    HTML(
                        f'<button type="submit" class="btn btn-primary">{apply_label}</button>'
                        f'<a class="btn btn-link" href="{reset}">{reset_label}</a>'
                    ),
                    css_class="col-md-3 d-flex align-items-end mb-3 text-nowrap",
                ),
            )
        )

    def apply(self, entries):
        """The entries narrowed by the filters that are valid (an invalid one is ignored)."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        if data.get("indikator"):
            entries = entries.filter(question__indicator=data["indikator"])
        if data.get("kecamatan"):
            entries = entries.filter(unit=data["kecamatan"])
        if data.get("status"):
            entries = entries.filter(display_status=data["status"])
        return entries
