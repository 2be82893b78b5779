"""Rule tests written as data: tests/eligibility/cases/*.yaml, one file per scheme family.

Each case gives a date, facts and, per scheme, the expected status (and optionally the route, its
plain-words label, another scheme its texts name (`see_also`, linked to its official page), text
that must appear - or must not appear - in a reason, an assumption, the near
miss, a next step or a caveat, and how many reasons there are). A case may also give `today` (the
caller's date) and `answer`, what the whole answer says: `no_visa_needed` (text of its reason, or
null), `note` (text in one of the notes) or `notes: []` (none).
"""
from pathlib import Path

import pytest
import yaml

from eligibility import assess
from eligibility.errors import EligibilityError

CASES_DIR = Path(__file__).with_name("cases")


def load_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            yield pytest.param(case, id=f"{path.stem}: {case['name']}")


def joined(items):
    return "\n".join(items)


def check_answer(answer, expected):
    if "no_visa_needed" in expected:
        if expected["no_visa_needed"] is None:
            assert answer["no_visa_needed"] is None, answer["no_visa_needed"]
        else:
            assert expected["no_visa_needed"] in answer["no_visa_needed"]["reason"], answer["no_visa_needed"]
            assert answer["no_visa_needed"]["citations"][0]["url"].startswith("https://www.immd.gov.hk/")
    if "note" in expected:
        assert expected["note"] in joined(answer["notes"]), answer["notes"]
    if "notes" in expected:
        assert answer["notes"] == expected["notes"], answer["notes"]


@pytest.mark.parametrize("case", load_cases())
def test_case(case):
    if "error" in case:
        with pytest.raises(EligibilityError, match=case["error"]):
            assess(case["facts"], case["as_of"])
        return
    answer = assess(case["facts"], case["as_of"])
    results = {s["id"]: s for s in answer["schemes"]}
    for scheme_id, expected in case["expect"].items():
        if isinstance(expected, str):
            expected = {"status": expected}
        got = results[scheme_id]
        context = f"{scheme_id}: {got}"
        assert got["status"] == expected["status"], context
        if "route" in expected:
            assert got["route"] == expected["route"], context
        if "route_label" in expected:
            assert got["route_label"] == expected["route_label"], context
        if "see_also" in expected:
            linked = {s["id"]: s["url"] for s in got["see_also"]}
            assert linked.get(expected["see_also"], "").startswith("https://www.immd.gov.hk/"), context
        if "reason_count" in expected:
            assert len(got["reasons"]) == expected["reason_count"], context
        for key, field in (("not_in_reasons", "reasons"), ("not_in_next_steps", "next_steps"),
                           ("not_in_assumptions", "assumptions")):
            if key in expected:
                assert expected[key] not in joined(got[field]), context
        if "reason" in expected:
            assert expected["reason"] in joined(got["reasons"]), context
        if "assumption" in expected:
            assert expected["assumption"] in joined(got["assumptions"]), context
        for key in ("next_step", "fees"):
            if key in expected:
                assert expected[key] in joined(got["next_steps"]), context
        if "caveat" in expected:
            if expected["caveat"]:
                assert expected["caveat"] in joined(got["caveats"]), context
        if "near_miss" in expected:
            if expected["near_miss"] is None:
                assert got["near_miss"] is None, context
            else:
                assert got["near_miss"] and expected["near_miss"] in got["near_miss"]["message"], context
        if "missing" in expected:
            assert expected["missing"] in got["missing"], context
        if got["status"] == "not_eligible":
            assert got["reasons"] and got["citations"], context
