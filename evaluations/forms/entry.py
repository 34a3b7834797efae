"""The value form of an entry, one class per answer kind; each carries the entry's version.

Values may stay empty in a draft (submitting checks that a value exists); what is filled in
must be valid: no negatives, numerator ≤ denominator, an option of the question's own list.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from indicators.models import AnswerOption, Question
from kla.choice_fields import ModelChoiceField
from kla.formats import angka
from kla.forms import AngkaField

from ..answer_values import percentage_problems
from ..models import Entry

NOT_NEGATIVE = _("Nilai tidak boleh negatif.")


class EntryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    value_fields: tuple[str, ...] = ()

    def __init__(self, *args, entry: Entry, **kwargs):
        self.entry = entry
        kwargs.setdefault("initial", self.initial_for(entry))
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*self.value_layout(), "note", "version")

    def initial_for(self, entry: Entry) -> dict:
        initial = {field: getattr(entry, field) for field in self.value_fields}
        return {**initial, "note": entry.note, "version": entry.version}

    def value_layout(self) -> list:
        return list(self.value_fields)

    def values(self) -> dict:
        """The cleaned values to save (without the version)."""
        return {field: self.cleaned_data[field] for field in (*self.value_fields, "note")}

    @property
    def changes_values(self) -> bool:
        """Whether the user changed anything (the version alone does not count)."""
        return any(field != "version" for field in self.changed_data)


class OptionEntryForm(EntryForm):
    option = ModelChoiceField(
        label=_("Jawaban"),
        queryset=AnswerOption.objects.none(),
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("Pilih salah satu jawaban dari daftar pertanyaan.")},
    )
    value_fields = ("option",)

    def __init__(self, *args, entry: Entry, **kwargs):
        super().__init__(*args, entry=entry, **kwargs)
        self.fields["option"].queryset = entry.question.options.all()


def amount_field(label: str, role: str) -> AngkaField:
    """Read the Indonesian way (``85,5``, ``1.250``) and shown so (``40``, ``12,5``)."""
    return AngkaField(
        label=label,
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={"min_value": NOT_NEGATIVE},
        widget=forms.TextInput(attrs={f"data-{role}": ""}),
    )


class PercentageEntryForm(EntryForm):
    numerator = amount_field(_("Pembilang"), "numerator")
    denominator = amount_field(_("Penyebut"), "denominator")
    value_fields = ("numerator", "denominator")

    def __init__(self, *args, entry: Entry, **kwargs):
        super().__init__(*args, entry=entry, **kwargs)
        # What each number counts, from the instrument (indicators.Question.numerator_label).
        question = entry.question
        for field, label in (
            ("numerator", question.numerator_label),
            ("denominator", question.denominator_label),
        ):
            if label:
                self.fields[field].help_text = label

    def value_layout(self) -> list:
        percentage = self.entry.percentage
        output = format_html(
            '<div class="mb-3"><span class="form-label d-block">{}</span>'
            '<output class="fs-5 fw-semibold" data-percentage>{}</output></div>',
            _("Persentase"),
            f"{angka(percentage)}%" if percentage is not None else "–",
        )
        return [
            Row(
                Column("numerator"),
                Column("denominator"),
                Column(HTML(output)),
                data_percentage_row="",
            )
        ]

    def clean(self):
        cleaned = super().clean()
        numerator, denominator = cleaned.get("numerator"), cleaned.get("denominator")
        if self.has_error("numerator") or self.has_error("denominator"):
            return cleaned
        for field, message in percentage_problems(numerator, denominator):
            self.add_error(field, message)
        return cleaned


class YesNoEntryForm(EntryForm):
    yes = forms.TypedChoiceField(
        label=_("Jawaban"),
        choices=[("1", _("Ya")), ("0", _("Tidak"))],
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("Pilih Ya atau Tidak.")},
    )
    value_fields = ("yes",)

    def initial_for(self, entry: Entry) -> dict:
        yes = {True: "1", False: "0"}.get(entry.yes)
        return {**super().initial_for(entry), "yes": yes}


FORMS_BY_KIND = {
    Question.Kind.OPTION: OptionEntryForm,
    Question.Kind.PERCENTAGE: PercentageEntryForm,
    Question.Kind.COVERAGE: YesNoEntryForm,
    Question.Kind.EXISTENCE: YesNoEntryForm,
}


def entry_form(entry: Entry, data=None, **kwargs) -> EntryForm:
    """The value form matching the entry's answer kind."""
    return FORMS_BY_KIND[entry.question.kind](data, entry=entry, **kwargs)
