"""Rasa 3.6 NLU component: adds one entity per fact `understand()` reads in a message.

Entity names are the contract fact names; values are already contract values (int, bool, str).
`languages`: how Rasa 3.6 fills a slot from an entity decides the shape (rasa/core/actions/action.py,
ActionExtractSlots): a `type: list` slot receives the list of ALL values of that entity in the message,
any other slot type receives only the LAST value. So:
  - languages_entity: "list" (default) -> ONE `languages` entity whose value is the whole list in
    contract order, e.g. ["english", "cantonese"]; right for a `type: any` slot (what domain/facts.yml uses).
  - languages_entity: "per_language" -> one entity per language, in contract order; right for a
    `type: list` slot (a list-valued entity there would be nested: [["english", "cantonese"]]).

It also adds `scheme` / `term` entities (contract ids) that DIET missed, so "why not TTPS?" is
understood even when DIET's tagging fails. Entities DIET already found for the same span are kept.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from eligibility import FACTS
from eligibility.facts import SCHEME_IDS
from fact_extraction.lexicon import lexicon
from fact_extraction.mentions import extract_mentions, names, term_ids
from fact_extraction.understanding import understand

TERM_IDS = term_ids()

logger = logging.getLogger(__name__)


def _overlaps(a: Dict[Text, Any], start: Optional[int], end: Optional[int]) -> bool:
    if start is None or end is None or a.get("start") is None or a.get("end") is None:
        return False
    return a["start"] < end and start < a["end"]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class FactExtractor(GraphComponent, EntityExtractorMixin):
    """Runs `fact_extraction.understand` on every message (nothing known, nothing asked: the actions
    call `understand()` themselves with both, and set the fact slots from it)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # assessment date used to turn birth years / "since 2019" into numbers; None = today
            "as_of": None,
            # also add `scheme` / `term` entities DIET missed
            "add_mentions": True,
            # "list" (one entity, list value) or "per_language" (one entity per language)
            "languages_entity": "list",
            # rule-based scheme/term mentions are not added when DIET says the message gives facts
            # ("I'm an Australian PR" is not a question about permanent residence)
            "no_mentions_for_intents": ["inform"],
        }

    def __init__(self, config: Dict[Text, Any], name: Text = "FactExtractor") -> None:
        self.component_config = config
        self._name = name

    @property
    def name(self) -> Text:  # used by EntityExtractorMixin.add_extractor_name
        return self._name

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FactExtractor":
        return cls(config, name=cls.__name__)

    def entities_for(self, text: Text) -> List[Dict[Text, Any]]:
        """The entities `understand()` finds in `text` (without the extractor name)."""
        entities: List[Dict[Text, Any]] = []
        supposing = text.strip().lower().startswith(tuple(lexicon("en").context["hypothetical_openers"]))
        for reading in understand(text, as_of=self.component_config.get("as_of")).readings:
            if reading.hypothetical and not supposing:
                continue   # "what happens after 2 years on TTPS?" states no fact; "what if I earned ..." is kept

            if reading.fact == "languages" and self.component_config.get("languages_entity") == "per_language":
                for value in reading.value:
                    entities.append(self._entity(text, "languages", value, reading.start, reading.end))
            else:
                entities.append(self._entity(text, reading.fact, reading.value, reading.start, reading.end))
        if self.component_config.get("add_mentions", True):
            for mention in extract_mentions(text):
                entities.append(self._entity(text, mention["entity"], mention["value"],
                                             mention["start"], mention["end"]))
        return entities

    @staticmethod
    def _entity(text: Text, name: Text, value: Any, start: Optional[int], end: Optional[int]) -> Dict[Text, Any]:
        entity: Dict[Text, Any] = {"entity": name, "value": value, "confidence_entity": 1.0}
        if start is not None and end is not None:
            entity.update({"start": start, "end": end})
        return entity

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            intent = (message.get("intent") or {}).get("name")
            try:
                ours = self.entities_for(text)
                if intent in self.component_config.get("no_mentions_for_intents", []):
                    ours = [e for e in ours if e["entity"] not in ("scheme", "term")]
            except Exception:  # noqa: BLE001 - an extractor bug must never break the conversation
                logger.exception("fact extraction failed for %r", text)
                continue
            existing = list(message.get(ENTITIES, []))
            our_facts = {e["entity"] for e in ours if e["entity"] in FACTS}
            kept: List[Dict[Text, Any]] = []
            for ent in existing:
                self._fix_vocabulary_value(ent, text)
                if ent.get("entity") == "scheme" and ent.get("value") not in SCHEME_IDS:
                    continue  # DIET tagged a span that is no scheme ("of", "right"): useless downstream
                if ent.get("entity") == "term" and ent.get("value") not in TERM_IDS:
                    continue
                # our normalised value wins over any other extractor's raw value for a fact
                if ent.get("entity") in our_facts:
                    continue
                kept.append(ent)
            added: List[Dict[Text, Any]] = []
            for ent in ours:
                if ent["entity"] in ("scheme", "term"):
                    dup = next((e for e in kept if e.get("entity") == ent["entity"]
                                and _overlaps(e, ent.get("start"), ent.get("end"))), None)
                    if dup is not None:
                        if ent["entity"] == "scheme" and dup.get("value") not in SCHEME_IDS:
                            dup["value"] = ent["value"]  # DIET tagged the span but the synonym was unknown
                        continue
                    if any(e.get("entity") == ent["entity"] and e.get("value") == ent["value"] for e in kept + added):
                        continue
                added.append(ent)
            added = self.add_extractor_name(added)
            message.set(ENTITIES, kept + added, add_to_output=True)
        return messages

    @staticmethod
    def _fix_vocabulary_value(ent: Dict[Text, Any], text: Text) -> None:
        """EntitySynonymMapper ignores the entity type: "right of abode" tagged as a `term` comes out
        as the scheme id permanent_residence. Re-map scheme/term values that are not valid ids."""
        kind = ent.get("entity")
        table, valid = ((names("scheme"), set(SCHEME_IDS)) if kind == "scheme" else
                        (names("term"), TERM_IDS) if kind == "term" else (None, None))
        if table is None or ent.get("value") in valid:
            return
        surface = text[ent["start"]:ent["end"]] if ent.get("start") is not None else str(ent.get("value", ""))
        mapped = table.get(surface.lower().strip()) or table.get(str(ent.get("value", "")).lower().strip())
        if mapped:
            ent["value"] = mapped

    def process_training_data(self, training_data: Any) -> Any:  # pragma: no cover - not trainable
        return training_data
