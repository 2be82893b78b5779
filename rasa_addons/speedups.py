"""Make each custom-action call cheaper without changing what Rasa checks.

Rasa 3.6 validates every action-server response with `jsonschema.validate(result, schema)`, which
re-checks the (large) events schema itself on every call: about 45 ms of CPU per action call on our
2-core machine, more than half the cost of a turn (measured with cProfile, see docs/dialogue.md).
We build the validator once and reuse it; responses are validated exactly as before.
Installed by importing rasa_addons.tracker_store.
"""
from __future__ import annotations

from typing import Any, Dict

from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_validator = None
_installed = False


def _response_validator():
    global _validator
    if _validator is None:
        from jsonschema.validators import validator_for
        schema = RemoteAction.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)
        _validator = cls(schema)
    return _validator


def _validate_action_result(self, result: Dict[str, Any]) -> bool:
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match

    error = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    if isinstance(error, ValidationError):
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
    raise error


def install() -> None:
    global _installed
    if not _installed:
        RemoteAction._validate_action_result = _validate_action_result
        _installed = True
