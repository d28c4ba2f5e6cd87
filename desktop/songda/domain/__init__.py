"""Plain dataclasses and enums: no I/O, no Qt, no SQL."""

from songda.domain.models import (
    AddressLevel,
    Batch,
    Candidate,
    Case,
    CaseStatus,
    Mailing,
    MailingStatus,
    Reason,
    Score,
    Source,
    StandardAddress,
)
from songda.domain.progress import CancelToken, Progress, null_progress

__all__ = [
    "AddressLevel",
    "Batch",
    "CancelToken",
    "Candidate",
    "Case",
    "CaseStatus",
    "Mailing",
    "MailingStatus",
    "Progress",
    "Reason",
    "Score",
    "Source",
    "StandardAddress",
    "null_progress",
]
