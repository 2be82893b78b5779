"""validate_eligibility_form: dynamic questions from the engine, parsing, re-asking, don't-know."""
from __future__ import annotations

import pytest
from helpers import form_candidates, make_tracker, run, texts

from actions.common import today
from actions.form import ValidateEligibilityForm, next_question
from eligibility import FACTS, assess

FORM = ValidateEligibilityForm()


def slot(name, value):
    return {"event": "slot", "timestamp": None, "name": name, "value": value}


def statuses(facts):
    answer = assess(facts, today())
    return [slot(name, [s["id"] for s in answer["schemes"] if s["status"] == status])
            for status, name in (("eligible", "eligible_schemes"), ("not_eligible", "ineligible_schemes"),
                                 ("undecided", "undecided_schemes"))]


def test_volunteered_facts_are_kept_noted_and_the_engine_picks_the_next_question():
    facts = {"age": 32, "highest_degree": "master", "languages": ["english", "cantonese"]}
    tracker = make_tracker(text="I'm 32, master's, English and Cantonese", entities=facts)
    messages, events = run(FORM, tracker)
    expected_next = next_question(facts, [], today(), check_all=False)
    assert expected_next is not None and expected_next not in facts
    assert events == [slot("age", 32), slot("highest_degree", "master"),
                      slot("languages", ["english", "cantonese"])] + statuses(facts) + [
                      slot("requested_slot", expected_next)]
    assert texts(messages) == ["Noted - age: 32; highest degree: a master's degree; languages: english and cantonese."]


def test_a_correction_is_acknowledged_with_the_old_value():
    tracker = make_tracker(slots={"age": 41, "requested_slot": "nationality"}, text="actually I'm 41",
                           entities={"age": 41}, prior_events=[slot("age", 32)])
    messages, events = run(FORM, tracker)
    assert texts(messages) == ["Updated - age: 41 (was 32)."]
    assert slot("age", 41) in events


def test_the_questions_stop_at_the_first_scheme_met_unless_asked_to_check_all():
    facts = {"annual_income_hkd": 3_000_000, "nationality": "GB"}
    tracker = make_tracker(text="I earn HK$3M, British", entities=facts)
    _messages, events = run(FORM, tracker)
    assert slot("eligible_schemes", ["ttps"]) in events
    assert events[-1] == slot("requested_slot", None)   # the form completes: the answer comes next
    tracker = make_tracker(slots={"check_all": True}, text="I earn HK$3M, British", entities=facts)
    _messages, events = run(FORM, tracker)
    assert events[-1]["name"] == "requested_slot" and events[-1]["value"] == next_question(facts, [], today())


def test_bare_answer_is_parsed_for_the_requested_fact():
    tracker = make_tracker(slots={"requested_slot": "age"}, text="32", events_after=form_candidates(age="32"))
    _messages, events = run(FORM, tracker)
    assert events[0] == slot("age", 32)
    assert events[-1]["name"] == "requested_slot" and events[-1]["value"] not in (None, "age")


def test_yes_to_a_yes_no_question_becomes_true():
    tracker = make_tracker(slots={"requested_slot": "hk_job_offer"}, intent="affirm", text="yes",
                           events_after=form_candidates(hk_job_offer="yes"))
    _messages, events = run(FORM, tracker)
    assert events[0] == slot("hk_job_offer", True)


def test_button_payload_entity_is_accepted_as_is():
    tracker = make_tracker(slots={"requested_slot": "residence"}, text='/inform{"residence": "mainland"}',
                           entities={"residence": "mainland"}, events_after=form_candidates(residence="mainland"))
    _messages, events = run(FORM, tracker)
    assert events[0] == slot("residence", "mainland")
    assert events[-1]["name"] == "requested_slot" and events[-1]["value"] != "residence"


def test_first_bad_answer_is_re_asked_kindly():
    tracker = make_tracker(slots={"requested_slot": "age"}, text="banana",
                           events_after=form_candidates(age="banana"))
    messages, events = run(FORM, tracker)
    assert texts(messages) == ["Sorry, I couldn't read that as an answer to my question. Could you put it another way?"]
    assert events == [slot("age", None), slot("failed_attempts", 1), slot("requested_slot", "age")]


def test_second_bad_answer_explains_why_and_offers_to_skip():
    tracker = make_tracker(slots={"requested_slot": "age", "failed_attempts": 1.0}, text="banana",
                           events_after=form_candidates(age="banana"))
    messages, events = run(FORM, tracker)
    assert len(messages) == 1
    assert FACTS["age"].why in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/skip", "/dont_know"]
    assert events == [slot("age", None), slot("failed_attempts", 2), slot("requested_slot", "age")]


def test_good_answer_after_failures_resets_the_counter():
    tracker = make_tracker(slots={"requested_slot": "age", "failed_attempts": 2.0}, text="40",
                           events_after=form_candidates(age="40"))
    _messages, events = run(FORM, tracker)
    assert slot("age", 40) in events and slot("failed_attempts", 0) in events


@pytest.mark.parametrize("intent", ["dont_know", "skip"])
def test_dont_know_leaves_the_fact_unknown_and_never_asks_it_again(intent):
    tracker = make_tracker(slots={"requested_slot": "nationality", "unknown_facts": ["residence"]},
                           intent=intent, text="no idea", events_after=form_candidates(nationality="no idea"))
    messages, events = run(FORM, tracker)
    assert texts(messages) == ["No problem, I'll leave that open."]
    assert events[:2] == [slot("nationality", None), slot("unknown_facts", ["residence", "nationality"])]
    assert events[-1]["name"] == "requested_slot"
    assert events[-1]["value"] not in ("nationality", "residence")


@pytest.mark.parametrize("intent", ["ask_scheme_info", "ask_why", "chitchat", "ask_term"])
def test_question_in_the_middle_rejects_the_form_turn(intent):
    tracker = make_tracker(slots={"requested_slot": "age"}, intent=intent, text="what is QMAS?",
                           entities={"scheme": "qmas"}, events_after=form_candidates())
    assert run(FORM, tracker) == ([], [])


def test_what_if_in_the_middle_changes_nothing():
    tracker = make_tracker(slots={"requested_slot": "age", "annual_income_hkd": 1_000_000}, intent="what_if",
                           text="what if my income were 2.6M", entities={"annual_income_hkd": 2_600_000},
                           events_after=form_candidates())
    assert run(FORM, tracker) == ([], [])


def test_after_answering_a_question_the_form_resumes_with_the_next_question():
    prior = []
    tracker = make_tracker(slots={"requested_slot": "age"}, intent="ask_scheme_info", text="what is QMAS?",
                           entities={"scheme": "qmas"},
                           events_after=[{"event": "action", "name": "action_explain_scheme"},
                                         {"event": "bot", "text": "QMAS is..."}] + form_candidates(),
                           prior_events=prior)
    _messages, events = run(FORM, tracker)
    assert events == [slot("requested_slot", next_question({}, [], today()))]


def test_correction_in_the_form_overwrites_and_removes_from_unknown():
    tracker = make_tracker(slots={"requested_slot": "languages", "age": 32, "unknown_facts": ["nationality"]},
                           text="actually I'm 41 and British", entities={"age": 41, "nationality": "GB"},
                           events_after=form_candidates())
    _messages, events = run(FORM, tracker)
    assert events[:3] == [slot("age", 41), slot("nationality", "GB"), slot("unknown_facts", [])]


def test_nothing_left_to_ask_completes_the_form():
    # Someone with the right of abode needs no visa: the engine has nothing more to ask.
    facts = {"hk_permanent_resident": True}
    if next_question(facts, [], today()) is not None:
        pytest.skip("engine still asks questions of a permanent resident")
    tracker = make_tracker(text="I'm a HK permanent resident", entities=facts)
    _messages, events = run(FORM, tracker)
    assert events[-1] == slot("requested_slot", None)


def test_all_unknown_completes_the_form():
    unknown = list(FACTS)
    tracker = make_tracker(slots={"unknown_facts": unknown}, intent="greet", text="hi")
    _messages, events = run(FORM, tracker)
    assert events == statuses({}) + [slot("requested_slot", None)]


def test_message_with_other_facts_is_not_read_as_the_bare_answer():
    # Asked "how many years since your bachelor's?", the user volunteers other facts instead.
    tracker = make_tracker(slots={"requested_slot": "years_since_bachelor"}, text="I'm 32 and earn 90k a month",
                           entities={"age": 32, "annual_income_hkd": 1_080_000},
                           events_after=form_candidates(years_since_bachelor="I'm 32 and earn 90k a month"))
    messages, events = run(FORM, tracker)
    assert texts(messages) == ["Noted - age: 32; annual income: HK$1,080,000."]
    assert events[:2] == [slot("age", 32), slot("annual_income_hkd", 1_080_000)]
    assert events[2] == slot("years_since_bachelor", None)
    assert events[-1]["name"] == "requested_slot"
