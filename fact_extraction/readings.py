"""What the extractors return: readings (a fact and its contract value) and ambiguities."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple


@dataclass
class Reading:
    """One fact read from the message."""
    fact: str
    value: Any                  # contract value
    text: str = ""              # the words it was read from
    interpretation: str = ""    # how it was read, e.g. "US$400k a year - about HK$3.12M a year at 7.80"
    explicit: bool = False      # a direct statement ("I'm 41", "I don't have a business plan") or a
                                # correction ("actually", "I'm British not French"): may change a known fact
    start: Optional[int] = None  # where `text` is in the message as given
    end: Optional[int] = None
    hedged: bool = False        # "about 12", "12ish": the value is kept
    hypothetical: bool = False  # said in a supposition or a question ("what if I earned ...?"): not stored
    conversion: Optional[Dict[str, Any]] = None   # money: amount, currency, period, hkd, rate as read


@dataclass
class Ambiguity:
    """A reading that could mean two things: asked back rather than guessed. `question` and the
    button titles are in the conversation's language (fact_extraction/replies.py)."""
    question: str
    options: List[Tuple[str, Dict[str, Any]]]   # (button title, facts that option sets)
    kind: str = ""              # its texts' entry in the lexicon section `asked_back`
    option_names: List[str] = field(default_factory=list)   # each option's entry in those texts
    values: Dict[str, str] = field(default_factory=dict)    # what the texts name: word said, country code
