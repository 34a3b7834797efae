from django import forms
from django.utils.translation import gettext_lazy as _


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas instrumen (.json)"),
        help_text=_("Format pantau-kla-instrument (docs/instrument-format.md), paling besar 2 MB."),
        error_messages={
            "empty": _("Berkas kosong: pilih berkas instrumen."),
            "required": _("Pilih berkas yang akan diunggah."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
