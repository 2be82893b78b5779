"""Each extractor on its boundaries, and the context rules applied once for all of them."""
import pytest

from fact_extraction import understand
from fact_extraction.extractors import EXTRACTORS
from fact_extraction.lexicon import lexicon

AS_OF = "2026-11-26"


def facts(text, **kw):
    return understand(text, as_of=AS_OF, **kw).facts


def test_every_extractor_is_registered_once_and_names_what_it_reads():
    from eligibility import FACTS
    names = [e.__name__.rsplit(".", 1)[-1] for e in EXTRACTORS]
    assert names == ["age", "degree", "languages", "money", "places", "durations", "yes_no", "visas", "family"]
    for extractor in EXTRACTORS:
        assert extractor.__doc__ and set(extractor.FACTS) <= set(FACTS) | {"ugc_funded_programme",
                                                                        "hk_bachelor_graduate"}


# ------------------------------------------------------------------ age
@pytest.mark.parametrize("text,age", [("I'm 16", 16), ("aged 99", 99), ("I am 120 years old", 120),
                                      ("Kenyan, 16", 16), ("Kenyan, 99", 99)])
def test_age_bounds(text, age):
    assert facts(text)["age"] == age


@pytest.mark.parametrize("text", ["Kenyan, 15", "Kenyan, 100", "I'm 5 years into my career", "I have 3 kids",
                                  "meet at 5", "I'm 121 years old"])
def test_not_an_age(text):
    assert "age" not in facts(text)


def test_birth_date_day_before_and_on_the_birthday():
    assert understand("born 27 November 1990", as_of="2026-11-26").facts["age"] == 35
    assert understand("born 26 November 1990", as_of="2026-11-26").facts["age"] == 36


# ------------------------------------------------------------------ degree
@pytest.mark.parametrize("text,level", [("PhD", "doctorate"), ("an MPhil", "master"), ("BEng", "bachelor"),
                                        ("higher diploma", "sub_degree"), ("just high school", "none")])
def test_degree_levels(text, level):
    assert facts("I have " + text)["highest_degree"] == level


@pytest.mark.parametrize("text", ["I want to study a master's", "I'm doing an MBA", "my wife has a PhD",
                                  "no master's yet", "applying for a PhD"])
def test_degree_plans_others_and_denials_are_not_degrees(text):
    assert "highest_degree" not in facts(text)


def test_highest_of_several_degrees_wins():
    assert facts("BSc and then a PhD")["highest_degree"] == "doctorate"


# ------------------------------------------------------------------ languages
def test_weak_and_denied_languages_are_not_counted():
    u = understand("I speak English, basic Mandarin but not Cantonese", as_of=AS_OF)
    assert u.facts == {"languages": ["english"]}
    assert "not counted" in u.readings[0].interpretation


def test_languages_are_in_contract_order():
    assert facts("fluent in French, Cantonese and English")["languages"] == ["english", "cantonese", "other"]


def test_french_alone_is_asked_back_not_guessed():
    u = understand("French", as_of=AS_OF)
    assert u.facts == {} and u.updates == {}
    assert u.ambiguity.question == "Do you mean you are French, or that you speak French?"
    assert [option for _, option in u.ambiguity.options] == [{"nationality": "FR"}, {"languages": ["other"]}]


def test_french_in_answer_to_each_question():
    assert facts("French", asked="languages") == {"languages": ["other"]}
    assert facts("French", asked="nationality") == {"nationality": "FR"}


# ------------------------------------------------------------------ money
@pytest.mark.parametrize("text,hkd", [
    ("I earn HK$1.2M", 1_200_000), ("salary US$400k a year", 3_120_000), ("earn 50k a month", 600_000),
    ("I make £100,000", 1_030_000), ("salary 1 crore rupees", 880_000), ("I earn 2.5 million", 2_500_000),
])
def test_money(text, hkd):
    assert facts(text)["annual_income_hkd"] == hkd


def test_amount_with_nothing_to_say_what_it_is_is_not_guessed():
    assert facts("2 million") == {}


@pytest.mark.parametrize("text,fact", [("net assets of HK$35M", "net_assets_hkd"),
                                       ("the offer pays HK$900k", "job_offer_salary_hkd"),
                                       ("my business made a profit of 5M", "business_profit_hkd")])
def test_money_facts_from_the_words_around(text, fact):
    assert fact in facts(text)


def test_conversion_is_shown_short():
    u = understand("US$400k a year", asked="annual_income_hkd", as_of=AS_OF)
    assert u.acknowledgement() == "Noted - annual income: US$400k a year - about HK$3.12M a year at 7.80."


# ------------------------------------------------------------------ places
@pytest.mark.parametrize("text,value", [("I live in Shenzhen", "mainland"), ("based in London", "overseas"),
                                        ("I'm from Macau", "macao"), ("living in Taipei", "taiwan"),
                                        ("I live in Kowloon", "hong_kong")])
def test_residence(text, value):
    assert facts(text)["residence"] == value


@pytest.mark.parametrize("text", ["I want to move to Hong Kong", "my wife lives in Shenzhen",
                                  "I did my degree in London"])
def test_not_a_residence(text):
    assert "residence" not in facts(text)


@pytest.mark.parametrize("text,code", [("I'm Kenyan", "KE"), ("Indian citizen", "IN"), ("from Nepal", "NP"),
                                       ("I hold a Canadian passport", "CA"), ("I'm Chinese", "CN")])
def test_nationality(text, code):
    assert facts(text)["nationality"] == code


def test_every_demonym_is_a_real_iso_country():
    import pycountry
    assert all(pycountry.countries.get(alpha_2=code) for code in lexicon("en").demonyms.values())


# ------------------------------------------------------------------ durations
@pytest.mark.parametrize("text,fact,value", [
    ("8 years as a nurse", "work_experience_years", 8),
    ("18 months of experience", "work_experience_years", 1.5),
    ("3 years at a multinational", "multinational_experience_years", 3),
    ("lived in Hong Kong for 7 years", "years_residence_hk", 7),
    ("2 years on my visa", "years_on_current_visa", 2),
])
def test_durations(text, fact, value):
    assert facts(text)[fact] == value


def test_no_experience_is_zero():
    assert facts("I have no work experience") == {"work_experience_years": 0}


# ------------------------------------------------------------------ yes/no, visas, family
@pytest.mark.parametrize("text,expected", [
    ("I have a job offer", {"hk_job_offer": True}), ("no job offer", {"hk_job_offer": False}),
    ("I don't have a business plan", {"business_plan": False}),
    ("I plan to start a business in HK", {"business_plan": True}),
    ("clean record", {"criminal_record": False}), ("I was born in Canada", {"born_overseas": True}),
    ("I have a green card", {"foreign_permanent_residence": True}),
])
def test_yes_no_facts(text, expected):
    assert facts(text) == expected


@pytest.mark.parametrize("text,value", [("I'm on a student visa", "student"), ("TTPS visa holder", "ttps"),
                                        ("I have no visa", "none")])
def test_visas(text, value):
    assert facts(text)["current_visa"] == value


@pytest.mark.parametrize("text", ["I want to apply for TTPS", "what is QMAS?", "am I eligible for IANG?"])
def test_a_scheme_asked_about_is_not_the_current_visa(text):
    assert "current_visa" not in facts(text)


def test_no_family_in_hong_kong():
    assert facts("I have no family in Hong Kong") == {"family_sponsor": "none"}


# ------------------------------------------------------------------ known facts, answers, corrections
def test_incidental_reading_is_held_back_not_applied():
    u = understand("I'm Kenyan and work in tech", known={"nationality": "IN"}, as_of=AS_OF)
    assert u.facts["nationality"] == "KE"
    assert "nationality" in u.updates or u.held_back == {"nationality": "KE"}
    u = understand("Kenyan", known={"nationality": "IN"}, as_of=AS_OF, asked="age")
    assert u.held_back == {"nationality": "KE"} and "nationality" not in u.updates


def test_answer_to_its_own_question_changes_a_known_fact():
    u = understand("42", known={"age": 41}, asked="age", as_of=AS_OF)
    assert u.corrections == {"age": (41, 42)}


def test_actually_corrects():
    u = understand("actually I'm 41", known={"age": 40}, as_of=AS_OF)
    assert u.updates == {"age": 41}
    assert u.acknowledgement() == "Updated - age: 41 (was 40)."


@pytest.mark.parametrize("text", ["no idea", "not sure", "skip", "I don't know", "dunno"])
def test_dont_know(text):
    u = understand(text, asked="net_assets_hkd", as_of=AS_OF)
    assert u.dont_know and u.facts == {}


def test_not_sure_with_a_number_is_an_answer():
    u = understand("not sure, maybe 3", asked="work_experience_years", as_of=AS_OF)
    assert u.facts == {"work_experience_years": 3} and not u.dont_know


def test_language_tag_is_checked_and_chinese_is_read_in_either_conversation_language():
    with pytest.raises(ValueError):
        understand("hi", language="fr")
    for language in ("en", "zh-Hant", "zh-Hans"):
        assert understand("我今年32歲，英國人，住在倫敦", language=language).facts == {
            "age": 32, "nationality": "GB", "residence": "overseas"}
        assert understand("我不知道", language=language).facts == {}
        assert understand("I'm 32", language=language).facts == {"age": 32}
        assert understand("不知道", asked="age", language=language).dont_know


def test_dollar_sign_is_the_dollar_of_the_country_named_else_hk_dollars():
    assert facts("I am a US citizen in Seattle and make $180k a year")["annual_income_hkd"] == 1_404_000
    assert facts("I make $180k a year")["annual_income_hkd"] == 180_000
    u = understand("I make $180k a year", as_of=AS_OF)
    assert "HK$180k a year" in u.acknowledgement()


def test_lakh_without_a_currency_is_rupees_and_is_shown_in_lakh():
    u = understand("earning 45 lakhs per annum", as_of=AS_OF)
    assert u.facts["annual_income_hkd"] == 396_000
    assert u.readings[0].interpretation == "₹45 lakhs a year - about HK$396k a year at 0.088"


def test_each_amount_goes_to_the_fact_named_next_to_it():
    assert facts("my company made HK$5M profit last year and my net assets are around HK$40M") == {
        "business_profit_hkd": 5_000_000, "net_assets_hkd": 40_000_000}


def test_dont_speak_denies_a_language_and_the_list_after_still_counts():
    assert facts("I don't speak Cantonese, only English and Hindi") == {"languages": ["english", "other"]}


def test_suppositions_and_questions_are_read_but_not_stored():
    u = understand("What if I earned HK$2.5M?", as_of=AS_OF)
    assert u.facts == {"annual_income_hkd": 2_500_000}          # what-if answers still see it
    assert u.updates == {} and u.hypothetical == {"annual_income_hkd": 2_500_000}
    assert understand("Is a HK$1M salary enough for QMAS?", as_of=AS_OF).updates == {}
    assert understand("32?", asked="age", as_of=AS_OF).updates == {"age": 32}


@pytest.mark.parametrize("text", ["Do I need a degree for TTPS?", "I'm 5 foot 11", "I'm a French teacher",
                                  "I have a master's degree in progress", "I teach English in Japan"])
def test_no_false_fact(text):
    assert understand(text, as_of=AS_OF).updates == {}


def test_married_to_a_permanent_resident_is_a_family_fact():
    u = understand("I'm married to a Hong Kong permanent resident", as_of=AS_OF)
    assert u.facts == {"family_sponsor": "spouse"}
    assert "your spouse in Hong Kong" in u.acknowledgement()


def test_permanent_resident_of_a_country_is_not_a_residence():
    assert facts("I am a permanent resident of Canada and a Chinese citizen") == {
        "nationality": "CN", "foreign_permanent_residence": True}


@pytest.mark.parametrize("asked,text,value", [
    ("bachelor_listed_university", "no it's from a local uni in Kenya", False),
    ("stem_degree", "accounting", False), ("stem_degree", "yeah computer science", True),
    ("hk_permanent_resident", "I'm a PR", True), ("work_experience_years", "two", 2),
    ("exceptional_achievement", "I won a national science award", True),
    ("hk_job_offer", "not yet, still interviewing", False), ("annual_income_hkd", "nothing", 0),
    ("languages", "Mandarin is my mother tongue, and I'm fluent in English", ["english", "putonghua"]),
    ("years_since_bachelor", "i did it in 2015", 11), ("current_visa", "IANG", "iang"),
])
def test_answers_to_the_question_asked(asked, text, value):
    u = understand(text, asked=asked, as_of=AS_OF)
    assert u.facts[asked] == value
    assert "highest_degree" not in u.facts or asked == "highest_degree"


@pytest.mark.parametrize("text,expected", [
    ("I'm from Taiwan and work in semiconductors", {"residence": "taiwan"}),
    ("I'm Malaysian Chinese, speak Cantonese, Mandarin, English and Malay",
     {"nationality": "MY", "languages": ["english", "cantonese", "putonghua", "other"]}),
    ("I have no experience in Hong Kong", {}),
    ("I've been a nurse for 12 years in the UK NHS", {"work_experience_years": 12}),
])
def test_opening_messages(text, expected):
    assert facts(text) == expected


def test_naming_a_lower_degree_or_one_language_in_passing_changes_nothing_known():
    u = understand("my bachelor's is in computer science", known={"highest_degree": "master"},
                   asked="stem_degree", as_of=AS_OF)
    # in answer to the STEM question the degree named says which one: no new highest degree
    assert u.updates == {"stem_degree": True} and u.held_back == {} and u.corrections == {}
    u = understand("I speak English at work", known={"languages": ["english", "cantonese"]}, as_of=AS_OF)
    assert u.updates == {} and u.held_back == {"languages": ["english"]}
    u = understand("actually I only speak English", known={"languages": ["english", "cantonese"]}, as_of=AS_OF)
    assert u.updates == {"languages": ["english"]}


@pytest.mark.parametrize("text,expected", [
    ("my husband is a Hongkonger", {"family_sponsor": "spouse"}),
    ("my wife has a permanent HKID", {"family_sponsor": "spouse"}),
    ("my mother holds a Hong Kong permanent identity card", {"parent_hk_permanent_resident": True}),
    ("my parents are Hong Kong permanent residents", {"parent_hk_permanent_resident": True}),
    ("my daughter lives in Hong Kong", {"family_sponsor": "child"}),
    ("my dad is from HK", {"family_sponsor": "parent"}),
])
def test_family_in_hong_kong(text, expected):
    assert facts(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("My wife is 39 and I'm 41", {"age": 41}),
    ("my husband earns HK$2M and I earn HK$800k", {"annual_income_hkd": 800_000}),
    ("My wife has a PhD, I have a bachelor's", {"highest_degree": "bachelor"}),
    ("my husband is British, I'm Indian", {"nationality": "IN"}),
])
def test_someone_elses_facts_beside_the_persons_own(text, expected):
    assert facts(text) == expected


def test_graduation_time_is_the_bachelors_when_that_is_the_degree_known():
    assert understand("I graduated 3 years ago", known={"highest_degree": "bachelor"}, as_of=AS_OF).facts == {
        "years_since_bachelor": 3}
    assert understand("I graduated 3 years ago", known={"highest_degree": "master"}, as_of=AS_OF).facts == {}


@pytest.mark.parametrize("text,expected", [
    ("Listed company: none", {"owns_listed_company": False}),
    ("I do not hold permanent residence anywhere else", {"foreign_permanent_residence": False}),
    ("currently finishing my MSc, graduating next year", {}),
    ("I graduated from HKUST last month", {"months_since_hk_graduation": 1}),
    ("I haven't got a job offer yet", {"hk_job_offer": False}),
])
def test_more_phrasings(text, expected):
    assert facts(text) == expected


@pytest.mark.parametrize("text", ["Hi, I'm Jordan", "I am Chad, a nurse", "my name is Georgia"])
def test_a_name_that_is_a_country_is_not_a_nationality(text):
    assert "nationality" not in facts(text)
