"""The one model choice field of every form: its choices read in one query.

Django's ``ModelChoiceField`` streams its choices through ``QuerySet.iterator()``, which on
PostgreSQL is a server-side cursor: DECLARE, FETCH and CLOSE, three round trips for a list of a
few dozen OPD, indicators or kecamatan, on every page with a filter form. Each round trip is
also a wait for the GIL under load (gunicorn's threads, gunicorn.conf.py). Here the rows are
read with one plain query and kept on the form's own copy of the queryset, so rendering the
field (and rendering it again after a failed validation) costs that one query.
"""

from django import forms


class ChoicesAtOnce(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # evaluated once, then its result cache
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ChoicesAtOnce
