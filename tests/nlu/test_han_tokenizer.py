"""The NLU tokenizer keeps English tokens as Rasa's WhitespaceTokenizer makes them and cuts Chinese into words."""
import pytest
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from fact_extraction.han_tokenizer import HanTokenizer, segment_han


def tokens(tokenizer, text):
    return [(t.text, t.start, t.end) for t in tokenizer.tokenize(Message(data={"text": text}), "text")]


@pytest.fixture(scope="module")
def han():
    return HanTokenizer(HanTokenizer.get_default_config())


@pytest.mark.parametrize("text", [
    "I'm 32, did my master's at HKU and earn about HK$90k a month",
    "what is QMAS?",
    "no, my income is HK$800k",
    "hi :)",
])
def test_english_tokens_are_the_whitespace_tokenizers(han, text):
    whitespace = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    assert tokens(han, text) == tokens(whitespace, text)


def test_chinese_words_around_english_are_kept(han):
    # Rasa's WhitespaceTokenizer drops "我做": its emoji pattern covers the CJK blocks
    assert [t[0] for t in tokens(han, "我做 software engineer")] == ["我", "做", "software", "engineer"]


def test_offsets_point_at_the_original_characters(han):
    text = "我拎到香港嘅 job offer"
    for word, start, end in tokens(han, text):
        assert text[start:end] == word


@pytest.mark.parametrize("run, word", [
    ("高才通是什麼", "高才通"),
    ("點解我申請唔到優才", "優才"),
    ("我老公係香港永久性居民", "永久性居民"),
    ("我拎咗受養人簽證", "受養人"),
    ("入境處幾時批", "入境處"),
    ("我想申請优才", "优才"),
])
def test_hong_kong_terms_are_one_word(run, word):
    assert word in segment_han(run)


def test_traditional_is_cut_like_its_simplified_form():
    assert len(segment_han("我想申請簽證")) == len(segment_han("我想申请签证"))


def test_han_runs_can_stay_whole_but_are_kept():
    whole = HanTokenizer({**HanTokenizer.get_default_config(), "segment_han": False})
    assert [t[0] for t in tokens(whole, "IANG 可以留幾耐？")] == ["IANG", "可以留幾耐"]
    assert [t[0] for t in tokens(whole, "我做 software engineer")] == ["我做", "software", "engineer"]
