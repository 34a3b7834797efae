"""Returning an entry (a reason is required) and commenting on it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kla.crispy_cache import CachedCrispyHtml


def text_field(label: str, required_message: str, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required_message},
    )


class ReturnForm(CachedCrispyHtml, forms.Form):
    reason = text_field(_("Alasan pengembalian"), _("Alasan pengembalian wajib diisi."), 3)


class CommentForm(CachedCrispyHtml, forms.Form):
    text = text_field(_("Tulis komentar"), _("Komentar tidak boleh kosong."), 2)
