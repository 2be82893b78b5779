"""Plain-language explanations of terms users ask about (entity `term`). Dialogue-owned text.

`explain(term, language)` gives the explanation in the conversation's language: English, Traditional
Chinese as written here, Simplified Chinese converted from it (`messages.to_simplified`).
`find_term(text)` names the term a question asks about by its Chinese (or English) name
("人才清單是什麼？", "甚麼是綜合名單？"), for messages the language model read no `term` entity in.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Optional

from . import messages

TERMS = {
    "talent_list": "The Talent List names professions Hong Kong is short of (60 professions since 1 March 2025). "
                   "For GEP and ASMTP, a job on the list spares the employer from proving the post can't be filled "
                   "locally. https://www.talentlist.gov.hk",
    "aggregate_list": "The aggregate list is the Immigration Department's list of eligible universities for TTPS "
                      "categories B and C and QMAS: roughly the world's top 100 in any of the THE, QS, US News and "
                      "ShanghaiRanking tables in the last 5 years, plus top Mainland and specialist institutions. "
                      "https://www.immd.gov.hk/pdf/aggregate_list.pdf",
    "top_tier": "The top-tier extension is a long extension of stay (5 or 6 years) for people who have been in "
                "Hong Kong under a talent scheme for at least 2 years and had at least HK$2 million of assessable "
                "income for salaries tax in the last year of assessment.",
    "right_of_abode": "The right of abode means being a Hong Kong permanent resident: you can live and work in Hong "
                      "Kong without any visa or condition of stay.",
    "permanent_resident": "A Hong Kong permanent resident holds the right of abode and a permanent identity card; "
                          "non-Chinese nationals can normally apply after 7 years of continuous ordinary residence.",
    "ordinary_residence": "Continuous ordinary residence means living in Hong Kong lawfully and settled for the "
                          "period; time as a foreign domestic helper, student or in prison does not count.",
    "assessable_income": "Assessable income is the income on which Hong Kong salaries tax is charged for a year of "
                         "assessment (1 April - 31 March); business profits don't count for the top-tier extension.",
    "dependant": "A dependant visa lets the spouse or partner, unmarried children under 18 and (for permanent "
                 "residents) parents aged 60 or more of an eligible sponsor live in Hong Kong.",
    "multinational": "A multinational or renowned company is a large international company or a well-known "
                     "enterprise in its field; QMAS credits 3 years of work in one.",
    "stem": "STEM means science, technology, engineering and mathematics.",
    "working_holiday": "The Working Holiday Scheme lets young people (normally 18-30) from partner countries holiday "
                       "in Hong Kong and work short-term for up to 12 months.",
    "general_points_test": "QMAS's general points test lists 12 criteria (age, degree, languages, work experience, "
                           "income, business ...); since 1 November 2024 you may apply when you meet at least 6 of "
                           "them.",
    "achievement_based_points_test": "QMAS's achievement-based points test is for people with an award of "
                                     "exceptional achievement (an Olympic medal, a Nobel Prize, a national or "
                                     "international award) or work recognised by their peers; meeting one is enough "
                                     "to be considered.",
    "technical_professionals_list": "The Technical Professionals List names the skilled trades the Technical "
                                    "Professionals Stream (from 30 June 2025) is open to: a job offer in one of "
                                    "them, for people aged 18-40 without a degree.",
    "local_recruitment": "The local-recruitment test means the employer shows the post cannot readily be filled "
                         "by someone in Hong Kong; Talent List posts and posts paying HK$2 million a year or more "
                         "are spared it.",
    "net_assets": "For New CIES, net assets are what you own less what you owe: at least HK$30 million, held "
                  "throughout the 6 months before you apply for the net asset assessment.",
}
TERMS["top_tier_extension"] = TERMS["top_tier"]
TERMS["talent list"] = TERMS["talent_list"]
TERMS["multinational_company"] = TERMS["multinational"]

# The same explanations in Traditional Chinese (Hong Kong government style); Simplified is converted.
TERMS_TRADITIONAL = {
    "talent_list": "人才清單列出香港缺乏的專業（由 2025 年 3 月 1 日起共 60 項）。申請專才計劃或內地人才計劃時，"
                   "如職位屬人才清單上的專業，僱主無須證明該職位未能在本地招聘合適人選。https://www.talentlist.gov.hk",
    "aggregate_list": "合資格大學綜合名單是入境處為高才通 B 類及 C 類和優才計劃訂定的合資格大學名單："
                      "大致是過去 5 年在泰晤士高等教育、QS、美國新聞與世界報道及上海軟科任何一個排名中位列全球首 100 名的大學，"
                      "另加內地及專科的頂尖院校。https://www.immd.gov.hk/pdf/aggregate_list.pdf",
    "top_tier": "頂尖人才延期是較長的延期逗留（5 年或 6 年），適用於以人才計劃在港最少 2 年，"
                "並在上一個課稅年度有最少港幣 200 萬元薪俸稅應評稅入息的人士。",
    "right_of_abode": "居留權即香港永久性居民身分：你可以在香港居住及工作，無須任何簽證，亦不受逗留條件限制。",
    "permanent_resident": "香港永久性居民享有居留權並持有香港永久性居民身分證；非中國籍人士一般在連續 7 年通常居於香港後可以申請。",
    "ordinary_residence": "連續通常居於香港是指在該段期間合法地在香港定居；以外籍家庭傭工或學生身分居港，"
                          "或在囚的時間均不計算在內。",
    "assessable_income": "應評稅入息是指在一個課稅年度（4 月 1 日至翌年 3 月 31 日）須繳納香港薪俸稅的入息；"
                         "申請頂尖人才延期時，業務利潤不計算在內。",
    "dependant": "受養人簽證讓合資格保證人的配偶或伴侶、18 歲以下的未婚子女，以及（如保證人是永久性居民）"
                 "60 歲或以上的父母來港居住。",
    "multinational": "跨國公司或知名企業是指大型國際公司或在其業界具知名度的企業；優才計劃會為在這類公司工作 3 年給分。",
    "stem": "STEM 是指科學、科技、工程及數學。",
    "working_holiday": "工作假期計劃讓夥伴國家或地區的年青人（一般為 18 至 30 歲）來港度假，並可短期工作，最長 12 個月。",
    "general_points_test": "優才計劃的綜合計分制列出 12 項準則（年齡、學歷、語言、工作經驗、收入、業務等）；"
                           "由 2024 年 11 月 1 日起，符合其中最少 6 項便可申請。",
    "achievement_based_points_test": "優才計劃的成就計分制適用於曾獲傑出成就獎項（例如奧運獎牌、諾貝爾獎、國家級或國際獎項），"
                                     "或其工作獲同業認可的人士；符合其中一項便會獲考慮。",
    "technical_professionals_list": "技術專才清單列出技術專才類別（由 2025 年 6 月 30 日起）適用的技術行業："
                                    "適用於 18 至 40 歲、沒有學位但獲得其中一個行業工作聘約的人士。",
    "local_recruitment": "本地招聘要求是指僱主須證明該職位未能在香港招聘合適人選；人才清單上的職位及年薪達港幣 200 萬元"
                         "或以上的職位均無須符合此要求。",
    "net_assets": "新資本投資者計劃所指的淨資產，是你擁有的資產減去負債：在申請淨資產評估前的 6 個月內須一直持有最少港幣"
                  " 3,000 萬元。",
}
TERMS_TRADITIONAL["top_tier_extension"] = TERMS_TRADITIONAL["top_tier"]
TERMS_TRADITIONAL["multinational_company"] = TERMS_TRADITIONAL["multinational"]
TERMS_TRADITIONAL["talent list"] = TERMS_TRADITIONAL["talent_list"]

# Chinese names of the terms, as people ask about them (Traditional; Simplified forms are converted).
CHINESE_NAMES = {
    "人才清單": "talent_list",
    "人才名單": "talent_list",
    "綜合名單": "aggregate_list",
    "合資格大學綜合名單": "aggregate_list",
    "綜合大學名單": "aggregate_list",
    "合資格大學": "aggregate_list",
    "大學名單": "aggregate_list",
    "頂尖人才延期": "top_tier",
    "頂尖人才延長逗留": "top_tier",
    "居留權": "right_of_abode",
    "居港權": "permanent_resident",
    "永久性居民": "permanent_resident",
    "永久居民": "permanent_resident",
    "通常居住": "ordinary_residence",
    "通常居於香港": "ordinary_residence",
    "應評稅入息": "assessable_income",
    "受養人": "dependant",
    "跨國公司": "multinational_company",
    "知名企業": "multinational_company",
    "工作假期": "working_holiday",
    "綜合計分制": "general_points_test",
    "成就計分制": "achievement_based_points_test",
    "技術專才清單": "technical_professionals_list",
    "本地招聘": "local_recruitment",
    "淨資產": "net_assets",
    "資產淨值": "net_assets",
}
ENGLISH_NAMES = {"talent list": "talent_list", "aggregate list": "aggregate_list", "top-tier": "top_tier",
                 "top tier": "top_tier", "right of abode": "right_of_abode", "ordinary residence": "ordinary_residence",
                 "assessable income": "assessable_income", "stem": "stem", "net assets": "net_assets",
                 "points test": "general_points_test", "local recruitment": "local_recruitment"}


def explain(term: str, language: Optional[str] = "en") -> str:
    """The explanation of `term` (an id of `TERMS`) in `language`; KeyError for a term not explained."""
    language = messages.normalise(language)
    english = TERMS[term]
    if not messages.is_chinese(language):
        return english
    traditional = TERMS_TRADITIONAL.get(term)
    if traditional is None:      # tests/actions/test_messages.py makes this unreachable
        return english
    return traditional if language == messages.TRADITIONAL else messages.to_simplified(traditional)


@lru_cache(maxsize=1)
def _names() -> Dict[str, str]:
    """Every name a term is asked about by: Traditional, Simplified (converted) and English."""
    names = dict(CHINESE_NAMES)
    names.update({messages.to_simplified(name): term for name, term in CHINESE_NAMES.items()})
    names.update(ENGLISH_NAMES)
    return names


@lru_cache(maxsize=1)
def _name_pattern() -> "re.Pattern[str]":
    alternatives = sorted(_names(), key=len, reverse=True)     # the longest name first
    return re.compile("|".join(rf"\b{re.escape(n)}\b" if n.isascii() else re.escape(n) for n in alternatives),
                      re.IGNORECASE)


def find_term(text: str) -> Optional[str]:
    """The term a question names (人才清單是什麼？ → talent_list), the first one in the text, or None."""
    found = _name_pattern().search(text or "")
    return _names()[found.group(0).lower()] if found else None
