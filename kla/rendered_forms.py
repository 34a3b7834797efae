"""Forms whose crispy-forms HTML is rendered once per process for the same inputs.

crispy-forms renders every field, and every option of a list, through templates: several
milliseconds a form, on pages visited all day (the lists' filters, the entry page's upload,
comment and return forms). The HTML of such a form is a function of its class, the language,
its prefix and ids, its fields' choices, its initial values and, when bound, its values: here it
is rendered the first time those are seen and kept (``{{ form.html }}``). The choices are read
each time (model choices from the database), so a renamed OPD or a new required document shows
at once. No CSRF token is in it: a GET form with its tag (a ``helper``), or a form's fields
alone (the ``|crispy`` filter, inside the page's own <form>).

A bound form is kept only when its class says that its errors come from its values alone
(``errors_from_values``: no view adds one) and its values are a query string (a GET form);
otherwise, like a form with files, it is rendered every time.
"""

from functools import cache

from crispy_forms.utils import render_crispy_form
from django.template import engines
from django.utils.translation import get_language

KEPT = 512  # forms per process, ~2-6 KB each
_kept: dict[tuple, str] = {}


class RenderedOnce:
    errors_from_values = False

    def html(self) -> str:
        kept = not self.is_bound or (
            self.errors_from_values and not self.files and hasattr(self.data, "lists")
        )
        if not kept:
            return self._render()
        key = self._inputs()
        found = _kept.get(key)
        if found is None:
            found = self._render()
            if len(_kept) >= KEPT:
                _kept.clear()
            _kept[key] = found
        return found

    def _render(self) -> str:
        """With a helper: the form with its tag and layout (``{% crispy form %}``); without:
        its fields alone (``{{ form|crispy }}``)."""
        if getattr(self, "helper", None) is not None:
            return render_crispy_form(self)
        return _fields_only().render({"form": self})

    def _inputs(self) -> tuple:
        helper = getattr(self, "helper", None)
        return (
            type(self),
            get_language(),
            self.prefix,
            self.auto_id,
            getattr(helper, "form_action", None),
            tuple(
                (name, tuple((str(v), str(label)) for v, label in getattr(field, "choices", ())))
                for name, field in self.fields.items()
            ),
            tuple(sorted((name, str(value)) for name, value in self.initial.items())),
            tuple(sorted((k, tuple(v)) for k, v in self.data.lists())) if self.is_bound else None,
        )


@cache
def _fields_only():
    return engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")


def forget_all() -> None:
    """Drop what this process keeps (tests)."""
    _kept.clear()
