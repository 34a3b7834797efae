"""Checks on text from outside, shared by the forms and the request guard (kla/middleware.py).

PostgreSQL refuses a NUL byte in text (a 500 if it gets that far), and no control character
belongs in a name, a reason or a search: they are refused with a message instead.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_CONTROLS = {"\t", "\n", "\r"}  # a textarea's line breaks and tabs

CONTROL_MESSAGE = _("Teks berisi karakter kendali (mis. NUL) yang tidak diizinkan.")


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS for char in text)


def no_control_characters(value) -> None:
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(CONTROL_MESSAGE, code="control_characters")
