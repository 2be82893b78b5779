"""Command line: python -m eligibility assess|schemes|explain|lint|forget|purge.

Bad input exits with status 2 and a message a person can act on, never a traceback.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from .engine import assess, explain_scheme
from .errors import EligibilityError
from .facts import FACTS
from .formatting import format_value, fact_unit

LANGUAGES = ("en", "zh-Hant", "zh-Hans")
# The text format's own words; the answer's texts come from the engine in the same language.
WORDS = {
    "en": {"eligible": "You meet the published criteria of", "undecided": "Not decided yet - more facts needed",
           "not_eligible": "You do not meet", "title": "Assessment as of {as_of} (rules {rules})",
           "no_visa": "No visa needed: ", "source": "source", "note": "Note: ", "why": "why: ",
           "assumed": "assumed: ", "nearly": "nearly: ", "next": "next: ", "next_question": "Most useful next question: ",
           "advice": "General information, not legal advice: the Director of Immigration decides every application."},
    "zh-Hant": {"eligible": "你符合以下計劃已公開的準則", "undecided": "未能決定 - 需要更多資料", "not_eligible": "你不符合",
                "title": "評估日期 {as_of}（規則版本 {rules}）", "no_visa": "無需簽證：", "source": "來源",
                "note": "注意：", "why": "原因：", "assumed": "假設：", "nearly": "差一點：", "next": "下一步：",
                "next_question": "最有用的下一條問題：",
                "advice": "以上是一般資料，並非法律意見；每宗申請均由入境事務處處長決定。"},
    "zh-Hans": {"eligible": "你符合以下计划已公开的准则", "undecided": "未能决定 - 需要更多信息", "not_eligible": "你不符合",
                "title": "评估日期 {as_of}（规则版本 {rules}）", "no_visa": "无需签证：", "source": "来源",
                "note": "注意：", "why": "原因：", "assumed": "假设：", "nearly": "差一点：", "next": "下一步：",
                "next_question": "最有用的下一个问题：",
                "advice": "以上是一般信息，并非法律意见；每项申请均由入境事务处处长决定。"},
}


def render_text(answer: dict, language: str = "en") -> str:
    """The answer as a person would read it."""
    words = WORDS[language]
    colon = ":" if language == "en" else "："
    lines = [words["title"].format(as_of=answer["as_of"], rules=answer["rules_version"]), ""]
    if answer.get("no_visa_needed"):
        lines += [words["no_visa"] + answer["no_visa_needed"]["reason"],
                  f"  {words['source']}{colon} " + "; ".join(c["url"] for c in answer["no_visa_needed"]["citations"]), ""]
    lines += [words["note"] + note for note in answer.get("notes", [])]
    if answer.get("notes"):
        lines.append("")
    for status in ("eligible", "undecided", "not_eligible"):
        group = [s for s in answer["schemes"] if s["status"] == status]
        if not group:
            continue
        lines.append(words[status] + colon)
        for scheme in group:
            route = f" - {scheme['route_label']}" if scheme.get("route_label") else ""
            lines.append(f"  * {scheme['name']}{route}")
            lines += [f"      {words['why']}{r}" for r in scheme["reasons"]]
            lines += [f"      {words['assumed']}{a}" for a in scheme["assumptions"]] if status != "not_eligible" else []
            if scheme["near_miss"]:
                lines.append(f"      {words['nearly']}{scheme['near_miss']['message']}")
            lines += [f"      {words['next']}{step}" for step in scheme["next_steps"]] if status == "eligible" else []
        lines.append("")
    if answer["next_question"]:
        fact = answer["next_question"]
        if language == "en":
            spec = FACTS[fact]
            lines.append(f"{words['next_question']}{spec.question} ({spec.why})")
        else:
            from .translation import i18n
            lines.append(words["next_question"] + i18n(language)["facts"][fact]["question"])
    lines.append(words["advice"])
    return "\n".join(lines)


def _read_facts() -> dict:
    raw = sys.stdin.read()
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise EligibilityError(f"standard input is not valid JSON ({exc.msg} at line {exc.lineno}, "
                               f"column {exc.colno}); give a JSON object such as {{\"age\": 32}}") from None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eligibility",
                                     description="Hong Kong admission schemes: assess facts against dated rules.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_assess = sub.add_parser("assess", help="assess facts given as a JSON object on standard input")
    p_assess.add_argument("--as-of", type=_date, default=None, help="assessment date (default: today)")
    p_assess.add_argument("--format", choices=("json", "text"), default="json")
    p_assess.add_argument("--language", choices=LANGUAGES, default="en",
                          help="language of the answer's texts (ids and values stay as they are)")
    sub.add_parser("schemes", help="list schemes and the dates each covers")
    p_explain = sub.add_parser("explain", help="a scheme's criteria in plain words, with citations")
    p_explain.add_argument("scheme")
    p_explain.add_argument("--as-of", type=_date, default=None)
    p_explain.add_argument("--language", choices=LANGUAGES, default="en")
    sub.add_parser("lint", help="validate the rule files")
    p_forget = sub.add_parser("forget", help="delete every stored assessment of a conversation id")
    p_forget.add_argument("conversation_id")
    p_purge = sub.add_parser("purge", help="delete stored assessments older than N days")
    p_purge.add_argument("--days", type=int, required=True)
    args = parser.parse_args(argv)
    today = dt.date.today()   # the CLI may read the clock; the engine never does
    try:
        if args.command == "assess":
            answer = assess(_read_facts(), args.as_of or today, today=today, language=args.language)
            print(render_text(answer, args.language) if args.format == "text" else json.dumps(answer, indent=2, ensure_ascii=False))
        elif args.command == "schemes":
            from .rulebase import load_rules
            for scheme in load_rules().schemes.values():
                periods = []
                for v in scheme.versions:
                    end = v.effective_to.isoformat() if v.effective_to else "today"
                    kind = "not in operation" if v.not_in_operation else "rules"
                    periods.append(f"{v.effective_from.isoformat()}..{end} ({kind})")
                print(f"{scheme.id:26} {scheme.name}\n{'':26} " + "; ".join(periods))
        elif args.command == "explain":
            info = explain_scheme(args.scheme, args.as_of or today, language=args.language)
            print(f"{info['name']} ({info['id']}) as of {info['as_of']}\n{info['summary']}\n")
            for c in info["criteria"]:
                cites = "; ".join(f"{x['title']} [{x['confidence']}] {x['url']}" for x in c["citations"])
                print(f"- {c['text']}\n    source: {cites}")
            for label, key in (("Stay", "stay"), ("Fees", "fees")):
                if info[key]:
                    print(f"\n{label}: {info[key]}")
            print(f"\nOfficial page: {info['url']}")
        elif args.command == "lint":
            from .rulebase import load_rules
            rules = load_rules()   # loading runs every check and raises on any problem
            print(f"ok: {len(rules.schemes)} schemes, {sum(len(s.versions) for s in rules.schemes.values())} "
                  f"versions, {len(rules.parameters)} parameters, {len(rules.sources)} sources; rules {rules.version}")
        elif args.command == "forget":
            from .store import AssessmentStore
            print(f"deleted {AssessmentStore().delete_conversation(args.conversation_id)} assessment(s)")
        elif args.command == "purge":
            from .store import AssessmentStore
            print(f"deleted {AssessmentStore().purge_older_than(args.days)} assessment(s)")
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    except (EligibilityError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        if args.command == "assess" and args.format == "json":
            # Programs reading the JSON answer get the same message in a field of their own.
            print(json.dumps({"error": str(exc), "kind": type(exc).__name__}))
        return 2
    return 0
