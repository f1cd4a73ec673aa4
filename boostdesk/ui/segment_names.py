"""Segment families and segment keys in the user's language (the filter, the table, the guest
page). A key without a name here is shown as it is stored."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's name, read by lupdate)
    """Mark ``text`` for translation in ``context``; translated where it is looked up."""
    return text


def _t(text: str) -> str:
    return QCoreApplication.translate("SegmentNames", text)


def family(key: str) -> str:
    names = {
        "lifecycle": QT_TRANSLATE_NOOP("SegmentNames", "Lifecycle"),
        "rfm": QT_TRANSLATE_NOOP("SegmentNames", "RFM"),
        "abc": QT_TRANSLATE_NOOP("SegmentNames", "ABC class"),
        "basket": QT_TRANSLATE_NOOP("SegmentNames", "Basket"),
        "age": QT_TRANSLATE_NOOP("SegmentNames", "Age"),
        "gender": QT_TRANSLATE_NOOP("SegmentNames", "Gender"),
        "family": QT_TRANSLATE_NOOP("SegmentNames", "Family"),
        "frequency": QT_TRANSLATE_NOOP("SegmentNames", "Visit frequency"),
        "spend": QT_TRANSLATE_NOOP("SegmentNames", "Average bill"),
        "daypart": QT_TRANSLATE_NOOP("SegmentNames", "Time of day"),
        "campaigns": QT_TRANSLATE_NOOP("SegmentNames", "Campaigns"),
        "registration_source": QT_TRANSLATE_NOOP("SegmentNames", "Registered through"),
        "predictive": QT_TRANSLATE_NOOP("SegmentNames", "Prediction"),
    }
    return _t(names[key]) if key in names else key


def segment(family_key: str, key: str | None) -> str:
    """The segment ``key`` of ``family_key`` as the owner reads it ("" for none)."""
    if not key:
        return ""
    if family_key == "lifecycle":
        names = {
            "vip": QT_TRANSLATE_NOOP("SegmentNames", "VIP"),
            "loyal": QT_TRANSLATE_NOOP("SegmentNames", "Loyal"),
            "regular": QT_TRANSLATE_NOOP("SegmentNames", "Regular"),
            "new": QT_TRANSLATE_NOOP("SegmentNames", "New"),
            "potential_loyal": QT_TRANSLATE_NOOP("SegmentNames", "Potential loyal"),
            "at_risk": QT_TRANSLATE_NOOP("SegmentNames", "At risk"),
            "lost": QT_TRANSLATE_NOOP("SegmentNames", "Lost"),
            "gone": QT_TRANSLATE_NOOP("SegmentNames", "Gone"),
            "registered": QT_TRANSLATE_NOOP("SegmentNames", "Registered"),
        }
    elif family_key == "rfm":
        names = {
            "champions": QT_TRANSLATE_NOOP("SegmentNames", "Champions"),
            "loyal": QT_TRANSLATE_NOOP("SegmentNames", "Loyal customers"),
            "potential_loyalist": QT_TRANSLATE_NOOP("SegmentNames", "Potential loyalists"),
            "new": QT_TRANSLATE_NOOP("SegmentNames", "New customers"),
            "promising": QT_TRANSLATE_NOOP("SegmentNames", "Promising"),
            "need_attention": QT_TRANSLATE_NOOP("SegmentNames", "Need attention"),
            "about_to_sleep": QT_TRANSLATE_NOOP("SegmentNames", "About to sleep"),
            "at_risk": QT_TRANSLATE_NOOP("SegmentNames", "At risk"),
            "cant_lose_them": QT_TRANSLATE_NOOP("SegmentNames", "Can't lose them"),
            "hibernating": QT_TRANSLATE_NOOP("SegmentNames", "Hibernating"),
            "lost": QT_TRANSLATE_NOOP("SegmentNames", "Lost"),
        }
    else:
        names = {
            "coffee_lover": QT_TRANSLATE_NOOP("SegmentNames", "Coffee lover"),
            "tea_lover": QT_TRANSLATE_NOOP("SegmentNames", "Tea lover"),
            "food_lover": QT_TRANSLATE_NOOP("SegmentNames", "Food lover"),
            "mixed": QT_TRANSLATE_NOOP("SegmentNames", "Mixed"),
            "too_few_visits": QT_TRANSLATE_NOOP("SegmentNames", "Too few visits"),
            "unknown": QT_TRANSLATE_NOOP("SegmentNames", "Unknown"),
            "65_plus": QT_TRANSLATE_NOOP("SegmentNames", "65 and over"),
            "female": QT_TRANSLATE_NOOP("SegmentNames", "Female"),
            "male": QT_TRANSLATE_NOOP("SegmentNames", "Male"),
            "no_family_known": QT_TRANSLATE_NOOP("SegmentNames", "No family known"),
            "with_children": QT_TRANSLATE_NOOP("SegmentNames", "With children"),
            "with_spouse": QT_TRANSLATE_NOOP("SegmentNames", "With spouse"),
            "none": QT_TRANSLATE_NOOP("SegmentNames", "None"),
            "10_plus": QT_TRANSLATE_NOOP("SegmentNames", "10 or more"),
            "under_100": QT_TRANSLATE_NOOP("SegmentNames", "Under 100"),
            "400_plus": QT_TRANSLATE_NOOP("SegmentNames", "400 and over"),
            "morning": QT_TRANSLATE_NOOP("SegmentNames", "Morning"),
            "afternoon": QT_TRANSLATE_NOOP("SegmentNames", "Afternoon"),
            "evening": QT_TRANSLATE_NOOP("SegmentNames", "Evening"),
            "not_redeemed": QT_TRANSLATE_NOOP("SegmentNames", "Not redeemed"),
            "redeemed": QT_TRANSLATE_NOOP("SegmentNames", "Redeemed"),
            "counter": QT_TRANSLATE_NOOP("SegmentNames", "Counter"),
            "event": QT_TRANSLATE_NOOP("SegmentNames", "Event"),
            "instagram": QT_TRANSLATE_NOOP("SegmentNames", "Instagram"),
            "website": QT_TRANSLATE_NOOP("SegmentNames", "Website"),
            "import": QT_TRANSLATE_NOOP("SegmentNames", "Import"),
            "not_fitted": QT_TRANSLATE_NOOP("SegmentNames", "Not fitted yet"),
        }
    if key in names:
        return _t(names[key])
    return key.replace("_", "–") if key[:1].isdigit() else key
