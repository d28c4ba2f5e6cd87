"""Translated labels for stable codes (statuses, sources, address levels)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def status_label(status: str | None) -> str:
    labels = {
        "new": QCoreApplication.translate("Labels", "New"),
        "needs_review": QCoreApplication.translate("Labels", "Needs review"),
        "confirmed": QCoreApplication.translate("Labels", "Confirmed"),
        "no_valid_address": QCoreApplication.translate("Labels", "No valid address"),
        "ready": QCoreApplication.translate("Labels", "Ready to send"),
        "sent": QCoreApplication.translate("Labels", "Sent"),
        "signed": QCoreApplication.translate("Labels", "Signed"),
        "returned": QCoreApplication.translate("Labels", "Returned"),
    }
    return labels.get(status or "", status or "")


def source_label(source: str | None) -> str:
    labels = {
        "household": QCoreApplication.translate("Labels", "Household register"),
        "id_card": QCoreApplication.translate("Labels", "ID card"),
        "residence": QCoreApplication.translate("Labels", "Residence"),
        "work": QCoreApplication.translate("Labels", "Work"),
        "delivery": QCoreApplication.translate("Labels", "Delivery address"),
        "contact": QCoreApplication.translate("Labels", "Contact"),
        "other": QCoreApplication.translate("Labels", "Other"),
        "operator": QCoreApplication.translate("Labels", "Operator"),
        "feedback": QCoreApplication.translate("Labels", "Delivery feedback"),
    }
    return labels.get(source or "", source or "")


def level_label(key: str) -> str:
    labels = {
        "province": QCoreApplication.translate("Labels", "Province"),
        "city": QCoreApplication.translate("Labels", "City"),
        "district": QCoreApplication.translate("Labels", "District"),
        "town": QCoreApplication.translate("Labels", "Town"),
        "village": QCoreApplication.translate("Labels", "Village"),
        "road": QCoreApplication.translate("Labels", "Road"),
        "road_no": QCoreApplication.translate("Labels", "Number"),
        "poi": QCoreApplication.translate("Labels", "Community"),
        "building": QCoreApplication.translate("Labels", "Building"),
        "unit": QCoreApplication.translate("Labels", "Unit"),
        "floor": QCoreApplication.translate("Labels", "Floor"),
        "room": QCoreApplication.translate("Labels", "Room"),
        "detail": QCoreApplication.translate("Labels", "Detail"),
    }
    return labels.get(key, key)
