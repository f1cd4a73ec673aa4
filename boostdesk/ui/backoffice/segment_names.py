"""The charts' segment colours, and segment names with the "(first segment)" of the movements
(the names themselves come from ``ui/segment_names.py``, one list for every page)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from boostdesk.ui import segment_names as names

# The counter's badge colours, so a segment looks the same everywhere.
LIFECYCLE_COLOURS = {
    "vip": "#7b3fa0",
    "loyal": "#2e7d32",
    "new": "#1e88e5",
    "potential_loyal": "#00897b",
    "regular": "#8d9ead",
    "at_risk": "#ef6c00",
    "lost": "#c62828",
    "gone": "#616161",
    "registered": "#3949ab",
}
OTHER_COLOURS = ("#c8733a", "#5d768b", "#8e6c8a", "#6b8e23", "#b08d57", "#4f7c82", "#a0522d")


def family_name(family: str) -> str:
    """The family's name, as the customer browser and the guest page show it."""
    return names.family(family)


def segment_name(family: str, key: str | None) -> str:
    """The segment ``key`` of ``family`` as the owner reads it; a guest's first stored segment
    has no "from" and reads "(first segment)"."""
    if key is None or key == "":
        return QCoreApplication.translate("SegmentNames", "(first segment)")
    return names.segment(family, key)


def colour(family: str, key: str, index: int) -> str:
    if family == "lifecycle" and key in LIFECYCLE_COLOURS:
        return LIFECYCLE_COLOURS[key]
    return OTHER_COLOURS[index % len(OTHER_COLOURS)]
