"""Errors the eligibility package raises. Each names what was wrong so a person can fix it."""


class EligibilityError(Exception):
    """Base class: bad input or bad rule data, never a bug in the caller's use of the API."""


class FactError(EligibilityError, ValueError):
    """A fact has an unknown name, a value of the wrong type, or a value outside its allowed set."""

    def __init__(self, fact, value, allowed):
        self.fact, self.value, self.allowed = fact, value, allowed
        super().__init__(f"fact '{fact}': got {value!r}; allowed: {allowed}")


class DateOutOfRange(EligibilityError, ValueError):
    """The assessment date lies outside the period the rule base covers."""


class RuleError(EligibilityError):
    """A rule file is invalid (missing citation, unknown fact, gap or overlap between versions...)."""
