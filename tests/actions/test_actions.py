"""Every custom action with a real tracker and CollectingDispatcher: exact events and what users see."""
from __future__ import annotations

import asyncio

from helpers import make_tracker, run, texts

from actions.assessment import NOTHING_NEW, ActionAssess, ActionCheckAll, ActionShowAllResults, ActionWhatIf, ActionWhyNot
from actions.common import NOT_LEGAL_ADVICE, today
from actions.glossary import TERMS
from actions.housekeeping import ActionDefaultFallback, ActionDeleteData, ActionRestart
from actions.information import (ActionDocuments, ActionExplainScheme, ActionExplainTerm, ActionExplainWhy,
                                 ActionFees, ActionStay)
from eligibility import FACTS, assess, explain_scheme
from eligibility.store import AssessmentStore

TOP_EARNER = {"age": 45, "highest_degree": "master", "annual_income_hkd": 3_000_000, "nationality": "GB",
              "residence": "overseas"}
MODEST = {"age": 45, "highest_degree": "bachelor", "annual_income_hkd": 1_200_000, "nationality": "GB",
          "residence": "overseas", "bachelor_listed_university": False, "hk_job_offer": False}


def slot(name, value):
    return {"event": "slot", "timestamp": None, "name": name, "value": value}


def ids(answer, status):
    return [s["id"] for s in answer["schemes"] if s["status"] == status]


def test_assess_names_eligible_schemes_sets_status_slots_and_stores():
    tracker = make_tracker(slots=TOP_EARNER, sender="assess-1", intent="inform", text="that's all")
    messages, events = run(ActionAssess(), tracker)
    answer = assess(TOP_EARNER, today())
    assert "ttps" in ids(answer, "eligible")
    assert events == [slot("eligible_schemes", ids(answer, "eligible")),
                      slot("ineligible_schemes", ids(answer, "not_eligible")),
                      slot("undecided_schemes", ids(answer, "undecided")),
                      slot("assessed", True)]
    text = texts(messages)[0]
    assert "Top Talent Pass Scheme (TTPS) - category A" in text
    assert "annual income" in text.lower() and "HK$3,000,000" in text
    assert "https://www.immd.gov.hk" in text
    assert text.endswith(NOT_LEGAL_ADVICE)
    stored = AssessmentStore().for_conversation("assess-1")
    assert len(stored) == 1


def test_assess_offers_to_check_the_schemes_still_open():
    tracker = make_tracker(slots=TOP_EARNER, intent="inform", text="that's all")
    messages, _events = run(ActionAssess(), tracker)
    answer = assess(TOP_EARNER, today())
    offer = messages[-1]
    assert offer["text"].startswith(f"I can also check the {len(ids(answer, 'undecided'))} schemes still open")
    assert f"at most {len(answer['missing'])} more questions. Shall I?" in offer["text"]
    assert [b["payload"] for b in offer["buttons"]] == ["/affirm", "/deny"]
    everything = make_tracker(slots=dict(TOP_EARNER, check_all=True), intent="inform", text="that's all")
    assert len(run(ActionAssess(), everything)[0]) == 1   # asked to check all: no offer


def test_after_an_answer_a_message_without_facts_does_not_repeat_it():
    tracker = make_tracker(slots=dict(TOP_EARNER, assessed=True), intent="inform", text="<img src=x>")
    messages, events = run(ActionAssess(), tracker)
    assert texts(messages) == [NOTHING_NEW] and events == []


def test_check_all_makes_the_form_ask_every_question():
    assert run(ActionCheckAll(), make_tracker(text="yes", intent="affirm")) == ([], [slot("check_all", True)])


def test_assess_hides_ineligible_schemes_unless_asked_about():
    tracker = make_tracker(slots=MODEST, intent="inform", text="done")
    text = texts(run(ActionAssess(), tracker)[0])[0]
    assert "You asked about" not in text
    asked = make_tracker(slots=MODEST, intent="inform", text="done",
                         prior_events=[{"event": "user", "text": "what is TTPS?",
                                        "parse_data": {"intent": {"name": "ask_scheme_info"},
                                                       "entities": [{"entity": "scheme", "value": "ttps"}]}}])
    text = texts(run(ActionAssess(), asked)[0])[0]
    assert "You asked about:\n- Top Talent Pass Scheme (TTPS): not eligible" in text


def test_assess_reports_near_miss_and_dont_know():
    answer = assess(MODEST, today())
    near = [s["near_miss"]["message"] for s in answer["schemes"] if s.get("near_miss")]
    tracker = make_tracker(slots=dict(MODEST, unknown_facts=["languages"]), intent="inform", text="ok")
    text = texts(run(ActionAssess(), tracker)[0])[0]
    for message in near:
        assert message in text
    if any("languages" in (s.get("missing") or []) for s in answer["schemes"]):
        assert "you said you don't know languages" in text or "you said you don't know: languages" in text


def test_what_if_reports_changes_without_touching_slots():
    tracker = make_tracker(slots=MODEST, intent="what_if", text="what if my income were HK$2.6M",
                           entities={"annual_income_hkd": 2_600_000})
    messages, events = run(ActionWhatIf(), tracker)
    assert events == []
    text = texts(messages)[0]
    assert text.startswith("If annual income: HK$2,600,000:")
    assert "Top Talent Pass Scheme: not eligible -> eligible (category A)" in text


def test_what_if_without_a_change_asks_for_one():
    messages, events = run(ActionWhatIf(), make_tracker(slots=MODEST, intent="what_if", text="what if"))
    assert events == [] and "what to change" in texts(messages)[0]


def test_why_not_gives_the_reasons():
    tracker = make_tracker(slots=MODEST, intent="ask_why_not", text="why not TTPS?", entities={"scheme": "ttps"})
    messages, events = run(ActionWhyNot(), tracker)
    ttps = next(s for s in assess(MODEST, today())["schemes"] if s["id"] == "ttps")
    assert events == [slot("scheme", "ttps")]
    text = texts(messages)[0]
    assert text.startswith("Why you don't meet Top Talent Pass Scheme")
    for reason in ttps["reasons"]:
        assert reason in text


def test_show_all_results_lists_every_scheme():
    messages, events = run(ActionShowAllResults(), make_tracker(slots=MODEST, intent="show_all_results", text="all"))
    text = texts(messages)[0]
    answer = assess(MODEST, today())
    for s in answer["schemes"]:
        assert s["name"] in text
    assert events[0] == slot("eligible_schemes", ids(answer, "eligible"))


def test_explain_scheme():
    tracker = make_tracker(intent="ask_scheme_info", text="what is QMAS?", entities={"scheme": "qmas"})
    info = explain_scheme("qmas", today())
    messages, events = run(ActionExplainScheme(), tracker)
    assert events == []
    assert texts(messages)[0].startswith(f"{info['name']}: {info['summary']}")
    assert info["url"] in texts(messages)[0]


def test_explain_scheme_without_a_scheme_asks_which():
    messages, _ = run(ActionExplainScheme(), make_tracker(intent="ask_scheme_info", text="what is that scheme"))
    assert texts(messages)[0].startswith("Which scheme")


def test_documents_stay_fees_for_the_scheme_asked_about():
    info = explain_scheme("ttps", today())
    for action, expected in ((ActionDocuments(), info["documents"][0]), (ActionStay(), info["stay"]),
                             (ActionFees(), info["fees"])):
        messages, events = run(action, make_tracker(intent="ask_stay", text="?", entities={"scheme": "ttps"}))
        assert events == [] and expected in texts(messages)[0]


def test_documents_default_to_the_eligible_schemes():
    tracker = make_tracker(slots={"eligible_schemes": ["ttps", "qmas"]}, intent="ask_documents", text="docs?")
    text = texts(run(ActionDocuments(), tracker)[0])[0]
    assert "Top Talent Pass Scheme" in text and "Quality Migrant Admission Scheme" in text


def test_explain_term():
    messages, _ = run(ActionExplainTerm(), make_tracker(intent="ask_term", text="what is the talent list",
                                                        entities={"term": "talent_list"}))
    assert texts(messages) == [TERMS["talent_list"]]


def test_explain_why_uses_the_question_being_asked():
    messages, _ = run(ActionExplainWhy(), make_tracker(slots={"requested_slot": "annual_income_hkd"},
                                                       intent="ask_why", text="why?"))
    assert texts(messages) == [f"I ask because: {FACTS['annual_income_hkd'].why}"]


def test_delete_data_removes_stored_assessments_and_restarts():
    store = AssessmentStore()
    store.save("deleter", TOP_EARNER, today(), assess(TOP_EARNER, today()))
    messages, events = run(ActionDeleteData(), make_tracker(slots=TOP_EARNER, sender="deleter",
                                                            intent="delete_data", text="delete my data"))
    assert texts(messages)[0].startswith("Done: I've deleted your 1 stored assessment and everything")
    assert [e["event"] for e in events] == ["reset_slots", "restart", "followup"]
    assert events[-1]["name"] == "action_listen"
    assert store.for_conversation("deleter") == []


def test_fallback_asks_to_rephrase_and_forgets_the_message():
    messages, events = run(ActionDefaultFallback(), make_tracker(intent="nlu_fallback", text="asdf qwer"))
    assert messages[0]["response"] == "utter_default"
    assert [e["event"] for e in events] == ["rewind"]


def test_restart_forgets_everything_and_listens():
    messages, events = run(ActionRestart(), make_tracker(slots=TOP_EARNER, intent="restart", text="start over"))
    assert messages[0]["response"] == "utter_restart"
    assert [e["event"] for e in events] == ["restart", "followup"] and events[1]["name"] == "action_listen"
