"""The domain follows the fact vocabulary: one entity, slot and question per contract fact."""
from pathlib import Path

import yaml

from eligibility import FACTS

def _merged_domain() -> dict:
    """domain/*.yml merged the way Rasa merges a domain directory (top-level keys combined)."""
    merged: dict = {}
    for path in sorted((Path(__file__).parents[2] / "domain").glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text()) or {}).items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            else:
                merged[key] = value
    return merged


DOMAIN = _merged_domain()
CLOSED = ("bool", "enum", "scheme_or_visa", "list")


def test_every_fact_has_entity_slot_and_question():
    for name, spec in FACTS.items():
        assert name in DOMAIN["entities"], name
        # Only our actions set fact slots (through fact_extraction.understand), so no incidental
        # entity ever overwrites a fact.
        assert DOMAIN["slots"][name]["mappings"] == [{"type": "custom"}], name
        question = DOMAIN["responses"][f"utter_ask_{name}"][0]
        assert question["text"] == spec.question
        payloads = [b["payload"] for b in question.get("buttons", [])]
        assert "/dont_know" in payloads
        if spec.type in CLOSED:
            assert len(payloads) >= 3, name


def test_status_slots_and_requested_slot_contract():
    for name in ("eligible_schemes", "ineligible_schemes", "undecided_schemes", "unknown_facts"):
        assert DOMAIN["slots"][name]["type"] == "list"
    assert DOMAIN["session_config"]["carry_over_slots_to_new_session"] is True
    assert "validate_eligibility_form" in DOMAIN["actions"]
    assert "action_validate_slot_mappings" in DOMAIN["actions"]
    assert DOMAIN["slots"]["goal_schemes"]["type"] == "list"


def test_greeting_says_what_it_does_and_not_legal_advice():
    text = DOMAIN["responses"]["utter_greet"][0]["text"]
    assert "Hong Kong" in text and "not legal advice" in text


def test_action_server_registers_exactly_the_domain_actions():
    from rasa_sdk.executor import ActionExecutor
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == set(DOMAIN["actions"])
