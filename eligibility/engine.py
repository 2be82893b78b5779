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
from .formatting import country_name_in, fact_unit, format_date, format_value, money, more_time
from .lists import working_holiday_arrangements
from .logic import PLACEHOLDER, Evaluator, Outcome, walk
from .rulebase import RuleBase, Scheme, Version, load_rules, parse_date
from .translation import ENGLISH, fact_label, normalise, scheme_name, scheme_short_name, scheme_url, translate

# Every scheme first checks this predicate: a permanent resident needs no visa at all, and is told
# only that (a gate), not every other criterion a scheme would ask.
PRECONDITION = {"ref": "no_right_of_abode", "gate": True}
NEAR_MISS_MIN_SHARE = 0.5   # a numeric gap counts as "near" when the person has at least half of it
FACT_ORDER = {name: i for i, name in enumerate(FACTS)}
# The engine's own sentences; their translations are in rules/<language>/engine.yaml.
PHRASES = {
    "stay": "How long you can stay: {text}",
    "fees": "Fees: {text}",
    "official_page": "Official page: {url}",
    "caveat_unconfirmed": "Check the current ImmD page: this relies on a source marked unconfirmed ({title})",
    "caveat_disputed": "Check the current ImmD page: this relies on a source marked disputed ({title})",
    "meets_published": "You meet {scheme}'s published criteria",
    "depends_on": "{scheme} depends on facts not known yet: {labels}",
    "near_miss_flag": "With {label} you would meet {target}",
    "near_miss_money": "You are {gap} short of {target} ({label} of at least {needed})",
    "near_miss_time": "{more} of {label} would meet {target}",
    "route_ttps": "{scheme} {route}",
    "route_other": "{scheme} ({route})",
    "after_today": "{day} is after today ({today}): this answer uses the rules known today, and they may "
                   "change before {day} - check ImmD's pages nearer the time",
    "unknown": "unknown",
}


class Context:
    """One assessment: the validated facts and the rules and parameters in force on one date."""

    def __init__(self, rules: RuleBase, facts: dict, day: dt.date, language: str = ENGLISH):
        self.rules, self.facts, self.day, self.language = rules, facts, day, language
        self.params = rules.params_for(day)

    def fmt_fact(self, fact: str, value) -> str:
        return format_value(value, fact_unit(fact, FACTS[fact].type), self.language, fact)

    def fmt_param(self, key: str) -> str:
        unit = self.rules.parameters[key].get("unit", "")
        value = self.params[key]
        if isinstance(value, str):   # a text parameter (a stay pattern, a fee): translated whole
            return translate(value, self.language)
        return format_value(value, unit, self.language)

    def label(self, fact: str) -> str:
        return fact_label(fact, FACTS[fact].label, self.language)

    def short_name(self, scheme: Scheme) -> str:
        return scheme_short_name(scheme.id, scheme.short_name, self.language)

    def phrase(self, key: str, **values) -> str:
        """One of the engine's own sentences in the assessment's language."""
        return fill(translate(PHRASES[key], self.language), values)

    def renderer(self, scheme: Scheme):
        def render(template: str, extras: dict) -> str:
            def value_of(match):
                name = match.group(1)
                if name == "label" and name in extras:   # a default reason names the fact it is about
                    return self.label(extras["label"])
                if name in extras:
                    return str(extras[name])
                if name == "scheme":
                    return self.short_name(scheme)
                if name in FACTS:
                    value = self.facts.get(name, FACTS[name].assume)
                    return self.phrase("unknown") if value is None else self.fmt_fact(name, value)
                if name in self.params:
                    return self.fmt_param(name)
                if name.startswith("whs_arrangement."):
                    return self.arrangement_field(name.split(".", 1)[1], match.group(0))
                return match.group(0)
            return PLACEHOLDER.sub(value_of, translate(template, self.language))
        return render

    def arrangement_field(self, field: str, unfilled: str) -> str:
        """A field of the Working Holiday arrangement of the person's own country."""
        code = self.facts.get("nationality")
        row = working_holiday_arrangements().get(code)
        if row is None or row[field] is None:
            return unfilled
        value = row[field]
        if field == "min_funds":
            return money(value, self.language)
        if field == "country":
            return country_name_in(code, self.language)
        return f"{value:,}" if isinstance(value, int) else translate(value, self.language)

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
    label = route_label(scheme, result.route, ctx.language)
    target = ctx.short_name(scheme)
    if label:
        target = ctx.phrase("route_ttps" if scheme.id == "ttps" else "route_other", scheme=target, route=label)
    lang = ctx.language
    if isinstance(needed, bool):
        message = ctx.phrase("near_miss_flag", label=ctx.label(fact), target=target)
    elif fact.endswith("_hkd"):
        message = ctx.phrase("near_miss_money", gap=money(needed - current, lang), target=target,
                             label=ctx.label(fact), needed=money(needed, lang))
    else:
        message = ctx.phrase("near_miss_time", more=more_time(needed - current, lang), label=ctx.label(fact),
                             target=target)
    return {"fact": fact, "current": current, "needed": needed, "message": message}


def route_label(scheme: Scheme, route: Optional[str], language: str = ENGLISH) -> Optional[str]:
    """How a person reads a route ("category B", "the general points test"); ids stay in `route`."""
    return translate(scheme.routes.get(route, route), language) if route else None


def fill(template: str, values: dict) -> str:
    """A template's {names} filled from `values`; other braces are left as they are."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def _cached(ctx: Context, kind: str, version: Version, build):
    """Citations and next steps depend only on the version and the date: work them out once."""
    key = (kind, id(version), ctx.day, ctx.language)
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
        steps.append(ctx.phrase("stay", text=render(version.stay, {})))
    if version.fees:
        steps.append(ctx.phrase("fees", text=render(version.fees, {})))
    steps.append(ctx.phrase("official_page", url=scheme_url(scheme.id, scheme.url, ctx.language)))
    return steps


def _next_steps(ctx: Context, scheme: Scheme, version: Version, evaluator: Evaluator) -> list:
    plan = _cached(ctx, "steps", version, lambda: _step_plan(ctx, scheme, version))
    return [step if isinstance(step, str) else evaluator.render(step["text"], {})
            for step in plan if isinstance(step, str) or evaluator.evaluate(step["when"]).value is True]


def assess_scheme(ctx: Context, scheme: Scheme) -> dict:
    version = scheme.version_for(ctx.day)
    lang = ctx.language
    result = {"id": scheme.id, "name": scheme_name(scheme.id, scheme.name, lang), "status": "not_eligible", "route": None,
              "route_label": None, "reasons": [], "assumptions": [], "missing": [], "near_miss": None, "next_steps": [],
              "citations": [ctx.rules.citation(version.source)], "caveats": [],
              "url": scheme_url(scheme.id, scheme.url, lang),
              "discretionary": version.discretionary}
    if version.not_in_operation:
        result["reasons"] = [ctx.renderer(scheme)(version.not_in_operation, {"as_of": format_date(ctx.day, lang)})]
        return result
    evaluator, outcome = _evaluate(ctx, scheme, version)
    status = _status(outcome.value)
    route = outcome.route if status == "eligible" else None
    result.update(status=status, route=route, route_label=route_label(scheme, route, lang),
                  assumptions=evaluator.text(outcome.assumptions),
                  citations=_cached(ctx, "citations", version, lambda: _citations(ctx, version)))
    result["caveats"] = [ctx.phrase("caveat_" + c["confidence"], title=c["title"])
                         for c in result["citations"] if c["confidence"] in ("unconfirmed", "disputed")]
    if status == "eligible":
        result["reasons"] = evaluator.text(outcome.passes) or [ctx.phrase("meets_published", scheme=ctx.short_name(scheme))]
        result["next_steps"] = _next_steps(ctx, scheme, version, evaluator)
    elif status == "not_eligible":
        result["reasons"] = evaluator.text(outcome.fails)
        result["near_miss"] = _near_miss(ctx, scheme, version, outcome)
    else:
        result["missing"] = rank_facts(outcome.unknown)
        reasons = evaluator.text(outcome.notes)
        if result["missing"]:
            labels = ("、" if lang != ENGLISH else ", ").join(ctx.label(f) for f in result["missing"])
            reasons.append(ctx.phrase("depends_on", scheme=ctx.short_name(scheme), labels=labels))
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
            no_visa = {"reason": translate(entry["reason"], ctx.language),
                       "citations": [ctx.rules.citation(entry["source"])]}
            break
    notes = [translate(entry["text"], ctx.language) for entry in ctx.rules.situations.get("out_of_scope", [])
             if evaluator.evaluate(entry["when"]).value is True]
    return no_visa, notes


def _scheme_names(rules: RuleBase, language: str = ENGLISH):
    """One pattern for every scheme's short name as texts use it (longest first, so "GEP
    (investment)" is not also read as "GEP"), and the scheme id of each name. A Chinese text names
    a scheme by its Chinese name or short name (eligibility/i18n), written with no spaces around."""
    key = ("scheme_names", language)
    if key not in rules.cache:
        ids = {re.sub(r"^(the|a) ", "", s.short_name): s.id for s in rules.schemes.values()}
        if language == ENGLISH:
            names = sorted(ids, key=len, reverse=True)
            # "foreign permanent residence" (or "... in a foreign country") is another country's
            pattern = re.compile(r"(?<!foreign )\b(" + "|".join(re.escape(n) for n in names)
                                 + r")(?![\w(])(?! in a foreign| in another| abroad| overseas)")
        else:
            for s in rules.schemes.values():
                ids[scheme_short_name(s.id, s.short_name, language)] = s.id
                ids[scheme_name(s.id, s.name, language)] = s.id
            names = sorted(ids, key=len, reverse=True)
            # 外國永久居留權 and 永久性居民身分證 (the identity card) are not the scheme
            pattern = re.compile("(?<!外國)(?<!外国)(" + "|".join(re.escape(n) for n in names) + ")(?![證证])")
        rules.cache[key] = (pattern, ids)
    return rules.cache[key]


def _see_also(rules: RuleBase, result: dict, language: str = ENGLISH) -> list:
    """The other schemes a result's texts name ("they use IANG"), each with its official page."""
    pattern, ids = _scheme_names(rules, language)
    memo = rules.cache.setdefault(("names_in_text", language), {})   # texts repeat across people: read each once
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
                found.append({"id": sid, "name": scheme_name(sid, scheme.name, language),
                              "url": scheme_url(sid, scheme.url, language)})
    return found


def assess(facts: dict, as_of, today=None, language: str = ENGLISH) -> dict:
    """Assess every scheme for these facts on this date (contract §3). `today`, when given, is the
    caller's date: an `as_of` after it is answered with the rules known now, and a note says so.
    `language` (en, zh-Hant, zh-Hans) is the language of every text in the answer; ids, statuses
    and values stay as the contract gives them."""
    rules = load_rules()
    language = normalise(language)
    day = rules.check_date(as_of)
    ctx = Context(rules, validate_facts(facts), day, language)
    no_visa_needed, notes = _situations(ctx)
    if today is not None and day > parse_date(today):
        notes.insert(0, ctx.phrase("after_today", day=format_date(day, language),
                                   today=format_date(parse_date(today), language)))
    schemes = [assess_scheme(ctx, rules.schemes[sid]) for sid in SCHEME_IDS]
    for result in schemes:
        result["see_also"] = _see_also(rules, result, language)
    counts = {}
    for result in schemes:
        for fact in result["missing"]:
            counts[fact] = counts.get(fact, 0) + 1
    missing = rank_facts(counts, counts)
    return {"as_of": day.isoformat(), "rules_version": rules.version, "no_visa_needed": no_visa_needed,
            "notes": notes, "schemes": schemes, "missing": missing,
            "next_question": missing[0] if missing else None}


def explain_scheme(scheme_id: str, as_of, language: str = ENGLISH) -> dict:
    """A scheme's criteria in plain words, with citations, as in force on a date, in `language`."""
    rules = load_rules()
    language = normalise(language)
    day = rules.check_date(as_of)
    if scheme_id not in rules.schemes:
        raise KeyError(f"unknown scheme '{scheme_id}'; known: {', '.join(SCHEME_IDS)}")
    scheme = rules.schemes[scheme_id]
    version = scheme.version_for(day)
    ctx = Context(rules, {}, day, language)
    render = ctx.renderer(scheme)
    info = {"id": scheme.id, "name": scheme_name(scheme.id, scheme.name, language),
            "short_name": ctx.short_name(scheme), "url": scheme_url(scheme.id, scheme.url, language),
            "as_of": day.isoformat(), "in_operation": not version.not_in_operation,
            "effective_from": version.effective_from.isoformat(),
            "effective_to": version.effective_to.isoformat() if version.effective_to else None,
            "summary": render(version.summary or version.not_in_operation or "", {"as_of": format_date(day, language)}),
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
