"""Segment and family names in the user's language, and the lifecycle colours of the charts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

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


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's name, read by lupdate)
    """Mark ``text`` for translation in ``context``; translated where it is looked up."""
    return text


def _t(text: str) -> str:
    return QCoreApplication.translate("SegmentNames", text)


def family_name(family: str) -> str:
    names = {
        "lifecycle": QT_TRANSLATE_NOOP("SegmentNames", "Lifecycle"),
        "rfm": QT_TRANSLATE_NOOP("SegmentNames", "RFM"),
        "abc": QT_TRANSLATE_NOOP("SegmentNames", "ABC (revenue share)"),
        "basket": QT_TRANSLATE_NOOP("SegmentNames", "Basket"),
        "age": QT_TRANSLATE_NOOP("SegmentNames", "Age"),
        "gender": QT_TRANSLATE_NOOP("SegmentNames", "Gender"),
        "family": QT_TRANSLATE_NOOP("SegmentNames", "Family"),
        "frequency": QT_TRANSLATE_NOOP("SegmentNames", "Visit frequency"),
        "spend": QT_TRANSLATE_NOOP("SegmentNames", "Spend"),
        "daypart": QT_TRANSLATE_NOOP("SegmentNames", "Day-part"),
        "campaigns": QT_TRANSLATE_NOOP("SegmentNames", "Campaigns"),
        "registration_source": QT_TRANSLATE_NOOP("SegmentNames", "Registration source"),
        "predictive": QT_TRANSLATE_NOOP("SegmentNames", "Predicted activity"),
    }
    return _t(names[family]) if family in names else family


def segment_name(family: str, key: str | None) -> str:
    """The segment ``key`` of ``family`` as the owner reads it ("" for no segment yet)."""
    if key is None or key == "":
        return QCoreApplication.translate("SegmentNames", "(first segment)")
    if family == "lifecycle":
        names = {
            "vip": QT_TRANSLATE_NOOP("SegmentNames", "VIP"),
            "loyal": QT_TRANSLATE_NOOP("SegmentNames", "Loyal"),
            "new": QT_TRANSLATE_NOOP("SegmentNames", "New"),
            "potential_loyal": QT_TRANSLATE_NOOP("SegmentNames", "Potential loyal"),
            "regular": QT_TRANSLATE_NOOP("SegmentNames", "Regular"),
            "at_risk": QT_TRANSLATE_NOOP("SegmentNames", "At risk"),
            "lost": QT_TRANSLATE_NOOP("SegmentNames", "Lost"),
            "gone": QT_TRANSLATE_NOOP("SegmentNames", "Gone"),
            "registered": QT_TRANSLATE_NOOP("SegmentNames", "Registered"),
        }
        return _t(names[key]) if key in names else key
    if family == "rfm":
        names = {
            "champions": QT_TRANSLATE_NOOP("SegmentNames", "Champions"),
            "loyal": QT_TRANSLATE_NOOP("SegmentNames", "Loyal"),
            "potential_loyalist": QT_TRANSLATE_NOOP("SegmentNames", "Potential loyalist"),
            "new": QT_TRANSLATE_NOOP("SegmentNames", "New"),
            "promising": QT_TRANSLATE_NOOP("SegmentNames", "Promising"),
            "need_attention": QT_TRANSLATE_NOOP("SegmentNames", "Need attention"),
            "about_to_sleep": QT_TRANSLATE_NOOP("SegmentNames", "About to sleep"),
            "cant_lose_them": QT_TRANSLATE_NOOP("SegmentNames", "Can't lose them"),
            "at_risk": QT_TRANSLATE_NOOP("SegmentNames", "At risk"),
            "hibernating": QT_TRANSLATE_NOOP("SegmentNames", "Hibernating"),
            "lost": QT_TRANSLATE_NOOP("SegmentNames", "Lost"),
        }
        return _t(names[key]) if key in names else key
    return key.replace("_", " ").capitalize()


def colour(family: str, key: str, index: int) -> str:
    if family == "lifecycle" and key in LIFECYCLE_COLOURS:
        return LIFECYCLE_COLOURS[key]
    return OTHER_COLOURS[index % len(OTHER_COLOURS)]
