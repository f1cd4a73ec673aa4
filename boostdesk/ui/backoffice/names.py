"""Segment and family names as the owner reads them, in the user's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's name, read by lupdate)
    """Mark ``text`` for translation in ``context`` (translated where it is shown)."""
    return text


def _t(text: str) -> str:
    return QCoreApplication.translate("SegmentNames", text)


def family(name: str) -> str:
    """The title of a segment family."""
    titles = {
        "lifecycle": _t(QT_TRANSLATE_NOOP("SegmentNames", "Lifecycle")),
        "rfm": _t(QT_TRANSLATE_NOOP("SegmentNames", "RFM")),
        "abc": _t(QT_TRANSLATE_NOOP("SegmentNames", "ABC")),
        "basket": _t(QT_TRANSLATE_NOOP("SegmentNames", "Basket")),
        "custom": _t(QT_TRANSLATE_NOOP("SegmentNames", "Custom segments")),
    }
    return titles.get(name, name)


def segment(family_name: str, key: str) -> str:
    """The name of segment ``key`` of ``family_name`` (the key itself when unknown)."""
    if family_name == "lifecycle":
        names = {
            "vip": _t(QT_TRANSLATE_NOOP("SegmentNames", "VIP")),
            "loyal": _t(QT_TRANSLATE_NOOP("SegmentNames", "Loyal")),
            "new": _t(QT_TRANSLATE_NOOP("SegmentNames", "New")),
            "potential_loyal": _t(QT_TRANSLATE_NOOP("SegmentNames", "Potential loyal")),
            "at_risk": _t(QT_TRANSLATE_NOOP("SegmentNames", "At risk")),
            "lost": _t(QT_TRANSLATE_NOOP("SegmentNames", "Lost")),
            "gone": _t(QT_TRANSLATE_NOOP("SegmentNames", "Gone")),
            "regular": _t(QT_TRANSLATE_NOOP("SegmentNames", "Regular")),
            "registered": _t(QT_TRANSLATE_NOOP("SegmentNames", "Registered")),
        }
        return names.get(key, key)
    if family_name == "rfm":
        return rfm(key)
    if family_name == "abc":
        return {
            "A": _t(QT_TRANSLATE_NOOP("SegmentNames", "A (top revenue)")),
            "B": _t(QT_TRANSLATE_NOOP("SegmentNames", "B")),
            "C": _t(QT_TRANSLATE_NOOP("SegmentNames", "C")),
        }.get(key, key)
    if family_name == "basket":
        if key.endswith("_lover"):
            return _t(QT_TRANSLATE_NOOP("SegmentNames", "%1 lover")).replace(
                "%1", key[: -len("_lover")].replace("_", " ")
            )
        return {
            "mixed": _t(QT_TRANSLATE_NOOP("SegmentNames", "Mixed")),
            "too_few_visits": _t(QT_TRANSLATE_NOOP("SegmentNames", "Too few visits")),
        }.get(key, key)
    return key


def rfm(key: str) -> str:
    names = {
        "champions": _t(QT_TRANSLATE_NOOP("SegmentNames", "Champions")),
        "loyal": _t(QT_TRANSLATE_NOOP("SegmentNames", "Loyal")),
        "potential_loyalist": _t(QT_TRANSLATE_NOOP("SegmentNames", "Potential loyalist")),
        "new": _t(QT_TRANSLATE_NOOP("SegmentNames", "New")),
        "promising": _t(QT_TRANSLATE_NOOP("SegmentNames", "Promising")),
        "need_attention": _t(QT_TRANSLATE_NOOP("SegmentNames", "Need attention")),
        "about_to_sleep": _t(QT_TRANSLATE_NOOP("SegmentNames", "About to sleep")),
        "cant_lose_them": _t(QT_TRANSLATE_NOOP("SegmentNames", "Can't lose them")),
        "at_risk": _t(QT_TRANSLATE_NOOP("SegmentNames", "At risk")),
        "hibernating": _t(QT_TRANSLATE_NOOP("SegmentNames", "Hibernating")),
        "lost": _t(QT_TRANSLATE_NOOP("SegmentNames", "Lost")),
    }
    return names.get(key, key)


LIFECYCLE_ORDER = (
    "vip",
    "loyal",
    "new",
    "potential_loyal",
    "regular",
    "at_risk",
    "lost",
    "gone",
    "registered",
)


def order(family_name: str, keys: list[str]) -> list[str]:
    """``keys`` in the order the owner expects (lifecycle from VIP down, others by name)."""
    if family_name == "lifecycle":
        rank = {k: i for i, k in enumerate(LIFECYCLE_ORDER)}
        return sorted(keys, key=lambda k: (rank.get(k, 99), k))
    return sorted(keys)
