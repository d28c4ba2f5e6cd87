"""Delivery results: status and reason codes, the results reader, outcome keys."""

from songda.delivery.codes import (
    REASON_CODES,
    DeliveryStatus,
    Reason,
    ReasonKind,
    classify_reason,
    parse_status,
)
from songda.delivery.keys import address_key, community_key, outcome_keys

__all__ = [
    "REASON_CODES",
    "DeliveryStatus",
    "Reason",
    "ReasonKind",
    "address_key",
    "classify_reason",
    "community_key",
    "outcome_keys",
    "parse_status",
]
