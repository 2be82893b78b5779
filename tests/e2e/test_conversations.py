"""Whole conversations over HTTP through the real Rasa server and action server (contract §4).

Run with `pytest -m e2e tests/e2e`. The `rasa_stack` fixture (tests/conftest.py) trains the model if
it is stale, then starts both servers on free ports with their own SQLite stores.
"""
from __future__ import annotations

import sqlite3

import pytest
from conversation import converse, format_transcript

from eligibility import FACTS

pytestmark = pytest.mark.e2e

# One person per scheme family: (opener typed by the user, the rest of their facts, scheme, name in reply)
SCENARIOS = {
    "ttps_a": ("I'm 45, I have a master's degree and earn HK$3 million a year. I'm British and live in London.",
               {"residence": "overseas", "hk_job_offer": False, "hk_graduate": False},
               "ttps", ["Top Talent Pass Scheme (TTPS) - category A"]),
    "ttps_b": ("I am 35 with a bachelor's degree, American, living overseas",
               {"bachelor_listed_university": True, "work_experience_years": 6, "recent_work_experience_years": 5,
                "years_since_bachelor": 12, "annual_income_hkd": 600_000, "hk_graduate": False},
               "ttps", ["Top Talent Pass Scheme (TTPS) - category B"]),
    "ttps_c_and_working_holiday": (
        "I'm 24, French, just finished my bachelor's last year",
        {"residence": "overseas", "bachelor_listed_university": True, "work_experience_years": 1,
         "recent_work_experience_years": 1, "years_since_bachelor": 1, "annual_income_hkd": 300_000,
         "hk_graduate": False},
        "ttps", ["Top Talent Pass Scheme (TTPS) - category C", "Working Holiday"]),
    "assg": ("I'm 28, Canadian, born in Toronto, I have a bachelor's and speak English",
             {"residence": "overseas", "born_overseas": True, "parent_hk_permanent_resident": True,
              "parent_settled_overseas_at_birth": True},
             "assg", ["Second Generation"]),
    "qmas": ("I'm 35 with a PhD, I speak English and Mandarin, I'm from Singapore and earn HK$1.2M a year",
             {"residence": "overseas", "postgraduate_listed_university": True, "work_experience_years": 10,
              "multinational_experience_years": 5, "sector_experience_years": 5,
              "international_experience_years": 3, "stem_degree": True},
             "qmas", ["Quality Migrant Admission Scheme"]),
    "iang": ("I'm 24 and finished my master's in Hong Kong 2 months ago, I'm Indian",
             {"residence": "overseas", "hk_graduate": True, "months_since_hk_graduation": 2},
             "iang", ["Non-local Graduates"]),
    "techtas": ("I'm 30, German, with a master's in computer science and a job offer from a Hong Kong company",
                {"residence": "overseas", "stem_degree": True, "hk_job_offer": True, "techtas_rd_role": True,
                 "job_offer_salary_hkd": 500_000},
                "techtas", ["Technology Talent Admission Scheme"]),
    "new_cies": ("I'm 50, American, and have net assets of HK$40 million",
                 {"residence": "overseas"}, "new_cies", ["Capital Investment Entrant Scheme"]),
    "dependant": ("I'm 30, American, and my husband works in Hong Kong",
                  {"residence": "overseas", "family_sponsor": "spouse"}, "dependant", ["ependant"]),
    "permanent_residence": ("I'm 40, British, I've lived in Hong Kong for 8 years",
                            {"residence": "hong_kong", "current_visa": "gep_professionals", "years_residence_hk": 8},
                            "permanent_residence", ["ermanent"]),
    "top_tier_extension": ("I'm 40 and British, living in Hong Kong on TTPS",
                           {"residence": "hong_kong", "current_visa": "ttps", "years_on_current_visa": 3,
                            "assessable_income_hkd": 2_500_000, "hk_job_offer": True},
                           "top_tier_extension", ["op-tier"]),
    "technical_professionals": ("I'm 30, from the Philippines, with a higher diploma",
                                {"residence": "overseas", "hk_job_offer": True, "tp_list_trade": True,
                                 "job_offer_salary_hkd": 300_000, "highest_degree": "sub_degree"},
                                "technical_professionals", ["Technical Professionals"]),
    "gep_investment": ("I'm 40, British, with a bachelor's degree, and I want to start a business in Hong Kong",
                       {"residence": "overseas", "business_plan": True}, "gep_investment", ["nvestment"]),
    "asmtp": ("I'm 30, Chinese, living in Shanghai, with a bachelor's and a job offer in Hong Kong",
              {"residence": "mainland", "nationality": "CN", "hk_job_offer": True, "job_offer_salary_hkd": 2_500_000,
               "job_on_talent_list": True, "foreign_permanent_residence": False, "hk_graduate": False},
              "asmtp", ["Admission Scheme for Mainland Talents"]),
    "gep_professionals": ("I'm 30, British, with a bachelor's and a job offer in Hong Kong",
                          {"residence": "overseas", "hk_job_offer": True, "job_offer_salary_hkd": 2_500_000,
                           "job_on_talent_list": True, "hk_graduate": False},
                          "gep_professionals", ["General Employment Policy"]),
}


def eligible_section(answer: str) -> str:
    """The 'You look eligible for ...' paragraph of the answer ('' when there is none)."""
    start = answer.find("You look eligible")
    return "" if start < 0 else answer[start:].split("\n\n")[0]


def check_contract_slots(slots, transcript):
    for name in ("eligible_schemes", "ineligible_schemes", "undecided_schemes"):
        assert isinstance(slots[name], list), f"{name} not a list\n{format_transcript(transcript)}"
    assert slots["requested_slot"] is None
    for fact in FACTS:
        if slots.get(fact) is not None:
            from eligibility.facts import validate_fact
            assert validate_fact(fact, slots[fact]) == slots[fact], fact


@pytest.mark.parametrize("case", list(SCENARIOS))
def test_each_scheme_family_is_reached(rasa_stack, sender, case):
    opener, facts, scheme, names = SCENARIOS[case]
    replies, slots, transcript = converse(rasa_stack, sender, opener, facts)
    check_contract_slots(slots, transcript)
    answer = "\n".join(replies)
    assert scheme in slots["eligible_schemes"], format_transcript(transcript)
    for name in names:
        assert name in answer, format_transcript(transcript)
    assert "not legal advice" in answer


def test_multi_fact_opener_fills_every_slot_and_asks_only_the_rest(rasa_stack, sender):
    opener = "Hi! I'm 32, did my master's at HKU, speak English and Cantonese and earn about 90k a month"
    rasa_stack.talk(sender, opener)
    slots = rasa_stack.slots(sender)
    assert slots["age"] == 32
    assert slots["highest_degree"] == "master"
    assert slots["languages"] == ["english", "cantonese"]
    assert slots["annual_income_hkd"] == 1_080_000
    assert slots["requested_slot"] not in (None, "age", "highest_degree", "languages", "annual_income_hkd")


def test_greeting_then_first_question_with_buttons(rasa_stack, sender):
    messages = rasa_stack.send(sender, "hello")
    assert "not legal advice" in messages[0]["text"]
    slots = rasa_stack.slots(sender)
    question = FACTS[slots["requested_slot"]].question
    assert messages[-1]["text"] == question
    assert any(b["payload"] == "/dont_know" for b in messages[-1].get("buttons", []))


def test_correction_after_the_answer_recomputes(rasa_stack, sender):
    opener, facts, _scheme, _names = SCENARIOS["assg"]
    converse(rasa_stack, sender, opener, facts)
    assert "assg" in rasa_stack.slots(sender)["eligible_schemes"]
    replies, slots, transcript = converse(rasa_stack, sender, "actually I'm 41", facts)
    assert slots["age"] == 41
    assert "assg" not in slots["eligible_schemes"], format_transcript(transcript)
    assert "Here is what I have" in "\n".join(replies)


def test_question_in_the_middle_is_answered_and_the_form_resumes(rasa_stack, sender):
    rasa_stack.talk(sender, "I'm 33 and have a bachelor's degree")
    before = rasa_stack.slots(sender)["requested_slot"]
    assert before
    replies = rasa_stack.talk(sender, "what is QMAS?")
    assert any("Quality Migrant Admission Scheme" in r for r in replies), replies
    assert replies[-1] == FACTS[before].question  # the same question again
    assert rasa_stack.slots(sender)["requested_slot"] == before
    replies = rasa_stack.talk(sender, "why do you need this?")
    assert any(FACTS[before].why in r for r in replies), replies
    assert rasa_stack.slots(sender)["requested_slot"] == before


def test_dont_know_leaves_the_fact_unknown(rasa_stack, sender):
    rasa_stack.talk(sender, "I'm 29 with a master's")
    asked = rasa_stack.slots(sender)["requested_slot"]
    rasa_stack.talk(sender, "I don't know")
    slots = rasa_stack.slots(sender)
    assert asked in slots["unknown_facts"]
    assert slots[asked] is None
    assert slots["requested_slot"] not in (None, asked)


def test_bad_answer_is_re_asked_then_skip_offered(rasa_stack, sender):
    rasa_stack.talk(sender, "hi")
    asked = rasa_stack.slots(sender)["requested_slot"]
    first = rasa_stack.send(sender, "purple monkey dishwasher")
    assert rasa_stack.slots(sender)["requested_slot"] == asked
    second = rasa_stack.send(sender, "purple monkey dishwasher")
    texts = [m.get("text", "") for m in first + second]
    assert any("Sorry" in t or "rephrase" in t for t in texts), texts
    assert any(FACTS[asked].why in t for t in texts), texts
    assert any(b.get("payload") == "/skip" for m in second for b in m.get("buttons", [])), second


def test_excluded_nationality_gets_no_talent_scheme(rasa_stack, sender):
    opener = "I'm 30, from Afghanistan, with a master's degree and HK$3 million income a year"
    replies, slots, transcript = converse(rasa_stack, sender, opener, {"residence": "overseas"})
    assert slots["nationality"] == "AF"
    assert "ttps" not in slots["eligible_schemes"] and "ttps" in slots["ineligible_schemes"]
    assert "Top Talent Pass Scheme" not in eligible_section("\n".join(replies))
    why = "\n".join(rasa_stack.talk(sender, "why not TTPS?"))
    assert "Top Talent Pass Scheme" in why and "Afghanistan" in why, why


def test_follow_ups_after_the_answer(rasa_stack, sender):
    opener, facts, _s, _n = SCENARIOS["ttps_b"]
    converse(rasa_stack, sender, opener, facts)
    before = rasa_stack.slots(sender)
    what_if = "\n".join(rasa_stack.talk(sender, "what if my income were HK$2.6M?"))
    assert "category A" in what_if, what_if
    assert rasa_stack.slots(sender)["annual_income_hkd"] == before["annual_income_hkd"]
    assert "Top Talent Pass Scheme" in "\n".join(rasa_stack.talk(sender, "what documents do I need?"))
    assert "months" in "\n".join(rasa_stack.talk(sender, "how long can I stay?"))
    assert "All schemes I check" in "\n".join(rasa_stack.talk(sender, "show me all the results"))


def test_delete_my_data(rasa_stack, sender):
    opener, facts, _s, _n = SCENARIOS["ttps_a"]
    converse(rasa_stack, sender, opener, facts)   # answered, then every scheme checked: two assessments
    from eligibility.store import AssessmentStore
    store = AssessmentStore(f"sqlite:///{rasa_stack.assessment_db}")
    assert len(store.for_conversation(sender)) == 2
    replies = "\n".join(rasa_stack.talk(sender, "please delete my data"))
    assert "deleted" in replies
    assert store.for_conversation(sender) == []
    slots = rasa_stack.slots(sender)
    assert slots["age"] is None and slots["annual_income_hkd"] is None
    rows = sqlite3.connect(rasa_stack.tracker_db).execute(
        "select data from events where sender_id = ?", (sender,)).fetchall()
    assert not any("3 million" in r[0] for r in rows)


def test_start_over_clears_everything(rasa_stack, sender):
    rasa_stack.talk(sender, "I'm 35 and Japanese")
    assert rasa_stack.slots(sender)["age"] == 35
    rasa_stack.talk(sender, "let's start over")
    slots = rasa_stack.slots(sender)
    assert slots["age"] is None and slots["nationality"] is None and slots["requested_slot"] is None


def test_out_of_scope_and_chitchat_steer_back(rasa_stack, sender):
    for text in ("what's the weather like today?", "tell me a joke"):
        reply = "\n".join(rasa_stack.talk(sender, text))
        assert "Hong Kong" in reply, reply


def test_action_server_down_gives_an_apology_and_recovers(rasa_stack, sender):
    rasa_stack.talk(sender, "hi")
    asked = rasa_stack.slots(sender)["requested_slot"]
    rasa_stack.stop_process("actions")
    try:
        replies = rasa_stack.talk(sender, "I'm 30")
        assert any(r.startswith("Sorry, something went wrong") for r in replies), replies
    finally:
        rasa_stack.restart_actions()
    rasa_stack.talk(sender, "I'm 30")
    slots = rasa_stack.slots(sender)
    assert slots["age"] == 30 and slots["requested_slot"] not in (None, "age"), (asked, slots)


def test_the_answer_comes_at_the_first_scheme_met_with_an_offer_to_check_the_rest(rasa_stack, sender):
    replies = rasa_stack.talk(sender, "I'm British and I earn HK$3 million a year")
    slots = rasa_stack.slots(sender)
    assert slots["requested_slot"] is None and "ttps" in slots["eligible_schemes"]
    answer = "\n".join(replies)
    assert "Top Talent Pass Scheme (TTPS) - category A" in answer
    assert any(r.startswith("I can also check the") and r.endswith("Shall I?") for r in replies), answer
    rasa_stack.talk(sender, "yes")
    assert rasa_stack.slots(sender)["requested_slot"] in FACTS   # now every open scheme is checked
