"""Real-looking messages read into exact contract §2 values (free messages and bare answers)."""
import datetime

import pytest

from fact_extraction import exchange_rates, extract_facts, parse_answer, understand

AS_OF = "2026-11-26"


def rate(code):
    return exchange_rates()["rates"][code]["rate"]


FREE_MESSAGES = [
    ("I'm 32, did my master's at HKU, speak English and Cantonese and earn about 90k a month",
     {"age": 32, "highest_degree": "master", "languages": ["english", "cantonese"], "annual_income_hkd": 1_080_000}),
    ("I was born in 1990 and live in Shanghai", {"age": 36, "residence": "mainland"}),
    ("British citizen, BSc from Imperial, 5 yrs experience in finance",
     {"nationality": "GB", "highest_degree": "bachelor", "work_experience_years": 5, "sector_experience_years": 5}),
    ("I earn HK$2 million a year", {"annual_income_hkd": 2_000_000}),
    ("my salary is ¥600,000", {"annual_income_hkd": round(600_000 * rate("CNY"))}),
    ("US$150k per year salary, PhD from MIT", {"annual_income_hkd": 1_170_000, "highest_degree": "doctorate"}),
    ("actually I'm 41", {"age": 41}),
    ("no, my income is HK$800k", {"annual_income_hkd": 800_000}),
    ("I speak English, French and German", {"languages": ["english", "other"]}),
    ("I'm Indian, living in Mumbai, 10 years of work experience",
     {"nationality": "IN", "residence": "overseas", "work_experience_years": 10}),
    ("I'm from Nepal and I speak Nepali, English and a bit of Mandarin",
     {"nationality": "NP", "languages": ["english", "other"]}),
    ("Mandarin and Cantonese are my languages", {"languages": ["cantonese", "putonghua"]}),
    ("fluent in english, putonghua and shanghainese", {"languages": ["english", "putonghua", "other"]}),
    ("I make about £80k annually", {"annual_income_hkd": round(80_000 * rate("GBP"))}),
    ("I earn 120,000 euros", {"annual_income_hkd": round(120_000 * rate("EUR"))}),
    ("salary 2.6 million HKD", {"annual_income_hkd": 2_600_000}),
    ("my package is 1.2M", {"annual_income_hkd": 1_200_000}),
    ("earning RMB 50k monthly", {"annual_income_hkd": round(50_000 * rate("CNY") * 12)}),
    ("I make 45k/month", {"annual_income_hkd": 540_000}),
    ("I'm a Chinese national living in Shenzhen", {"nationality": "CN", "residence": "mainland"}),
    ("I hold an Indian passport", {"nationality": "IN"}),
    ("Canadian citizen based in Toronto", {"nationality": "CA", "residence": "overseas"}),
    ("I'm Vietnamese", {"nationality": "VN"}),
    ("I'm from Afghanistan", {"nationality": "AF"}),
    ("I'm Cuban", {"nationality": "CU"}),
    ("I'm a North Korean national", {"nationality": "KP"}),
    ("I'm from Laos", {"nationality": "LA"}),
    ("I'm Irish and 27 years old", {"nationality": "IE", "age": 27}),
    ("I'm Japanese, 24", {"nationality": "JP", "age": 24}),  # a number on its own beside a fact is an age
    ("currently living in Macau", {"residence": "macao"}),
    ("I live in Taipei", {"residence": "taiwan"}),
    ("I'm a Hongkonger", {"residence": "hong_kong"}),
    ("I have an associate degree", {"highest_degree": "sub_degree"}),
    ("higher diploma from IVE", {"highest_degree": "sub_degree"}),
    ("no degree, just high school", {"highest_degree": "none"}),
    ("I didn't go to university", {"highest_degree": "none"}),
    ("I have a bachelor's and an MBA", {"highest_degree": "master", "stem_degree": False}),
    ("I'm currently doing my PhD, I have a master's", {"highest_degree": "master"}),
    ("BA in history", {"highest_degree": "bachelor", "stem_degree": False}),
    ("MSc in computer science", {"highest_degree": "master", "stem_degree": True}),
    ("I've been working since 2019", {"work_experience_years": 7}),
    ("about 18 months of experience", {"work_experience_years": 1.5}),
    ("4 years at a multinational", {"multinational_experience_years": 4}),
    ("I've lived in Hong Kong for 8 years", {"years_residence_hk": 8, "residence": "hong_kong"}),
    ("in HK since 2017", {"years_residence_hk": 9}),
    ("I have a job offer from a HK bank paying HK$900k a year",
     {"hk_job_offer": True, "job_offer_salary_hkd": 900_000}),
    ("no job offer yet", {"hk_job_offer": False}),
    ("I'm a HK permanent resident", {"hk_permanent_resident": True}),
    ("my dad is a Hong Kong permanent resident", {"parent_hk_permanent_resident": True}),
    ("I was born in Canada", {"born_overseas": True}),
    ("I was born in Guangzhou", {"born_overseas": False}),
    ("my wife lives in Hong Kong", {"family_sponsor": "spouse"}),
    ("I have a green card", {"foreign_permanent_residence": True}),
    ("no criminal record", {"criminal_record": False}),
    ("my net assets are about HK$35 million", {"net_assets_hkd": 35_000_000}),
    ("my company makes a profit of 5M a year", {"business_profit_hkd": 5_000_000}),
    ("my assessable income was HK$2.2M last year", {"assessable_income_hkd": 2_200_000}),
    ("I'm on IANG at the moment", {"current_visa": "iang"}),
    ("I'm on a student visa", {"current_visa": "student"}),
    ("I graduated from CityU 3 months ago as a non-local student",
     {"hk_graduate": True, "months_since_hk_graduation": 3}),
    ("born 3 May 1990", {"age": 36}),
    ("born on 30 December 1990", {"age": 35}),
    ("38 yo, Dutch, live in Amsterdam, master's, earn €95k",
     {"age": 38, "nationality": "NL", "residence": "overseas", "highest_degree": "master",
      "annual_income_hkd": round(95_000 * rate("EUR"))}),
    ("im 26 and i did my bachelors in 2021",
     {"age": 26, "highest_degree": "bachelor", "years_since_bachelor": 5}),
    ("I want to start a business in HK", {"business_plan": True}),
    ("S$120k a year", {"annual_income_hkd": round(120_000 * rate("SGD"))}),
    ("A$150,000 salary", {"annual_income_hkd": round(150_000 * rate("AUD"))}),
]


@pytest.mark.parametrize("text,expected", FREE_MESSAGES, ids=[t for t, _ in FREE_MESSAGES])
def test_free_message_facts(text, expected):
    assert extract_facts(text, AS_OF) == expected


NOTHING = [
    "hello",
    "what is QMAS?",
    "5",                                # a bare number below 16 is not an age in a free message
    "I have 5 years",                   # of what?
    "2 million",                        # an amount of what?
    "I want to move to Hong Kong",      # a destination, not a residence
    "I work for an American company",   # not a nationality
    "how long can I stay?",
    "I love Japanese food",
    "meet me at 5pm",
    "asdfghjkl",
    "",
    "I'm doing a master's now",          # not completed
    "tell me about the working holiday scheme",
]


@pytest.mark.parametrize("text", NOTHING)
def test_ambiguous_or_irrelevant_messages_give_nothing(text):
    assert extract_facts(text, AS_OF) == {}


def test_chinese_as_a_language_is_asked_back():
    u = understand("I speak English and Chinese", as_of=AS_OF)
    assert "languages" not in u.facts
    assert "Cantonese" in u.ambiguity.question
    assert [facts for _, facts in u.ambiguity.options][-1] == {"languages": ["english", "cantonese", "putonghua"]}


def test_hk_university_does_not_make_a_non_local_graduate():
    assert "hk_graduate" not in extract_facts("did my master's at HKU", AS_OF)


def test_birth_year_gives_age_at_the_assessment_date():
    assert extract_facts("born in 1990", "2026-11-26") == {"age": 36}
    assert extract_facts("born in 1990", "2020-01-01") == {"age": 30}
    assert extract_facts("born 15 June 1990", "2026-06-14") == {"age": 35}
    assert extract_facts("born 15 June 1990", "2026-06-15") == {"age": 36}
    assert parse_answer("age", "1990", datetime.date(2026, 11, 26)) == 36


def test_since_year_is_relative_to_as_of():
    assert parse_answer("work_experience_years", "since 2019", "2026-11-26") == 7
    assert parse_answer("work_experience_years", "since 2019", "2022-03-01") == 3
    assert parse_answer("years_residence_hk", "since March 2020", "2026-09-01") == 6.5


BARE_ANSWERS = [
    ("age", "32", 32), ("age", "32 years old", 32), ("age", "born 1990", 36),
    ("work_experience_years", "5", 5), ("work_experience_years", "5 yrs", 5),
    ("work_experience_years", "18 months", 1.5), ("work_experience_years", "none", 0),
    ("work_experience_years", "a year and a half", 1.5),
    ("months_since_hk_graduation", "3 months", 3), ("months_since_hk_graduation", "1 year", 12),
    ("years_since_bachelor", "since 2019", 7),
    ("hk_job_offer", "yes", True), ("hk_job_offer", "nope", False), ("hk_job_offer", "yeah I do", True),
    ("criminal_record", "no", False), ("stem_degree", "y", True), ("hk_graduate", "nah", False),
    ("hk_job_offer", "not sure", None),
    ("highest_degree", "bach", "bachelor"), ("highest_degree", "MSc", "master"),
    ("highest_degree", "PhD", "doctorate"), ("highest_degree", "MBA", "master"),
    ("highest_degree", "higher diploma", "sub_degree"), ("highest_degree", "high school", "none"),
    ("highest_degree", "none", "none"), ("highest_degree", "undergrad", "bachelor"),
    ("annual_income_hkd", "HK$2 million", 2_000_000), ("annual_income_hkd", "90k a month", 1_080_000),
    ("annual_income_hkd", "1.2M", 1_200_000), ("annual_income_hkd", "900000", 900_000),
    ("annual_income_hkd", "¥600,000", round(600_000 * rate("CNY"))),
    ("annual_income_hkd", "US$150k", 1_170_000), ("annual_income_hkd", "£80k", round(80_000 * rate("GBP"))),
    ("annual_income_hkd", "€50,000", round(50_000 * rate("EUR"))),
    ("annual_income_hkd", "¥600,000 a month", round(600_000 * rate("CNY") * 12)),
    ("net_assets_hkd", "HK$30M", 30_000_000), ("job_offer_salary_hkd", "60k pm", 720_000),
    ("nationality", "British", "GB"), ("nationality", "Chinese", "CN"), ("nationality", "American", "US"),
    ("nationality", "Indian", "IN"), ("nationality", "UK", "GB"), ("nationality", "Korean", "KR"),
    ("nationality", "Germany", "DE"), ("nationality", "Kiwi", "NZ"), ("nationality", "Swedish", "SE"),
    ("nationality", "Hungarian", "HU"), ("nationality", "Austria", "AT"), ("nationality", "French", "FR"),
    ("nationality", "Italian", "IT"), ("nationality", "Dutch", "NL"), ("nationality", "Vietnam", "VN"),
    ("residence", "Mainland", "mainland"), ("residence", "Shenzhen", "mainland"),
    ("residence", "HK", "hong_kong"),
    ("residence", "London", "overseas"), ("residence", "Canada", "overseas"), ("residence", "Macau", "macao"),
    ("residence", "Taiwan", "taiwan"), ("residence", "overseas", "overseas"),
    ("languages", "English, Cantonese", ["english", "cantonese"]),
    ("languages", "Mandarin", ["putonghua"]), ("languages", "english and french", ["english", "other"]),
    ("languages", "Hokkien and Putonghua", ["putonghua", "other"]),
    ("family_sponsor", "my wife", "spouse"), ("family_sponsor", "my mum", "parent"),
    ("family_sponsor", "nobody", "none"),
    ("current_visa", "IANG", "iang"), ("current_visa", "student visa", "student"),
    ("current_visa", "none", "none"), ("current_visa", "dependant visa", "dependant_visa"),
    ("current_visa", "top talent pass", "ttps"),
]


@pytest.mark.parametrize("fact,text,expected", BARE_ANSWERS, ids=[f"{f}:{t}" for f, t, _ in BARE_ANSWERS])
def test_bare_answers(fact, text, expected):
    assert parse_answer(fact, text, AS_OF) == expected


@pytest.mark.parametrize("fact,text", [
    ("age", "banana"), ("age", "I don't know"), ("annual_income_hkd", "lots"),
    ("highest_degree", "whatever"), ("nationality", "Narnia"), ("residence", "somewhere"),
    ("languages", "Chinese"), ("hk_job_offer", "maybe"),
])
def test_bad_answers_give_none(fact, text):
    assert parse_answer(fact, text, AS_OF) is None


def test_unknown_fact_is_an_error():
    with pytest.raises(ValueError):
        parse_answer("shoe_size", "42")


def test_correction_phrasing_is_just_extraction():
    assert extract_facts("sorry, I meant I'm 34 not 30", AS_OF)["age"] == 34
    assert extract_facts("wait, I live in Beijing", AS_OF) == {"residence": "mainland"}


def test_spans_point_at_the_words():
    text = "I'm 32 and earn HK$1.2M"
    spans = {r.fact: text[r.start:r.end] for r in understand(text, as_of=AS_OF).readings}
    assert spans == {"age": "32", "annual_income_hkd": "HK$1.2M"}


def test_every_working_holiday_partner_and_excluded_country_is_known():
    for name, code in [("Australia", "AU"), ("Japan", "JP"), ("Korea", "KR"), ("United Kingdom", "GB"),
                       ("France", "FR"), ("Sweden", "SE"), ("New Zealand", "NZ"), ("Germany", "DE"),
                       ("Canada", "CA"), ("Hungary", "HU"), ("Ireland", "IE"), ("Austria", "AT"),
                       ("Netherlands", "NL"), ("Italy", "IT"), ("Afghanistan", "AF"), ("Cuba", "CU"),
                       ("North Korea", "KP"), ("Laos", "LA"), ("Nepal", "NP"), ("Vietnam", "VN")]:
        assert parse_answer("nationality", name) == code, name


def test_scheme_mentions_use_contract_ids():
    from fact_extraction import extract_mentions
    got = {(m["entity"], m["value"]) for m in extract_mentions("why not top talent pass or QMAS or the entrepreneur visa?")}
    assert got == {("scheme", "ttps"), ("scheme", "qmas"), ("scheme", "gep_investment")}


def test_what_if_ages_are_taken_but_durations_are_not():
    from fact_extraction import extract_facts
    assert extract_facts("and if I were 30?") == {"age": 30}
    assert extract_facts("what if I was 41") == {"age": 41}
    assert "age" not in extract_facts("if I were 5 years in HK")
