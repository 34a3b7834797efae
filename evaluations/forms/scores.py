"""Forms of the score pages: an official result, and the what-if answers.

The what-if form validates every value as the entry form does (shared checks in
``answer_values``) and turns the answers that differ from the stored ones into
``next_tier.what_if`` changes. Nothing here writes to the database.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kla.forms import AngkaField

from .. import names
from ..answer_values import percentage_errors
from ..models import Cycle, OfficialResult
from ..scores import scoring
from ..scores.loader import CycleData, QuestionInfo


class OfficialResultForm(forms.Form):
    stage = forms.ChoiceField(label=gettext_lazy("Tahap"), choices=OfficialResult.Stage.choices)
    total = AngkaField(
        label=gettext_lazy("Skor resmi"),
        required=False,
        min_value=Decimal(0),
        max_digits=8,
        decimal_places=2,
        help_text=gettext_lazy("Mis. 612,45. Kosongkan bila hanya predikat yang diumumkan."),
    )
    tier_code = forms.ChoiceField(label=gettext_lazy("Predikat"), required=False)
    note = forms.CharField(
        label=gettext_lazy("Catatan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Mis. sumber pengumuman, nomor surat."),
    )

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        maximum = cycle.instrument.max_score
        self.fields["total"].set_max(maximum)
        tiers = [(t.code, t.name) for t in cycle.instrument.tiers.all()]
        self.fields["tier_code"].choices = [("", _("— tanpa predikat —")), *tiers]
        self.helper = FormHelper()
        self.helper.add_input(Submit("simpan", _("Simpan hasil resmi")))


YES_NO_CHOICES = [("ya", gettext_lazy("Ya")), ("tidak", gettext_lazy("Tidak"))]
YES = {"ya": True, "tidak": False, "": None}
SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})
CHECKBOX = forms.CheckboxInput(attrs={"class": "form-check-input"})
NUMBER = {"class": "form-control form-control-sm"}
LABELS = {
    "pilihan": gettext_lazy("pilihan"),
    "pembilang": gettext_lazy("pembilang"),
    "penyebut": gettext_lazy("penyebut"),
    "ya": gettext_lazy("ya/tidak"),
    "dokumen": gettext_lazy("dokumen lengkap"),
    "hitung": gettext_lazy("anggap dihitung pada jalur ini"),
}


@dataclass
class WhatIfRow:
    """One (question, unit) of the form: its fields and the stored answer it starts from."""

    question: QuestionInfo
    spec: scoring.QuestionSpec
    unit: str
    unit_name: str
    prefix: str
    current: scoring.Answer | None
    current_option: str
    form: "WhatIfForm"

    def __getitem__(self, suffix: str):
        """``row.pembilang`` in a template: the bound field ``<prefix>-pembilang``."""
        return self.form[f"{self.prefix}-{suffix}"]

    # Which fields the row has, for the template (the kinds are named in names.py, not there).
    @property
    def is_option(self) -> bool:
        return self.spec.kind == names.OPTION

    @property
    def is_percentage(self) -> bool:
        return self.spec.kind == names.PERCENTAGE

    @property
    def is_existence(self) -> bool:
        return self.spec.kind == names.EXISTENCE

    @property
    def key_field(self) -> str:
        """The field whose presence in the POST data says this row was sent."""
        suffix = {names.OPTION: "pilihan", names.PERCENTAGE: "pembilang"}.get(self.spec.kind, "ya")
        return f"{self.prefix}-{suffix}"

    @property
    def can_count(self) -> bool:
        """Has a value the track does not count yet: the page offers to count it."""
        return f"{self.prefix}-hitung" in self.form.fields

    @property
    def errors(self) -> list[str]:
        return [
            message
            for name, messages in self.form.errors.items()
            if name.startswith(f"{self.prefix}-")
            for message in messages
        ]

    @property
    def documents_complete(self) -> bool:
        attached = self.current.documents if self.current else frozenset()
        return self.spec.required_documents <= attached


class WhatIfForm(forms.Form):
    """Every (question, unit) of the cycle, prefilled with the stored answer.

    A row absent from the data is unchanged (the page's script sends only the rows edited);
    a row present with values that differ from the stored ones becomes a change, counted in
    the chosen track (as if submitted, or verified).
    """

    def __init__(
        self,
        data=None,
        *,
        cycle_data: CycleData,
        options,
        current_options,
        track,
        open_questions: set[str] | None = None,
    ):
        super().__init__(data)
        self.cycle_data, self.options, self.track = cycle_data, options, track
        self.rows: list[WhatIfRow] = []
        # With many kecamatan only the questions opened (``open_questions``) get a row per
        # kecamatan, plus any row the data sends: a 40-kecamatan city would otherwise render
        # some 2,400 widgets. ``None`` opens every question.
        sent = {key.rsplit("-", 1)[0] for key in (data or {})}
        self.closed: set[str] = set()
        self.points = {spec.code: spec.points for spec in cycle_data.spec.questions}
        for spec in cycle_data.spec.questions:
            info = cycle_data.questions[spec.code]
            opened = (
                open_questions is None or spec.level == names.KOTA or spec.code in open_questions
            )
            for unit in scoring.units_of(spec, cycle_data.kecamatan):
                if not opened and f"q{info.pk}-{unit}" not in sent:
                    self.closed.add(spec.code)
                    continue
                current = cycle_data.answers.get(spec.code, {}).get(unit)
                row = WhatIfRow(
                    question=info,
                    spec=spec,
                    unit=unit,
                    unit_name=cycle_data.unit_name(unit),
                    prefix=f"q{info.pk}-{unit}",
                    current=current,
                    current_option=current_options.get((spec.code, unit), ""),
                    form=self,
                )
                self._add_fields(row)
                self.rows.append(row)

    def _add_fields(self, row: WhatIfRow) -> None:
        current, kind, name = row.current, row.spec.kind, row.prefix
        if kind == names.OPTION:
            choices = [("", _("— belum diisi —"))] + [
                (code, label) for code, label, _share in self.options.get(row.spec.code, ())
            ]
            self.fields[f"{name}-pilihan"] = forms.ChoiceField(
                required=False, choices=choices, initial=row.current_option, widget=SELECT
            )
        elif kind == names.PERCENTAGE:
            for suffix, value in (
                ("pembilang", current.numerator if current else None),
                ("penyebut", current.denominator if current else None),
            ):
                self.fields[f"{name}-{suffix}"] = AngkaField(
                    required=False,
                    min_value=Decimal(0),
                    max_digits=14,
                    decimal_places=2,
                    initial=value,
                    widget=forms.TextInput(attrs=NUMBER),
                )
        else:
            yes = current.yes if current else None
            initial = {True: "ya", False: "tidak"}.get(yes, "")
            self.fields[f"{name}-ya"] = forms.ChoiceField(
                required=False, choices=[("", "—"), *YES_NO_CHOICES], initial=initial, widget=SELECT
            )
            if kind == names.EXISTENCE:
                self.fields[f"{name}-dokumen"] = forms.BooleanField(
                    required=False,
                    initial=row.documents_complete,
                    widget=CHECKBOX,
                )
        # A value this track does not count yet (a draft, a returned entry, ...): offer to
        # count it as it stands, e.g. "what if this returned entry is resubmitted".
        if scoring.counts(current, kind, names.PROJECTION) and not scoring.counts(
            current, kind, self.track
        ):
            self.fields[f"{name}-hitung"] = forms.BooleanField(required=False, widget=CHECKBOX)
        for suffix, label in LABELS.items():
            field = self.fields.get(f"{name}-{suffix}")
            if field is not None:
                field.widget.attrs["aria-label"] = f"{row.spec.code} {row.unit_name}: {label}"

    def grouped(self) -> list[tuple]:
        """``[(cluster, [(indicator, [(question, [rows])])])]`` in the instrument's order."""
        spec = self.cycle_data.spec
        by_question: dict[str, list[WhatIfRow]] = {}
        for row in self.rows:
            by_question.setdefault(row.spec.code, []).append(row)
        questions_of: dict[str, list] = {}
        for q in spec.questions:
            questions_of.setdefault(q.indicator_code, []).append(
                (self.cycle_data.questions[q.code], by_question.get(q.code, []))
            )
        return [
            (
                cluster,
                [
                    (indicator, questions_of.get(indicator.code, []))
                    for indicator in spec.indicators
                    if indicator.cluster_code == cluster.code
                ],
            )
            for cluster in spec.clusters
        ]

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:  # shown red, as the page's script does for its errors
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid"

    def sent_rows(self) -> list[WhatIfRow]:
        return [row for row in self.rows if row.key_field in self.data]

    def clean(self):
        cleaned = super().clean()
        for row in self.sent_rows():
            if row.spec.kind != names.PERCENTAGE:
                continue
            numerator = cleaned.get(f"{row.prefix}-pembilang")
            denominator = cleaned.get(f"{row.prefix}-penyebut")
            if f"{row.prefix}-pembilang" in self.errors or f"{row.prefix}-penyebut" in self.errors:
                continue
            for message in percentage_errors(numerator, denominator):
                self.add_error(f"{row.prefix}-pembilang", message)
        return cleaned

    def changes(self) -> dict[tuple[str, str], scoring.Answer]:
        """The sent rows whose answer differs from the stored one, as scoring answers."""
        found = {}
        for row in self.sent_rows():
            answer = self._answer(row)
            if answer is not None:
                found[(row.spec.code, row.unit)] = answer
        return found

    def _answer(self, row: WhatIfRow) -> scoring.Answer | None:
        """The row's new answer if its values changed; else, when "hitung" is ticked, the
        stored answer as if counted in the track (e.g. a returned entry resubmitted)."""
        changed = self._changed_answer(row)
        if changed is None and self.cleaned_data.get(f"{row.prefix}-hitung"):
            return replace(row.current, status=names.STEP_STATUS[self.track])
        return changed

    def _changed_answer(self, row: WhatIfRow) -> scoring.Answer | None:
        value = self.cleaned_data
        current = row.current or scoring.Answer(unit=row.unit, status=names.DRAFT)
        status = names.STEP_STATUS[self.track]
        kind, name = row.spec.kind, row.prefix
        if kind == names.OPTION:
            code = value[f"{name}-pilihan"]
            if code == row.current_option:
                return None
            shares = {c: share for c, _label, share in self.options.get(row.spec.code, ())}
            return scoring.Answer(row.unit, status, option_share=shares.get(code))
        if kind == names.PERCENTAGE:
            pair = (value[f"{name}-pembilang"], value[f"{name}-penyebut"])
            if pair == (current.numerator, current.denominator):
                return None
            return scoring.Answer(row.unit, status, numerator=pair[0], denominator=pair[1])
        yes = YES[value[f"{name}-ya"]]
        if kind != names.EXISTENCE:
            return None if yes == current.yes else scoring.Answer(row.unit, status, yes=yes)
        # Existence earns only with every required document: the checkbox plays that part.
        complete = value[f"{name}-dokumen"]
        if yes == current.yes and complete == row.documents_complete:
            return None
        documents = row.spec.required_documents if complete else frozenset()
        return scoring.Answer(row.unit, status, yes=yes, documents=documents)
