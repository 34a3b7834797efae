"""Reusable entry filters (STYLE.md: reusable filters are QuerySet methods)."""

from django.apps import apps
from django.db import models
from django.db.models import Case, Count, F, FilteredRelation, Prefetch, Q, Value, When

from .names import DRAFT, EMPTY, RETURNED, SUBMITTED, VERIFIED

# A draft nobody has answered yet: worklists and progress call it "Kosong" (names.EMPTY).
UNANSWERED = Q(
    status=DRAFT,
    option__isnull=True,
    numerator__isnull=True,
    denominator__isnull=True,
    yes__isnull=True,
)
PENDING = Q(status__in=[DRAFT, RETURNED])  # still to be (re)submitted
STATUS_COUNTS = {
    EMPTY: Count("pk", filter=UNANSWERED),
    DRAFT: Count("pk", filter=Q(status=DRAFT) & ~UNANSWERED),
    SUBMITTED: Count("pk", filter=Q(status=SUBMITTED)),
    RETURNED: Count("pk", filter=Q(status=RETURNED)),
    VERIFIED: Count("pk", filter=Q(status=VERIFIED)),
    "pending": Count("pk", filter=PENDING),
    "total": Count("pk"),
}
# "Tugas saya" by urgency: returned first (the verifikator is waiting), then what is still to
# fill (empty and draft, all due at the cycle's entry deadline), then submitted, then verified.
URGENCY = Case(
    When(status=RETURNED, then=Value(0)),
    When(status=SUBMITTED, then=Value(2)),
    When(status=VERIFIED, then=Value(3)),
    default=Value(1),
    output_field=models.IntegerField(),
)
WORKLIST_ORDER = (
    "question__indicator__cluster__position",
    "question__indicator__position",
    "question__position",
    "unit__code",
)


def current_evidence():
    """Prefetch of an entry's evidence that is not superseded, as ``entry.current_evidence``."""
    evidence = apps.get_model("evaluations", "Evidence")
    queryset = evidence.objects.current().select_related("requirement")
    return Prefetch("evidence", queryset=queryset, to_attr="current_evidence")


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
        return self.filter(status=SUBMITTED)

    def returned(self):
        return self.filter(status=RETURNED)

    def verified(self):
        return self.filter(status=VERIFIED)

    def pending(self):
        """Not yet (re)submitted: empty, draft or returned."""
        return self.filter(PENDING)

    def with_display_status(self):
        """``display_status``: the status, or EMPTY for a draft with no value yet."""
        return self.annotate(
            display_status=Case(
                When(UNANSWERED, then=Value(EMPTY)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )

    def with_opd(self):
        """``opd_code`` and ``opd_name``: who answers the question in the entry's cycle."""
        assignments = apps.get_model("evaluations", "Assignment").objects.filter(
            cycle=models.OuterRef("cycle"), question=models.OuterRef("question")
        )
        return self.annotate(
            opd_code=models.Subquery(assignments.values("opd__code")[:1]),
            opd_name=models.Subquery(assignments.values("opd__name")[:1]),
        )

    def worklist(self, *, with_opd: bool = True):
        """Rows of "Tugas saya" and "Daftar isian", most urgent first (``URGENCY``), with their
        OPD (unless one OPD's own list: ``with_opd=False`` spares two subqueries a row),
        required documents and current evidence prefetched (a fixed number of queries,
        whatever the number of entries)."""
        rows = self.with_display_status()
        return (
            (rows.with_opd() if with_opd else rows)
            .annotate(urgency=URGENCY)
            .select_related("question__indicator", "unit", "option")
            .prefetch_related("question__documents", current_evidence())
            .order_by("urgency", *WORKLIST_ORDER)
        )

    def review_queue(self):
        """Submitted entries, oldest first, with their current evidence."""
        return (
            self.awaiting_review()
            .with_opd()
            .select_related("question__indicator", "unit", "option", "updated_by")
            .prefetch_related(current_evidence())
            .order_by(F("submitted_at").asc(nulls_first=True), "pk")
        )

    def progress_by_opd(self):
        """One row per OPD with the count of entries in each state (one query).

        The OPD comes from a join on the assignment of the entry's own cycle (a
        ``FilteredRelation``: LEFT JOIN ... ON question and cycle), not from a correlated
        subquery per entry; an unassigned question counts under no OPD.
        """
        return (
            self.annotate(
                assigned=FilteredRelation(
                    "question__assignments",
                    condition=Q(question__assignments__cycle=F("cycle")),
                )
            )
            .values(opd_code=F("assigned__opd__code"), opd_name=F("assigned__opd__name"))
            .annotate(**STATUS_COUNTS)
            .order_by("opd_code")
        )

    def progress_by_indicator(self):
        """One row per indicator with the count of entries in each state (one query)."""
        return (
            self.values(
                "question__indicator_id",
                code=F("question__indicator__code"),
                name=F("question__indicator__name"),
            )
            .annotate(**STATUS_COUNTS)
            .order_by("question__indicator__cluster__position", "question__indicator__position")
        )

    def status_totals(self) -> dict:
        return self.aggregate(**STATUS_COUNTS)


class AssignmentQuerySet(models.QuerySet):
    def of_cycle(self, cycle):
        return self.filter(cycle=cycle)

    def counts_by_opd_and_indicator(self) -> dict[tuple[int, int], int]:
        """``{(opd_id, indicator_id): number of questions}`` in one query."""
        rows = self.values("opd_id", "question__indicator_id").annotate(n=Count("pk")).order_by()
        return {(row["opd_id"], row["question__indicator_id"]): row["n"] for row in rows}

    def question_list(self):
        return self.select_related("question__indicator", "opd").order_by(
            "question__indicator__cluster__position",
            "question__indicator__position",
            "question__position",
        )
