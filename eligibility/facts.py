"""The fact vocabulary (contract §2): typed, validated, with the question texts the conversation uses.

The vocabulary itself is data in facts.yaml; this module reads it and checks fact dictionaries
against it. A fact that is absent (or None) is *unknown*, which is never the same as false or zero.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import yaml

from .errors import FactError

FACTS_FILE = Path(__file__).with_name("facts.yaml")

# The scheme ids of contract §1; `current_visa` takes one of these or a plain visa kind.
SCHEME_IDS = (
    "assg", "qmas", "gep_professionals", "gep_investment", "asmtp", "ttps", "iang", "techtas",
    "new_cies", "working_holiday", "dependant", "top_tier_extension", "permanent_residence",
    "technical_professionals",
)
LANGUAGE_ORDER = ("english", "cantonese", "putonghua", "other")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class FactSpec:
    name: str
    type: str
    question: str
    why: str
    label: str
    ease: int = 2
    values: Optional[tuple] = None
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    changeable: bool = False
    assume: Any = None
    assumption: Optional[str] = None

    @property
    def allowed(self) -> str:
        """A human description of the allowed values, used in error messages."""
        if self.type in ("enum", "scheme_or_visa"):
            return "one of " + ", ".join(self.values)
        if self.type == "list":
            return "a list of " + ", ".join(self.values)
        if self.type == "country":
            return "an ISO 3166-1 alpha-2 country code in upper case, e.g. GB, CN, US"
        if self.type == "bool":
            return "true or false"
        kind = "a whole number" if self.type == "int" else "a number"
        bounds = []
        if self.minimum is not None:
            bounds.append(f">= {self.minimum:g}")
        if self.maximum is not None:
            bounds.append(f"<= {self.maximum:g}")
        return kind + (" " + " and ".join(bounds) if bounds else "")


def _load_specs() -> dict:
    raw = yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))
    specs = {}
    for name, entry in raw.items():
        values = entry.get("values")
        if entry["type"] == "scheme_or_visa":
            values = tuple(SCHEME_IDS) + tuple(values or ())
        specs[name] = FactSpec(
            name=name, type=entry["type"], question=entry["question"], why=entry["why"],
            label=entry.get("label", name.replace("_hkd", "").replace("_", " ")),
            ease=entry.get("ease", 2), values=tuple(values) if values else None,
            minimum=entry.get("min"), maximum=entry.get("max"),
            changeable=entry.get("changeable", False), assume=entry.get("assume"),
            assumption=entry.get("assumption"),
        )
    return specs


FACTS: dict = _load_specs()


def validate_fact(name: str, value: Any) -> Any:
    """Return the value in its contract form, or raise FactError naming the fact."""
    spec = FACTS.get(name)
    if spec is None:
        raise FactError(name, value, "a fact name from the contract: " + ", ".join(sorted(FACTS)))
    kind = spec.type
    if kind == "bool":
        if isinstance(value, bool):
            return value
    elif kind in ("int", "number"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if kind == "int" and isinstance(value, float):
                if not value.is_integer():
                    raise FactError(name, value, spec.allowed)
                value = int(value)
            if (spec.minimum is None or value >= spec.minimum) and (
                spec.maximum is None or value <= spec.maximum
            ):
                return value
    elif kind in ("enum", "scheme_or_visa"):
        if isinstance(value, str) and value in spec.values:
            return value
    elif kind == "list":
        if isinstance(value, (list, tuple)) and all(
            isinstance(v, str) and v in spec.values for v in value
        ):
            # Contract order (english, cantonese, putonghua, other), without repeats.
            return [v for v in LANGUAGE_ORDER if v in value]
    elif kind == "country":
        if isinstance(value, str) and _COUNTRY_CODE.match(value):
            return value
    raise FactError(name, value, spec.allowed)


def validate_facts(facts: dict) -> dict:
    """Validate a whole fact dictionary. Keys with the value None are unknown and dropped."""
    if not isinstance(facts, dict):
        raise FactError("(facts)", facts, "a JSON object mapping fact names to values")
    return {name: validate_fact(name, value) for name, value in facts.items() if value is not None}
