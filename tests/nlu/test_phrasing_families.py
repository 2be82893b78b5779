"""Phrasing families people use, each with sentences of its own (not the evaluation set's)."""
import pytest

from fact_extraction import understand

AS_OF = "2026-12-01"


def facts(text, **kw):
    return understand(text, as_of=AS_OF, **kw).facts


# ------------------------------------------------------------------ age
@pytest.mark.parametrize("text,age", [("I'll be 50 in March", 49), ("turning 28 next year", 27),
                                      ("31 next week", 30), ("I turned 45 in June", 45)])
def test_an_age_on_the_coming_birthday_is_one_more_than_now(text, age):
    assert facts(text, asked="age")["age"] == age


@pytest.mark.parametrize("text", ["I'm about 52", "I am roughly 38", "aged around 60"])
def test_a_hedge_between_the_cue_and_the_age_keeps_it(text):
    assert facts(text)["age"] == int(text.split()[-1])


def test_age_and_sex_shorthand_as_its_own_part():
    assert facts("41F, Malaysian, MBA")["age"] == 41
    assert "age" not in facts("the offer is 30m a year")


@pytest.mark.parametrize("text", ["is a 50 year old too old for QMAS?", "can someone aged 35 get TTPS?"])
def test_an_age_in_a_question_about_someone_is_not_the_persons(text):
    assert "age" not in facts(text)


def test_naming_the_age_in_a_correction():
    assert understand("please update my age to 52", known={"age": 51}, as_of=AS_OF).updates == {"age": 52}


# ------------------------------------------------------------------ money
@pytest.mark.parametrize("text", ["I hope to make HK$2M one day", "my expected salary is HK$900k",
                                  "the scheme needs HK$2.5M income, right", "my goal is to earn 3 million a year"])
def test_a_wished_or_required_amount_is_not_the_income(text):
    assert "annual_income_hkd" not in facts(text)


def test_a_supposition_still_reads_the_amount_for_the_what_if_answer():
    u = understand("what if I made HK$3M?", as_of=AS_OF)
    assert u.hypothetical == {"annual_income_hkd": 3_000_000} and u.updates == {}


@pytest.mark.parametrize("text,hkd", [("12 LPA", 105_600), ("package is 30 lpa", 264_000)])
def test_lakh_per_annum_shorthand_is_a_yearly_rupee_income(text, hkd):
    assert facts(text, asked="annual_income_hkd")["annual_income_hkd"] == hkd
    assert facts("Indian, 31, " + text)["annual_income_hkd"] == hkd


# ------------------------------------------------------------------ corrections of a number
@pytest.mark.parametrize("text,known,fact,value", [
    ("oops, 2.4M not 2.1M", {"annual_income_hkd": 2_100_000, "age": 40}, "annual_income_hkd", 2_400_000),
    ("sorry, 11 years not 1", {"work_experience_years": 1}, "work_experience_years", 11),
    ("I meant 62, not 26", {"age": 26, "work_experience_years": 3}, "age", 62),
])
def test_a_correction_that_names_the_old_number_changes_that_fact(text, known, fact, value):
    u = understand(text, known=known, as_of=AS_OF)
    assert u.updates == {fact: value} and u.corrections == {fact: (known[fact], value)}


def test_a_correction_naming_no_known_number_changes_nothing():
    assert understand("sorry, 9 not 8", known={"age": 40}, as_of=AS_OF).updates == {}


# ------------------------------------------------------------------ degree
@pytest.mark.parametrize("text", ["I didn't go to college, straight to work after school",
                                  "never went to university"])
def test_never_went_to_university_is_no_degree(text):
    assert facts(text)["highest_degree"] == "none"


def test_a_postgraduate_diploma_is_not_a_masters():
    assert facts("BA in English, plus a PGCE")["highest_degree"] == "bachelor"
    assert "highest_degree" not in facts("I have a postgraduate certificate in teaching")


@pytest.mark.parametrize("text,stem", [("LLM", False), ("BEng", True), ("BBA", False)])
def test_a_degree_that_names_its_field_says_stem(text, stem):
    assert facts(text, asked="highest_degree")["stem_degree"] is stem


def test_a_field_in_another_part_of_the_message_is_not_the_degrees():
    assert "stem_degree" not in facts("doctorate, 20 years in banking")


def test_the_degree_named_in_answer_to_the_stem_question_is_no_new_highest_degree():
    assert facts("it's an LLB, so no", asked="stem_degree") == {"stem_degree": False}


def test_a_degree_of_no_stated_level_with_its_field():
    assert facts("my degree is in accounting") == {"stem_degree": False}
    assert facts("my degree is in physics") == {"stem_degree": True}


def test_it_is_a_field_only_in_upper_case():
    assert facts("BSc, it was hard")["highest_degree"] == "bachelor"
    assert "stem_degree" not in facts("BSc, it was hard")


def test_the_university_of_a_degree_on_the_aggregate_list():
    assert facts("my PhD university is on the aggregate list") == {"postgraduate_listed_university": True}
    u = understand("hmm no, my uni is not on the list", known={"postgraduate_listed_university": True},
                   as_of=AS_OF)
    assert u.facts == {"postgraduate_listed_university": False}


def test_graduated_years_ago_with_the_bachelors_in_another_part():
    assert facts("bachelors in history, finished 6 years ago")["years_since_bachelor"] == 6
    assert "years_since_bachelor" not in facts("bachelors and MSc, finished 6 years ago")


# ------------------------------------------------------------------ visas
@pytest.mark.parametrize("text,visa", [
    ("I don't have a work visa, it's a student one", "student"),
    ("no longer on a dependant visa - I'm on TTPS now", "ttps"),
])
def test_a_denied_visa_gives_way_to_the_one_held(text, visa):
    assert facts(text)["current_visa"] == visa


def test_a_denied_visa_alone_is_none():
    assert facts("I'm not on a work visa")["current_visa"] == "none"


@pytest.mark.parametrize("text,visa", [("I'm on my wife's dependant visa", "dependant_visa"),
                                       ("I'm here as a tourist", "visitor"),
                                       ("I came through TTPS", "ttps"),
                                       ("working as a domestic helper for a family in Sha Tin", "domestic_helper")])
def test_ways_of_saying_which_visa_is_held(text, visa):
    assert facts(text)["current_visa"] == visa


def test_being_a_student_somewhere_is_no_hong_kong_student_visa():
    assert "current_visa" not in facts("I'm a student in Lagos")


# ------------------------------------------------------------------ family
def test_a_spouse_on_a_hong_kong_talent_visa_can_sponsor():
    assert facts("my husband is on a TTPS visa")["family_sponsor"] == "spouse"
    assert "family_sponsor" not in facts("my husband wants to apply for TTPS")
    assert "family_sponsor" not in facts("my dad is on a student visa")


@pytest.mark.parametrize("text", ["my mum has a permanent Hong Kong ID card", "my father is an HKPR card holder"])
def test_a_parent_with_a_permanent_id_card(text):
    assert facts(text) == {"parent_hk_permanent_resident": True}


def test_a_pronoun_refers_to_the_family_member_named_before():
    got = facts("my father has a permanent HKID and he lives in HK")
    assert got == {"parent_hk_permanent_resident": True, "family_sponsor": "parent"}
    assert facts("my dad is in Toronto and he is a PR there") == {}
    assert facts("my boss lives in Hong Kong and he is a PR") == {}


# ------------------------------------------------------------------ country and residence
@pytest.mark.parametrize("text,residence", [
    ("Vietnamese, 29, in Hanoi", "overseas"),
    ("Kenyan, currently in Nairobi", "overseas"),
    ("I'm a teacher in Shenzhen", "mainland"),
    ("I earn HK$40k a month in Kowloon", "hong_kong"),
    ("I've been living in Taipei for 3 years", "taiwan"),
])
def test_where_the_person_is_now(text, residence):
    assert facts(text)["residence"] == residence


@pytest.mark.parametrize("text", ["I'm interested in Hong Kong", "I lived in Paris for 2 years",
                                  "I'm a tourist in Seoul this week",
                                  "I'm a big fan of the food in Tokyo", "I studied in London"])
def test_a_place_the_person_is_not_in_now(text):
    assert "residence" not in facts(text)


@pytest.mark.parametrize("text", ["MSc from a US university", "I worked for a UK bank for 5 years"])
def test_a_country_naming_an_institution_is_no_nationality(text):
    assert "nationality" not in facts(text)


@pytest.mark.parametrize("text,code", [("my passport is Brazilian", "BR"), ("uk passport holder", "GB")])
def test_passport_and_citizen_wordings(text, code):
    assert facts(text)["nationality"] == code


def test_us_is_a_country_only_in_upper_case_or_before_citizen():
    assert facts("us citizen", asked="nationality")["nationality"] == "US"
    assert facts("please tell us more") == {}


# ------------------------------------------------------------------ languages
def test_a_language_said_to_be_weak_after_it_is_not_counted():
    assert facts("mandarin, cantonese so so", asked="languages")["languages"] == ["putonghua"]


@pytest.mark.parametrize("text,langs", [
    ("Korean and English, both professional level", ["english", "other"]),
    ("my Cantonese is very good", ["cantonese"]),
    ("Mandarin is my first language", ["putonghua"]),
])
def test_a_language_said_to_be_good_after_it_is_spoken(text, langs):
    assert facts(text)["languages"] == langs


def test_brackets_say_which_chinese():
    assert facts("I speak Chinese (Cantonese) and English")["languages"] == ["english", "cantonese"]


def test_cannot_write_chinese_counts_neither_chinese_language():
    assert facts("I speak Mandarin but can't write Chinese, English is fine")["languages"] == ["english"]


# ------------------------------------------------------------------ sentences (spaCy sentencizer)
def test_a_dotted_degree_abbreviation_ends_no_sentence():
    got = facts("I have a Ph.D. in physics. I am 40")
    assert got == {"highest_degree": "doctorate", "stem_degree": True, "age": 40}


def test_a_full_stop_ends_the_sentence_a_negation_reaches():
    assert facts("No job offer yet. I have 5 years of experience")["work_experience_years"] == 5
    assert facts("I am not a student. I'm 30") == {"age": 30}


def test_a_question_mark_ends_a_question_only():
    u = understand("I earn HK$1M a year. Is that enough for QMAS?", as_of=AS_OF)
    assert u.updates == {"annual_income_hkd": 1_000_000}


# ------------------------------------------------------------------ durations
@pytest.mark.parametrize("text,fact,years", [
    ("4 years on my TTPS", "years_on_current_visa", 4),
    ("QMAS holder since 3 yrs", "years_on_current_visa", 3),
    ("came in through TTPS 2 years ago", "years_on_current_visa", 2),
    ("I moved to Hong Kong 5 years ago", "years_residence_hk", 5),
])
def test_time_on_a_visa_or_in_hong_kong(text, fact, years):
    assert facts(text)[fact] == years


def test_years_lived_in_hong_kong_on_a_visa_are_the_residence():
    got = facts("I've lived in Hong Kong 6 years on IANG and GEP")
    assert got["years_residence_hk"] == 6 and "years_on_current_visa" not in got


def test_time_ago_without_a_graduation_or_visa_is_nothing():
    assert facts("I left my job 2 years ago") == {}


def test_a_place_after_time_worked_is_where_the_work_was():
    assert "residence" not in facts("four years of experience overseas, in Dubai")


# ------------------------------------------------------------------ yes/no wordings
@pytest.mark.parametrize("text", ["they offered me a role at HSBC", "I have a confirmed offer from a firm in Kowloon",
                                  "I got the offer from a Hong Kong bank"])
def test_a_job_offer_worded_in_passing(text):
    assert facts(text)["hk_job_offer"] is True


def test_an_offer_of_something_else_is_no_job_offer():
    assert "hk_job_offer" not in facts("my manager offered me a raise")


def test_no_hong_kong_job_is_no_offer_but_wanting_one_states_nothing():
    assert facts("still no HK job")["hk_job_offer"] is False
    assert "hk_job_offer" not in facts("I want a job in Hong Kong")
    assert "hk_job_offer" not in facts("my husband has no job in HK")


def test_a_relative_clause_is_no_question():
    assert facts("my role is a welder, which is on the technical professionals list") == {"tp_list_trade": True}


def test_winning_a_national_award():
    assert facts("I won a national design award in 2023")["exceptional_achievement"] is True


# ------------------------------------------------------------------ parts of the work experience
@pytest.mark.parametrize("text,expected", [
    ("12 years of experience, all of them in banking", {"work_experience_years": 12, "sector_experience_years": 12}),
    ("I have 7 years experience, 4 of them abroad", {"work_experience_years": 7, "international_experience_years": 4}),
    ("20 years working, the last 3 all in fintech",
     {"work_experience_years": 20, "recent_work_experience_years": 3, "sector_experience_years": 3}),
    ("I've worked 3 years, all of them in the past 5 years",
     {"work_experience_years": 3, "recent_work_experience_years": 3}),
    ("10 yrs in tech", {"work_experience_years": 10, "sector_experience_years": 10}),
])
def test_parts_of_the_experience_said_after_it(text, expected):
    assert facts(text) == expected


def test_a_part_larger_than_the_whole_is_not_read():
    assert "international_experience_years" not in facts("3 years of experience, 5 of them overseas")


# ------------------------------------------------------------------ "both"/"all" saying more about the last part
def test_both_in_a_field_after_two_degrees():
    assert facts("a BSc and an MPhil, both in chemistry") == {"highest_degree": "master", "stem_degree": True}


@pytest.mark.parametrize("text,langs", [("Spanish (native) + English (C2)", ["english", "other"]),
                                        ("German and English, both fluent", ["english", "other"])])
def test_language_levels_said_after_the_list(text, langs):
    assert facts(text)["languages"] == langs


def test_a_demonym_before_a_later_language_list_is_the_nationality():
    got = facts("thai, 27, fluent english + thai")
    assert got["nationality"] == "TH" and got["languages"] == ["english", "other"]


def test_an_age_before_a_demonym():
    assert facts("31 yo canadian, nurse")["nationality"] == "CA"


def test_the_hong_kong_degree_of_a_non_local_graduate():
    assert facts("I did my bachelor's at HKBU as a non-local student")["hk_bachelor_graduate"] is True
    assert facts("my master's is from PolyU, I was a non-local student")["hk_bachelor_graduate"] is False
    assert "hk_bachelor_graduate" not in facts("did my bachelor's at HKU")


# ------------------------------------------------------------------ demonyms and self-answered questions
@pytest.mark.parametrize("text,code", [("Rwandan, 33", "RW"), ("I'm Tanzanian", "TZ"), ("Zambian nurse", "ZM")])
def test_regular_demonyms_of_country_names_ending_in_a(text, code):
    assert facts(text)["nationality"] == code


def test_a_question_the_person_answers_themselves_states_the_fact():
    u = understand("29, MSc. criminal record? none. HK permanent resident? yes", as_of=AS_OF)
    assert u.updates["criminal_record"] is False and u.updates["hk_permanent_resident"] is True
    assert "criminal_record" not in facts("criminal record? what counts?")


# ------------------------------------------------------------------ "here", non-permanent HKID, no business plan yet
def test_here_is_hong_kong_unless_another_place_is_named():
    assert facts("I've been living here for 2 years")["residence"] == "hong_kong"
    got = facts("I've lived here in Doha for 3 years")
    assert got.get("residence") == "overseas" and "years_residence_hk" not in got


def test_a_non_permanent_hkid_is_no_permanent_residence():
    assert facts("I hold a non-permanent HKID")["hk_permanent_resident"] is False
    assert facts("I have an HKID but not a permanent one")["hk_permanent_resident"] is False


def test_no_plan_yet_about_a_business_is_no_business_plan():
    assert facts("I'd love to open a company here but I don't have a plan yet")["business_plan"] is False
    assert "business_plan" not in facts("I have no plan to move yet")


# ------------------------------------------------------------------ a parent settled overseas at the birth (ASSG)
def test_a_chinese_parent_living_overseas_when_the_person_was_born():
    got = facts("my mother was a Chinese citizen settled in Peru when I was born")
    assert got == {"parent_settled_overseas_at_birth": True}


@pytest.mark.parametrize("text", ["my dad was a Chinese national living in Beijing when I was born",
                                  "my father lives in Malaysia", "my father was living in Malaysia when I was born"])
def test_no_settled_overseas_parent_without_all_of_it(text):
    assert "parent_settled_overseas_at_birth" not in facts(text)


# ------------------------------------------------------------------ a family member known in Hong Kong is not there
def test_the_family_member_known_in_hong_kong_is_not_there():
    u = understand("sorry, my husband is not in Hong Kong, he lives with me in Jakarta",
                   known={"family_sponsor": "spouse"}, as_of=AS_OF)
    assert u.updates == {"family_sponsor": "none", "residence": "overseas"}
    assert "family_sponsor" not in facts("my wife is not in HK")
    assert "family_sponsor" not in facts("my husband was in HK last year")
