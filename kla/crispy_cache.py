"""Forms whose crispy-forms HTML is cached per process for the same inputs.

crispy-forms renders every field, and every option of a list, through templates: several
milliseconds a form, on pages visited all day (the lists' filters, the entry page's upload,
comment and return forms). Such a form's HTML is a function of its inputs: its class, the
language, its prefix and ids, and per field its widget, attributes, label, help text, flags and
choices; its initial values; a GET form's action, values and errors. ``{{ form.crispy_html }}``
renders it the first time those are seen and keeps it. The choices are read each time (model
choices from the database), so a renamed OPD or a new required document shows at once.

No CSRF token is ever in it: a form with its tag must be a GET form (a ``helper`` with
``form_method = "get"``); the others are rendered as their fields alone (the ``|crispy``
filter), inside the page's own <form> and its token. A posted form (a view may add an error of
its own, an upload's errors depend on its file) is rendered every time, never kept.
"""

import hashlib
from functools import cache

from crispy_forms.utils import render_crispy_form
from django.template import engines
from django.utils.translation import get_language

CACHE_SIZE = 512  # forms per process, each kept as its HTML (~2-6 KB) under a hash
_cache: dict[str, str] = {}


class CachedCrispyHtml:
    def crispy_html(self) -> str:
        helper = getattr(self, "helper", None)
        get_form = helper is not None and helper.form_method.lower() == "get"
        if helper is not None and helper.form_tag and not get_form:
            # Rendered here, outside the page's context, a POST form would lose its token.
            raise TypeError(f"{type(self).__name__}: only a GET form is cached with its tag")
        if self.is_bound and (self.files or not get_form):
            return self._render()
        key = self._cache_key()
        found = _cache.get(key)
        if found is None:
            found = self._render()
            if len(_cache) >= CACHE_SIZE:
                _cache.clear()
            _cache[key] = found
        return found

    def _render(self) -> str:
        """With a helper: the form with its tag and layout (``{% crispy form %}``); without:
        its fields alone (``{{ form|crispy }}``)."""
        if getattr(self, "helper", None) is not None:
            return render_crispy_form(self)
        return _fields_only().render({"form": self})

    def _cache_key(self) -> str:
        helper = getattr(self, "helper", None)
        fields = tuple(
            (
                name,
                type(field.widget).__name__,
                sorted((k, str(v)) for k, v in field.widget.attrs.items()),
                str(field.label),
                str(field.help_text),
                field.required,
                field.disabled,
                str(field.initial),
                tuple((str(v), str(label)) for v, label in getattr(field, "choices", ())),
                # A bound (GET) form: its values and its errors, whoever added them.
                tuple(self.data.getlist(self.add_prefix(name))) if self.is_bound else None,
                tuple(map(str, self.errors.get(name, ()))) if self.is_bound else None,
            )
            for name, field in self.fields.items()
        )
        inputs = (
            type(self).__module__,
            type(self).__qualname__,
            get_language(),
            self.prefix,
            self.auto_id,
            self.label_suffix,
            getattr(helper, "form_action", None),
            fields,
            sorted((name, str(value)) for name, value in self.initial.items()),
            tuple(map(str, self.non_field_errors())) if self.is_bound else None,
        )
        return hashlib.sha256(repr(inputs).encode()).hexdigest()


@cache
def _fields_only():
    return engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")


def clear_cache() -> None:
    """Drop what this process keeps (tests)."""
    _cache.clear()
