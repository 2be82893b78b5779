"""Keep the rule base's Chinese catalogue (eligibility/rules/zh-Hant/) in step with the English rules.

    python scripts/rule_translations.py           # list texts without a translation, and unused ones
    python scripts/rule_translations.py --add     # append each missing text to its file, to translate
    python scripts/rule_translations.py --check   # also check each translation (placeholders, script,
                                                  # English left, links)

A text is added as {en: <English>, zh-Hant: ""} to rules/zh-Hant/<the rule file it comes from>; an
empty translation counts as missing (tests/eligibility/test_rule_translations.py fails on it). Then
write the Traditional text and run scripts/convert_zh.py to make the Simplified catalogue.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eligibility.rulebase import load_rules  # noqa: E402
from eligibility.translation import RULES_DIR, TRADITIONAL, texts_to_translate, translation_problems  # noqa: E402

HEADER = ("# {source} in Traditional Chinese (Hong Kong): each entry is an English text of the rules, exactly\n"
          "# as written there, and its translation. Keep every {{placeholder}} as it is. Simplified Chinese is\n"
          "# made from this file by scripts/convert_zh.py (eligibility/translation.py explains the catalogue).\n")

SOURCES = {"engine.yaml": "The engine's own sentences (engine.PHRASES, logic.DEFAULT_FAILS)",
           "facts.yaml": "The assumptions of eligibility/facts.yaml",
           "lists/working_holiday.yaml": "The conditions in rules/lists/working_holiday.csv"}


def entries_of(path: Path) -> list:
    if not path.exists():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def dump_entry(entry: dict) -> str:
    return yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10_000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--add", action="store_true", help="append missing texts to their files")
    parser.add_argument("--check", action="store_true", help="check every translation written")
    args = parser.parse_args()
    needed = texts_to_translate(load_rules())
    folder = RULES_DIR / TRADITIONAL
    present = {}
    for path in folder.rglob("*.yaml"):
        for entry in entries_of(path):
            present[entry["en"]] = (path, entry.get(TRADITIONAL))
    missing = [text for text in needed if not (present.get(text) or (None, None))[1]]
    unused = [text for text in present if text not in needed]
    for text in unused:
        print(f"unused: {present[text][0].relative_to(ROOT)}: {text[:90]}")
    if args.add:
        for text in missing:
            if text in present:
                continue   # present with an empty translation already
            path = folder / needed[text]
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_text(HEADER.format(source=SOURCES.get(needed[text], f"rules/{needed[text]}")), encoding="utf-8")
            with path.open("a", encoding="utf-8") as handle:
                handle.write(dump_entry({"en": text, TRADITIONAL: ""}))
    bad = 0
    if args.check:
        for text, (path, chinese) in present.items():
            if chinese:
                for problem in translation_problems(text, chinese):
                    bad += 1
                    print(f"{path.relative_to(ROOT)}: {problem}: {chinese[:70]}")
    print(f"{len(needed)} texts; {len(missing)} without a translation; {len(unused)} unused; {bad} problems")
    return 1 if missing or unused or bad else 0


if __name__ == "__main__":
    sys.exit(main())
