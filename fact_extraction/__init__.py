"""Fact extraction: free text -> contract §2 fact values (no Rasa imports outside component.py).

`understand()` is the entry point (fact_extraction/understanding.py; layout in docs/nlu.md).
`extract_facts` and `parse_answer` are thin wrappers kept for existing callers.
"""
from typing import Any, Dict

from .lexicon import exchange_rates
from .mentions import extract_mentions
from .understanding import Ambiguity, Reading, Understanding, understand


def extract_facts(text: str, as_of: Any = None) -> Dict[str, Any]:
    """Every fact a free message states (nothing known, nothing asked)."""
    return understand(text, as_of=as_of).facts


def parse_answer(fact: str, text: str, as_of: Any = None) -> Any:
    """The value of `fact` in an answer to its question, or None."""
    return understand(text, asked=fact, as_of=as_of).facts.get(fact)


__all__ = ["understand", "Understanding", "Reading", "Ambiguity", "extract_facts", "parse_answer",
           "extract_mentions", "exchange_rates"]
