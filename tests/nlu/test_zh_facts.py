"""Facts read from Chinese, both scripts, through the same extractors as English (one test per family).
The sentences are this file's own, not the evaluation set's (tests/nlu_eval/facts_zh.yml)."""
import datetime as dt

import pytest

from fact_extraction import understand

AS_OF = dt.date(2026, 12, 1)


def facts(text, language="zh-Hant", **kwargs):
    return understand(text, language=language, as_of=AS_OF, **kwargs).facts


# ------------------------------------------------------------------ numbers and age
@pytest.mark.parametrize("text, age", [
    ("我今年四十二歲，住喺灣仔", 42),
    ("本人廿五歲", 25),
    ("卌一歲，做護士", 41),
    ("我是一位33岁的会计师", 33),
    ("我1985年出世", 41),
])
def test_age_in_chinese_numerals_and_digits(text, age):
    assert facts(text)["age"] == age


def test_age_answer_hedged_and_someone_elses_age():
    u = understand("差唔多三十八歲", asked="age", language="zh-Hant")
    assert u.facts == {"age": 38} and u.readings[0].hedged
    assert facts("我阿媽六十五歲") == {}
    assert facts("我太太33岁，我36岁", language="zh-Hans") == {"age": 36}


def test_a_range_is_not_a_number():
    assert facts("三十幾歲", asked="age") == {}            # thirty-something
    assert facts("應該有五六年", asked="work_experience_years") == {}
    assert facts("年薪一百多萬") == {}


# ------------------------------------------------------------------ money
@pytest.mark.parametrize("text, language, fact, hkd", [
    ("月入四萬五港幣", "zh-Hant", "annual_income_hkd", 540_000),
    ("我每個月賺三萬蚊", "zh-Hant", "annual_income_hkd", 360_000),
    ("年薪大約60萬人民幣", "zh-Hant", "annual_income_hkd", 654_000),
    ("年薪二十万美元", "zh-Hans", "annual_income_hkd", 1_560_000),
    ("年薪2.4M港紙", "zh-Hant", "annual_income_hkd", 2_400_000),
    ("月薪45K", "zh-Hant", "annual_income_hkd", 540_000),
    ("我存款有五百萬港元", "zh-Hant", "net_assets_hkd", 5_000_000),
    ("公司去年利润八百万人民币", "zh-Hans", "business_profit_hkd", 8_720_000),
    ("年收入大概兩百萬台幣", "zh-Hant", "annual_income_hkd", 510_000),
])
def test_money_with_chinese_numerals_currencies_and_periods(text, language, fact, hkd):
    assert facts(text, language=language)[fact] == hkd


def test_money_conversion_is_shown_and_others_pay_is_not_read():
    u = understand("年薪50萬人民幣", language="zh-Hans", as_of=AS_OF)
    assert "汇率 1.09" in u.acknowledgement()     # the conversion, said in the conversation's language
    assert facts("我老婆月薪八萬") == {}
    assert facts("我希望年薪可以到两百万", language="zh-Hans") == {}


def test_pay_after_a_job_offer_is_the_offered_salary():
    got = facts("有間香港銀行畀咗offer我，年薪九十萬")
    assert got == {"hk_job_offer": True, "job_offer_salary_hkd": 900_000}


# ------------------------------------------------------------------ yes and no
@pytest.mark.parametrize("answer, value", [
    ("係呀", True), ("有", True), ("对", True), ("冇錯", True), ("是的", True),
    ("冇", False), ("未有", False), ("仲未有", False), ("還沒有", False), ("还没有", False),
    ("唔係", False), ("不是", False), ("沒有", False), ("无", False), ("未", False),
])
def test_yes_and_no_answers(answer, value):
    assert facts(answer, asked="hk_job_offer") == {"hk_job_offer": value}


def test_yes_no_facts_stated_in_a_sentence():
    assert facts("我冇案底") == {"criminal_record": False}
    assert facts("我已經有香港公司嘅offer") == {"hk_job_offer": True}
    assert facts("未有香港offer住") == {"hk_job_offer": False}
    assert facts("我没有香港永久性居民身份证", language="zh-Hans") == {"hk_permanent_resident": False}
    assert facts("我自己有間上市公司") == {"owns_listed_company": True}


def test_a_question_about_a_scheme_states_nothing():
    assert facts("優才係咩嚟？") == {}
    assert facts("专才计划是什么？", language="zh-Hans") == {}


# ------------------------------------------------------------------ degrees
@pytest.mark.parametrize("text, language, level", [
    ("我有學士學位，主修數學", "zh-Hant", "bachelor"),
    ("本科", "zh-Hans", "bachelor"),
    ("我读完硕士", "zh-Hans", "master"),
    ("我有博士學位", "zh-Hant", "doctorate"),
    ("我讀咗高級文憑", "zh-Hant", "sub_degree"),
    ("副學士畢業", "zh-Hant", "sub_degree"),
    ("我只有高中学历", "zh-Hans", "none"),
])
def test_degree_levels(text, language, level):
    assert facts(text, language=language)["highest_degree"] == level


def test_degree_field_plans_and_other_peoples_degrees():
    assert facts("我有學士學位，主修數學")["stem_degree"] is True
    assert facts("我嘅博士係讀歷史嘅")["stem_degree"] is False
    assert facts("我打算明年讀博士") == {}
    assert facts("我想读个硕士", language="zh-Hans") == {}
    assert facts("我太太係碩士") == {}
    assert facts("我没有硕士学位，只有本科", language="zh-Hans")["highest_degree"] == "bachelor"


# ------------------------------------------------------------------ languages
def test_languages_spoken():
    assert facts("我識講普通話同英文")["languages"] == ["english", "putonghua"]
    assert facts("英文同粵語", asked="languages")["languages"] == ["english", "cantonese"]
    assert facts("我会说粤语、英语和韩语", language="zh-Hans")["languages"] == ["english", "cantonese", "other"]


def test_weak_or_denied_languages_are_not_counted():
    assert facts("我識講普通話，英文麻麻")["languages"] == ["putonghua"]
    assert facts("我唔識廣東話，國語同英文都好流利")["languages"] == ["english", "putonghua"]


# ------------------------------------------------------------------ places
def test_residence_and_nationality_from_cldr_names():
    assert facts("我係加拿大人，喺溫哥華住") == {"nationality": "CA", "residence": "overseas"}
    assert facts("我是英国人，在伦敦住了十年", language="zh-Hans") == {"nationality": "GB", "residence": "overseas"}
    assert facts("德國籍", asked="nationality") == {"nationality": "DE"}
    assert facts("我住喺珠海") == {"residence": "mainland"}
    assert facts("我是一名來自成都的工程師") == {"residence": "mainland"}
    assert facts("澳門", asked="residence") == {"residence": "macao"}


def test_birthplace_and_foreign_permanent_residence():
    assert facts("我喺美國出世") == {"born_overseas": True}
    assert facts("我在上海出生", language="zh-Hans") == {"born_overseas": False}
    assert facts("我持有澳洲永久居留權")["foreign_permanent_residence"] is True


def test_a_place_named_with_experience_is_not_a_residence():
    assert facts("有四年海外工作經驗") == {"international_experience_years": 4}


# ------------------------------------------------------------------ visas and schemes
@pytest.mark.parametrize("text, language, visa", [
    ("我而家拎緊高才通簽證", "zh-Hant", "ttps"),
    ("我係用優才嚟香港", "zh-Hant", "qmas"),
    ("我目前持有专才签证", "zh-Hans", "gep_professionals"),
    ("我而家係非本地畢業生留港就業安排", "zh-Hant", "iang"),
    ("我拎緊二代計劃", "zh-Hant", "assg"),
    ("我是外佣", "zh-Hans", "domestic_helper"),
])
def test_visas_held_now(text, language, visa):
    assert facts(text, language=language)["current_visa"] == visa


def test_visa_plans_questions_and_none():
    assert facts("我想申請高才通") == {}
    assert facts("投資移民要幾多錢？") == {}
    assert facts("冇", asked="current_visa") == {"current_visa": "none"}
    assert facts("我不是专才，是优才", language="zh-Hans") == {"current_visa": "qmas"}


# ------------------------------------------------------------------ family
def test_family_in_hong_kong_is_a_family_fact_not_the_persons_own():
    assert facts("我老公住喺香港，係永久居民") == {"family_sponsor": "spouse"}
    assert facts("我太太是香港永久居民", language="zh-Hans") == {"family_sponsor": "spouse"}
    assert facts("我媽媽係香港永久居民") == {"parent_hk_permanent_resident": True}
    assert facts("我爸媽都唔係香港永久居民") == {"parent_hk_permanent_resident": False}
    assert facts("我冇家人喺香港") == {"family_sponsor": "none"}
    assert facts("我老婆", asked="family_sponsor") == {"family_sponsor": "spouse"}
    assert facts("我個女喺香港讀大學") == {}


# ------------------------------------------------------------------ durations
def test_durations():
    assert facts("我做咗八年會計") == {"work_experience_years": 8}
    assert facts("有三年工作經驗") == {"work_experience_years": 3}
    assert facts("差唔多六年", asked="work_experience_years") == {"work_experience_years": 6}
    assert facts("三年半", asked="years_on_current_visa") == {"years_on_current_visa": 3.5}
    assert facts("我在香港住了九年", language="zh-Hans")["years_residence_hk"] == 9
    assert facts("本科毕业六年了", language="zh-Hans") == {"highest_degree": "bachelor", "years_since_bachelor": 6}


# ------------------------------------------------------------------ corrections and mixed messages
def test_corrections_change_a_known_fact():
    u = understand("其實我係38歲", known={"age": 37}, language="zh-Hant")
    assert u.updates == {"age": 38} and u.corrections == {"age": (37, 38)}
    u = understand("唔係澳門，係深圳", known={"residence": "macao"}, asked="residence", language="zh-Hant")
    assert u.updates == {"residence": "mainland"}
    u = understand("講錯咗，我住喺珠海，唔係澳門", known={"residence": "macao"}, language="zh-Hant")
    assert u.updates == {"residence": "mainland"}
    u = understand("不好意思，我月薪是三万，不是两万", known={"annual_income_hkd": 240_000}, language="zh-Hans")
    assert u.updates == {"annual_income_hkd": 360_000}


def test_an_incidental_word_does_not_change_a_known_fact():
    u = understand("我喺深圳有個朋友", known={"residence": "hong_kong"}, language="zh-Hant")
    assert "residence" not in u.updates


def test_mixed_cantonese_english_is_read_whatever_the_conversation_language():
    for language in ("en", "zh-Hant", "zh-Hans"):
        got = facts("我有master degree，喺HSBC做咗6年banking，月薪80K", language=language)
        assert got["highest_degree"] == "master"
        assert got["work_experience_years"] == 6
        assert got["annual_income_hkd"] == 960_000


def test_an_age_in_a_question_is_asked_about_not_stated():
    assert facts("50歲仲申唔申請到優才？") == {}
    assert facts("我45岁，还可以申请吗？", language="zh-Hans") == {"age": 45}


def test_an_age_before_the_person_it_belongs_to_is_theirs():
    assert facts("我有一个两岁的女儿", language="zh-Hans") == {}
    assert facts("我有個三歲嘅仔") == {}
    assert facts("我是一名29岁的工程师", language="zh-Hans") == {"age": 29}


def test_cheque_numerals_inside_words_are_not_numbers():
    assert facts("我喺大陸出世") == {"born_overseas": False}
    assert facts("我在大陆工作了3年", language="zh-Hans")["work_experience_years"] == 3


def test_a_sibling_is_someone_else():
    assert facts("我細佬係香港永久居民") == {}


def test_a_degree_student_and_a_past_visa_are_not_facts_of_now():
    assert facts("我係碩士生") == {}
    assert facts("我是博士研究生", language="zh-Hans") == {}
    assert facts("之前拎過旅遊簽證，而家係優才") == {"current_visa": "qmas"}
    assert facts("我冇讀過大學") == {"highest_degree": "none"}


@pytest.mark.parametrize("text", ["未有呀", "未有啊", "仲未有呀", "還沒有呀"])
def test_not_yet_with_a_particle_is_still_no(text):
    assert facts(text, asked="hk_job_offer") == {"hk_job_offer": False}


# ------------------------------------------------------------------ texts said back in the conversation's language
@pytest.mark.parametrize("text, language, question, titles", [
    ("我識講Chinese同英文", "zh-Hant", "你說的「Chinese」是指廣東話、普通話，還是兩種都會？", ["廣東話", "普通話", "兩種都會"]),
    ("我会说Chinese", "zh-Hans", "你说的“Chinese”是指广东话、普通话，还是两种都会？", ["广东话", "普通话", "两种都会"]),
    ("French", "zh-Hant", "你說的「French」是指你的國籍是法國，還是你會說法文？", ["我的國籍是法國", "我會說法文"]),
    ("French", "zh-Hans", "你说的“French”是指你的国籍是法国，还是你会说法语？", ["我的国籍是法国", "我会说法语"]),
])
def test_an_ambiguous_message_is_asked_back_in_the_conversations_language(text, language, question, titles):
    ambiguity = understand(text, language=language, as_of=AS_OF).ambiguity
    assert ambiguity.question == question
    assert [title for title, _ in ambiguity.options] == titles


def test_the_buttons_of_a_question_asked_back_set_the_same_facts_in_every_language():
    english = understand("I speak Chinese and English", language="en", as_of=AS_OF).ambiguity
    chinese = understand("I speak Chinese and English", language="zh-Hant", as_of=AS_OF).ambiguity
    assert english.question == "By Chinese, do you mean Cantonese, Putonghua (Mandarin), or both?"
    assert [facts for _, facts in chinese.options] == [facts for _, facts in english.options] == [
        {"languages": ["english", "cantonese"]}, {"languages": ["english", "putonghua"]},
        {"languages": ["english", "cantonese", "putonghua"]}]


@pytest.mark.parametrize("text, language, said", [
    ("年薪40萬美金", "zh-Hant", "每年 40萬美元，約為每年 HK$312萬（匯率 7.80）"),
    ("年薪40万美元", "zh-Hans", "每年 40万美元，约为每年 HK$312万（汇率 7.80）"),
    ("月入8萬", "zh-Hant", "每月 HK$8萬，即每年 HK$96萬"),
    ("I earn US$400k a year", "en", "US$400k a year - about HK$3.12M a year at 7.80"),
])
def test_a_converted_amount_is_explained_in_the_conversations_language(text, language, said):
    (reading,) = understand(text, language=language, as_of=AS_OF).readings
    assert reading.interpretation == said


def test_a_parent_who_is_a_hong_kong_permanent_resident_next_to_a_birthplace_abroad():
    """「我喺溫哥華出世，阿媽係香港永久居民」: Vancouver is where the person was born, not where the
    mother is a permanent resident (the ASSG facts, both)."""
    facts = understand("我喺溫哥華出世，阿媽係香港永久居民", language="zh-Hant", as_of="2026-11-26").facts
    assert facts == {"born_overseas": True, "parent_hk_permanent_resident": True}


@pytest.mark.parametrize("text, code", [("年薪7.02萬加元", "CAD"), ("年薪10萬澳元", "AUD"), ("年薪5万纽元", "NZD")])
def test_dollars_named_by_the_country_in_chinese(text, code):
    """「7.02萬加元」 was read as HK$7.02萬: a wrong income."""
    from fact_extraction.chinese_numbers import find_money
    assert find_money(text)[0].currency == code
