"""The segment rules: preview of an edit on the hand-built venue, versioned audited saves, and the
recompute storing exactly what the preview showed."""

from __future__ import annotations

import pytest

from boostdesk.domain.segments import thresholds
from boostdesk.services import ops, venue
from boostdesk.storage import audit
from boostdesk.storage import segments as stored_segments

Handbuilt = tuple[venue.Venue, dict[str, int]]
AT_RISK = "segments.lifecycle.at_risk_days"
LOYAL = "segments.lifecycle.loyal_visits"


def _owner(opened: venue.Venue) -> ops.Actor:
    return opened.users.sign_in("1234")


def test_preview_counts_the_guests_an_edit_moves(handbuilt: Handbuilt) -> None:
    opened, _ = handbuilt
    base = opened.rules.load_base()
    assert base.guests == 10
    # Ece (25 days away) is no longer at risk from 30 days; Jale (31 days) still is
    shown = opened.rules.preview(base, {AT_RISK: 30})
    assert shown.before["lifecycle"]["at_risk"] == 2
    assert shown.after["lifecycle"]["at_risk"] == 1
    assert shown.after["lifecycle"]["regular"] == 2
    assert shown.moves == {"lifecycle": [("at_risk", "regular", 1)]}
    # Ada (12 visits in 30 days) is not Loyal when it takes 13; both edits together
    both = opened.rules.preview(base, {AT_RISK: 30, LOYAL: 13})
    assert both.moves["lifecycle"] == [("at_risk", "regular", 1), ("loyal", "regular", 1)]
    # an edit that changes nothing moves no one
    assert opened.rules.preview(base, {AT_RISK: 20}).moves == {}


def test_rules_that_contradict_each_other_are_refused(handbuilt: Handbuilt) -> None:
    opened, _ = handbuilt
    base = opened.rules.load_base()
    with pytest.raises(thresholds.RulesError, match="At risk < Lost < Gone"):
        opened.rules.preview(base, {AT_RISK: 50})  # Lost starts at 40
    with pytest.raises(thresholds.RulesError) as refused:
        opened.rules.save(_owner(opened), {thresholds.ABC_SHARES: [0.95, 0.8]})
    assert refused.value.key == thresholds.ABC_SHARES
    assert opened.rules.versions() == []


def test_save_is_a_new_audited_version_and_the_recompute_stores_the_preview(
    handbuilt: Handbuilt,
) -> None:
    opened, ids = handbuilt
    owner = _owner(opened)
    shown = opened.rules.preview(opened.rules.load_base(), {AT_RISK: 30, LOYAL: 13})
    saved = opened.rules.save(owner, {AT_RISK: 30, LOYAL: 13})
    assert saved.value == 1
    assert saved.changes.rules  # the app runs a background recompute on this
    again = opened.rules.save(owner, {AT_RISK: 25})
    assert again.value == 2
    versions = opened.rules.versions()
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].user_name == owner.name and versions[0].changed == (AT_RISK,)
    assert versions[1].snapshot[LOYAL] == 13 and versions[1].snapshot[AT_RISK] == 30
    entries = [e for e in audit.latest(opened.store) if e.action == "settings.version"]
    assert [e.detail for e in entries] == [
        f"segments v2: {AT_RISK}",
        f"segments v1: {AT_RISK},{LOYAL}",
    ]
    # back to the first version's values, then recompute: the stored sizes are the preview's
    opened.rules.save(owner, {AT_RISK: 30})
    opened.segmentation.recompute_all()
    assert stored_segments.counts(opened.store, "lifecycle") == shown.after["lifecycle"]
    assert stored_segments.current_segment(opened.store, ids["Ece"], "lifecycle") == "regular"
    assert stored_segments.current_segment(opened.store, ids["Ada"], "lifecycle") == "regular"


def test_rfm_map_and_abc_shares_and_basket_rules_reach_the_recompute(
    handbuilt: Handbuilt,
) -> None:
    opened, _ = handbuilt
    base = opened.rules.load_base()
    # everyone in the RFM window with R and F from 1 to 5 is a Champion when that row comes first
    everyone = [["champions", 1, 5, 1, 5]]
    shown = opened.rules.preview(base, {thresholds.RFM_MAP: everyone})
    assert shown.after["rfm"] == {"champions": 10}
    # A = the guests making 99 % of the revenue
    abc = opened.rules.preview(base, {thresholds.ABC_SHARES: [0.99, 0.995]})
    opened.rules.save(_owner(opened), {thresholds.ABC_SHARES: [0.99, 0.995]})
    opened.segmentation.recompute_all()
    assert stored_segments.counts(opened.store, "abc") == abc.after["abc"]
    # a coffee lover from 2 visits instead of 3: Ece, Fikret, Gül, Jale join (all coffee)
    lovers = opened.rules.preview(base, {thresholds.LOVER_VISITS: 2})
    assert ("too_few_visits", "coffee_lover", 4) in lovers.moves["basket"]


def test_a_cashier_cannot_change_the_rules(handbuilt: Handbuilt) -> None:
    opened, _ = handbuilt
    cashier = opened.users.sign_in("0000")
    with pytest.raises(ops.PermissionDenied):
        opened.rules.save(cashier, {AT_RISK: 30})
    assert opened.rules.versions() == []
