"""The evaluation's models, one module per sub-domain (imported from here everywhere).

- ``cycles``: Cycle, Stage, Reopening, Assignment;
- ``entries``: Entry (and the statuses worklists show), Evidence, the private evidence storage;
- ``records``: AuditRecord (with every action and its label), Comment, Notification;
- ``results``: ScoreSnapshot (per track), OfficialResult;
- ``province``: IndicatorReview (the province's mark per indicator of a cycle).
"""

from .cycles import Assignment, Cycle, Reopening, Stage
from .entries import DISPLAY_STATUSES, Entry, Evidence, evidence_path, private_storage
from .province import IndicatorReview
from .records import AuditRecord, Comment, Notification
from .results import OfficialResult, ScoreSnapshot

__all__ = [
    "DISPLAY_STATUSES",
    "Assignment",
    "AuditRecord",
    "Comment",
    "Cycle",
    "Entry",
    "Evidence",
    "IndicatorReview",
    "Notification",
    "OfficialResult",
    "Reopening",
    "ScoreSnapshot",
    "Stage",
    "evidence_path",
    "private_storage",
]
