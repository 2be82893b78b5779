"""Every custom action with a real tracker and CollectingDispatcher: exact events and what users see."""
from __future__ import annotations

import asyncio

from helpers import make_tracker, run, texts

from actions.assessment import ActionAssess, ActionCheckAll, ActionShowAllResults, ActionWhatIf, ActionWhyNot
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


def answered(answer):
    return {s["id"]: [s["status"], s.get("route"), s.get("route_label")] for s in answer["schemes"]}

def test_assess_leads_with_the_scheme_met_in_one_line_sets_status_slots_and_stores():
    tracker = make_tracker(slots=TOP_EARNER, sender="assess-1", intent="inform", text="that's all")
    messages, events = run(ActionAssess(), tracker)
    answer = assess(TOP_EARNER, today())
    assert "ttps" in ids(answer, "eligible")
    assert events == [slot("eligible_schemes", ids(answer, "eligible")),
                      slot("ineligible_schemes", ids(answer, "not_eligible")),
                      slot("undecided_schemes", ids(answer, "undecided")),
                      slot("assessed", True), slot("answered_results", answered(answer)),
                      slot("checked_all_answered", False)]
    text = texts(messages)[0]
    assert text.startswith("You look eligible for 1 scheme:\n- Top Talent Pass Scheme (TTPS) - category A: "
                           "annual income HK$3,000,000")
    assert len(text.splitlines()) <= 6, text            # short: details on request
    assert "not legal advice" in text
    assert [b["title"] for b in messages[0]["buttons"]][:2] == ["Next steps", "Documents"]
    assert "All results" in [b["title"] for b in messages[0]["buttons"]]
    assert "Why not TTPS?" not in [b["title"] for b in messages[0]["buttons"]]   # never for a scheme met
    assert len(AssessmentStore().for_conversation("assess-1")) == 1


def test_on_card_channels_the_answer_is_one_structured_result():
    tracker = make_tracker(slots=TOP_EARNER, intent="inform", text="that's all")
    tracker.events[-1]["input_channel"] = "slack"
    card = run(ActionAssess(), tracker)[0][0]["custom"]
    tracker.events[-1]["input_channel"] = "socketio"   # Rasa emits socket.io custom payloads as emit(**payload)
    assert run(ActionAssess(), tracker)[0][0]["custom"] == {"data": card}
    assert card["type"] == "result_card"
    ttps = card["results"][0]
    assert (ttps["scheme"], ttps["status"], ttps["route"]) == ("ttps", "eligible", "A")
    assert ttps["stay"] and ttps["fees"] and ttps["url"].startswith("https://www.immd.gov.hk")
    assert "Top Talent Pass Scheme (TTPS) - category A" in card["text"]


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


def test_after_a_new_fact_only_what_changed_is_said():
    before = answered(assess(MODEST, today()))
    richer = dict(MODEST, annual_income_hkd=3_000_000, assessed=True, answered_results=before)
    text = texts(run(ActionAssess(), make_tracker(slots=richer, intent="inform", text="I earn 3M"))[0])[0]
    assert text.startswith("That adds Top Talent Pass Scheme (TTPS) - category A")
    same = dict(MODEST, assessed=True, answered_results=before)
    text = texts(run(ActionAssess(), make_tracker(slots=same, intent="inform", text="ok"))[0])[0]
    assert text.startswith("That doesn't change your answer")


def test_after_checking_the_others_the_answer_always_arrives():
    before = answered(assess(TOP_EARNER, today()))
    slots = dict(TOP_EARNER, assessed=True, answered_results=before, check_all=True)
    text = texts(run(ActionAssess(), make_tracker(slots=slots, intent="inform", text="no"))[0])[0]
    assert text.startswith("Checking the others") and "Top Talent Pass Scheme" in text


def test_a_permanent_resident_hears_first_that_no_visa_is_needed():
    slots = {"hk_permanent_resident": True, "age": 40}
    text = texts(run(ActionAssess(), make_tracker(slots=slots, intent="inform", text="I'm a PR"))[0])[0]
    assert text.startswith("You don't need a visa")
    assert "don't currently meet" not in text


def test_a_conviction_names_the_schemes_it_affects_and_says_immd_decides():
    slots = dict(TOP_EARNER, criminal_record=True)
    text = texts(run(ActionAssess(), make_tracker(slots=slots, intent="inform", text="I have a conviction"))[0])[0]
    assert "Your conviction matters for" in text and "TTPS" in text and "QMAS" in text
    assert "ImmD decides each case individually" in text


def test_goal_schemes_lead_and_a_goal_not_met_says_why():
    slots = dict(MODEST, goal_schemes=["iang"], hk_graduate=False)
    messages = run(ActionAssess(), make_tracker(slots=slots, intent="inform", text="done"))[0]
    text = texts(messages)[0]
    assert text.startswith("You don't meet IANG at the moment:\n- Immigration Arrangements for Non-local Graduates")
    assert any(b["payload"] == '/ask_why_not{"scheme": "iang"}' for b in messages[0]["buttons"])


def test_check_all_makes_the_form_ask_every_question():
    assert run(ActionCheckAll(), make_tracker(text="yes", intent="affirm")) == ([], [slot("check_all", True)])


def test_assess_names_a_scheme_asked_about_even_when_not_met():
    asked = make_tracker(slots=MODEST, intent="inform", text="done",
                         prior_events=[{"event": "user", "text": "what is TTPS?",
                                        "parse_data": {"intent": {"name": "ask_scheme_info"},
                                                       "entities": [{"entity": "scheme", "value": "ttps"}]}}])
    text = texts(run(ActionAssess(), asked)[0])[0]
    assert "TTPS (you asked): not eligible" in text


def test_assess_reports_a_near_miss_when_nothing_is_met_and_what_depends_on_dont_know():
    nothing = {"age": 45, "highest_degree": "none", "annual_income_hkd": 2_000_000, "nationality": "GB",
               "residence": "overseas", "hk_job_offer": False}
    answer = assess(nothing, today())
    near = [s["near_miss"]["message"] for s in answer["schemes"] if s.get("near_miss")]
    text = texts(run(ActionAssess(), make_tracker(slots=nothing, intent="inform", text="ok"))[0])[0]
    if not ids(answer, "eligible") and near:
        assert "Nearly there:" in text
    open_ = [s for s in answer["schemes"] if s["status"] == "undecided" and s["missing"]]
    if open_:
        fact = open_[0]["missing"][0]
        tracker = make_tracker(slots=dict(nothing, unknown_facts=[fact]), intent="inform", text="ok")
        text = texts(run(ActionAssess(), tracker)[0])[0]
        assert "which you left open" in text


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
    typed = make_tracker(slots=TOP_EARNER, sender="deleter", intent="delete_data", text="delete my data")
    messages, events = run(ActionDeleteData(), typed)
    assert events == [] and [b["payload"] for b in messages[0]["buttons"]] == ["/delete_data", "/keep_going"]
    assert len(store.for_conversation("deleter")) == 1      # typed words only ask to confirm
    messages, events = run(ActionDeleteData(), make_tracker(slots=TOP_EARNER, sender="deleter",
                                                            intent="delete_data", text="/delete_data"))
    assert texts(messages)[0].startswith("Done: I've deleted your 1 stored assessment and everything")
    # everything told is forgotten; the language the person writes in is kept
    assert [e["event"] for e in events] == ["reset_slots", "restart", "slot", "followup"]
    assert (events[2]["name"], events[2]["value"]) == ("language", "en")
    assert events[-1]["name"] == "action_listen"
    assert store.for_conversation("deleter") == []


def test_fallback_asks_to_rephrase_and_forgets_the_message():
    messages, events = run(ActionDefaultFallback(), make_tracker(intent="nlu_fallback", text="asdf qwer"))
    assert messages[0]["response"] == "utter_default"
    assert [e["event"] for e in events] == ["rewind"]


def test_a_message_not_understood_but_with_facts_keeps_them_and_goes_on_with_the_questions():
    """"I'm a Macau resident with Portuguese nationality. A hotel ... offered me a job. Which visa
    is it?" read with low confidence: the facts noted are kept, and the next question comes."""
    tracker = make_tracker(intent="nlu_fallback", text="I'm a Macau resident with Portuguese nationality",
                           events_after=[{"event": "action", "name": "action_validate_slot_mappings"},
                                         {"event": "slot", "name": "nationality", "value": "PT"},
                                         {"event": "slot", "name": "residence", "value": "macao"}])
    messages, events = run(ActionDefaultFallback(), tracker)
    assert messages == []
    assert [(e["event"], e.get("name")) for e in events] == [("followup", "eligibility_form")]


def test_restart_forgets_everything_and_listens():
    messages, events = run(ActionRestart(), make_tracker(slots=TOP_EARNER, intent="restart",
                                                         text="yes, as I said at the start"))
    assert events == [] and [b["payload"] for b in messages[0]["buttons"]] == ["/restart", "/keep_going"]
    messages, events = run(ActionRestart(), make_tracker(slots=TOP_EARNER, intent="restart", text="/restart"))
    assert messages[0]["response"] == "utter_restart"
    assert [e["event"] for e in events] == ["restart", "slot", "followup"] and events[2]["name"] == "action_listen"
    assert (events[1]["name"], events[1]["value"]) == ("language", "en")


def test_follow_ups_are_answered_from_the_rule_base():
    from actions.information import ActionFollowUp
    def ask(text, **slots):
        return texts(run(ActionFollowUp(), make_tracker(slots=slots, intent="ask_follow_up", text=text))[0])[0]
    family = ask("can my family join me?", eligible_schemes=["ttps"])
    assert "TTPS" in family and "dependants" in family and "residence_as_dependants" in family
    assert "7 years" in ask("will I get permanent residence?", eligible_schemes=["ttps"])
    assert "apply before you turn 31" in ask("when must I apply?", eligible_schemes=["working_holiday"])
    iang = ask("is there a deadline?", eligible_schemes=["iang"], months_since_hk_graduation=2)
    assert "within 6 months of graduating" in iang and "about 4 months left" in iang
    assert "4 weeks" in ask("how long does processing take?", eligible_schemes=["ttps"])
    record = ask("does my conviction matter?")
    assert "TTPS" in record and "ImmD decides each case individually" in record


def test_out_of_scope_names_the_topic_and_immd_page():
    from actions.information import ActionOutOfScope
    for text, page in (("can I study in Hong Kong", "study"), ("I want to hire a domestic helper", "domestic"),
                       ("do I need a visa to visit", "visit"), ("tell me about VPAS", "immd.gov.hk")):
        reply = texts(run(ActionOutOfScope(), make_tracker(intent="out_of_scope", text=text))[0])[0]
        assert "outside what I cover" in reply and page in reply, reply
