#!/usr/bin/env python
"""Simulated-user evaluation: people with known profiles talk to the real Rasa and action servers.

Each person (benchmarks/people/*.yml, or --people PATH) sends an opening message, then answers
whatever fact the assistant asks for - read from the tracker's `requested_slot` - from their true
profile, in varied natural phrasing (digits, words, "about N", "N-ish", money in their own currency,
yes/no variants, degrees in words), in English, Hong Kong Traditional Chinese or Mainland Simplified
Chinese. They say "I don't know" to the facts they cannot answer, follow their quirks (a vague or
wrong first answer then a correction, a correction after the answer, "bye" midway, follow-up
questions), and click a "check the others" kind of button while a scheme of their goal is still
undecided. Hard caps: 40 messages and a time limit per person.

Definitions used in the figures:
- A *question* is a bot turn (the bot's reply to one user message) after which `requested_slot`
  names a fact of contract §2. A turn that leaves `requested_slot` empty, or sets it to something
  that is not a fact (a confirmation, say), is not a question.
- The *first answer* is the first bot turn after which `requested_slot` is empty (the bot stopped
  asking) and an assessment exists (`eligible_schemes`, `ineligible_schemes` or
  `undecided_schemes` is set), other than the reply to the person's "bye". *Questions before the
  first answer* counts the questions before it; a person who never got one counts all their
  questions (so caps and restarts show) and is listed under "no answer reached".
- When the bot neither asks nor has assessed anything (a greeting, "I didn't understand"), the
  person nudges it, at most twice per conversation: "check what I qualify for", then a few facts.
- A question asked more than 4 times is skipped with the bot's "skip" / "I don't know" button when
  it offers one (a person gives up too); without such a button the person keeps answering.
- A person *reaches the right schemes* when they got a first answer and the final
  `eligible_schemes`, restricted to the person's goal schemes (all schemes when they state no
  goal), equals `expected_eligible`.
  People who leave with "bye" midway are not in this share; "bye honoured" is counted instead
  (after the bye, `requested_slot` is empty).
- A *wrong eligible claim* is a scheme in the final `eligible_schemes` that the person does not
  meet (not in `expected_eligible` + `also_eligible`); "at any point" counts the distinct such
  schemes seen in the slot after any turn.
- *Times one question was asked*: for each fact, the number of questions asking for it in one
  conversation; the figure is the maximum over facts and people (target: at most 3).

Prints the figures overall and per language; exit code 0 whatever the figures (a benchmark, not a
test), 1 on harness errors (people file invalid, stack not starting).

    PYTHONPATH=. .venv/bin/python benchmarks/conversation_eval.py [--transcripts DIR]
        [--people PATH] [--only ID[,ID]] [--jobs N] [--engine-check]

--engine-check does not start the servers: it runs eligibility.assess on each full profile and
prints where the engine disagrees with a person's expected_eligible.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import statistics
import sys
import threading
import time
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eligibility import FACTS, SCHEME_IDS, assess, validate_facts  # noqa: E402
from eligibility.errors import FactError  # noqa: E402

PEOPLE_DIR = ROOT / "benchmarks" / "people"
LANGUAGES = ("en", "zh-Hant", "zh-Hans")
MAX_TURNS = 40
PERSON_TIME_LIMIT = 300.0
FACT_NAMES = set(FACTS)


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------
@dataclass
class Person:
    id: str
    language: str
    persona: str
    profile: dict
    opening: str
    expected_eligible: List[str]
    also_eligible: List[str] = field(default_factory=list)
    goal: Optional[str] = None
    goal_schemes: List[str] = field(default_factory=list)
    dont_know: List[str] = field(default_factory=list)
    quirks: dict = field(default_factory=dict)
    phrases: Dict[str, List[str]] = field(default_factory=dict)
    words: dict = field(default_factory=dict)
    expect_no_visa_needed: bool = False
    source: str = ""

    @property
    def targets(self) -> List[str]:
        return list(self.goal_schemes) or list(SCHEME_IDS)

    @property
    def truly_eligible(self) -> set:
        return set(self.expected_eligible) | set(self.also_eligible)

    @property
    def leaves_midway(self) -> bool:
        return "bye_after_answers" in self.quirks


PERSON_KEYS = {"id", "language", "persona", "profile", "opening", "expected_eligible", "also_eligible",
               "goal", "goal_schemes", "dont_know", "quirks", "phrases", "words", "expect_no_visa_needed"}
QUIRK_KEYS = {"vague_first", "wrong_first", "corrects_after_answer", "bye_after_answers", "follow_ups"}


def load_people(path: Path = PEOPLE_DIR) -> List[Person]:
    """Every person in a directory of YAML files (one person, or a list of people, per file)."""
    path = Path(path)
    files = sorted(path.glob("*.yml")) + sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    people = []
    for f in files:
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for entry in data if isinstance(data, list) else [data]:
            unknown = set(entry) - PERSON_KEYS
            if unknown:
                raise ValueError(f"{f.name}: unknown keys {sorted(unknown)}")
            people.append(Person(**{k: v for k, v in entry.items() if v is not None or k == "goal"},
                                 source=f.name))
    ids = [p.id for p in people]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ValueError(f"duplicate person ids: {sorted(dupes)}")
    return people


def engine_facts(profile: dict) -> dict:
    """The profile as the engine takes it: unknown/not-applicable (None) dropped."""
    facts = {name: value for name, value in profile.items() if value is not None}
    validate_facts(facts)
    return facts


def problems(person: Person) -> List[str]:
    """What is malformed in a person (empty list when well-formed)."""
    out = []
    if person.language not in LANGUAGES:
        out.append(f"language {person.language!r} not one of {LANGUAGES}")
    missing = FACT_NAMES - set(person.profile)
    if missing:
        out.append(f"profile lacks facts (write null for not applicable): {sorted(missing)}")
    try:
        engine_facts(person.profile)
    except FactError as error:
        out.append(f"invalid fact: {error}")
    for key in ("expected_eligible", "also_eligible", "goal_schemes"):
        bad = [s for s in getattr(person, key) if s not in SCHEME_IDS]
        if bad:
            out.append(f"{key}: unknown scheme ids {bad}")
    if person.goal_schemes and not set(person.expected_eligible) <= set(person.goal_schemes):
        out.append("expected_eligible has schemes outside goal_schemes")
    if set(person.expected_eligible) & set(person.also_eligible):
        out.append("a scheme is in both expected_eligible and also_eligible")
    for fact in list(person.dont_know) + list(person.phrases) + list(person.quirks.get("vague_first", [])):
        if fact not in FACT_NAMES:
            out.append(f"unknown fact {fact!r} in dont_know/phrases/vague_first")
    for fact, value in {**person.quirks.get("wrong_first", {}),
                        **person.quirks.get("corrects_after_answer", {})}.items():
        try:
            validate_facts({fact: value})
        except FactError as error:
            out.append(f"quirk value: {error}")
    if set(person.quirks) - QUIRK_KEYS:
        out.append(f"unknown quirks {sorted(set(person.quirks) - QUIRK_KEYS)}")
    if not str(person.opening).strip():
        out.append("empty opening")
    return out


def engine_eligible(person: Person, as_of: str) -> set:
    result = assess(engine_facts(person.profile), as_of)
    return {s["id"] for s in result["schemes"] if s["status"] == "eligible"}


# ---------------------------------------------------------------------------------------------
# Phrasing: how a person says a value
# ---------------------------------------------------------------------------------------------
ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
       "sixteen seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: float) -> str:
    if n != int(n):
        whole = int(n)
        if n - whole == 0.5:
            return "half a" if whole == 0 else f"{number_words(whole)} and a half"
        return f"{n:g}"
    n = int(n)
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else "-" + ONES[n % 10])
    return str(n)


def zh_number(n: float, script: str) -> str:
    import cn2an
    text = cn2an.an2cn(int(n) if n == int(n) else n)
    return text.replace("万", "萬").replace("两", "兩") if script == "zh-Hant" else text


# HK$ per unit, rough; amounts near a threshold are said in HK$ so a rate never decides a result.
RATES = {"HKD": 1.0, "USD": 7.8, "GBP": 9.9, "EUR": 8.4, "CNY": 1.08, "AUD": 5.1, "CAD": 5.7,
         "SGD": 5.8, "JPY": 0.052, "TWD": 0.24, "INR": 0.093, "MYR": 1.65, "PHP": 0.135, "MOP": 0.97,
         "NZD": 4.6, "KRW": 0.0056}
THRESHOLDS = (1_000_000, 2_000_000, 2_500_000, 5_000_000, 30_000_000)
EN_CURRENCY = {"HKD": ["HK${a}", "{a} HKD", "{a} Hong Kong dollars"], "USD": ["US${a}", "${a}", "{a} US dollars"],
               "GBP": ["£{a}", "{a} pounds"], "EUR": ["€{a}", "{a} euros"], "CNY": ["{a} RMB", "RMB {a}", "{a} yuan"],
               "AUD": ["A${a}", "{a} Australian dollars"], "CAD": ["C${a}", "{a} Canadian dollars"],
               "SGD": ["S${a}", "{a} SGD"], "JPY": ["¥{a}", "{a} yen"], "TWD": ["NT${a}", "{a} TWD"],
               "INR": ["₹{a}", "{a} rupees"], "MYR": ["RM{a}", "{a} ringgit"], "PHP": ["₱{a}", "{a} pesos"],
               "MOP": ["MOP {a}", "{a} patacas"], "NZD": ["NZ${a}", "{a} NZ dollars"], "KRW": ["₩{a}", "{a} won"]}
ZH_CURRENCY = {"zh-Hant": {"HKD": "港元", "CNY": "人民幣", "MOP": "澳門幣", "TWD": "台幣", "USD": "美元", "GBP": "英鎊",
                           "MYR": "馬幣", "CAD": "加元", "AUD": "澳元"},
               "zh-Hans": {"HKD": "港币", "CNY": "人民币", "MOP": "澳门币", "TWD": "台币", "USD": "美元", "GBP": "英镑",
                           "MYR": "马币", "CAD": "加元", "AUD": "澳元"}}


def _round_sig(x: float, digits: int = 2) -> float:
    if x == 0:
        return 0
    from math import floor, log10
    return round(x, -int(floor(log10(abs(x)))) + digits - 1)


def _en_amount(a: float, rng: random.Random) -> str:
    if a >= 1_000_000 and rng.random() < 0.6:
        return f"{a / 1_000_000:g}M" if rng.random() < 0.5 else f"{a / 1_000_000:g} million"
    if a >= 10_000 and rng.random() < 0.5:
        return f"{a / 1000:g}k"
    return f"{int(a):,}" if rng.random() < 0.7 else str(int(a))


def _zh_amount(a: float, script: str, rng: random.Random) -> str:
    wan = "萬" if script == "zh-Hant" else "万"
    if a >= 10_000 and rng.random() < 0.75:
        return f"{a / 10_000:g}{wan}"
    if a >= 1_000_000 and script == "zh-Hant":
        return f"{a / 1_000_000:g}M"
    return str(int(a))


YES_NO = {
    "en": {True: ["yes", "Yes.", "yep", "yeah", "correct", "yes, I do", "that's right", "sure, yes"],
           False: ["no", "No.", "nope", "no, I don't", "not really", "no, none"]},
    "zh-Hant": {True: ["係", "係呀", "有", "有呀", "對", "是"], False: ["冇", "冇呀", "唔係", "沒有", "不是"]},
    "zh-Hans": {True: ["是", "是的", "有", "对", "有的"], False: ["没有", "不是", "无", "没", "不"]},
}
# Facts asked as "do you have ...": Chinese answers 有/冇 rather than 係/唔係.
HAVE_FACTS = {"hk_job_offer", "criminal_record", "foreign_permanent_residence", "exceptional_achievement",
              "business_plan", "owns_listed_company", "sufficient_funds"}
FACT_YES_NO = {
    "en": {("hk_job_offer", False): ["not yet", "no, not yet", "no offer yet", "I'm still looking"],
           ("criminal_record", False): ["no", "no, never", "clean record", "never been convicted"],
           ("criminal_record", True): ["yes, unfortunately", "yes, a minor conviction some years ago"],
           ("hk_permanent_resident", True): ["yes, I have a permanent ID card", "yes, I'm a permanent resident"],
           ("hk_permanent_resident", False): ["no", "no, I'm not", "no permanent ID"],
           ("sufficient_funds", True): ["yes, I have savings", "yes, no problem", "yes"]},
    "zh-Hant": {("hk_job_offer", False): ["未有", "還沒有", "仲未有", "未有呀"],
                ("hk_job_offer", True): ["有", "有，已經收到offer", "有呀"],
                ("criminal_record", False): ["冇", "冇案底", "從來冇"],
                ("criminal_record", True): ["有", "有，以前有案底"],
                ("hk_permanent_resident", True): ["係，我有永久身份證", "係呀"]},
    "zh-Hans": {("hk_job_offer", False): ["还没有", "没有", "暂时没有"],
                ("hk_job_offer", True): ["有", "有，已经拿到offer了"],
                ("criminal_record", False): ["没有", "无犯罪记录"],
                ("criminal_record", True): ["有", "有过犯罪记录"]},
}
DONT_KNOW = {"en": ["I don't know", "not sure", "no idea, sorry", "I'm not sure, to be honest", "dunno"],
             "zh-Hant": ["唔知", "我唔清楚", "唔太肯定", "不知道"],
             "zh-Hans": ["不知道", "不清楚", "我不太确定"]}
VAGUE = {"en": ["hmm, it depends", "why do you need that?", "kind of, I guess", "what do you mean?", "somewhere in between"],
         "zh-Hant": ["點解要問呢個？", "都幾難講", "差唔多啦", "乜嘢意思？"],
         "zh-Hans": ["为什么要问这个？", "看情况吧", "不好说", "什么意思？"]}
AS_I_SAID = {"en": ["As I said, ", "I already said: ", "Like I told you, ", "as I said at the start, "],
             "zh-Hant": ["頭先講咗，", "我講過啦，", ""], "zh-Hans": ["刚才说过了，", "我说过了，", ""]}
CORRECTION = {"en": ["Sorry, I got that wrong. Actually: {a}", "wait, correction - {a}", "actually {a}, sorry"],
              "zh-Hant": ["唔好意思，打錯咗，應該係：{a}", "更正：{a}"],
              "zh-Hans": ["不好意思，说错了，应该是：{a}", "更正一下：{a}"]}
BYE = {"en": ["this isn't helping, bye", "ok thanks, bye", "I have to go, bye"],
       "zh-Hant": ["算啦，拜拜", "唔該，拜拜"], "zh-Hans": ["算了，再见", "好的，拜拜"]}
# Said when the bot neither asks anything nor has assessed anything yet.
NUDGE = {"en": ["yes please, check what I qualify for", "so which visa can I get?"],
         "zh-Hant": ["好呀，幫我睇下我可以申請咩", "咁我可以申請咩簽證？"],
         "zh-Hans": ["好的，帮我看看我能申请什么", "那我可以申请什么签证？"]}
MAX_NUDGES = 2
# After a question has been asked this many times, the person clicks "skip" or "I don't know" if offered.
GIVE_UP_AFTER = 4
SKIP_BUTTON = re.compile(r"skip|don't know|not sure|跳過|跳过|唔知|不知道", re.I)
CHECK_OTHERS_TEXT = {"en": "yes, check the others please", "zh-Hant": "好，睇埋其他", "zh-Hans": "好的，看看其他的"}
# A button that continues to the other schemes (never "start over", "delete" or "why not").
CONTINUE_BUTTON = re.compile(r"check|other|continue|keep going|remaining|more question|go on|繼續|继续|其他|其餘|其余|其它",
                             re.I)
NEVER_CLICK = re.compile(r"start over|restart|delete|forget|why not|重新|刪除|删除|為何|为何|點解", re.I)
YES_BUTTON = re.compile(r"^\W*(yes|ok|sure|continue|confirm|係|是|好|確認|确认)", re.I)
NO_VISA = re.compile(r"(don't|do not|no) need (a |any )?visa|no visa (is )?needed|without a visa|need no visa|"
                     r"right of abode|(不|無|无|毋)(需|須|须|用)(要)?(任何)?(申請)?(簽證|签证)|唔(使|需要)(申請)?簽證", re.I)

DEGREE = {
    "en": {"none": ["no degree", "I finished secondary school", "high school only", "no, I never went to university"],
           "sub_degree": ["a higher diploma", "an associate degree", "HD in {subject}", "a two-year diploma"],
           "bachelor": ["a bachelor's", "bachelor's degree in {subject}", "BSc", "undergrad degree", "a BA from {university}"],
           "master": ["master's", "a master's in {subject}", "MSc", "I have a masters degree", "MBA"],
           "doctorate": ["PhD", "a doctorate", "PhD in {subject}", "I have a doctorate"]},
    "zh-Hant": {"none": ["冇讀大學", "中學畢業", "冇學位"], "sub_degree": ["高級文憑", "副學士"],
                "bachelor": ["學士", "大學畢業", "本科"], "master": ["碩士", "讀咗碩士"], "doctorate": ["博士", "博士學位"]},
    "zh-Hans": {"none": ["没有学历", "高中毕业", "没读大学"], "sub_degree": ["大专", "高级文凭"],
                "bachelor": ["本科", "学士", "本科毕业"], "master": ["硕士", "研究生毕业"], "doctorate": ["博士", "博士学位"]},
}
LANG_NAMES = {"en": {"english": "English", "cantonese": "Cantonese", "putonghua": "Mandarin", "other": None},
              "zh-Hant": {"english": "英文", "cantonese": "廣東話", "putonghua": "普通話", "other": None},
              "zh-Hans": {"english": "英语", "cantonese": "粤语", "putonghua": "普通话", "other": None}}
RESIDENCE = {
    "en": {"mainland": ["mainland China", "the Mainland", "I live in {home}"], "hong_kong": ["Hong Kong", "I'm in HK already"],
           "macao": ["Macau", "I live in Macao"], "taiwan": ["Taiwan", "Taipei, Taiwan"],
           "overseas": ["I live in {home}", "{home}", "overseas, in {home}"]},
    "zh-Hant": {"mainland": ["內地", "喺{home}住"], "hong_kong": ["香港", "喺香港住"], "macao": ["澳門", "我係澳門居民"],
                "taiwan": ["台灣"], "overseas": ["海外，喺{home}", "{home}"]},
    "zh-Hans": {"mainland": ["内地", "在{home}", "大陆"], "hong_kong": ["香港"], "macao": ["澳门"], "taiwan": ["台湾"],
                "overseas": ["海外，在{home}", "{home}"]},
}
VISA = {
    "en": {"none": ["none", "no visa", "I don't have one"], "visitor": ["just a visitor", "tourist"],
           "student": ["a student visa"], "dependant_visa": ["a dependant visa"], "domestic_helper": ["I'm a domestic helper", "FDH visa"],
           "gep_professionals": ["employment visa (GEP)", "GEP work visa"], "asmtp": ["ASMTP"], "qmas": ["QMAS"],
           "ttps": ["Top Talent Pass", "TTPS"], "iang": ["IANG", "the IANG visa"], "techtas": ["TechTAS"], "assg": ["ASSG"],
           "gep_investment": ["investment visa"], "new_cies": ["New CIES"], "working_holiday": ["working holiday visa"]},
    "zh-Hant": {"none": ["冇", "冇簽證"], "visitor": ["旅客"], "student": ["學生簽證"], "dependant_visa": ["受養人簽證"],
                "domestic_helper": ["外傭"], "gep_professionals": ["一般就業政策", "工作簽證"], "asmtp": ["專才"],
                "qmas": ["優才"], "ttps": ["高才通"], "iang": ["IANG", "非本地畢業生留港"], "techtas": ["科技人才入境計劃"],
                "assg": ["二代計劃"]},
    "zh-Hans": {"none": ["没有", "没有签证"], "visitor": ["旅游签注"], "student": ["学生签证"], "dependant_visa": ["受养人签证"],
                "domestic_helper": ["外佣"], "gep_professionals": ["一般就业政策"], "asmtp": ["专才"], "qmas": ["优才"],
                "ttps": ["高才通"], "iang": ["IANG", "留港签证"], "techtas": ["科技人才入境计划"], "assg": ["二代计划"]},
}
FAMILY = {
    "en": {"none": ["no", "no family there", "nobody in Hong Kong"], "spouse": ["my {spouse}", "yes, my {spouse} lives there"],
           "parent": ["my mum", "yes, my father"], "child": ["my daughter", "my son lives there"]},
    "zh-Hant": {"none": ["冇", "冇屋企人喺香港"], "spouse": ["我{spouse}", "有，我{spouse}"], "parent": ["我阿媽"],
                "child": ["我個仔", "我個女"]},
    "zh-Hans": {"none": ["没有", "香港没有家人"], "spouse": ["我{spouse}", "有，我{spouse}"], "parent": ["我妈妈"],
                "child": ["我儿子", "我女儿"]},
}
NOT_APPLICABLE = {
    "en": {"months_since_hk_graduation": "I didn't study in Hong Kong", "hk_bachelor_graduate": "I didn't study in Hong Kong",
           "ugc_funded_programme": "I didn't study in Hong Kong", "job_offer_salary_hkd": "I don't have an offer",
           "job_on_talent_list": "I don't have a job offer", "tp_list_trade": "I don't have a job offer",
           "techtas_rd_role": "I don't have a job offer", "years_since_bachelor": "I don't have a bachelor's degree",
           "bachelor_listed_university": "I don't have a bachelor's", "postgraduate_listed_university": "I don't have a master's or PhD",
           "stem_degree": "I don't have a degree", "years_on_current_visa": "I don't have a Hong Kong visa",
           "parent_settled_overseas_at_birth": "my parents aren't Hong Kong permanent residents"},
    "zh-Hant": {"_": "唔適用", "months_since_hk_graduation": "我冇喺香港讀書", "job_offer_salary_hkd": "我未有offer"},
    "zh-Hans": {"_": "不适用", "months_since_hk_graduation": "我没在香港读书", "job_offer_salary_hkd": "我还没有offer"},
}
DEMONYM = {"GB": "British", "US": "American", "CA": "Canadian", "AU": "Australian", "IN": "Indian", "CN": "Chinese",
           "FR": "French", "DE": "German", "JP": "Japanese", "KR": "Korean", "PH": "Filipino", "SG": "Singaporean",
           "MY": "Malaysian", "NZ": "New Zealander", "IE": "Irish", "VN": "Vietnamese", "NG": "Nigerian",
           "BR": "Brazilian", "ZA": "South African", "IT": "Italian", "NL": "Dutch", "ID": "Indonesian",
           "AF": "Afghan", "SE": "Swedish", "PK": "Pakistani", "RU": "Russian", "ES": "Spanish"}


class Speaker:
    """Turns one person's facts into what they would type."""

    def __init__(self, person: Person):
        self.person = person
        self.lang = person.language
        self.rng = random.Random(zlib.crc32(person.id.encode()))
        self.words = {"home": "abroad", "spouse": "husband", "currency": "HKD", "other_language": "French",
                      **person.words}

    def pick(self, options: List[str]) -> str:
        """One of the options; those naming a word the person has not got (a subject, a university) are left out,
        so that no phrasing says more than the profile (an invented subject could read as a STEM degree)."""
        usable = [o for o in options if all(k in self.words for k in re.findall(r"{(\w+)}", o))]
        return self.rng.choice(usable or options).format(**self.words)

    def say(self, fact: str, value) -> str:
        """What the person types to give this fact's value."""
        lang, rng = self.lang, self.rng
        if fact in self.person.phrases and value == self.person.profile.get(fact):
            return self.pick(self.person.phrases[fact])
        if value is None:
            table = NOT_APPLICABLE[lang]
            return table.get(fact) or table.get("_", "that doesn't apply to me")
        kind = FACTS[fact].type
        if kind == "bool":
            specific = FACT_YES_NO[lang].get((fact, value))
            if specific and rng.random() < 0.7:
                return rng.choice(specific)
            if lang != "en" and fact in HAVE_FACTS:
                return "有" if value else ("冇" if lang == "zh-Hant" else "没有")
            return rng.choice(YES_NO[lang][value])
        if fact.endswith("_hkd"):
            return self.money(fact, value)
        if fact == "age":
            return self.number(value, unit="age")
        if kind in ("int", "number"):
            return self.number(value, unit="months" if fact.startswith("months") else "years")
        if fact == "highest_degree":
            stem = self.person.profile.get("stem_degree")
            misleading = r"BA |MBA" if stem else r"BSc|MSc"  # a BSc reads as STEM, an MBA as not
            return self.pick([o for o in DEGREE[lang][value] if not re.search(misleading, o)])
        if fact == "languages":
            return self.languages(value)
        if fact == "nationality":
            return self.nationality(value)
        if fact == "residence":
            return self.pick(RESIDENCE[lang][value])
        if fact == "current_visa":
            options = VISA[lang].get(value) or [value]
            return self.pick(options)
        if fact == "family_sponsor":
            return self.pick(FAMILY[lang][value])
        return str(value)

    def introduction(self, p: dict) -> str:
        """A few facts about themselves (as they believe them), said when the bot asks nothing and has assessed nothing."""
        parts = [self.say("age", p["age"]), self.say("nationality", p["nationality"]),
                 self.say("highest_degree", p["highest_degree"])]
        return {"en": "; ".join(parts), "zh-Hant": "，".join(parts), "zh-Hans": "，".join(parts)}[self.lang]

    def number(self, n: float, unit: str) -> str:
        lang, rng = self.lang, self.rng
        if lang == "en":
            if unit == "age":
                forms = [str(n), f"I'm {n}", number_words(n), f"{n} years old"]
            else:
                u = "months" if unit == "months" else "years"
                if n == 0:
                    return rng.choice(["none", "zero", "0", "none at all"])
                forms = [f"{n:g}", f"{number_words(n)} {u}", f"about {n:g}", f"{n:g}-ish", f"{n:g} {u}"]
                if u == "years" and n == 1.5:
                    forms.append("18 months")
            return rng.choice(forms)
        unit_zh = {"age": "歲" if lang == "zh-Hant" else "岁", "years": "年", "months": "個月" if lang == "zh-Hant" else "个月"}[unit]
        if n == 0 and unit != "age":
            return rng.choice(["冇", "零"] if lang == "zh-Hant" else ["没有", "0年"])
        forms = [f"{n:g}{unit_zh}", f"{zh_number(n, lang)}{unit_zh}", f"{n:g}"]
        if unit != "age":
            forms.append(f"大概{n:g}{unit_zh}")
        return rng.choice(forms)

    def money(self, fact: str, hkd: int) -> str:
        lang, rng = self.lang, self.rng
        if hkd == 0:
            return {"en": rng.choice(["nothing", "zero", "none", "0"]), "zh-Hant": "冇", "zh-Hans": "没有"}[lang]
        currency = self.words["currency"]
        near = any(abs(hkd - t) / t < 0.12 for t in THRESHOLDS)
        if near or currency not in RATES:
            currency = "HKD"
        amount = _round_sig(hkd / RATES[currency], 3) if currency != "HKD" else hkd
        yearly = fact in ("annual_income_hkd", "job_offer_salary_hkd", "business_profit_hkd")
        monthly = yearly and rng.random() < 0.25 and currency in ("HKD", "CNY", "MOP") and not near
        if monthly:
            amount = _round_sig(amount / 12, 3)
        if lang == "en":
            text = rng.choice(EN_CURRENCY[currency]).format(a=_en_amount(amount, rng))
            if yearly:
                text += " a month" if monthly else rng.choice([" a year", " per year", " annually", ""])
            return ("about " if rng.random() < 0.3 and not near else "") + text
        name = ZH_CURRENCY[lang].get(currency, currency)
        text = _zh_amount(amount, lang, rng) + name
        if yearly:
            prefix = ("月入" if monthly else "年薪") if fact != "business_profit_hkd" else ""
            return prefix + text
        return ("大概" if rng.random() < 0.3 and not near else "") + text

    def languages(self, value: List[str]) -> str:
        names = [LANG_NAMES[self.lang][v] or self.words["other_language"] for v in value]
        if not names:
            return {"en": "none really", "zh-Hant": "冇", "zh-Hans": "没有"}[self.lang]
        if self.lang == "en":
            if len(names) == 1:
                return self.rng.choice([names[0], f"just {names[0]}", f"only {names[0]}"])
            return ", ".join(names[:-1]) + self.rng.choice([" and ", " & ", ", "]) + names[-1]
        joiner = "同" if self.lang == "zh-Hant" else "和"
        return "、".join(names[:-1]) + (joiner if len(names) > 1 else "") + names[-1]

    def nationality(self, code: str) -> str:
        from babel import Locale
        if self.lang == "en":
            name = Locale("en").territories.get(code, code)
            options = [f"I'm {DEMONYM[code]}", DEMONYM[code]] if code in DEMONYM else []
            return self.rng.choice(options + [name, f"{name} passport"])
        name = Locale.parse("zh_Hant_HK" if self.lang == "zh-Hant" else "zh_Hans_CN").territories.get(code, code)
        return self.rng.choice([name, f"{name}籍", f"{name}護照" if self.lang == "zh-Hant" else f"{name}护照"])


# ---------------------------------------------------------------------------------------------
# One conversation
# ---------------------------------------------------------------------------------------------
@dataclass
class Outcome:
    person: Person
    transcript: List[str] = field(default_factory=list)
    questions: List[str] = field(default_factory=list)  # the fact asked, one per question
    questions_before_answer: Optional[int] = None
    final_eligible: List[str] = field(default_factory=list)
    wrong_any_time: set = field(default_factory=set)
    turns: int = 0
    capped: Optional[str] = None
    bye_honoured: Optional[bool] = None
    no_visa_said: Optional[bool] = None
    follow_ups: List[bool] = field(default_factory=list)
    error: Optional[str] = None
    replies_seen: int = 0                                # texts and button titles the bot sent
    off_script: List[str] = field(default_factory=list)  # of those, not in the person's own language

    @property
    def reached_answer(self) -> bool:
        return self.questions_before_answer is not None

    @property
    def got(self) -> set:
        return set(self.final_eligible) & set(self.person.targets)

    @property
    def right(self) -> bool:
        return self.error is None and self.reached_answer and self.got == set(self.person.expected_eligible)

    @property
    def wrong_final(self) -> set:
        return set(self.final_eligible) - self.person.truly_eligible

    @property
    def max_asked(self) -> int:
        return max((self.questions.count(f) for f in set(self.questions)), default=0)


def _buttons(messages: List[dict]) -> List[dict]:
    return [b for m in messages for b in (m.get("buttons") or [])]


def _texts(messages: List[dict]) -> List[str]:
    return [m["text"] for m in messages if m.get("text")]


def _card_texts(messages: List[dict]) -> List[str]:
    """The words of a result card sent as a custom payload (channels that draw cards)."""
    found = []
    for m in messages:
        card = m.get("custom") or {}
        card = card.get("data", card) if isinstance(card, dict) else {}
        if card.get("type") != "result_card":
            continue
        found += [card.get("heading") or ""] + list(card.get("intro") or []) + list(card.get("notes") or [])
        for result in card.get("results") or []:
            found += [result.get(k) or "" for k in ("name", "label", "reason", "stay", "fees")]
    return [t for t in found if t]


def in_own_language(text: str, language: str) -> bool:
    """A Chinese person's reply reads in their own script: no English words (URLs, acronyms such as
    TTPS and HK$ amounts aside) and no character of the other script. English replies always pass."""
    if language == "en":
        return True
    from eligibility.translation import english_left
    from fact_extraction.language import script_counts
    return not english_left(text) and not script_counts(text)[1 if language == "zh-Hant" else 0]


def converse(stack, person: Person, max_turns: int = MAX_TURNS, time_limit: float = PERSON_TIME_LIMIT) -> Outcome:
    out = Outcome(person)
    speaker = Speaker(person)
    quirks = person.quirks
    believed = {**person.profile, **quirks.get("corrects_after_answer", {})}  # what they say until they correct it
    vague_left = set(quirks.get("vague_first", []))
    wrong_left = dict(quirks.get("wrong_first", {}))
    pending: List[tuple] = []            # messages to send before answering the next question
    after_answer: List[tuple] = []       # corrections, sent as soon as the first answer arrives
    for fact in quirks.get("corrects_after_answer", {}):
        after_answer.append((speaker.rng.choice(CORRECTION[person.language]).format(
            a=speaker.say(fact, person.profile[fact])), "correction", fact))
    # Follow-up questions, asked once the goal is answered (or the bot offers nothing more).
    follow_ups = [(item["text"], "follow_up", item.get("expect")) for item in quirks.get("follow_ups", [])]
    answers_given = nudges = 0
    sender = f"eval-{person.id}-{uuid.uuid4().hex[:8]}"
    started = time.monotonic()
    message, kind, meta = person.opening, "opening", None
    transcript = out.transcript
    transcript.append(f"# {person.id} ({person.language}): {person.persona}")
    transcript.append(f"# goal: {person.goal!r} -> {person.goal_schemes or 'every scheme'}; "
                      f"expected: {sorted(person.expected_eligible)}; also eligible: {sorted(person.also_eligible)}")
    while True:
        if out.turns >= max_turns:
            out.capped = f"{max_turns} messages"
            break
        if time.monotonic() - started > time_limit:
            out.capped = f"{time_limit:.0f} s"
            break
        transcript.append(f"USER: {message}")
        try:
            bot = stack.send(sender, message, timeout=120)
            slots = stack.slots(sender)
        except Exception as error:  # a failing server is a result, not a harness error
            out.error = f"{type(error).__name__}: {error}"
            transcript.append(f"!! {out.error}")
            break
        out.turns += 1
        texts, buttons = _texts(bot), _buttons(bot)
        for said in texts + [str(b.get("title") or "") for b in buttons] + _card_texts(bot):
            out.replies_seen += 1
            if not in_own_language(said, person.language):
                out.off_script.append(said)
                transcript.append(f"!! not in {person.language}: {said[:200]}")
        for m in bot:
            for key in ("custom", "attachment", "image"):
                if m.get(key):
                    transcript.append(f"BOT [{key}]: {str(m[key])[:600]}")
        for t in texts:
            transcript.append("BOT: " + t.replace("\n", "\n     "))
        if buttons:
            transcript.append("     [buttons: " + " | ".join(f"{b.get('title')} -> {b.get('payload')}" for b in buttons) + "]")
        requested = slots.get("requested_slot")
        eligible = slots.get("eligible_schemes") or []
        out.final_eligible = list(eligible)
        out.wrong_any_time |= set(eligible) - person.truly_eligible
        transcript.append(f"     {{requested_slot: {requested}, eligible: {eligible}, undecided: "
                          f"{slots.get('undecided_schemes')}, goal_schemes: {slots.get('goal_schemes')}, "
                          f"language: {slots.get('language')}}}")
        if person.expect_no_visa_needed and out.no_visa_said is None and texts:
            out.no_visa_said = bool(NO_VISA.search(" ".join(texts)))
        if kind == "bye":
            out.bye_honoured = requested is None
            break
        if kind == "follow_up" and meta:
            out.follow_ups.append(bool(re.search(meta, " ".join(texts), re.I)))
        is_question = requested in FACT_NAMES
        assessed = any(slots.get(k) is not None for k in ("eligible_schemes", "ineligible_schemes", "undecided_schemes"))
        if is_question:
            out.questions.append(requested)
        elif out.questions_before_answer is None and requested is None and assessed:
            out.questions_before_answer = len(out.questions)
            pending.extend(after_answer)
            after_answer = []
            for fact in quirks.get("corrects_after_answer", {}):
                believed[fact] = person.profile[fact]

        # What the person says next.
        if pending:
            message, kind, meta = pending.pop(0)
            continue
        if not requested and not assessed and nudges < MAX_NUDGES:
            # Nothing asked, nothing assessed: say yes, then tell it a few facts, as a person would.
            message = speaker.pick(NUDGE[person.language]) if nudges == 0 else speaker.introduction(believed)
            kind, meta = "nudge", None
            nudges += 1
            continue
        if requested:
            if "bye_after_answers" in quirks and answers_given >= quirks["bye_after_answers"]:
                message, kind, meta = speaker.pick(BYE[person.language]), "bye", None
                continue
            give_up = next((b for b in buttons if SKIP_BUTTON.search(b.get("title", ""))), None)
            if is_question and out.questions.count(requested) > GIVE_UP_AFTER and give_up:
                # Asked this too often: do what a person would, take the bot's way out.
                message, kind, meta = give_up.get("payload") or give_up.get("title"), "button", None
                continue
            if is_question:
                message, kind, meta = answer(speaker, requested, believed, vague_left, wrong_left, pending,
                                             out.questions.count(requested)), "answer", requested
                answers_given += 1
                continue
            # Not a fact: a confirmation or a choice. Take the button that goes on, else say yes.
            choice = next((b for b in buttons if YES_BUTTON.search(b.get("title", ""))), None) or \
                next((b for b in buttons if not NEVER_CLICK.search(b.get("title", ""))), None)
            message = (choice.get("payload") or choice.get("title")) if choice else YES_NO[person.language][True][0]
            kind, meta = "button", None
            continue
        undecided = set(slots.get("undecided_schemes") or [])
        if undecided & set(person.targets):
            button = next((b for b in buttons if CONTINUE_BUTTON.search(b.get("title", ""))
                           and not NEVER_CLICK.search(b.get("title", ""))), None)
            if button:
                message, kind, meta = button.get("payload") or button.get("title"), "button", None
                continue
            if texts and "?" in texts[-1] + texts[0] and CONTINUE_BUTTON.search(" ".join(texts)) and kind != "check_others":
                message, kind, meta = CHECK_OTHERS_TEXT[person.language], "check_others", None
                continue
        if follow_ups:
            message, kind, meta = follow_ups.pop(0)
            continue
        break
    out.transcript.append(f"# result: eligible {sorted(out.final_eligible)}; right: {out.right}; "
                          f"questions: {len(out.questions)}; before first answer: {out.questions_before_answer}; "
                          f"capped: {out.capped}; error: {out.error}")
    return out


def answer(speaker: Speaker, fact: str, believed: dict, vague_left: set, wrong_left: dict, pending: list,
           times_asked: int) -> str:
    """The reply to a question for `fact`, following the person's quirks."""
    person, lang = speaker.person, speaker.lang
    if fact in vague_left:
        vague_left.discard(fact)
        return speaker.pick(VAGUE[lang])
    if fact in wrong_left:
        wrong = wrong_left.pop(fact)
        fix = speaker.rng.choice(CORRECTION[lang]).format(a=speaker.say(fact, believed[fact]))
        pending.append((fix, "correction", fact))
        return speaker.say(fact, wrong)
    if fact in person.dont_know:
        text = speaker.pick(DONT_KNOW[lang])
    else:
        text = speaker.say(fact, believed.get(fact))
    if times_asked > 1:
        text = speaker.pick(AS_I_SAID[lang]) + text
    return text


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------
def percentile(values: List[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def summarise(label: str, outcomes: List[Outcome]) -> List[str]:
    if not outcomes:
        return []
    scored = [o for o in outcomes if not o.person.leaves_midway]
    right = sum(o.right for o in scored)
    wrong_final = sum(len(o.wrong_final) for o in outcomes)
    wrong_any = sum(len(o.wrong_any_time) for o in outcomes)
    before = [o.questions_before_answer if o.reached_answer else len(o.questions)
              for o in outcomes if not o.person.leaves_midway]
    no_answer = sum(not o.reached_answer for o in scored)
    max_asked = max(o.max_asked for o in outcomes)
    over3 = sum(o.max_asked > 3 for o in outcomes)
    lines = [f"{label}: {len(outcomes)} people",
             f"  reaching the right schemes:        {right}/{len(scored)} ({100 * right / max(len(scored), 1):.0f} %)"
             + (f"  [{len(outcomes) - len(scored)} who leave midway not counted]" if len(scored) < len(outcomes) else ""),
             f"  wrong eligible claims:             {wrong_final} at the end, {wrong_any} at any point "
             f"(in {sum(bool(o.wrong_final) for o in outcomes)} people)",
             f"  questions before the first answer: median {statistics.median(before):g}, "
             f"90th percentile {percentile(before, 90):g} (no answer reached: {no_answer})",
             f"  most times one question was asked: {max_asked} (people with a question asked > 3 times: {over3})",
             f"  questions per conversation:        median {statistics.median([len(o.questions) for o in outcomes]):g}; "
             f"caps hit: {sum(bool(o.capped) for o in outcomes)}; server errors: {sum(bool(o.error) for o in outcomes)}"]
    no_visa = [o for o in outcomes if o.person.expect_no_visa_needed]
    if no_visa:
        lines.append(f"  'no visa needed' said (permanent residents): {sum(bool(o.no_visa_said) for o in no_visa)}/{len(no_visa)}")
    byes = [o for o in outcomes if o.person.leaves_midway]
    if byes:
        lines.append(f"  'bye' midway honoured:             {sum(bool(o.bye_honoured) for o in byes)}/{len(byes)}")
    chinese = [o for o in outcomes if o.person.language != "en"]
    if chinese:
        seen = sum(o.replies_seen for o in chinese)
        off = sum(len(o.off_script) for o in chinese)
        lines.append(f"  replies in the person's own script: {seen - off}/{seen} "
                     f"(people with any reply not in it: {sum(bool(o.off_script) for o in chinese)}/{len(chinese)})")
    follow = [f for o in outcomes for f in o.follow_ups]
    if follow:
        lines.append(f"  follow-ups answered (expected words in the reply): {sum(follow)}/{len(follow)}")
    return lines


def report(outcomes: List[Outcome]) -> str:
    lines = ["", "Per person (right? | expected -> got within goal | wrong | questions before answer / total | "
                 "most asked | turns)"]
    for o in outcomes:
        mark = "ok " if o.right else ("bye" if o.person.leaves_midway else "XX ")
        before = o.questions_before_answer if o.reached_answer else "-"
        lines.append(f"  {mark} {o.person.id:34s} {','.join(sorted(o.person.expected_eligible)) or '(none)'} -> "
                     f"{','.join(sorted(o.got)) or '(none)'} | {','.join(sorted(o.wrong_final)) or '-'} | "
                     f"{before}/{len(o.questions)} | {o.max_asked} | {o.turns}"
                     + (f" | capped {o.capped}" if o.capped else "") + (f" | ERROR {o.error[:80]}" if o.error else ""))
    lines.append("")
    lines += summarise("All", outcomes)
    for lang in LANGUAGES:
        lines += summarise(lang, [o for o in outcomes if o.person.language == lang])
    return "\n".join(lines)


def engine_check(people: List[Person], as_of: str) -> None:
    """Where eligibility.assess on the full profile differs from a person's expected schemes."""
    agree = 0
    for p in people:
        engine = engine_eligible(p, as_of)
        engine_goal = engine & set(p.targets)
        expected_all = p.truly_eligible
        if engine == expected_all:
            agree += 1
            continue
        print(f"{p.id}: engine {sorted(engine)} (in goal {sorted(engine_goal)}); "
              f"file: expected {sorted(p.expected_eligible)} + also {sorted(p.also_eligible)}")
    print(f"engine agrees with the files on {agree}/{len(people)} people (as of {as_of})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=Path, default=PEOPLE_DIR, help="a directory of people files, or one file")
    parser.add_argument("--only", action="append", default=[], help="person id(s), comma-separated")
    parser.add_argument("--transcripts", type=Path, help="write each whole transcript to DIR/<id>.txt")
    parser.add_argument("--jobs", type=int, default=3, help="conversations at the same time")
    parser.add_argument("--max-turns", type=int, default=MAX_TURNS)
    parser.add_argument("--time-limit", type=float, default=PERSON_TIME_LIMIT, help="seconds per person")
    parser.add_argument("--engine-check", action="store_true", help="compare the engine with the files; no servers")
    parser.add_argument("--as-of", default=dt.date.today().isoformat())
    args = parser.parse_args(argv)
    try:
        people = load_people(args.people)
        bad = {p.id: problems(p) for p in people}
        bad = {k: v for k, v in bad.items() if v}
        if bad:
            for pid, issues in bad.items():
                print(f"{pid}: " + "; ".join(issues), file=sys.stderr)
            return 1
    except Exception as error:
        print(f"cannot read people: {error}", file=sys.stderr)
        return 1
    only = {i for item in args.only for i in item.split(",") if i}
    if only:
        people = [p for p in people if p.id in only]
        if not people:
            print(f"no person with id {sorted(only)}", file=sys.stderr)
            return 1
    if args.engine_check:
        engine_check(people, args.as_of)
        return 0

    if args.transcripts:
        args.transcripts.mkdir(parents=True, exist_ok=True)
    from tests.stack import start_stack
    try:
        stack = start_stack()
    except Exception as error:
        print(f"the stack did not start: {error}", file=sys.stderr)
        return 1
    started = time.monotonic()
    done = [0]
    lock = threading.Lock()

    def run(person: Person) -> Outcome:
        outcome = converse(stack, person, args.max_turns, args.time_limit)
        if args.transcripts:
            (args.transcripts / f"{person.id}.txt").write_text("\n".join(outcome.transcript) + "\n", encoding="utf-8")
        with lock:
            done[0] += 1
            print(f"[{done[0]}/{len(people)}] {person.id}: {'right' if outcome.right else 'not right'}, "
                  f"{len(outcome.questions)} questions, {outcome.turns} turns", file=sys.stderr, flush=True)
        return outcome

    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            outcomes = list(pool.map(run, people))
    finally:
        stack.stop()
    print(f"Conversation evaluation: {len(outcomes)} people from {args.people}, "
          f"{time.monotonic() - started:.0f} s, as of {args.as_of}")
    print(report(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
