"""Drive a whole conversation: an opener, then answer whatever the assistant asks."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

from eligibility import FACTS


def answer_text(fact: str, value: Any) -> str:
    """How a user answers: bare numbers and yes/no typed, other values by clicking a button."""
    kind = FACTS[fact].type
    if kind == "bool":
        return "yes" if value else "no"
    if kind in ("int", "number") and not fact.endswith("_hkd"):
        return str(value)
    return "/inform" + json.dumps({fact: value})


OFFER = "I can also check the"


def converse(stack, sender: str, opener: str, facts: Dict[str, Any], max_turns: int = 45,
             check_all: bool = True) -> Tuple[List[str], Dict[str, Any], List[Tuple[str, List[str]]]]:
    """Send `opener`, then answer each question from `facts` (else "I don't know") until the form ends.

    The assistant answers at the first scheme met and offers to check the rest; with `check_all`
    the user says yes, so every scheme is decided. Returns the last replies, the final slots and
    the transcript [(user text, bot texts)].
    """
    transcript = [(opener, stack.talk(sender, opener))]
    asked: List[str] = []
    for _ in range(max_turns):
        slots = stack.slots(sender)
        requested = slots.get("requested_slot")
        if not requested:
            offered = any(reply.startswith(OFFER) for reply in transcript[-1][1])
            if check_all and offered:
                transcript.append(("yes", stack.talk(sender, "yes")))
                continue
            return transcript[-1][1], slots, transcript
        asked.append(requested)
        if asked[-3:] == [requested] * 3:
            raise AssertionError(f"asked {requested} three times in a row:\n{format_transcript(transcript)}")
        text = answer_text(requested, facts[requested]) if requested in facts else "/dont_know"
        transcript.append((text, stack.talk(sender, text)))
    raise AssertionError(f"the questions did not end in {max_turns} turns:\n{format_transcript(transcript)}")


def format_transcript(transcript) -> str:
    return "\n".join(f"USER: {u}\n" + "\n".join(f"  BOT: {b}" for b in bots) for u, bots in transcript)
