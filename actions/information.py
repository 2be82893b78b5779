"""Answers about schemes, documents, stay, fees, terms, and why a question is asked."""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from eligibility import FACTS, SCHEME_IDS, explain_scheme, load_rules

from .assessment import requested_scheme
from .common import ACRONYMS, NOT_LEGAL_ADVICE, bullet, today
from .glossary import TERMS

logger = logging.getLogger(__name__)


def target_schemes(tracker: Tracker) -> List[str]:
    """The scheme asked about, else the schemes the person is eligible for."""
    scheme = requested_scheme(tracker)
    if scheme in SCHEME_IDS:
        return [scheme]
    return list(tracker.get_slot("eligible_schemes") or [])


def scheme_info(scheme_id: str) -> Optional[Dict[str, Any]]:
    try:
        return explain_scheme(scheme_id, today())
    except Exception:
        logger.exception("explain_scheme failed for %s", scheme_id)
        return None


def ask_which(dispatcher: CollectingDispatcher, what: str) -> None:
    dispatcher.utter_message(text=f"Which scheme do you want {what} for? For example TTPS, QMAS, ASSG, GEP or IANG.")


class ActionExplainScheme(Action):
    def name(self) -> Text:
        return "action_explain_scheme"

    async def run(self, dispatcher, tracker, domain):
        scheme = requested_scheme(tracker)
        info = scheme_info(scheme) if scheme in SCHEME_IDS else None
        if not info:
            ask_which(dispatcher, "an explanation")
            return []
        text = f"{info['name']}: {info.get('summary', '')}".strip()
        criteria = [c.get("text") for c in info.get("criteria") or [] if c.get("text")]
        if criteria:
            text += "\nMain criteria:\n" + bullet(criteria)
        if info.get("url"):
            text += f"\nOfficial page: {info['url']}"
        dispatcher.utter_message(text=text)
        return []


class _PerScheme:
    """Mixin (not an Action, so rasa_sdk doesn't register it): one line per scheme asked about."""

    field = ""
    what = ""
    heading = ""

    async def run(self, dispatcher, tracker, domain):
        schemes = target_schemes(tracker)
        if not schemes:
            ask_which(dispatcher, self.what)
            return []
        lines = []
        for scheme_id in schemes:
            info = scheme_info(scheme_id)
            if not info:
                continue
            value = self.value(info)
            if value:
                lines.append(f"{info['name']}: {value}" + (f" ({info['url']})" if info.get("url") else ""))
        if not lines:
            ask_which(dispatcher, self.what)
            return []
        dispatcher.utter_message(text=self.heading + "\n" + bullet(lines) + "\n" + NOT_LEGAL_ADVICE)
        return []

    def value(self, info: Dict[str, Any]) -> str:
        value = info.get(self.field)
        return "; ".join(value) if isinstance(value, list) else (value or "")


class ActionDocuments(_PerScheme, Action):
    what, heading = "the documents", "What you'll need:"

    def name(self) -> Text:
        return "action_documents"

    def value(self, info):
        docs = info.get("documents") or info.get("next_steps") or []
        return "; ".join(docs) if isinstance(docs, list) else str(docs)


class ActionStay(_PerScheme, Action):
    field, what, heading = "stay", "the length of stay", "How long you can stay:"

    def name(self) -> Text:
        return "action_stay"


class ActionFees(_PerScheme, Action):
    field, what, heading = "fees", "the fees", "Fees:"

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
        term = term or tracker.get_slot("term")
        if term in TERMS:
            dispatcher.utter_message(text=TERMS[term])
        else:
            dispatcher.utter_message(text="I can explain terms such as the Talent List, the aggregate list of "
                                          "universities, the top-tier extension or the right of abode. Which one?")
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
        if fact in FACTS:
            dispatcher.utter_message(text=f"I ask because: {FACTS[fact].why}")
        else:
            dispatcher.utter_message(text="I only ask questions whose answers can change which schemes you "
                                          "qualify for, and I stop as soon as nothing more could change the result.")
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


def facts_set_this_turn(tracker: Tracker) -> bool:
    latest_user = max((i for i, e in enumerate(tracker.events) if e.get("event") == "user"), default=None)
    if latest_user is None:
        return False
    return any(e.get("event") == "slot" and e.get("name") in FACTS for e in tracker.events[latest_user:])


def param(key: str):
    rules = load_rules()
    return rules.params_for(rules.check_date(today()))[key]


def sentences_about(steps: List[str], pattern: str) -> List[str]:
    found = []
    for step in steps:
        for part in re.split(r";\s*|\.\s+", step):
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
        infos = [info for info in (scheme_info(s) for s in schemes) if info]
        answer = getattr(self, f"_{topic}", None) if topic else None
        text = answer(infos, tracker) if answer else None
        if not text:
            text = ("I can tell you about bringing your family, permanent residence, deadlines, documents, fees "
                    "and processing times for the schemes you meet. What would you like to know?")
        dispatcher.utter_message(text=text)
        return []

    @staticmethod
    def _family(infos, tracker):
        dependant = scheme_info("dependant") or {}
        holders = [i["short_name"] for i in infos if i["id"] not in ("dependant", "permanent_residence")]
        text = "Family: " + (dependant.get("summary") or "")
        if holders:
            text += f"\nAs a holder of {', '.join(holders)} you can sponsor your spouse or partner and unmarried " \
                    "children under 18 as dependants, if you can support and house them."
        steps = sentences_about(dependant.get("next_steps") or [], r"apply|processing")
        if steps:
            text += "\n" + bullet(steps)
        if dependant.get("url"):
            text += f"\nOfficial page: {dependant['url']}"
        return text

    @staticmethod
    def _permanent_residence(infos, tracker):
        pr = scheme_info("permanent_residence") or {}
        text = "Permanent residence: " + (pr.get("summary") or "")
        criteria = [c["text"] for c in pr.get("criteria") or [] if c.get("text")]
        if criteria:
            text += "\n" + bullet(criteria[:4])
        holders = [i for i in infos if i["id"] not in ("permanent_residence", "working_holiday")]
        for info in holders[:2]:
            if info.get("stay"):
                text += f"\n{info['short_name']}: {info['stay']} - extensions keep you ordinarily resident " \
                        "towards the 7 years."
        if pr.get("url"):
            text += f"\nOfficial page: {pr['url']}"
        return text

    @staticmethod
    def _deadline(infos, tracker):
        lines = []
        ids = {i["id"] for i in infos}
        if "iang" in ids or not ids:
            months = param("iang.recent_graduate_months")
            line = f"IANG: as a fresh graduate, apply within {months} months of graduating; later you need a job offer."
            since = tracker.get_slot("months_since_hk_graduation")
            if isinstance(since, (int, float)) and since < months:
                line += f" You graduated {since:g} months ago, so you have about {months - since:g} months left."
            lines.append(line)
        if "working_holiday" in ids or not ids:
            lines.append(f"Working Holiday Scheme: apply before you turn {param('whs.max_age') + 1} "
                         f"(you must be {param('whs.min_age')} to {param('whs.max_age')} when you apply).")
        for info in infos:
            if info["id"] not in ("iang", "working_holiday"):
                found = sentences_about(info.get("next_steps") or [], r"within|before|deadline")
                if found:
                    lines.append(f"{info['short_name']}: " + "; ".join(found))
        return "When to apply:\n" + bullet(lines) if lines else None

    @staticmethod
    def _processing(infos, tracker):
        lines = []
        for info in infos:
            found = sentences_about(info.get("next_steps") or [], r"process")
            if found:
                lines.append(f"{info['short_name']}: " + "; ".join(found))
        return "Processing times (ImmD's published targets):\n" + bullet(lines) if lines else None

    @staticmethod
    def _criminal_record(infos, tracker):
        from .cards import schemes_requiring_clear_record
        names = [(scheme_info(s) or {}).get("short_name") or s for s in SCHEME_IDS
                 if s in schemes_requiring_clear_record()]
        return ("A criminal record matters for " + ", ".join(names) + ": they ask for a clear record. It doesn't "
                "rule you out automatically - ImmD decides each case individually, looking at the offence and "
                "how long ago it was. Tell me if you have a conviction and I'll take it into account; it is "
                "worth asking ImmD before you apply.")

    @staticmethod
    def _fees(infos, tracker):
        lines = [f"{i['short_name']}: {i['fees']}" for i in infos if i.get("fees")]
        return "Fees:\n" + bullet(lines) if lines else None

    @staticmethod
    def _documents(infos, tracker):
        lines = [f"{i['short_name']}: " + "; ".join(i["documents"]) for i in infos if i.get("documents")]
        return "What you'll need:\n" + bullet(lines) if lines else None

    @staticmethod
    def _next_steps(infos, tracker):
        parts = []
        for info in infos[:3]:
            steps = [s for s in info.get("next_steps") or [] if not s.startswith(("How long", "Fees"))]
            parts.append(f"Next steps for {info['short_name']}:\n" + bullet(steps))
        return "\n\n".join(parts) if parts else None


OUT_OF_SCOPE = [   # (words, what it is, ImmD's page)
    (r"\bstud(y|ying)\b|student visa|study visa|\bschool\b|enrol", "studying in Hong Kong",
     "https://www.immd.gov.hk/eng/services/visas/study.html"),
    (r"domestic helper|\bmaid\b|\bhelpers?\b|\bfdh\b|nanny", "employing or working as a foreign domestic helper",
     "https://www.immd.gov.hk/eng/services/visas/foreign_domestic_helpers.html"),
    (r"\bvpas\b|vocational professional", "the Vocational Professionals Admission Scheme (VPAS)",
     "https://www.immd.gov.hk/eng/services/index.html"),
    (r"\bvisit|tourist|sightseeing|\btrip\b|visa.free|travel to", "visiting Hong Kong",
     "https://www.immd.gov.hk/eng/services/visas/visit-transit/visit-visa-entry-permit.html"),
]
_OUT_OF_SCOPE = [(re.compile(words), what, url) for words, what, url in OUT_OF_SCOPE]


class ActionOutOfScope(Action):
    """Requests outside the schemes covered: say so, with ImmD's page when the topic is known."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(self, dispatcher, tracker, domain):
        text = ((tracker.latest_message or {}).get("text") or "").lower()
        for pattern, what, url in _OUT_OF_SCOPE:
            if pattern.search(text):
                dispatcher.utter_message(
                    text=f"That's outside what I cover: I check the schemes for working, investing, joining family "
                         f"and settling in Hong Kong, not {what}. ImmD's page for it: {url}")
                return []
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
