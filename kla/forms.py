"""The one form field for numbers, read and shown the Indonesian way (docs/angka.md).

Every number a person types (entry values, the all-kecamatan page, what-if, official results,
cycle years) goes through ``AngkaField``: ``85,5`` and ``85.5`` are 85.5, ``1.250`` is 1250,
values are shown back as ``1.250,5``. The reading itself is ``kla.formats.parse_angka``.
"""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from .formats import AngkaError, parse_angka, poin, reading_note


def sentence(reason: str) -> str:
    return f"{reason[:1].upper()}{reason[1:]}."


class AngkaField(forms.DecimalField):
    """A DecimalField that reads ``parse_angka`` text and shows values in Indonesian format.

    ``integer=True`` is for whole numbers (no fraction at all; ``1.250`` is still 1250);
    ``grouped=False`` shows them without a thousands mark (a year: 2027, not 2.027).
    A plain text input (``inputmode`` brings up the number pad on a phone): a browser's
    ``type=number`` would refuse or rewrite ``1.250,5`` before the server sees it.
    """

    widget = forms.TextInput

    def __init__(
        self, *, integer=False, grouped=True, max_digits=14, decimal_places=2, **kwargs
    ) -> None:
        self.integer, self.grouped = integer, grouped
        messages = {
            "required": _("Wajib diisi."),
            "max_digits": _("Angka terlalu panjang: paling banyak %(max)s digit."),
            "max_decimal_places": _("Paling banyak %(max)s angka di belakang koma."),
            "max_whole_digits": _("Angka terlalu besar: paling banyak %(max)s digit sebelum koma."),
            "min_value": _("Nilai tidak boleh kurang dari %(limit_value)s."),
            "max_value": _("Nilai tidak boleh lebih dari %(limit_value)s."),
        }
        kwargs["error_messages"] = messages | kwargs.get("error_messages", {})
        super().__init__(
            max_digits=max_digits, decimal_places=0 if integer else decimal_places, **kwargs
        )
        for validator in self.validators:  # the limits shown as a person writes them
            if hasattr(validator, "limit_value"):
                validator.limit_value = IndonesianLimit(validator.limit_value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "numeric" if self.integer else "decimal"
        attrs["autocomplete"] = "off"
        attrs["data-angka"] = ""
        return attrs

    def set_max(self, maximum: Decimal) -> None:
        """An upper limit known only when the form is built (e.g. the instrument's maximum)."""
        self.validators.append(MaxValueValidator(IndonesianLimit(maximum)))

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_angka(value, integer=self.integer).value
        except AngkaError as error:
            raise forms.ValidationError(sentence(str(error)), code="invalid") from None

    def prepare_value(self, value):
        """A stored value shown as ``1.250,5``; what the user typed is shown back as typed."""
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return poin(value) if self.grouped else str(value)
        return value


class IndonesianLimit(Decimal):
    """A Decimal limit that prints itself as ``1.000`` in a validation message."""

    def __str__(self) -> str:
        return poin(Decimal(self))


def reading_notes(form: forms.Form, where: str = "") -> list[str]:
    """For each number the user changed that could be read two ways, what it was read as
    (``where``, e.g. a kecamatan's name, comes before the field's label)."""
    notes = []
    for name in form.changed_data:
        field = form.fields[name]
        if not isinstance(field, AngkaField) or field.integer:
            continue
        text = form.data.get(form.add_prefix(name), "")
        label = str(field.label or field.widget.attrs.get("aria-label") or name)
        note = reading_note(text, f"{where} {label}".strip()) if isinstance(text, str) else None
        if note:
            notes.append(note)
    return notes
