"""validate_eligibility_form and action_validate_slot_mappings: messages read through
fact_extraction.understand(), the planner's questions, re-asking, leaving open, goals."""
from __future__ import annotations

import pytest
from helpers import make_tracker, run, texts

from actions.common import today
from actions.form import ValidateEligibilityForm, next_question
from actions.reading import ActionValidateSlotMappings
from eligibility import FACTS, assess

FORM = ValidateEligibilityForm()
MAPPINGS = ActionValidateSlotMappings()
ACTIVE = [{"event": "active_loop", "name": "eligibility_form"}]


def slot(name, value):
    return {"event": "slot", "timestamp": None, "name": name, "value": value}


def in_form(slots=None, **kwargs):
    """A tracker whose latest message arrived while the form was asking `requested_slot`."""
    return make_tracker(slots=slots, prior_events=ACTIVE + kwargs.pop("prior_events", []),
                        active_loop="eligibility_form", **kwargs)


def value(events, name):
    found = [e["value"] for e in events if e.get("name") == name]
    return found[-1] if found else "absent"


def test_facts_volunteered_in_an_answer_are_kept_noted_and_the_planner_picks_the_next_question():
    tracker = in_form({"requested_slot": "nationality"}, text="I'm 32, master's, I speak English and Cantonese")
    messages, events = run(FORM, tracker)
    facts = {"age": 32, "highest_degree": "master", "languages": ["english", "cantonese"]}
    for fact, expected in facts.items():
        assert value(events, fact) == expected
    assert texts(messages)[0].startswith("Noted - age: 32")
    stored = {e["name"]: e["value"] for e in events if e["name"] in FACTS and e["value"] is not None}
    assert value(events, "requested_slot") == next_question(stored, [], today(), False)


def test_a_correction_is_acknowledged_with_the_old_value():
    tracker = in_form({"age": 32, "requested_slot": "nationality"}, text="actually I'm 41")
    messages, events = run(FORM, tracker)
    assert texts(messages) == ["Updated - age: 41 (was 32)."]
    assert value(events, "age") == 41


def test_bare_answers_are_read_for_the_question_asked():
    _m, events = run(FORM, in_form({"requested_slot": "age"}, text="32"))
    assert value(events, "age") == 32 and value(events, "requested_slot") not in (None, "age")
    _m, events = run(FORM, in_form({"requested_slot": "hk_job_offer"}, intent="affirm", text="yes"))
    assert value(events, "hk_job_offer") is True


def test_button_payload_entity_is_accepted_as_is():
    tracker = in_form({"requested_slot": "residence"}, text='/inform{"residence": "mainland"}',
                      entities={"residence": "mainland"})
    messages, events = run(FORM, tracker)
    assert value(events, "residence") == "mainland" and texts(messages) == []
    assert value(events, "requested_slot") != "residence"


def test_first_unreadable_answer_is_re_asked_with_the_reason_and_skip_buttons():
    messages, events = run(FORM, in_form({"requested_slot": "age"}, text="banana"))
    assert texts(messages)[0].startswith("Sorry, I couldn't read that as an answer to my question.")
    assert FACTS["age"].why in texts(messages)[0]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/skip", "/dont_know"]
    assert value(events, "failed_attempts") == 1 and value(events, "requested_slot") == "age"


def test_second_unreadable_answer_leaves_the_question_open_and_moves_on():
    messages, events = run(FORM, in_form({"requested_slot": "age", "failed_attempts": 1.0}, text="banana"))
    assert "I'll leave \"age\" open" in texts(messages)[0]
    assert value(events, "unknown_facts") == ["age"]
    assert value(events, "requested_slot") != "age" and value(events, "failed_attempts") == 0


def test_no_question_is_asked_more_than_three_times():
    first = next_question({}, [], today(), False)
    tracker = make_tracker(slots={"requested_slot": first, "question_counts": {first: 3}},
                           intent="chitchat", text="tell me a joke", prior_events=ACTIVE,
                           events_after=[{"event": "action", "name": "utter_chitchat"}])
    messages, events = run(FORM, tracker)
    assert first in value(events, "unknown_facts")
    assert value(events, "requested_slot") != first
    assert value(events, "question_counts").get(value(events, "requested_slot")) == 1


def test_good_answer_after_a_failure_resets_the_counter():
    _m, events = run(FORM, in_form({"requested_slot": "age", "failed_attempts": 1.0}, text="40"))
    assert value(events, "age") == 40 and value(events, "failed_attempts") == 0


@pytest.mark.parametrize("intent,text", [("dont_know", "no idea"), ("skip", "skip")])
def test_dont_know_leaves_the_fact_unknown_and_never_asks_it_again(intent, text):
    tracker = in_form({"requested_slot": "nationality", "unknown_facts": ["residence"]}, intent=intent, text=text)
    messages, events = run(FORM, tracker)
    assert "No problem, I'll leave that open." in texts(messages)
    assert value(events, "unknown_facts") == ["residence", "nationality"]
    assert value(events, "requested_slot") not in ("nationality", "residence")


@pytest.mark.parametrize("intent", ["ask_scheme_info", "ask_why", "chitchat", "ask_term", "ask_follow_up",
                                    "goodbye", "restart", "delete_data", "what_if"])
def test_questions_requests_and_goodbye_in_the_middle_reject_the_form_turn(intent):
    tracker = in_form({"requested_slot": "age"}, intent=intent, text="what is QMAS?", entities={"scheme": "qmas"})
    assert run(FORM, tracker) == ([], [])


@pytest.mark.parametrize("intent, text, fact, expected", [
    ("ask_follow_up", "no family there", "family_sponsor", "none"),
    ("delete_data", "As I said, I live in Canada", "residence", "overseas"),
])
def test_an_answer_taken_for_another_intent_is_still_the_answer_and_the_form_goes_on(intent, text, fact, expected):
    """"no family there" (read as a question about family) ended the questions with an answer that
    left most schemes undecided; it is the answer to the question asked."""
    messages, events = run(FORM, in_form({"requested_slot": fact}, intent=intent, text=text))
    assert value(events, fact) == expected
    assert value(events, "requested_slot") not in (None, fact)


def test_after_answering_a_question_the_form_resumes_and_counts_the_question_again():
    tracker = make_tracker(slots={"requested_slot": "age", "question_counts": {"age": 1}},
                           intent="ask_scheme_info", text="what is QMAS?", prior_events=ACTIVE,
                           events_after=[{"event": "action", "name": "action_explain_scheme"},
                                         {"event": "bot", "text": "QMAS is..."}])
    _messages, events = run(FORM, tracker)
    assert value(events, "requested_slot") == next_question({}, [], today(), False)
    assert value(events, "question_counts")[value(events, "requested_slot")] >= 1


def test_a_message_before_the_form_started_is_not_read_twice():
    # Read by action_validate_slot_mappings already: the form only picks the first question.
    tracker = make_tracker(slots={"age": 32}, text="I'm 32", active_loop="eligibility_form")
    messages, events = run(FORM, tracker)
    assert texts(messages) == [] and value(events, "age") == "absent"
    assert value(events, "requested_slot") == next_question({"age": 32}, [], today(), False)


def test_the_goal_decides_the_questions():
    goals = ["iang"]
    tracker = make_tracker(slots={"goal_schemes": goals}, text="hi", intent="greet", active_loop="eligibility_form")
    _m, events = run(FORM, tracker)
    question = value(events, "requested_slot")
    answer = assess({}, today())
    iang = next(s for s in answer["schemes"] if s["id"] == "iang")
    assert question in iang["missing"]


def test_nothing_left_to_ask_completes_the_form():
    tracker = make_tracker(slots={"hk_permanent_resident": True}, text="I'm a HK permanent resident",
                           active_loop="eligibility_form")
    _messages, events = run(FORM, tracker)
    assert value(events, "requested_slot") is None


def test_all_unknown_completes_the_form():
    tracker = make_tracker(slots={"unknown_facts": list(FACTS)}, intent="greet", text="hi")
    _messages, events = run(FORM, tracker)
    assert value(events, "requested_slot") is None


def test_outside_the_form_facts_and_goals_are_read_and_acknowledged():
    tracker = make_tracker(text="I'm 24 and want to stay after graduating")
    messages, events = run(MAPPINGS, tracker)
    assert value(events, "age") == 24
    assert value(events, "goal_schemes") == ["iang"]
    assert texts(messages) == ["Noted - age: 24."]


def test_a_correction_after_the_answer_is_read_outside_the_form():
    tracker = make_tracker(slots={"age": 32, "assessed": True}, text="actually I'm 41")
    messages, events = run(MAPPINGS, tracker)
    assert value(events, "age") == 41 and texts(messages) == ["Updated - age: 41 (was 32)."]


def test_inside_the_form_the_slot_mapping_action_reads_goals_only():
    tracker = in_form({"requested_slot": "age"}, text="32, and can I get IANG?", entities={"scheme": "iang"})
    messages, events = run(MAPPINGS, tracker)
    assert events == [slot("goal_schemes", ["iang"])] and messages == []


def test_what_if_is_never_stored():
    tracker = make_tracker(text="what if I earned 3 million", intent="what_if")
    assert run(MAPPINGS, tracker) == ([], [])


def test_facts_in_a_message_the_form_rejects_are_still_read():
    tracker = in_form({"requested_slot": "nationality"}, intent="greet", text="hi again, I'm 30")
    _messages, events = run(MAPPINGS, tracker)
    assert value(events, "age") == 30
    assert run(FORM, tracker) == ([], [])


def test_a_status_is_not_a_goal_but_asking_for_a_scheme_is():
    status = make_tracker(text="I live in Hong Kong on TTPS", entities={"scheme": "ttps"})
    assert value(run(MAPPINGS, status)[1], "goal_schemes") == "absent"
    parent = make_tracker(text="My mom is a Hong Kong permanent resident")
    assert value(run(MAPPINGS, parent)[1], "goal_schemes") == "absent"
    wish = make_tracker(text="can I get IANG?", intent="ask_scheme_info", entities={"scheme": "iang"})
    assert value(run(MAPPINGS, wish)[1], "goal_schemes") == ["iang"]


def test_a_list_payload_is_read_whether_rasa_sends_one_entity_or_one_per_item():
    for entities in ([{"entity": "languages", "value": ["english"]}],
                     [{"entity": "languages", "value": "english"}, {"entity": "languages", "value": "cantonese"}]):
        tracker = in_form({"requested_slot": "languages"}, text='/inform{"languages": ["english"]}')
        tracker.latest_message["entities"] = entities
        _m, events = run(FORM, tracker)
        assert value(events, "languages") in (["english"], ["english", "cantonese"])
        assert value(events, "requested_slot") != "languages"


@pytest.mark.parametrize("text, lang", [("更正一下：2", "zh-Hans"), ("correction - two", "en")])
def test_a_correction_naming_no_fact_corrects_the_question_answered_before(text, lang):
    """"How many years ago was your bachelor's?" - "7" - (next question) - 「更正一下：2」: the
    correction is about the years, not an answer to the question now asked."""
    asked_before = [{"event": "slot", "name": "requested_slot", "value": "years_since_bachelor"},
                    {"event": "slot", "name": "years_since_bachelor", "value": 7},
                    {"event": "slot", "name": "requested_slot", "value": "languages"}]
    tracker = in_form({"requested_slot": "languages", "years_since_bachelor": 7, "language": lang},
                      text=text, prior_events=asked_before)
    _messages, events = run(FORM, tracker)
    assert value(events, "years_since_bachelor") == 2
    assert value(events, "languages") == "absent"


def test_after_the_answer_a_bare_correction_corrects_the_only_number_known():
    """"Hi! I'm 32 ... keen on a working holiday" - the answer - "wait, correction - twenty-two"."""
    from actions.reading import ActionValidateSlotMappings
    tracker = make_tracker(slots={"age": 32, "residence": "overseas", "assessed": True},
                           intent="inform", text="wait, correction - twenty-two")
    _messages, events = run(ActionValidateSlotMappings(), tracker)
    assert value(events, "age") == 22
