"""Loads the rule files (rules/*.yaml), checks them, and resolves them for a date.

- rules/sources.yaml      citations by key: title, url, confidence ([gov], [2nd], [unconfirmed], [disputed])
- rules/parameters/*.yaml dated parameter values (thresholds, fees, stay patterns, lists), each cited
- rules/predicates.yaml   named, reusable criteria (derived facts such as "has a first degree")
- rules/schemes/*.yaml    one file per scheme, with dated versions of its criteria and next steps
- rules/situations.yaml   situations that come before any scheme: no visa needed, out of scope

Loading validates everything (see `lint`): a rule base with a problem is never used.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml

from .errors import DateOutOfRange, RuleError
from .facts import FACTS, SCHEME_IDS
from .logic import COMBINATORS, LEAF_OPS, PLACEHOLDER, leaf_op, walk

RULES_DIR = Path(__file__).with_name("rules")
EARLIEST = dt.date(2015, 5, 4)   # the reform this rule base starts from
CONFIDENCE = ("gov", "2nd", "unconfirmed", "disputed")
# Names a text may use only from the day the thing existed (lint): the first Talent List, 28 Aug 2018.
INTRODUCED = {"Talent List": dt.date(2018, 8, 28)}
# Placeholders filled from the Working Holiday arrangement of the person's own country (lists.py).
ARRANGEMENT_FIELDS = ("country", "quota", "min_funds", "age_min", "age_max", "turns", "work", "study")
TEMPLATE_NAMES = ("scheme", "threshold", "value", "met", "needed", "of", "open", "label", "as_of")


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DateOutOfRange(f"'{value}' is not a date; write it as YYYY-MM-DD") from None


def _flatten(items: list) -> list:
    """Criteria lists may include shared lists through YAML anchors (`- *prerequisites`)."""
    flat = []
    for item in items:
        flat.extend(_flatten(item) if isinstance(item, list) else [item])
    return flat


@dataclass
class Version:
    scheme: str
    effective_from: dt.date
    effective_to: Optional[dt.date]
    source: str
    criteria: list = field(default_factory=list)
    not_in_operation: Optional[str] = None
    next_steps: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    stay: Optional[str] = None
    fees: Optional[str] = None
    summary: Optional[str] = None
    discretionary: bool = False
    root: Optional[dict] = None   # the compiled criteria tree (engine)

    def step_texts(self) -> list:
        """Every next step's template; a step is a text, or {text, when: criterion} shown only when
        the criterion holds for the person."""
        return [step["text"] if isinstance(step, dict) else step for step in self.next_steps]

    def texts(self) -> list:
        """Every text a person may read from this version (for lint)."""
        texts = self.step_texts() + self.documents + [self.stay or "", self.fees or "", self.summary or ""]
        for criterion in self.criteria:
            for node in walk(criterion):
                texts += [node[k] for k in ("text", "fail", "pass", "assumption", "assume", "unmodelled",
                                            "pass_count", "fail_count")
                          if isinstance(node.get(k), str)]
        return texts

    def covers(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass
class Scheme:
    id: str
    name: str
    short_name: str
    url: str
    versions: list
    routes: dict = field(default_factory=dict)   # route id -> how a person reads it

    def version_for(self, day: dt.date) -> Version:
        matches = [v for v in self.versions if v.covers(day)]
        if len(matches) != 1:
            raise RuleError(f"{self.id}: {len(matches)} versions cover {day}")
        return matches[0]


class RuleBase:
    def __init__(self, rules_dir: Path = RULES_DIR):
        self.dir = Path(rules_dir)
        self.sources = self._yaml(self.dir / "sources.yaml")
        self.predicates = self._yaml(self.dir / "predicates.yaml")
        self.parameters = {}
        for path in sorted((self.dir / "parameters").glob("*.yaml")):
            for key, entry in self._yaml(path).items():
                if key in self.parameters:
                    raise RuleError(f"{path.name}: parameter {key} is defined twice")
                entry["values"] = sorted(entry["values"], key=lambda v: parse_date(v["from"]))
                entry["_file"] = path.name
                self.parameters[key] = entry
        self.schemes = {}
        for path in sorted((self.dir / "schemes").glob("*.yaml")):
            raw = self._yaml(path)
            versions = [
                Version(
                    scheme=raw["id"],
                    effective_from=parse_date(v["effective_from"]),
                    effective_to=parse_date(v["effective_to"]) if v.get("effective_to") else None,
                    source=v.get("source"), criteria=_flatten(v.get("criteria", [])),
                    not_in_operation=v.get("not_in_operation"), next_steps=v.get("next_steps", []),
                    documents=v.get("documents", []), stay=v.get("stay"), fees=v.get("fees"),
                    summary=v.get("summary"), discretionary=v.get("discretionary", False),
                )
                for v in raw["versions"]
            ]
            self.schemes[raw["id"]] = Scheme(raw["id"], raw["name"], raw["short_name"], raw["url"],
                                             sorted(versions, key=lambda v: v.effective_from),
                                             raw.get("routes", {}))
        self.situations = self._yaml(self.dir / "situations.yaml")
        self.version = self._fingerprint()
        self.cache = {}   # per (kind, version, date): results that do not depend on the facts
        problems = self.lint()
        if problems:
            raise RuleError("the rule files have problems:\n  " + "\n  ".join(problems))

    @staticmethod
    def _yaml(path: Path):
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise RuleError(f"{path.name}: not valid YAML: {exc}") from None

    def _fingerprint(self) -> str:
        """The rules version: a digest of every rule file, so a stored answer names the rules it used."""
        digest = hashlib.sha256()
        for path in sorted(self.dir.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(self.dir).as_posix().encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()[:12]

    # ---- resolution for a date -------------------------------------------------------------
    def check_date(self, day) -> dt.date:
        day = parse_date(day)
        if day < EARLIEST:
            raise DateOutOfRange(
                f"{day.isoformat()} is outside the period this rule base covers "
                f"(from {EARLIEST.isoformat()}, the reform it starts from, to today)")
        return day

    def param_entry(self, key: str, day: dt.date) -> Optional[dict]:
        current = None
        for value in self.parameters[key]["values"]:
            if parse_date(value["from"]) <= day:
                current = value
        return current

    @lru_cache(maxsize=512)
    def params_for(self, day: dt.date) -> dict:
        resolved = {}
        for key in self.parameters:
            entry = self.param_entry(key, day)
            if entry is not None:
                resolved[key] = entry["value"]
        return resolved

    def citation(self, key: str, confidence: Optional[str] = None) -> dict:
        src = self.sources[key]
        return {"title": src["title"], "url": src["url"], "confidence": confidence or src["confidence"]}

    def param_citations(self, keys, day: dt.date) -> list:
        out = []
        for key in keys:
            entry = self.param_entry(key, day)
            if entry is not None:
                out.append(self.citation(entry["source"], entry.get("confidence")))
        return out

    # ---- validation -------------------------------------------------------------------------
    def lint(self) -> list:
        problems = []
        for key, src in self.sources.items():
            for attr in ("title", "url", "confidence"):
                if not src.get(attr):
                    problems.append(f"source {key}: missing {attr}")
            if src.get("confidence") not in CONFIDENCE:
                problems.append(f"source {key}: confidence must be one of {CONFIDENCE}")
        for key, param in self.parameters.items():
            if not param.get("description"):
                problems.append(f"parameter {key}: missing description")
            for value in param["values"]:
                if "value" not in value:
                    problems.append(f"parameter {key} from {value.get('from')}: missing value")
                if value.get("source") not in self.sources:
                    problems.append(f"parameter {key} from {value.get('from')}: cites unknown source {value.get('source')!r}")
                if value.get("confidence", "gov") not in CONFIDENCE:
                    problems.append(f"parameter {key}: bad confidence {value.get('confidence')!r}")
        for name, node in self.predicates.items():
            problems += [f"predicate {name}: {p}" for p in self._lint_criterion(node, None)]
        missing_ids = set(SCHEME_IDS) - set(self.schemes)
        if missing_ids:
            problems.append(f"no rule file for schemes: {sorted(missing_ids)}")
        for scheme in self.schemes.values():
            problems += [f"scheme {scheme.id}: {p}" for p in self._lint_scheme(scheme)]
        problems += self._lint_situations()
        problems += self._lint_working_holiday_list()
        return problems

    def _lint_situations(self) -> list:
        problems = []
        for kind, text_key in (("no_visa_needed", "reason"), ("out_of_scope", "text")):
            for i, entry in enumerate(self.situations.get(kind, [])):
                where = f"situation {kind}[{i}]"
                if not entry.get(text_key):
                    problems.append(f"{where}: missing {text_key}")
                if entry.get("source") not in self.sources:
                    problems.append(f"{where}: cites unknown source {entry.get('source')!r}")
                if not isinstance(entry.get("when"), dict):
                    problems.append(f"{where}: needs a 'when' criterion")
                else:
                    problems += [f"{where}: {p}" for p in self._lint_criterion(entry["when"], None)]
        return problems

    def _lint_working_holiday_list(self) -> list:
        """Every partner open on any date has a row in lists/working_holiday.csv (its quota and funds
        are shown), and the list's ages agree with the ages the rules test."""
        from .lists import working_holiday_arrangements
        problems = []
        rows = working_holiday_arrangements(self.dir / "lists" / "working_holiday.csv")
        partners = {code for v in self.parameters.get("whs.partners", {}).get("values", []) for code in v["value"]}
        for code in sorted(partners - set(rows)):
            problems.append(f"Working Holiday partner {code} has no row in lists/working_holiday.csv")
        for key, column in (("whs.min_age", "age_min"), ("whs.max_age", "age_max")):
            ages = {v["value"] for v in self.parameters.get(key, {}).get("values", [])}
            for code in sorted(partners & set(rows)):
                if rows[code][column] not in ages:
                    problems.append(f"Working Holiday list gives {code} {column} {rows[code][column]}, "
                                    f"but the rules test {key} {sorted(ages)}: model that country's ages")
        return problems

    def _lint_scheme(self, scheme: Scheme) -> list:
        problems = []
        if scheme.id not in SCHEME_IDS:
            problems.append("is not a scheme id of the contract")
        if scheme.versions[0].effective_from != EARLIEST:
            problems.append(f"first version starts {scheme.versions[0].effective_from}, not {EARLIEST}")
        for before, after in zip(scheme.versions, scheme.versions[1:]):
            if before.effective_to is None:
                problems.append(f"version from {before.effective_from} is open-ended but is followed by another")
            elif after.effective_from <= before.effective_to:
                problems.append(f"versions overlap: {before.effective_to} / {after.effective_from}")
            elif after.effective_from != before.effective_to + dt.timedelta(days=1):
                problems.append(f"gap between versions: {before.effective_to} .. {after.effective_from}")
        if scheme.versions[-1].effective_to is not None:
            problems.append("the last version must be open-ended (effective_to empty)")
        routes = set()
        for version in scheme.versions:
            where = f"version from {version.effective_from}"
            if version.source not in self.sources:
                problems.append(f"{where}: cites unknown source {version.source!r}")
            for term, since in INTRODUCED.items():
                if version.effective_from < since and any(term in text for text in version.texts()):
                    problems.append(f"{where}: mentions the {term}, which began on {since}")
            if version.not_in_operation:
                continue
            for criterion in version.criteria:
                routes.update(node["route"] for node in walk(criterion) if "route" in node)
            for step in version.next_steps:
                if isinstance(step, dict):
                    if not step.get("text") or not isinstance(step.get("when"), dict):
                        problems.append(f"{where}: a conditional next step needs 'text' and a 'when' criterion")
                    else:
                        problems += [f"{where}: {p}" for p in self._lint_criterion(step["when"], version)]
            if not version.criteria:
                problems.append(f"{where}: no criteria")
            for criterion in version.criteria:
                if not criterion.get("text"):
                    problems.append(f"{where}: a top-level criterion has no plain-words 'text': {criterion}")
                problems += [f"{where}: {p}" for p in self._lint_criterion(criterion, version)]
            for text in version.step_texts() + version.documents + [version.stay or "", version.fees or ""]:
                problems += [f"{where}: {p}" for p in self._lint_template(text, version)]
        for route in sorted(routes - set(scheme.routes)):
            problems.append(f"route {route!r} has no plain-words name under 'routes'")
        return problems

    def _lint_criterion(self, node, version: Optional[Version]) -> list:
        problems = []
        for sub in walk(node):
            if not isinstance(sub, dict):
                problems.append(f"criterion is not a mapping: {sub!r}")
                continue
            if "fact" in sub:
                if sub["fact"] not in FACTS:
                    problems.append(f"refers to unknown fact {sub['fact']!r}")
                try:
                    op = leaf_op(sub)
                except ValueError as exc:
                    problems.append(str(exc))
                    continue
                target = sub[op]
                if isinstance(target, dict):
                    problems += self._lint_param(target.get("param"), version)
            elif isinstance(sub.get("at_least"), dict):
                problems += self._lint_param(sub["at_least"].get("param"), version)
            elif not any(k in sub for k in COMBINATORS):
                problems.append(f"node has neither a fact nor a combinator: {sub}")
            if sub.get("ref") and sub["ref"] not in self.predicates:
                problems.append(f"refers to unknown predicate {sub['ref']!r}")
            if "not" in sub and "fail" not in sub:
                problems.append("a 'not' criterion needs its own 'fail' text")
            for key in ("text", "fail", "pass", "assumption", "assume", "unmodelled"):
                if isinstance(sub.get(key), str):
                    problems += self._lint_template(sub[key], version)
        return problems

    def _lint_param(self, key, version: Optional[Version]) -> list:
        if key not in self.parameters:
            return [f"refers to unknown parameter {key!r}"]
        if version is not None:
            first = parse_date(self.parameters[key]["values"][0]["from"])
            if first > version.effective_from:
                return [f"parameter {key} has no value on {version.effective_from}"]
        return []

    def _lint_template(self, text: str, version: Optional[Version]) -> list:
        problems = []
        for name in PLACEHOLDER.findall(text):
            if name in FACTS or name in TEMPLATE_NAMES:
                continue
            if name.startswith("whs_arrangement."):
                if name.split(".", 1)[1] not in ARRANGEMENT_FIELDS:
                    problems.append(f"unknown Working Holiday field {name!r}; known: {', '.join(ARRANGEMENT_FIELDS)}")
                continue
            problems += self._lint_param(name, version)
        return problems


@lru_cache(maxsize=1)
def load_rules() -> RuleBase:
    return RuleBase()
