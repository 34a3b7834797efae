"""Files sent back to the app: the OPD's Excel template, an instrument JSON."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.uploads import EMPTY_FILE


class TemplateImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas templat (.xlsx)"),
        help_text=_("Templat yang diunduh dari Tugas saya lalu diisi, paling besar 10 MB."),
        error_messages={"empty": EMPTY_FILE, "required": _("Pilih berkas yang akan diunggah.")},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
