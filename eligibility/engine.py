"""assess(facts, as_of): which schemes a person meets, why, what was assumed, how close they are,
what is still worth asking, and what to do next (contract §3).

The engine is stateless and never reads the clock: the date is always given, and so is "today" when
the caller wants a date after it flagged (rules may change before then).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from .facts import FACTS, SCHEME_IDS, validate_facts
from .formatting import fact_unit, format_value, money, more_time
from .lists import working_holiday_arrangements
from .logic import PLACEHOLDER, Evaluator, Outcome, walk
from .rulebase import RuleBase, Scheme, Version, load_rules, parse_date

# Every scheme first checks this predicate: a permanent resident needs no visa at all, and is told
# only that (a gate), not every other criterion a scheme would ask.
PRECONDITION = {"ref": "no_right_of_abode", "gate": True}
NEAR_MISS_MIN_SHARE = 0.5   # a numeric gap counts as "near" when the person has at least half of it
FACT_ORDER = {name: i for i, name in enumerate(FACTS)}


class Context:
    """One assessment: the validated facts and the rules and parameters in force on one date."""

    def __init__(self, rules: RuleBase, facts: dict, day: dt.date):
        self.rules, self.facts, self.day = rules, facts, day
        self.params = rules.params_for(day)

    def fmt_fact(self, fact: str, value) -> str:
        return format_value(value, fact_unit(fact, FACTS[fact].type))

    def fmt_param(self, key: str) -> str:
        unit = self.rules.parameters[key].get("unit", "")
        return format_value(self.params[key], unit)

    def renderer(self, scheme: Scheme):
        def render(template: str, extras: dict) -> str:
            def fill(match):
                name = match.group(1)
                if name in extras:
                    return str(extras[name])
                if name == "scheme":
                    return scheme.short_name
                if name in FACTS:
                    value = self.facts.get(name, FACTS[name].assume)
                    return "unknown" if value is None else self.fmt_fact(name, value)
                if name in self.params:
                    return self.fmt_param(name)
                if name.startswith("whs_arrangement."):
                    return self.arrangement_field(name.split(".", 1)[1], match.group(0))
                return match.group(0)
            return PLACEHOLDER.sub(fill, template)
        return render

    def arrangement_field(self, field: str, unfilled: str) -> str:
        """A field of the Working Holiday arrangement of the person's own country."""
        row = working_holiday_arrangements().get(self.facts.get("nationality"))
        if row is None or row[field] is None:
            return unfilled
        value = row[field]
        return money(value) if field == "min_funds" else f"{value:,}" if isinstance(value, int) else value

    def evaluator(self, scheme: Scheme, facts: Optional[dict] = None) -> Evaluator:
        return Evaluator(self.facts if facts is None else facts, self.params,
                         self.rules.predicates, self.renderer(scheme), self.fmt_fact)


def _status(value: Optional[bool]) -> str:
    return {True: "eligible", False: "not_eligible", None: "undecided"}[value]


def rank_facts(facts_open, counts=None) -> list:
    counts = counts or {}
    return sorted(facts_open, key=lambda f: (-counts.get(f, 0), FACTS[f].ease, FACT_ORDER[f]))


def _evaluate(ctx: Context, scheme: Scheme, version: Version, facts: Optional[dict] = None):
    evaluator = ctx.evaluator(scheme, facts)
    if version.root is None:   # built once per version: precondition, then the scheme's criteria
        version.root = {"all": [PRECONDITION] + version.criteria}
    return evaluator, evaluator.evaluate(version.root)


def _near_miss(ctx: Context, scheme: Scheme, version: Version, outcome: Outcome) -> Optional[dict]:
    """The smallest single change, in something the person can change, that would meet the scheme."""
    best = None
    for fact, op, target in outcome.failed_leaves:
        spec = FACTS[fact]
        if not spec.changeable or fact not in ctx.facts:
            continue
        current = ctx.facts[fact]
        if op in ("ge", "gt") and isinstance(current, (int, float)) and not isinstance(current, bool):
            needed = target if op == "ge" else target + (1 if spec.type == "int" else 0.5)
            if needed <= 0 or current < needed * NEAR_MISS_MIN_SHARE:
                continue
            share = current / needed
        elif op == "eq" and target is True and current is False:
            needed, share = True, 0.0
        else:
            continue
        trial = dict(ctx.facts, **{fact: needed})
        _, result = _evaluate(ctx, scheme, version, trial)
        if result.value is not True:   # only a change that would settle it counts as "nearly"
            continue
        if best is None or share > best[0]:
            best = (share, fact, current, needed, result)
    if best is None:
        return None
    _, fact, current, needed, result = best
    label = route_label(scheme, result.route)
    target_name = scheme.short_name + (f" {label}" if scheme.id == "ttps" and label else f" ({label})" if label else "")
    if isinstance(needed, bool):
        message = f"With {FACTS[fact].label} you would meet {target_name}"
    elif fact.endswith("_hkd"):
        message = f"You are {money(needed - current)} short of {target_name} ({FACTS[fact].label} of at least {money(needed)})"
    else:
        message = f"{more_time(needed - current)} of {FACTS[fact].label} would meet {target_name}"
    return {"fact": fact, "current": current, "needed": needed, "message": message}


def route_label(scheme: Scheme, route: Optional[str]) -> Optional[str]:
    """How a person reads a route ("category B", "the general points test"); ids stay in `route`."""
    return scheme.routes.get(route, route) if route else None


def _cached(ctx: Context, kind: str, version: Version, build):
    """Citations and next steps depend only on the version and the date: work them out once."""
    key = (kind, id(version), ctx.day)
    cache = ctx.rules.cache
    if key not in cache:
        cache[key] = build()
    return cache[key]


def _citations(ctx: Context, version: Version) -> list:
    cites = [ctx.rules.citation(version.source)]
    keys = set()
    pending, seen = list(version.criteria), set()
    while pending:   # the criteria and every named predicate they use
        criterion = pending.pop()
        for node in walk(criterion):
            if "ref" in node and node["ref"] not in seen:
                seen.add(node["ref"])
                pending.append(ctx.rules.predicates[node["ref"]])
            for value in node.values():
                if isinstance(value, dict) and "param" in value:
                    keys.add(value["param"])
            for text in (node.get("text"), node.get("fail")):
                keys.update(k for k in PLACEHOLDER.findall(text or "") if k in ctx.rules.parameters)
    for text in version.step_texts() + [version.stay or "", version.fees or ""]:
        keys.update(k for k in PLACEHOLDER.findall(text) if k in ctx.rules.parameters)
    for cite in ctx.rules.param_citations(sorted(keys), ctx.day):
        if cite not in cites:
            cites.append(cite)
    return cites


def _step_plan(ctx: Context, scheme: Scheme, version: Version) -> list:
    """The steps as far as they do not depend on the person: texts rendered once per version and
    date; conditional steps ({text, when}) kept to be checked against each person's facts."""
    render = ctx.renderer(scheme)
    steps = [step if isinstance(step, dict) else render(step, {}) for step in version.next_steps]
    if version.stay:
        steps.append("How long you can stay: " + render(version.stay, {}))
    if version.fees:
        steps.append("Fees: " + render(version.fees, {}))
    steps.append(f"Official page: {scheme.url}")
    return steps


def _next_steps(ctx: Context, scheme: Scheme, version: Version, evaluator: Evaluator) -> list:
    plan = _cached(ctx, "steps", version, lambda: _step_plan(ctx, scheme, version))
    return [step if isinstance(step, str) else evaluator.render(step["text"], {})
            for step in plan if isinstance(step, str) or evaluator.evaluate(step["when"]).value is True]


def assess_scheme(ctx: Context, scheme: Scheme) -> dict:
    version = scheme.version_for(ctx.day)
    result = {"id": scheme.id, "name": scheme.name, "status": "not_eligible", "route": None,
              "route_label": None, "reasons": [], "assumptions": [], "missing": [], "near_miss": None, "next_steps": [],
              "citations": [ctx.rules.citation(version.source)], "caveats": [], "url": scheme.url,
              "discretionary": version.discretionary}
    if version.not_in_operation:
        result["reasons"] = [ctx.renderer(scheme)(version.not_in_operation, {"as_of": ctx.day.isoformat()})]
        return result
    evaluator, outcome = _evaluate(ctx, scheme, version)
    status = _status(outcome.value)
    route = outcome.route if status == "eligible" else None
    result.update(status=status, route=route, route_label=route_label(scheme, route),
                  assumptions=evaluator.text(outcome.assumptions),
                  citations=_cached(ctx, "citations", version, lambda: _citations(ctx, version)))
    result["caveats"] = [
        f"Check the current ImmD page: this relies on a source marked {c['confidence']} ({c['title']})"
        for c in result["citations"] if c["confidence"] in ("unconfirmed", "disputed")]
    if status == "eligible":
        result["reasons"] = evaluator.text(outcome.passes) or [f"You meet {scheme.short_name}'s published criteria"]
        result["next_steps"] = _next_steps(ctx, scheme, version, evaluator)
    elif status == "not_eligible":
        result["reasons"] = evaluator.text(outcome.fails)
        result["near_miss"] = _near_miss(ctx, scheme, version, outcome)
    else:
        result["missing"] = rank_facts(outcome.unknown)
        reasons = evaluator.text(outcome.notes)
        if result["missing"]:
            labels = ", ".join(FACTS[f].label for f in result["missing"])
            reasons.append(f"{scheme.short_name} depends on facts not known yet: {labels}")
        result["reasons"] = reasons
        result["next_steps"] = _next_steps(ctx, scheme, version, evaluator)
    return result


def _situations(ctx: Context):
    """What comes before any scheme: whether the person needs no visa at all (contract §3), and
    situations the rule base does not cover, named with where to look."""
    evaluator = Evaluator(ctx.facts, ctx.params, ctx.rules.predicates, lambda text, extras: text, ctx.fmt_fact)
    no_visa = None
    for entry in ctx.rules.situations.get("no_visa_needed", []):
        if evaluator.evaluate(entry["when"]).value is True:
            no_visa = {"reason": entry["reason"], "citations": [ctx.rules.citation(entry["source"])]}
            break
    notes = [entry["text"] for entry in ctx.rules.situations.get("out_of_scope", [])
             if evaluator.evaluate(entry["when"]).value is True]
    return no_visa, notes


def _scheme_names(rules: RuleBase):
    """One pattern for every scheme's short name as texts use it (longest first, so "GEP
    (investment)" is not also read as "GEP"), and the scheme id of each name."""
    key = ("scheme_names",)
    if key not in rules.cache:
        ids = {re.sub(r"^(the|a) ", "", s.short_name): s.id for s in rules.schemes.values()}
        names = sorted(ids, key=len, reverse=True)
        pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")(?![\w(])")
        rules.cache[key] = (pattern, ids)
    return rules.cache[key]


def _see_also(rules: RuleBase, result: dict) -> list:
    """The other schemes a result's texts name ("they use IANG"), each with its official page."""
    pattern, ids = _scheme_names(rules)
    memo = rules.cache.setdefault("names_in_text", {})   # texts repeat across people: read each once
    if len(memo) > 100_000:
        memo.clear()
    near = [result["near_miss"]["message"]] if result["near_miss"] else []
    found = []
    for text in result["reasons"] + near + result["next_steps"]:
        if text not in memo:
            memo[text] = [ids[name] for name in pattern.findall(text)]
        for sid in memo[text]:
            if sid != result["id"] and all(f["id"] != sid for f in found):
                scheme = rules.schemes[sid]
                found.append({"id": sid, "name": scheme.name, "url": scheme.url})
    return found


def assess(facts: dict, as_of, today=None) -> dict:
    """Assess every scheme for these facts on this date (contract §3). `today`, when given, is the
    caller's date: an `as_of` after it is answered with the rules known now, and a note says so."""
    rules = load_rules()
    day = rules.check_date(as_of)
    ctx = Context(rules, validate_facts(facts), day)
    no_visa_needed, notes = _situations(ctx)
    if today is not None and day > parse_date(today):
        notes.insert(0, f"{day.isoformat()} is after today ({parse_date(today).isoformat()}): this answer uses "
                        f"the rules known today, and they may change before {day.isoformat()} - check ImmD's "
                        f"pages nearer the time")
    schemes = [assess_scheme(ctx, rules.schemes[sid]) for sid in SCHEME_IDS]
    for result in schemes:
        result["see_also"] = _see_also(rules, result)
    counts = {}
    for result in schemes:
        for fact in result["missing"]:
            counts[fact] = counts.get(fact, 0) + 1
    missing = rank_facts(counts, counts)
    return {"as_of": day.isoformat(), "rules_version": rules.version, "no_visa_needed": no_visa_needed,
            "notes": notes, "schemes": schemes, "missing": missing,
            "next_question": missing[0] if missing else None}


def explain_scheme(scheme_id: str, as_of) -> dict:
    """A scheme's criteria in plain words, with citations, as in force on a date."""
    rules = load_rules()
    day = rules.check_date(as_of)
    if scheme_id not in rules.schemes:
        raise KeyError(f"unknown scheme '{scheme_id}'; known: {', '.join(SCHEME_IDS)}")
    scheme = rules.schemes[scheme_id]
    version = scheme.version_for(day)
    ctx = Context(rules, {}, day)
    render = ctx.renderer(scheme)
    info = {"id": scheme.id, "name": scheme.name, "short_name": scheme.short_name, "url": scheme.url,
            "as_of": day.isoformat(), "in_operation": not version.not_in_operation,
            "effective_from": version.effective_from.isoformat(),
            "effective_to": version.effective_to.isoformat() if version.effective_to else None,
            "summary": render(version.summary or version.not_in_operation or "", {"as_of": day.isoformat()}),
            "criteria": [], "documents": [render(d, {}) for d in version.documents],
            "next_steps": [], "stay": render(version.stay or "", {}) or None,
            "fees": render(version.fees or "", {}) or None, "discretionary": version.discretionary}
    if version.not_in_operation:
        return info
    for criterion in version.criteria:
        fake = Version(scheme.id, version.effective_from, version.effective_to, version.source,
                       criteria=[criterion])
        info["criteria"].append({"id": criterion.get("id"), "text": render(criterion["text"], {}),
                                 "citations": _citations(ctx, fake)})
    # Without a person, a conditional step is shown when it reads on its own (no per-person field).
    info["next_steps"] = [step if isinstance(step, str) else render(step["text"], {})
                          for step in _step_plan(ctx, scheme, version)]
    info["next_steps"] = [step for step in info["next_steps"] if not PLACEHOLDER.search(step)]
    return info
