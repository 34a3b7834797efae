"""Uploading and replacing evidence. The file's content is checked by services/uploads.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import DocumentRequirement

from ..services.uploads import EMPTY_FILE


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


class EvidenceForm(ReplaceEvidenceForm):
    requirement = forms.ModelChoiceField(
        label=_("Memenuhi dokumen wajib"),
        queryset=DocumentRequirement.objects.none(),
        required=False,
        empty_label=_("(bukan dokumen wajib)"),
        error_messages={"invalid_choice": _("Pilih dokumen wajib dari daftar pertanyaan ini.")},
    )
    field_order = ["title", "requirement", "file"]

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _(
            "Boleh kosong: dipakai nama dokumen wajib atau nama berkas."
        )
        self.fields["requirement"].queryset = question.documents.all()
