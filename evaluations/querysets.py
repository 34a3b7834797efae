"""Reusable entry filters (STYLE.md: reusable filters are QuerySet methods)."""

from django.db import models


class EntryQuerySet(models.QuerySet):
    def for_city(self, kabupaten):
        return self.filter(cycle__kabupaten=kabupaten)

    def of_cycle(self, cycle):
        return self.filter(cycle=cycle)

    def assigned_to(self, opd):
        """Entries whose question is assigned to ``opd`` in the entry's own cycle."""
        return self.filter(
            question__assignments__cycle=models.F("cycle"), question__assignments__opd=opd
        )

    def awaiting_review(self):
        return self.filter(status="submitted")

    def returned(self):
        return self.filter(status="returned")

    def verified(self):
        return self.filter(status="verified")
