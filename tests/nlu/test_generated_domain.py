"""domain/facts.yml is generated from eligibility/facts.yaml and must not go stale."""
import subprocess
import sys
from pathlib import Path

import yaml

from eligibility import FACTS

ROOT = Path(__file__).resolve().parents[2]


def test_domain_facts_yml_is_what_the_generator_writes():
    result = subprocess.run([sys.executable, "scripts/generate_domain.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_fact_slot_has_exactly_one_custom_mapping_and_a_question_with_dont_know():
    domain = yaml.safe_load((ROOT / "domain" / "facts.yml").read_text())
    assert domain["entities"] == list(FACTS)
    for name, spec in FACTS.items():
        assert domain["slots"][name] == {"type": "any", "influence_conversation": False,
                                         "mappings": [{"type": "custom"}]}, name
        question = domain["responses"][f"utter_ask_{name}"][0]
        assert question["text"] == spec.question
        assert question["buttons"][-1] == {"title": "I don't know", "payload": "/dont_know"}


def test_closed_values_are_buttons_whose_payloads_are_contract_values():
    domain = yaml.safe_load((ROOT / "domain" / "facts.yml").read_text())
    degree = domain["responses"]["utter_ask_highest_degree"][0]["buttons"]
    assert [b["payload"] for b in degree[:-1]] == [
        '/inform{{"highest_degree": "%s"}}' % v for v in ("none", "sub_degree", "bachelor", "master", "doctorate")]
    offered = [b["payload"] for b in domain["responses"]["utter_ask_current_visa"][0]["buttons"]]
    for value in FACTS["current_visa"].values:
        if value in ("none", "visitor", "student", "dependant_visa", "domestic_helper"):
            assert '/inform{{"current_visa": "%s"}}' % value in offered, value
