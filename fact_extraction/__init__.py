"""Fact extraction: free text -> contract §2 fact values (no Rasa imports outside component.py)."""
from .normaliser import (  # noqa: F401
    Details,
    exchange_rates,
    extract_details,
    extract_facts,
    extract_mentions,
    money_note,
    parse_answer,
)
from .understanding import Ambiguity, Reading, Understanding, understand  # noqa: F401

__all__ = ["extract_facts", "parse_answer", "money_note", "extract_details", "extract_mentions",
           "exchange_rates", "Details",
           "understand", "Understanding", "Reading", "Ambiguity"]
