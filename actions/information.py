"""Answers about schemes, documents, stay, fees, terms, and why a question is asked."""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from eligibility import FACTS, SCHEME_IDS, explain_scheme, load_rules
from eligibility.engine import PHRASES
from eligibility.translation import translate

from . import messages
from .assessment import requested_scheme
from .common import ACRONYMS, NOT_LEGAL_ADVICE, bullet, facts_set_this_turn, today
from . import glossary
from .reading import language

logger = logging.getLogger(__name__)


def target_schemes(tracker: Tracker) -> List[str]:
    """The scheme asked about, else the schemes the person is eligible for."""
    scheme = requested_scheme(tracker)
    if scheme in SCHEME_IDS:
        return [scheme]
    return list(tracker.get_slot("eligible_schemes") or [])


def scheme_info(scheme_id: str, lang: str = "en") -> Optional[Dict[str, Any]]:
    """The engine's explanation of a scheme, in the conversation's language (names, criteria,
    stay, fees, next steps and ImmD's page in that language)."""
    try:
        return explain_scheme(scheme_id, today(), language=messages.normalise(lang))
    except Exception:
        logger.exception("explain_scheme failed for %s", scheme_id)
        return None


def scheme_line(name: str, value: str, lang: str) -> str:
    """"TTPS: HK$600 ..." / 「高才通：HK$600 ...」"""
    return messages.text("fact_line", lang, label=name, value=value)


def steps_joined(items: List[str], lang: str) -> str:
    return messages.text("list_separator", lang).join(items)


def ask_which(dispatcher: CollectingDispatcher, what: str, lang: str = "en") -> None:
    dispatcher.utter_message(text=messages.text("ask_which_scheme", lang, what=messages.text(what, lang)))


class ActionExplainScheme(Action):
    def name(self) -> Text:
        return "action_explain_scheme"

    async def run(self, dispatcher, tracker, domain):
        scheme = requested_scheme(tracker)
        lang = language(tracker)
        info = scheme_info(scheme, lang) if scheme in SCHEME_IDS else None
        if not info:
            ask_which(dispatcher, "what_explanation", lang)
            return []
        separator = messages.text("fact_line", lang, label="", value="")
        text = f"{info['name']}{separator}{info.get('summary', '')}".strip()
        criteria = [c.get("text") for c in info.get("criteria") or [] if c.get("text")]
        if criteria:
            text += "\n" + messages.text("main_criteria", lang) + "\n" + bullet(criteria)
        if info.get("url"):
            text += "\n" + messages.text("official_page", lang, url=info["url"])
        dispatcher.utter_message(text=text)
        return []


class _PerScheme:
    """Mixin (not an Action, so rasa_sdk doesn't register it): one line per scheme asked about."""

    field = ""
    what = ""
    heading = ""

    async def run(self, dispatcher, tracker, domain):
        schemes = target_schemes(tracker)
        lang = language(tracker)
        if not schemes:
            ask_which(dispatcher, self.what, lang)
            return []
        lines = []
        for scheme_id in schemes:
            info = scheme_info(scheme_id, lang)
            if not info:
                continue
            value = self.value(info, lang)
            if value:
                lines.append(scheme_line(info["name"], value, lang) + (f" ({info['url']})" if info.get("url") else ""))
        if not lines:
            ask_which(dispatcher, self.what, lang)
            return []
        dispatcher.utter_message(text=messages.text(self.heading, lang) + "\n" + bullet(lines) + "\n"
                                 + messages.not_legal_advice(lang, NOT_LEGAL_ADVICE))
        return []

    def value(self, info: Dict[str, Any], lang: str) -> str:
        value = info.get(self.field)
        return steps_joined(value, lang) if isinstance(value, list) else (value or "")


class ActionDocuments(_PerScheme, Action):
    what, heading = "what_documents", "heading_documents"

    def name(self) -> Text:
        return "action_documents"

    def value(self, info, lang):
        docs = info.get("documents") or info.get("next_steps") or []
        return steps_joined(docs, lang) if isinstance(docs, list) else str(docs)


class ActionStay(_PerScheme, Action):
    field, what, heading = "stay", "what_stay", "heading_stay"

    def name(self) -> Text:
        return "action_stay"


class ActionFees(_PerScheme, Action):
    field, what, heading = "fees", "what_fees", "heading_fees"

    def name(self) -> Text:
        return "action_fees"


class ActionExplainTerm(Action):
    def name(self) -> Text:
        return "action_explain_term"

    async def run(self, dispatcher, tracker, domain):
        term = None
        for entity in (tracker.latest_message or {}).get("entities", []) or []:
            if entity.get("entity") == "term":
                term = entity.get("value")
        term = term or tracker.get_slot("term") or glossary.find_term((tracker.latest_message or {}).get("text") or "")
        if term in glossary.TERMS:
            dispatcher.utter_message(text=glossary.explain(term, language(tracker)))
        else:
            dispatcher.utter_message(text=messages.text("term_which", language(tracker)))
        return []


class ActionExplainWhy(Action):
    """'Why do you need this?' - the fact's `why`, for the question being asked (or the last one)."""

    def name(self) -> Text:
        return "action_explain_why"

    async def run(self, dispatcher, tracker, domain):
        fact = tracker.get_slot("requested_slot")
        named = [e.get("entity") for e in (tracker.latest_message or {}).get("entities", []) or []
                 if e.get("entity") in FACTS]
        if named:
            fact = named[0]
        lang = language(tracker)
        if fact in FACTS:
            dispatcher.utter_message(text=messages.text("ask_because", lang, why=messages.fact_why(fact, lang)))
        else:
            dispatcher.utter_message(text=messages.text("why_in_general", lang))
        return []


# -- follow-ups answered from the rule base -----------------------------------------------------

FOLLOW_UP_TOPICS = [   # (topic, words that point to it), first match wins
    ("criminal_record", r"convict|criminal|offen[cs]e|arrest|police record|prison"),
    ("family", r"family|wife|husband|spouse|partner|child|children|kids?\b|son|daughter|dependa?nt|parents?"),
    ("permanent_residence", r"permanent|right of abode|7 years|seven years|settle|citizenship"),
    ("deadline", r"deadline|when (must|should|do|can) i apply|how long do i have|too late|age limit|"
                 r"before i turn|time limit|by when"),
    ("processing", r"processing|how long (does|will|would) (it|the application|approval)|how long to "
                   r"(get|hear|process)|how quickly|wait"),
    ("fees", r"\bfees?\b|cost|how much|price|pay"),
    ("documents", r"document|paperwork|papers|what do i need to (bring|prepare|submit)"),
    ("next_steps", r"next step|what (do|should) i do next|how (do|can) i apply|where do i apply"),
]
_TOPIC_PATTERNS = [(topic, re.compile(pattern)) for topic, pattern in FOLLOW_UP_TOPICS]


def follow_up_topic(tracker: Tracker) -> Optional[str]:
    for entity in (tracker.latest_message or {}).get("entities", []) or []:
        if entity.get("entity") == "topic":
            return entity.get("value")
    text = ((tracker.latest_message or {}).get("text") or "").lower()
    return next((topic for topic, pattern in _TOPIC_PATTERNS if pattern.search(text)), None)


def schemes_in_view(tracker: Tracker) -> List[str]:
    """The scheme named in this message, else the schemes met (goal schemes first), else the goals."""
    named = [e.get("value") for e in (tracker.latest_message or {}).get("entities", []) or []
             if e.get("entity") == "scheme" and e.get("value") in SCHEME_IDS]
    if named:
        return named[:1]
    goals = list(tracker.get_slot("goal_schemes") or [])
    eligible = list(tracker.get_slot("eligible_schemes") or [])
    met = [s for s in goals if s in eligible] + [s for s in eligible if s not in goals]
    return met or goals


def param(key: str):
    rules = load_rules()
    return rules.params_for(rules.check_date(today()))[key]


def sentences_about(steps: List[str], pattern: str) -> List[str]:
    found = []
    for step in steps:
        for part in re.split(r";\s*|\.\s+|[；。]", step):
            if re.search(pattern, part, re.I) and part.strip() not in found:
                found.append(part.strip())
    return found


class ActionFollowUp(Action):
    """Family, permanent residence, deadlines, processing time, a conviction, fees, documents and
    next steps - for the schemes the person meets (or named, or is after), from the rule base."""

    def name(self) -> Text:
        return "action_follow_up"

    async def run(self, dispatcher, tracker, domain):
        if tracker.get_slot("assessed") and facts_set_this_turn(tracker):
            # "I have a conviction, does it matter?" also told us a fact: say what it changed (the
            # answer names the schemes a conviction affects).
            from .assessment import ActionAssess
            return await ActionAssess().run(dispatcher, tracker, domain)
        topic = follow_up_topic(tracker)
        schemes = schemes_in_view(tracker)
        lang = language(tracker)
        infos = [info for info in (scheme_info(s, lang) for s in schemes) if info]
        answer = getattr(self, f"_{topic}", None) if topic else None
        text = answer(infos, tracker) if answer else None
        if not text:
            text = messages.text("follow_up_menu", lang)
        dispatcher.utter_message(text=text)
        return []

    @staticmethod
    def _family(infos, tracker):
        lang = language(tracker)
        dependant = scheme_info("dependant", lang) or {}
        holders = [i["short_name"] for i in infos if i["id"] not in ("dependant", "permanent_residence")]
        text = messages.text("family_heading", lang, summary=dependant.get("summary") or "")
        if holders:
            text += "\n" + messages.text("family_holders", lang, names=messages.join_names(holders, lang))
        steps = sentences_about(dependant.get("next_steps") or [], r"apply|processing|申請|申请|處理|处理")
        if steps:
            text += "\n" + bullet(steps)
        if dependant.get("url"):
            text += "\n" + messages.text("official_page", lang, url=dependant["url"])
        return text

    @staticmethod
    def _permanent_residence(infos, tracker):
        lang = language(tracker)
        pr = scheme_info("permanent_residence", lang) or {}
        text = messages.text("pr_heading", lang, summary=pr.get("summary") or "")
        criteria = [c["text"] for c in pr.get("criteria") or [] if c.get("text")]
        if criteria:
            text += "\n" + bullet(criteria[:4])
        holders = [i for i in infos if i["id"] not in ("permanent_residence", "working_holiday")]
        for info in holders[:2]:
            if info.get("stay"):
                text += "\n" + messages.text("pr_stay_line", lang, name=info["short_name"], stay=info["stay"])
        if pr.get("url"):
            text += "\n" + messages.text("official_page", lang, url=pr["url"])
        return text

    @staticmethod
    def _deadline(infos, tracker):
        lines = []
        lang = language(tracker)
        ids = {i["id"] for i in infos}
        if "iang" in ids or not ids:
            months = param("iang.recent_graduate_months")
            line = messages.text("deadline_iang", lang, months=months)
            since = tracker.get_slot("months_since_hk_graduation")
            if isinstance(since, (int, float)) and since < months:
                line += messages.text("deadline_iang_left", lang, since=f"{since:g}", left=f"{months - since:g}")
            lines.append(line)
        if "working_holiday" in ids or not ids:
            lines.append(messages.text("deadline_whs", lang, limit=param('whs.max_age') + 1,
                                       min=param('whs.min_age'), max=param('whs.max_age')))
        for info in infos:
            if info["id"] not in ("iang", "working_holiday"):
                found = sentences_about(info.get("next_steps") or [],
                                        r"within|before|deadline|之前|以前|以內|以内|限期|期限")
                if found:
                    lines.append(scheme_line(info["short_name"], steps_joined(found, lang), lang))
        return messages.text("deadline_heading", lang) + "\n" + bullet(lines) if lines else None

    @staticmethod
    def _processing(infos, tracker):
        lines = []
        lang = language(tracker)
        for info in infos:
            found = sentences_about(info.get("next_steps") or [], r"process|處理|处理|辦理|办理")
            if found:
                lines.append(scheme_line(info["short_name"], steps_joined(found, lang), lang))
        return messages.text("processing_heading", lang) + "\n" + bullet(lines) if lines else None

    @staticmethod
    def _criminal_record(infos, tracker):
        from .cards import schemes_requiring_clear_record
        lang = language(tracker)
        names = [(scheme_info(s, lang) or {}).get("short_name") or s for s in SCHEME_IDS
                 if s in schemes_requiring_clear_record()]
        return messages.text("criminal_record_follow_up", lang, names=messages.join_names(names, lang))

    @staticmethod
    def _fees(infos, tracker):
        lang = language(tracker)
        lines = [scheme_line(i["short_name"], i["fees"], lang) for i in infos if i.get("fees")]
        return messages.text("heading_fees", lang) + "\n" + bullet(lines) if lines else None

    @staticmethod
    def _documents(infos, tracker):
        lang = language(tracker)
        lines = [scheme_line(i["short_name"], steps_joined(i["documents"], lang), lang)
                 for i in infos if i.get("documents")]
        return messages.text("heading_documents", lang) + "\n" + bullet(lines) if lines else None

    @staticmethod
    def _next_steps(infos, tracker):
        parts = []
        lang = messages.normalise(language(tracker))
        # stay and fees have answers of their own: the steps without them
        said_elsewhere = tuple(translate(PHRASES[key], lang).split("{")[0] for key in ("stay", "fees"))
        for info in infos[:3]:
            steps = [s for s in info.get("next_steps") or [] if not s.startswith(said_elsewhere)]
            parts.append(messages.text("next_steps_for", language(tracker), name=info["short_name"]) + "\n"
                         + bullet(steps))
        return "\n\n".join(parts) if parts else None


OUT_OF_SCOPE = [   # (words, the topic: its name and ImmD's page in actions/messages.yaml)
    (r"\bstud(y|ying)\b|student visa|study visa|\bschool\b|enrol|讀書|读书|留學|留学|學生簽證|学生签证|升學|升学", "study"),
    (r"domestic helper|\bmaid\b|\bhelpers?\b|\bfdh\b|nanny|外傭|外佣|家庭傭工|家庭佣工|工人姐姐|菲傭|菲佣", "domestic_helper"),
    (r"\bvpas\b|vocational professional|職業專才|职业专才", "vpas"),
    (r"\bvisit|tourist|sightseeing|\btrip\b|visa.free|travel to|旅遊|旅游|旅行|觀光|观光|探親|探亲|自由行", "visit"),
]
_OUT_OF_SCOPE = [(re.compile(words), topic) for words, topic in OUT_OF_SCOPE]


class ActionOutOfScope(Action):
    """Requests outside the schemes covered: say so, with ImmD's page when the topic is known."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(self, dispatcher, tracker, domain):
        text = ((tracker.latest_message or {}).get("text") or "").lower()
        lang = language(tracker)
        for pattern, topic in _OUT_OF_SCOPE:
            if pattern.search(text):
                dispatcher.utter_message(text=messages.text(
                    "out_of_scope_topic", lang, what=messages.text(f"topic_{topic}", lang),
                    url=messages.page(topic, lang)))
                return []
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
