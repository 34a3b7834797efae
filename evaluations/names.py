"""The names the whole app agrees on, defined once, in plain Python.

The pure scoring engine (evaluations/scores/scoring.py) imports these without Django; the
models build their ``TextChoices`` (with Indonesian labels and English translations) from the
same values, so a status, answer kind or track is spelled in exactly one place. Anywhere else a
string literal such as ``"verified"`` is a bug waiting for a typo: use the name.
"""

from collections.abc import Mapping

# Entry statuses (evaluations.models.Entry.Status).
DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
VERIFIED = "verified"
STATUSES = (DRAFT, SUBMITTED, RETURNED, VERIFIED)
# Not a stored status: how worklists and progress show a draft nobody has answered yet
# (EntryQuerySet.with_display_status, evaluations.models.DISPLAY_STATUSES).
EMPTY = "empty"

# Score tracks (evaluations.models.ScoreSnapshot.Track): which answers to believe.
CLAIMED = "claimed"
PROJECTION = "projection"
TRACKS = (CLAIMED, VERIFIED, PROJECTION)

# The statuses each track counts.
TRACK_STATUSES: Mapping[str, frozenset[str]] = {
    CLAIMED: frozenset({SUBMITTED, VERIFIED}),
    VERIFIED: frozenset({VERIFIED}),
    PROJECTION: frozenset(STATUSES),
}
# The status a suggested improvement is given, so that it counts in the track it improves.
STEP_STATUS: Mapping[str, str] = {
    CLAIMED: SUBMITTED,
    VERIFIED: VERIFIED,
    PROJECTION: DRAFT,
}

# Answer kinds (indicators.models.Question.Kind).
OPTION = "option"
PERCENTAGE = "percentage"
COVERAGE = "coverage"
EXISTENCE = "existence"
KINDS = (OPTION, PERCENTAGE, COVERAGE, EXISTENCE)
# Kinds answered yes/no.
YES_NO_KINDS = frozenset({COVERAGE, EXISTENCE})

# Question levels (indicators.models.Question.Level) and the unit of a city-level answer.
KOTA = "kota"
KECAMATAN = "kecamatan"
LEVELS = (KOTA, KECAMATAN)

# Percentage direction (indicators.models.Question.Direction).
HIGHER = "higher"
LOWER = "lower"
DIRECTIONS = (HIGHER, LOWER)
