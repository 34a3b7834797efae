"""The Verifikator provinsi's mark on one indicator (the rules themselves are in the service)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import IndicatorReview


class IndicatorReviewForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Hasil"),
        choices=IndicatorReview.State.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih lengkap atau perlu perbaikan.")},
    )
    note = forms.CharField(
        label=_("Catatan untuk kabupaten/kota"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("state") == IndicatorReview.State.NEEDS_REPAIR and not data.get("note"):
            self.add_error("note", _("Tulis catatan: apa yang perlu diperbaiki kabupaten/kota."))
        return data
