"""Hong Kong's admission rules as dated, cited data, and an engine that explains its answers.

    from eligibility import assess
    assess({"age": 32, "highest_degree": "master"}, "2026-11-26")

This package does not import Rasa: it is a library and a command-line tool (python -m eligibility).
"""
from .engine import assess, explain_scheme
from .errors import DateOutOfRange, EligibilityError, FactError, RuleError
from .facts import FACTS, SCHEME_IDS, validate_facts
from .rulebase import load_rules

__all__ = ["assess", "explain_scheme", "FACTS", "SCHEME_IDS", "validate_facts", "load_rules",
           "EligibilityError", "FactError", "DateOutOfRange", "RuleError"]
