"""Custom segments on the hand-built venue: live counts, versions, members stored by the recompute
(what scenarios read through ``custom_segments.members``), owner-only changes."""

from __future__ import annotations

import json

import numpy as np
import pytest

from boostdesk.services import custom_segments, ops, venue
from boostdesk.storage import audit

Handbuilt = tuple[venue.Venue, dict[str, int]]
KADIKOY = {"all": [{"metric": "district", "op": "in", "value": ["Kadıköy"]}]}


def _ids(ids: dict[str, int], *names: str) -> list[int]:
    return sorted(ids[n] for n in names)


def test_live_counts_over_every_kind_of_metric(handbuilt: Handbuilt) -> None:
    opened, _ = handbuilt
    base = opened.custom_segments.load_base()
    count = opened.custom_segments.count
    assert count(base, KADIKOY) == 2  # Ada, Ece
    assert count(base, {"all": [{"metric": "consent_sms", "op": "==", "value": 1}]}) == 3
    at_risk_or_lost = {"metric": "segment:lifecycle", "op": "in", "value": ["at_risk", "lost"]}
    assert count(base, {"all": [at_risk_or_lost]}) == 3  # Ece, Jale, Fikret
    away_or_vip = {
        "any": [
            {"metric": "days_since_last_visit", "op": ">=", "value": 40},
            {"metric": "visits_30d", "op": ">=", "value": 20},
        ]
    }
    assert count(base, away_or_vip) == 3  # Fikret (45), Gül (120), Bora (26 visits)
    both = {"all": [at_risk_or_lost, {"metric": "consent_email", "op": "==", "value": 1}]}
    assert count(base, both) == 2  # Jale, Fikret
    coffee = {"all": [{"metric": "favourite_category", "op": "in", "value": ["coffee"]}]}
    assert count(base, coffee) == 9  # everyone who came (Irmak never did)
    assert "Kadıköy" in base.choices["district"]
    morning = {"all": [{"metric": "spend_coffee", "op": ">=", "value": 3000}]}
    assert count(base, morning) == 2  # Ada 12 x 250, Bora 26 x 450


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ({"all": []}, "at least one condition"),
        ({"all": [{"metric": "shoe_size", "op": ">", "value": 1}]}, "unknown metric"),
        ({"all": [{"metric": "district", "op": ">=", "value": 1}]}, "'in' or 'not_in'"),
        ({"all": [{"metric": "visits", "op": "in", "value": [1]}]}, "unknown operator"),
        ({"all": [{"metric": "visits", "op": ">=", "value": "3; DROP"}]}, "needs a number"),
        ({"all": [{"metric": "district", "op": "in", "value": []}]}, "one or more values"),
    ],
)
def test_specs_that_cannot_run_are_refused(
    handbuilt: Handbuilt, spec: dict[str, object], problem: str
) -> None:
    opened, _ = handbuilt
    owner = opened.users.sign_in("1234")
    with pytest.raises(custom_segments.RuleError, match=problem):
        opened.custom_segments.save(owner, None, "Broken", spec)
    assert opened.custom_segments.saved() == []


def test_saved_versions_and_members_after_the_recompute(handbuilt: Handbuilt) -> None:
    opened, ids = handbuilt
    owner = opened.users.sign_in("1234")
    saved = opened.custom_segments.save(owner, None, "  Kadıköy  guests ", KADIKOY)
    key = saved.value
    assert saved.changes.rules  # the background recompute stores the members
    assert opened.custom_segments.members(key).tolist() == []  # not evaluated yet
    opened.segmentation.recompute_all()
    assert opened.custom_segments.members(key).tolist() == _ids(ids, "Ada", "Ece")
    (shown,) = opened.custom_segments.saved()
    assert (shown.key, shown.name, shown.members, shown.version) == (
        key,
        "Kadıköy guests",
        2,
        1,
    )
    # a new version: Kadıköy guests who agreed to SMS, or anyone from Beşiktaş
    wider = {
        "any": [
            {"metric": "district", "op": "in", "value": ["Beşiktaş"]},
            {"all": [*KADIKOY["all"], {"metric": "consent_sms", "op": "==", "value": 1}]},
        ]
    }
    opened.custom_segments.save(owner, key, "Kadıköy and Beşiktaş", wider)
    opened.segmentation.recompute_all()
    assert opened.custom_segments.members(key).tolist() == _ids(ids, "Ada", "Bora", "Ece")
    versions = opened.custom_segments.versions(key)
    assert [v.version for v in versions] == [2, 1]
    assert json.loads(versions[1].rule) == KADIKOY and versions[0].user_id == owner.user_id
    # an anonymised guest leaves every custom segment at once
    opened.store.execute("UPDATE customer SET anonymised_at = 1 WHERE id = ?", (ids["Ece"],))
    assert opened.custom_segments.members(key).tolist() == _ids(ids, "Ada", "Bora")
    opened.custom_segments.delete(owner, key)
    assert opened.custom_segments.saved() == []
    assert opened.custom_segments.members(key).tolist() == []
    assert opened.custom_segments.versions(key)[0].deleted
    actions = [e.action for e in audit.latest(opened.store)]
    assert actions[:3] == [
        "custom_segment.delete",
        "custom_segment.save",
        "custom_segment.save",
    ]


def test_names_are_unique_among_segments_in_use(handbuilt: Handbuilt) -> None:
    opened, _ = handbuilt
    owner = opened.users.sign_in("1234")
    first = opened.custom_segments.save(owner, None, "Regulars", KADIKOY).value
    with pytest.raises(custom_segments.RuleError, match="another segment has this name"):
        opened.custom_segments.save(owner, None, "Regulars", KADIKOY)
    opened.custom_segments.delete(owner, first)
    again = opened.custom_segments.save(owner, None, "Regulars", KADIKOY).value
    assert again != first


def test_a_cashier_cannot_save_or_delete_segments(handbuilt: Handbuilt) -> None:
    opened, _ = handbuilt
    owner = opened.users.sign_in("1234")
    cashier = opened.users.sign_in("0000")
    key = opened.custom_segments.save(owner, None, "Kadıköy", KADIKOY).value
    with pytest.raises(ops.PermissionDenied):
        opened.custom_segments.save(cashier, None, "Mine", KADIKOY)
    with pytest.raises(ops.PermissionDenied):
        opened.custom_segments.save(cashier, key, "Renamed", KADIKOY)
    with pytest.raises(ops.PermissionDenied):
        opened.custom_segments.delete(cashier, key)
    assert [s.name for s in opened.custom_segments.saved()] == ["Kadıköy"]
    assert np.array_equal(opened.custom_segments.members(key), np.zeros(0, dtype=np.int64))


def test_a_saved_segment_narrows_a_scenario_audience(handbuilt: Handbuilt) -> None:
    import dataclasses

    from boostdesk.domain import scenarios

    opened, _ = handbuilt
    owner = opened.users.sign_in("1234")
    key = opened.custom_segments.save(owner, None, "Kadıköy", KADIKOY).value
    opened.segmentation.recompute_all()  # stores the members scenarios read
    winback = dataclasses.replace(
        scenarios.TEMPLATES["winback_at_risk"], enabled=True, holdout_bp=0
    )
    everyone = opened.scenarios.preview(winback)
    kadikoy = opened.scenarios.preview(dataclasses.replace(winback, audience=f"custom:{key}"))
    assert (everyone.audience, kadikoy.audience) == (2, 1)  # Ece and Jale; Ece alone
