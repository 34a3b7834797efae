"""A query string with a NUL byte or another control character is refused before any view runs.

PostgreSQL refuses NUL in text, so ``?q=%00`` reaching a filter was a server error (500). No
page of the app takes control characters in its address: the answer is the app's 400 page,
saying what was wrong. Form fields are checked by the forms (``kla.validators``).
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .validators import has_control_characters


class ControlCharacterGuard:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        texts = [request.path, *request.GET.keys(), *request.GET.values()]
        if any(has_control_characters(text) for text in texts):
            reason = _("Alamat halaman berisi karakter kendali (mis. NUL) yang tidak diizinkan.")
            return render(request, "400.html", {"reason": reason}, status=400)
        return self.get_response(request)
