"""Properties over generated messages: values always in the contract, unrelated text changes
nothing, and a message with no fact yields none."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility import FACTS
from eligibility.facts import validate_fact
from fact_extraction import understand

AS_OF = "2026-11-26"
FACT_MESSAGES = [
    "I'm 32, did my master's at HKU, speak English and Cantonese and earn about 90k a month",
    "Kenyan and 33", "6 yrs exp as a nurse", "32 lakh rupees a year", "I'm British not French",
    "no listed company of my own", "I have a permanent HKID", "my husband is a Hong Kong permanent resident",
    "I live in Shenzhen", "I'm on a student visa", "born in Manila", "no job offer yet",
]
# words and sentences that state nothing about the person
FILLER = ["hello", "thanks", "well", "so", "hmm", "please help", "ok", "good morning", "by the way",
          "I hope this helps", "let me think", "cheers", "you know", "anyway", "that's all"]
NO_FACT = st.lists(st.sampled_from(FILLER + ["what is QMAS?", "how long does it take?", "tell me more",
                                             "what documents do I need?", "the weather is nice today",
                                             "can you explain the talent list?", "bye"]),
                   min_size=1, max_size=4).map(" ".join)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text(max_size=80), st.sampled_from([None] + list(FACTS)))
def test_values_are_always_contract_values(text, asked):
    for fact, value in understand(text, asked=asked, as_of=AS_OF).facts.items():
        assert validate_fact(fact, value) == value


@SETTINGS
@given(st.sampled_from(FACT_MESSAGES), st.sampled_from(FILLER), st.sampled_from(FILLER))
def test_unrelated_text_around_a_fact_does_not_change_it(message, before, after):
    alone = understand(message, as_of=AS_OF).facts
    surrounded = understand(f"{before}. {message}. {after}", as_of=AS_OF).facts
    assert surrounded == alone


@SETTINGS
@given(NO_FACT)
def test_a_message_with_no_fact_yields_none(text):
    u = understand(text, as_of=AS_OF)
    assert u.facts == {} and u.updates == {} and u.ambiguity is None


@SETTINGS
@given(st.integers(min_value=0, max_value=80), st.sampled_from(["", "about ", "maybe ", "roughly "]),
       st.sampled_from(["", "ish", " or so"]))
def test_hedged_number_answers_keep_the_number(n, hedge, suffix):
    u = understand(f"{hedge}{n}{suffix}", asked="work_experience_years", as_of=AS_OF)
    assert u.facts == {"work_experience_years": n}
