"""Translated labels for stable codes (statuses, sources, address levels)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def status_label(status: str | None) -> str:
    labels = {
        "new": _t("New"),
        "needs_review": _t("Needs review"),
        "confirmed": _t("Confirmed"),
        "no_valid_address": _t("No valid address"),
        "ready": _t("Ready to send"),
        "sent": _t("Sent"),
        "signed": _t("Signed"),
        "returned": _t("Returned"),
    }
    return labels.get(status or "", status or "")


def source_label(source: str | None) -> str:
    labels = {
        "household": _t("Household register"),
        "id_card": _t("ID card"),
        "residence": _t("Residence"),
        "work": _t("Work"),
        "delivery": _t("Delivery"),
        "contact": _t("Contact"),
        "other": _t("Other"),
        "operator": _t("Operator"),
        "feedback": _t("Delivery feedback"),
    }
    return labels.get(source or "", source or "")


def level_label(key: str) -> str:
    labels = {
        "province": _t("Province"),
        "city": _t("City"),
        "district": _t("District"),
        "town": _t("Town"),
        "village": _t("Village"),
        "road": _t("Road"),
        "road_no": _t("Number"),
        "poi": _t("Community"),
        "building": _t("Building"),
        "unit": _t("Unit"),
        "floor": _t("Floor"),
        "room": _t("Room"),
        "detail": _t("Detail"),
    }
    return labels.get(key, key)
