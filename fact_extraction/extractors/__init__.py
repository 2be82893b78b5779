"""The extractors, one per fact family, registered here and run in this order on every message
(free messages and answers to a question alike). Each is a module with `FACTS` (what it may read)
and `read(message) -> list of Reading or Ambiguity`; see docs/nlu.md.
"""
from . import age, degree, durations, family, languages, money, places, visas, yes_no

EXTRACTORS = (age, degree, languages, money, places, durations, yes_no, visas, family)

__all__ = ["EXTRACTORS"]
