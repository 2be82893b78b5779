"""Two people who ask in Chinese, as the widget, Slack and Teams tests drive them.

Each person opens with a sentence of their own and answers the assistant's questions the way they
would: clicking a button whose title is their answer, typing it otherwise (「兩個月」, 「32岁」), and
clicking 不知道 / 不知道 for anything they were not given an answer to. A question is recognised by its
text in `eligibility/i18n/<language>.yaml`, the same text the assistant asks with.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

I18N = Path(__file__).resolve().parents[2] / "eligibility" / "i18n"


@dataclass(frozen=True)
class Person:
    language: str
    opener: str
    answers: Dict[str, str]            # fact -> what the person clicks or types
    scheme: str                        # the scheme id the answer must name
    scheme_names: Tuple[str, ...]      # how the answer card may name it in this script
    next_steps_heading: str            # words the scheme's next steps start with or contain


# A Cantonese speaker who has just finished a taught master's in Hong Kong and wants to stay and
# look for work: a recent non-local graduate, so IANG with no job offer needed.
CANTONESE_GRADUATE_IN_HONG_KONG = Person(
    language="zh-Hant",
    opener="我喺香港讀完碩士，啱啱畢業，想留低搵工",
    answers={
        "age": "24歲", "highest_degree": "碩士", "nationality": "中國", "residence": "香港",
        "hk_graduate": "是", "months_since_hk_graduation": "兩個月", "hk_bachelor_graduate": "否",
        "ugc_funded_programme": "是", "hk_permanent_resident": "否", "hk_job_offer": "未有",
        "current_visa": "學生簽證", "criminal_record": "否", "exceptional_achievement": "否",
        "family_sponsor": "沒有", "foreign_permanent_residence": "否",
    },
    scheme="iang",
    scheme_names=("非本地畢業生留港／來港就業安排", "非本地畢業生安排"),
    next_steps_heading="非本地畢業生安排的下一步",
)

# A Mandarin speaker in Shanghai: a software engineer with a bachelor's from Zhejiang University
# (on the aggregate list of top universities) and ten years' work, earning RMB 800,000 a year:
# the Top Talent Pass Scheme, category B.
MANDARIN_ENGINEER_IN_SHANGHAI = Person(
    language="zh-Hans",
    opener="你好，我在上海做软件工程师，浙江大学本科毕业，年薪80万人民币，想去香港工作",
    answers={
        "age": "32岁", "highest_degree": "学士", "nationality": "中国", "residence": "内地",
        "bachelor_listed_university": "是", "years_since_bachelor": "10年", "stem_degree": "是",
        "work_experience_years": "10年", "recent_work_experience_years": "5年",
        "hk_graduate": "否", "hk_permanent_resident": "否", "hk_job_offer": "否",
        "criminal_record": "否", "foreign_permanent_residence": "否", "languages": "普通话和英语",
        "exceptional_achievement": "否", "family_sponsor": "没有", "business_plan": "否",
        "sufficient_funds": "是",
    },
    scheme="ttps",
    scheme_names=("高端人才通行证计划", "高才通"),
    next_steps_heading="高才通的下一步",
)

PEOPLE = {p.language: p for p in (CANTONESE_GRADUATE_IN_HONG_KONG, MANDARIN_ENGINEER_IN_SHANGHAI)}


@lru_cache(maxsize=None)
def texts(language: str) -> dict:
    return yaml.safe_load((I18N / f"{language}.yaml").read_text(encoding="utf-8"))


def fact_asked(question: str, language: str) -> Optional[str]:
    """The fact a question asks about, when `question` is one of the assistant's questions."""
    for fact, entry in texts(language)["facts"].items():
        if entry.get("question") and entry["question"].strip() == (question or "").strip():
            return fact
    return None


def dont_know(language: str) -> str:
    return texts(language)["buttons"]["dont_know"]


def next_move(person: Person, question: str, buttons: List[str]) -> Tuple[str, str]:
    """("click", button title) or ("type", text): how `person` answers `question`."""
    fact = fact_asked(question, person.language)
    answer = person.answers.get(fact) if fact else None
    if answer is None:
        unknown = dont_know(person.language)
        return ("click", unknown) if unknown in buttons else ("type", unknown)
    return ("click", answer) if answer in buttons else ("type", answer)
