"""Uploading and replacing evidence, changing the document a file fulfils. The file's content
is checked by services/uploads.py.

The required document is an explicit choice: the list starts with "choose" (refused when left
so), then each required document, then "not a required document". A default that fulfils
nothing let an operator upload the right PDF and still see the document missing.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from kla.crispy_cache import CachedCrispyHtml

from ..services.uploads import EMPTY_FILE

EXTRA = "lainnya"  # the choice for a file that fulfils no required document


def file_field() -> forms.FileField:
    return forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, JPEG, PNG, XLSX atau DOCX."),
        error_messages={"empty": EMPTY_FILE, "required": _("Pilih berkas yang akan diunggah.")},
    )


class ReplaceEvidenceForm(forms.Form):
    title = forms.CharField(
        label=_("Judul"),
        required=False,
        max_length=200,
        help_text=_("Boleh kosong: judul lama dipakai."),
    )
    file = file_field()


class RequirementForm(forms.Form):
    """Which required document of ``question`` a file fulfils; None for an extra document."""

    requirement = forms.ChoiceField(
        label=_("Memenuhi dokumen wajib"),
        error_messages={
            "required": _(
                "Pilih dokumen wajib yang dipenuhi berkas ini, atau “Bukan dokumen wajib”."
            ),
            "invalid_choice": _("Pilih dokumen wajib dari daftar pertanyaan ini."),
        },
    )

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = {str(d.pk): d for d in question.documents.all()}
        self.fields["requirement"].choices = [
            ("", _("— pilih —")),
            *((pk, d.name) for pk, d in self.documents.items()),
            (EXTRA, _("Bukan dokumen wajib (bukti tambahan)")),
        ]
        if not self.documents:  # nothing to fulfil: every file is an extra document
            self.fields["requirement"].required = False
            self.fields["requirement"].widget = forms.HiddenInput()

    def clean_requirement(self):
        return self.documents.get(self.cleaned_data["requirement"])


class EvidenceForm(CachedCrispyHtml, RequirementForm, ReplaceEvidenceForm):
    field_order = ["requirement", "title", "file"]

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, question=question, **kwargs)
        self.fields["title"].help_text = _(
            "Boleh kosong: dipakai nama dokumen wajib atau nama berkas."
        )
