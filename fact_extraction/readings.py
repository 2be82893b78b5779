"""What the extractors return: readings (a fact and its contract value) and ambiguities."""
from __future__ import annotations

from dataclasses import dataclass
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


@dataclass
class Ambiguity:
    """A reading that could mean two things: asked back rather than guessed."""
    question: str
    options: List[Tuple[str, Dict[str, Any]]]   # (button title, facts that option sets)
