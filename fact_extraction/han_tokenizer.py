"""A Rasa tokenizer for messages in English, Chinese, or both at once ("我做 software engineer").

Rasa 3.6's own JiebaTokenizer accepts only `language: zh` and emits the spaces as tokens; the
WhitespaceTokenizer drops words written only in Han characters (its emoji pattern covers the CJK
blocks), so "我做 software engineer" reaches the featurizers as "software engineer", and an
all-Chinese message becomes one token. This one is the WhitespaceTokenizer
(English tokens exactly as before) with every run of Han characters inside a token cut into
words by jieba. jieba's bundled dictionary is Simplified, so Traditional text is segmented on
its OpenCC `hk2s` conversion and the words are cut from the original characters; the Hong Kong
terms it lacks (簽證, 優才, 入境處, 受養人, 高才通, Cantonese 唔係 / 冇 ...) are in
`hk_terms.txt`, loaded in both scripts. Nothing is downloaded.

    pipeline:
      - name: fact_extraction.han_tokenizer.HanTokenizer
        segment_han: true     # false: Han runs stay whole, but are kept
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import jieba
import opencc
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

HONG_KONG_TERMS = Path(__file__).with_name("hk_terms.txt")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _segmenter() -> jieba.Tokenizer:
    segmenter = jieba.Tokenizer()
    to_simplified = opencc.OpenCC("hk2s")
    for line in HONG_KONG_TERMS.read_text(encoding="utf-8").splitlines():
        term = line.strip()
        if term and not term.startswith("#"):
            segmenter.add_word(term)
            segmenter.add_word(to_simplified.convert(term))
    return segmenter


@lru_cache(maxsize=1)
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("hk2s")


def segment_han(run: str) -> List[str]:
    """Words of a run of Han characters, in the run's own characters."""
    simplified = _to_simplified().convert(run)
    if len(simplified) != len(run):          # a phrase conversion changed the length: segment as is
        simplified = run
    words, position = [], 0
    for word in _segmenter().cut(simplified, HMM=True):
        words.append(run[position:position + len(word)])
        position += len(word)
    return words


def split_token(token: Token) -> List[Token]:
    """A whitespace token cut at Han words: "我做software" -> 我 / 做 / software."""
    if not _HAN_RUN.search(token.text):
        return [token]
    pieces: List[Token] = []
    position = 0
    for match in _HAN_RUN.finditer(token.text):
        if match.start() > position:
            pieces.append(Token(token.text[position:match.start()], token.start + position))
        offset = match.start()
        for word in segment_han(match.group()):
            pieces.append(Token(word, token.start + offset))
            offset += len(word)
        position = match.end()
    if position < len(token.text):
        pieces.append(Token(token.text[position:], token.start + position))
    return pieces


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class HanTokenizer(WhitespaceTokenizer):
    """Whitespace tokens, with Han characters cut into words by jieba (Hong Kong terms added)."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # segment_han: false keeps each run of Han characters whole (one token, as the
        # WhitespaceTokenizer makes an all-Chinese message) but never drops it.
        return {**WhitespaceTokenizer.get_default_config(), "segment_han": True}

    @staticmethod
    def not_supported_languages() -> Optional[List[Text]]:
        return None

    @staticmethod
    def required_packages() -> List[Text]:
        return ["jieba", "opencc"]

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "HanTokenizer":
        return cls(config)

    def remove_emoji(self, text: Text) -> Text:
        # Rasa's emoji pattern spans U+24C2..U+1F251, which takes in every CJK character: the
        # WhitespaceTokenizer drops a word written only in Han characters as an "emoji".
        if _HAN_RUN.search(text):
            return text
        return super().remove_emoji(text)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        if not self._config.get("segment_han", True):
            return tokens
        split = [piece for token in tokens for piece in split_token(token)]
        return self._apply_token_pattern(split) if self._config.get("token_pattern") else split
