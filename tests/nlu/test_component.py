"""The Rasa component on real Message objects, and how Rasa's slot mapping takes its entities."""
import asyncio

import pytest
from rasa.shared.nlu.training_data.message import Message

from fact_extraction.component import FactExtractor


def component(**overrides):
    config = {**FactExtractor.get_default_config(), "as_of": "2026-11-26", **overrides}
    return FactExtractor.create(config, None, None, None)


def run(text, existing=None, **overrides):
    message = Message(data={"text": text})
    if existing is not None:
        message.set("entities", existing)
    component(**overrides).process([message])
    return message.get("entities")


def by_name(entities):
    return {e["entity"]: e for e in entities}


def test_multi_fact_opener_becomes_one_entity_per_fact_with_contract_values():
    text = "I'm 32, did my master's at HKU, speak English and Cantonese and earn about 90k a month"
    ents = run(text)
    got = by_name(ents)
    assert got["age"]["value"] == 32 and text[got["age"]["start"]:got["age"]["end"]] == "32"
    assert got["highest_degree"]["value"] == "master"
    assert got["languages"]["value"] == ["english", "cantonese"]
    assert got["annual_income_hkd"]["value"] == 1_080_000
    assert text[got["annual_income_hkd"]["start"]:got["annual_income_hkd"]["end"]] == "90k a month"
    assert all(e["extractor"] == "FactExtractor" for e in ents)
    assert len([e for e in ents if e["entity"] == "languages"]) == 1


def test_languages_per_language_mode_for_list_slots():
    ents = run("I speak Mandarin, English and French", languages_entity="per_language")
    assert [e["value"] for e in ents if e["entity"] == "languages"] == ["english", "putonghua", "other"]


def test_scheme_mention_added_when_diet_missed_it():
    ents = run("why not the top talent pass?")
    assert [(e["entity"], e["value"]) for e in ents] == [("scheme", "ttps")]


def test_diet_scheme_entity_is_kept_not_duplicated():
    diet = [{"entity": "scheme", "value": "qmas", "start": 8, "end": 12, "extractor": "DIETClassifier"}]
    ents = run("what is QMAS?", existing=diet)
    assert ents == diet


def test_term_value_fixed_after_type_blind_synonym_mapping():
    # EntitySynonymMapper maps "right of abode" to the scheme id even when DIET tagged it as a term
    diet = [{"entity": "term", "value": "permanent_residence", "start": 8, "end": 22, "extractor": "DIETClassifier"}]
    ents = run("what is right of abode?", existing=diet)
    assert [(e["entity"], e["value"]) for e in ents if e["entity"] == "term"] == [("term", "right_of_abode")]


def test_our_normalised_value_replaces_another_extractors_raw_fact_value():
    other = [{"entity": "age", "value": "thirty-two", "start": 4, "end": 6, "extractor": "DIETClassifier"}]
    ents = run("I'm 32", existing=other)
    assert [(e["entity"], e["value"], e["extractor"]) for e in ents] == [("age", 32, "FactExtractor")]


def test_nothing_added_for_chitchat_and_empty_text():
    assert run("how are you today?") == []
    message = Message(data={})
    component().process([message])
    assert message.get("entities") in (None, [])


def test_booleans_and_zero_like_values_are_emitted():
    got = by_name(run("no job offer yet and no criminal record"))
    assert got["hk_job_offer"]["value"] is False
    assert got["criminal_record"]["value"] is False


def test_component_is_registered_with_the_default_recipe():
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe
    registered = DefaultV1Recipe._from_registry("fact_extraction.component.FactExtractor")
    assert registered.clazz is FactExtractor
    assert DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR in registered.types
    assert registered.is_trainable is False


@pytest.mark.parametrize("slot_type,expected", [("any", ["english", "cantonese"]), ("list", ["english", "cantonese"])])
def test_rasa_from_entity_mapping_fills_the_languages_slot_with_the_list(slot_type, expected):
    """Verifies against Rasa itself how `from_entity` fills a slot from our entities."""
    from rasa.core.actions.action import ActionExtractSlots
    from rasa.core.channels import CollectingOutputChannel
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    mode = "list" if slot_type == "any" else "per_language"
    text = "I'm 32 and speak English and Cantonese"
    entities = run(text, languages_entity=mode)
    domain = Domain.from_dict({
        "intents": ["inform"],
        "entities": ["languages", "age"],
        "slots": {
            "languages": {"type": slot_type, "influence_conversation": False,
                          "mappings": [{"type": "from_entity", "entity": "languages"}]},
            "age": {"type": "any", "influence_conversation": False,
                    "mappings": [{"type": "from_entity", "entity": "age"}]},
        },
    })
    tracker = DialogueStateTracker.from_events("t", [UserUttered(text, {"name": "inform", "confidence": 1.0},
                                                                 entities)], slots=domain.slots)
    events = asyncio.run(ActionExtractSlots(None).run(
        CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses), tracker, domain))
    slots = {e.key: e.value for e in events if isinstance(e, SlotSet)}
    assert slots == {"languages": expected, "age": 32}


def test_diet_junk_scheme_or_term_values_are_dropped():
    diet = [{"entity": "term", "value": "list", "start": 26, "end": 30, "extractor": "DIETClassifier"},
            {"entity": "scheme", "value": "ttps", "start": 9, "end": 13, "extractor": "DIETClassifier"}]
    ents = run("how come TTPS isn't on my list", existing=diet)
    assert [(e["entity"], e["value"]) for e in ents] == [("scheme", "ttps")]


def test_no_rule_based_mentions_for_inform_messages():
    message = Message(data={"text": "I'm an Australian PR", "intent": {"name": "inform", "confidence": 0.9}})
    component().process([message])
    assert ("scheme", "permanent_residence") not in [(e["entity"], e["value"]) for e in message.get("entities")]
    assert ("foreign_permanent_residence", True) in [(e["entity"], e["value"]) for e in message.get("entities")]


def test_a_question_gives_no_fact_entity_but_a_supposition_does():
    assert [e["entity"] for e in run("what happens after 2 years on TTPS?")] == ["scheme"]
    assert by_name(run("what if I earned HK$2.5M?"))["annual_income_hkd"]["value"] == 2_500_000
