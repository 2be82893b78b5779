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
    answers = "\n".join(bot for _user, bots in transcript for bot in bots)
    assert scheme in slots["eligible_schemes"], format_transcript(transcript)
    for name in names:
        assert name in answers, format_transcript(transcript)
    assert "not legal advice" in answers


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
    assert "That rules out" in "\n".join(replies)


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


def test_an_answer_unreadable_twice_is_left_open_and_no_question_comes_three_times(rasa_stack, sender):
    rasa_stack.talk(sender, "hi")
    asked = rasa_stack.slots(sender)["requested_slot"]
    first = rasa_stack.send(sender, "purple monkey dishwasher")
    assert rasa_stack.slots(sender)["requested_slot"] == asked
    assert any(FACTS[asked].why in m.get("text", "") for m in first), first
    assert any(b.get("payload") == "/skip" for m in first for b in m.get("buttons", [])), first
    second = rasa_stack.talk(sender, "purple monkey dishwasher")
    slots = rasa_stack.slots(sender)
    assert asked in slots["unknown_facts"] and slots["requested_slot"] != asked, second
    assert any("open" in t for t in second), second
    for _ in range(4):   # chit-chat in between: the question is repeated, but never a fourth time
        rasa_stack.talk(sender, "tell me a joke")
    counts = rasa_stack.slots(sender)["question_counts"]
    assert max(counts.values()) <= 3, counts


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


def test_delete_my_data_asks_to_confirm_then_deletes(rasa_stack, sender):
    opener, facts, _s, _n = SCENARIOS["ttps_a"]
    converse(rasa_stack, sender, opener, facts)   # answered, then every scheme checked: two assessments
    from eligibility.store import AssessmentStore
    store = AssessmentStore(f"sqlite:///{rasa_stack.assessment_db}")
    assert len(store.for_conversation(sender)) == 2
    confirm = rasa_stack.send(sender, "please delete my data")
    assert [b["payload"] for b in confirm[-1]["buttons"]] == ["/delete_data", "/keep_going"]
    assert len(store.for_conversation(sender)) == 2        # nothing deleted before the button
    replies = "\n".join(rasa_stack.talk(sender, "/delete_data"))
    assert "deleted" in replies
    assert store.for_conversation(sender) == []
    slots = rasa_stack.slots(sender)
    assert slots["age"] is None and slots["annual_income_hkd"] is None
    rows = sqlite3.connect(rasa_stack.tracker_db).execute(
        "select data from events where sender_id = ?", (sender,)).fetchall()
    assert not any("3 million" in r[0] for r in rows)


def test_start_over_asks_to_confirm_then_clears_everything(rasa_stack, sender):
    rasa_stack.talk(sender, "I'm 35 and Japanese")
    assert rasa_stack.slots(sender)["age"] == 35
    confirm = rasa_stack.send(sender, "yes, as I said at the start")   # misread words never erase anything
    assert rasa_stack.slots(sender)["age"] == 35, confirm
    confirm = rasa_stack.send(sender, "let's start over")
    assert any(b["payload"] == "/restart" for m in confirm for b in m.get("buttons", [])), confirm
    assert rasa_stack.slots(sender)["age"] == 35
    rasa_stack.talk(sender, "/restart")
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


# -- goals, the planner, short answers, situations (each behaviour through the real servers) ----

def all_bot_text(transcript) -> str:
    return "\n".join(bot for _user, bots in transcript for bot in bots)


def test_a_goal_stated_is_kept_and_the_questions_head_for_it(rasa_stack, sender):
    opener = "I'm 23, Indian, I just finished my bachelor's at HKU last month. Can I stay after I graduate?"
    facts = {"hk_graduate": True, "months_since_hk_graduation": 1, "hk_bachelor_graduate": True,
             "ugc_funded_programme": True, "residence": "hong_kong", "hk_permanent_resident": False,
             "current_visa": "student", "languages": ["english"]}
    replies, slots, transcript = converse(rasa_stack, sender, opener, facts, check_all=False)
    assert slots["goal_schemes"] == ["iang"], format_transcript(transcript)
    asked = [user for user, _bots in transcript[1:]]
    assert len(asked) <= 5, format_transcript(transcript)
    assert "iang" in slots["eligible_schemes"], format_transcript(transcript)
    assert replies[0].startswith("You look eligible for"), replies
    assert replies[0].splitlines()[1].startswith("- Immigration Arrangements for Non-local Graduates"), replies
    for unrelated in ("owns_listed_company", "net_assets_hkd", "parent_hk_permanent_resident"):
        assert unrelated not in slots["question_counts"], format_transcript(transcript)


def test_a_parent_who_is_a_permanent_resident_leads_to_assg_not_working_holiday(rasa_stack, sender):
    opener = "My mom is a Hong Kong permanent resident. I'm 29 and Canadian."
    facts = {"born_overseas": True, "parent_settled_overseas_at_birth": True, "highest_degree": "bachelor",
             "languages": ["english"], "hk_permanent_resident": False, "residence": "overseas"}
    replies, slots, transcript = converse(rasa_stack, sender, opener, facts, check_all=False)
    assert "assg" in slots["eligible_schemes"], format_transcript(transcript)
    assert replies[0].splitlines()[1].startswith("- Admission Scheme for the Second Generation"), replies


def test_the_answer_is_short_with_buttons_and_a_new_fact_says_only_what_changed(rasa_stack, sender):
    messages = rasa_stack.send(sender, "I'm British and I earn HK$3 million a year")
    answer = next(m for m in messages if m.get("text", "").startswith("You look eligible"))
    assert len(answer["text"].splitlines()) <= 6, answer["text"]
    assert "custom" not in str(messages)          # REST gets plain text, not the card payload
    titles = [b["title"] for b in answer["buttons"]]
    assert titles[:2] == ["Next steps", "Documents"] and "All results" in titles
    assert not any(t.startswith("Why not TTPS") for t in titles)
    _replies, _slots, transcript = converse(rasa_stack, sender, "I have a criminal conviction", {}, check_all=False)
    text = all_bot_text(transcript)
    assert "You look eligible for" not in text, text                 # never the whole answer again
    assert "That rules out Top Talent Pass Scheme (TTPS) - category A" in text, text
    assert "Your conviction matters for" in text and "ImmD decides each case individually" in text, text


def test_after_check_the_others_the_answer_always_arrives(rasa_stack, sender):
    rasa_stack.talk(sender, "I'm British and I earn HK$3 million a year")
    replies, slots, transcript = converse(rasa_stack, sender, "yes", {}, check_all=False)
    assert any(r.startswith("Checking the others") for r in replies), format_transcript(transcript)


def test_a_permanent_resident_hears_no_visa_is_needed_first(rasa_stack, sender):
    replies = rasa_stack.talk(sender, "I'm a Hong Kong permanent resident, I'm 40")
    assert any(r.startswith("You don't need a visa") for r in replies), replies
    assert not any("don't currently meet" in r for r in replies), replies


def test_bye_ends_the_questions_at_any_point(rasa_stack, sender):
    rasa_stack.talk(sender, "hi")
    assert rasa_stack.slots(sender)["requested_slot"]
    replies = rasa_stack.talk(sender, "this isn't helping, bye")
    assert any(r.startswith("Goodbye") for r in replies), replies
    assert rasa_stack.slots(sender)["requested_slot"] is None


@pytest.mark.parametrize("text,page", [
    ("can I study in Hong Kong?", "study"),
    ("how do I employ a foreign domestic helper?", "domestic_helpers"),
    ("do I need a visa to visit Hong Kong as a tourist?", "visit"),
])
def test_out_of_scope_requests_say_so_with_immd_page(rasa_stack, sender, text, page):
    reply = "\n".join(rasa_stack.talk(sender, text))
    assert "outside what I cover" in reply and page in reply, reply


def test_follow_ups_on_family_permanent_residence_deadlines_and_processing(rasa_stack, sender):
    opener, facts, _s, _n = SCENARIOS["ttps_a"]
    converse(rasa_stack, sender, opener, facts, check_all=False)
    family = "\n".join(rasa_stack.talk(sender, "can my family join me?"))
    assert "dependants" in family and "TTPS" in family, family
    permanent = "\n".join(rasa_stack.talk(sender, "will I get permanent residence after 7 years?"))
    assert "7 years" in permanent, permanent
    processing = "\n".join(rasa_stack.talk(sender, "how long does processing take?"))
    assert "4 weeks" in processing, processing
    fees = "\n".join(rasa_stack.talk(sender, '/ask_follow_up{"topic": "next_steps"}'))
    assert "Next steps for TTPS" in fees, fees


def test_working_holiday_deadline_is_before_turning_31(rasa_stack, sender):
    rasa_stack.talk(sender, "I'm 25 and Australian, can I get a working holiday visa?")
    assert rasa_stack.slots(sender)["goal_schemes"] == ["working_holiday"]
    reply = "\n".join(rasa_stack.talk(sender, "when must I apply?"))
    assert "apply before you turn 31" in reply, reply
