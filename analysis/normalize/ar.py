"""Arabic: camel-tools' character maps, dediacritization and word tokenizer; our own sentence splitter.

Only the camel-tools parts that need no downloaded model data are used (see README).
"""
from __future__ import annotations

import re
from functools import cache
from typing import Any, Callable

from . import common

LANG = "ar"
# A sentence ends at . ! ? ؟ ؛ (plus any closing quotes/brackets) followed by a space.
_END = re.compile(r"[.!?؟؛]+[\"'”’»)\]]*(?=\s)")
# A period that does not end a sentence: after a one-letter abbreviation (د. أ. م.) or a
# well-known abbreviation, or inside an ellipsis (Arabic copy uses "..." as a pause).
_NOT_END = re.compile(r"(?:^|[\s(])(?:[\u0621-\u064a]|ص\.ب|[A-Z]|[a-z]{1,3})\.$|\.\.\.?$")
PROCLITIC_CONJ = ("و", "ف")
PROCLITIC_PREP = ("ب", "ل", "ك")


@cache
def _camel():
    import unicodedata

    from camel_tools.tokenizers.word import simple_word_tokenize
    from camel_tools.utils import normalize
    from camel_tools.utils.charmap import CharMapper
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar

    unicode_fix = as_translate(normalize._UNICODE_CHAR_FIX)

    def normalize_unicode(text: str) -> str:
        """camel-tools' normalize_unicode: its two ligature fixes, then NFKC."""
        return unicodedata.normalize("NFKC", unicode_fix(text))

    arclean = CharMapper.builtin_mapper("arclean")

    def camel_steps(token: str) -> str:
        token = dediac_ar(arclean(token))
        return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(token)))

    # the steps themselves last: what tests/normalize/test_ar.py checks the one table against
    return normalize_unicode, simple_word_tokenize, one_table(arclean, camel_steps), camel_steps


class _Dropped(dict[int, str]):
    """A translate table that deletes every character it does not hold."""

    def __missing__(self, char: int) -> None:
        return None


def one_table(arclean: Any, steps: Callable[[str], str]) -> Callable[[str], str]:
    """camel-tools' steps of a key (arclean, dediac_ar, alef, alef maksura and teh marbuta folding) as one
    str.translate: each step maps every character on its own, so their composition is a character table,
    worked out by running the steps on each character arclean knows (the rest it drops). Six calls a
    word become one; tests/normalize/test_ar.py checks the table against the steps on every character."""
    table = _Dropped({ord(char): steps(char) for char in arclean._charmap})
    return lambda token: token.translate(table)


def as_translate(mapper: Any) -> Callable[[str], str]:
    """A camel-tools CharMapper as one character table (`common.translator`).

    CharMapper maps a string one character at a time in Python (each character to its value, or to
    itself when the value is None, or to the mapper's default when it has none); a table does the same
    in C, ~50× faster. arclean's default is '' (characters it does not know are dropped): one
    regex removes those first. tests/normalize/test_ar.py checks both give the same text. A mapper with
    another default has no such form and is used as it is.
    """
    translate = common.translator(str.maketrans({char: value for char, value in mapper._charmap.items()
                                                 if value is not None}))
    if mapper._default is None:
        return translate
    if mapper._default == "":
        unknown = re.compile("[^" + "".join(re.escape(char) for char in mapper._charmap) + "]+")
        return lambda text: translate(unknown.sub("", text))
    return mapper


def clean(text: str) -> str:
    """Display text: shared layout cleaning and camel-tools' Unicode normalization (presentation
    forms and ligatures → letters). Diacritics stay in the display text; keys drop them.

    >>> clean("ﻻ   بُدَّ  مِنْ ـــ الحوار")
    'لا بُدَّ مِنْ الحوار'
    """
    normalize_unicode = _camel()[0]
    return common.clean_layout(normalize_unicode(text))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split at sentence punctuation and line breaks, not after abbreviations or inside numbers."""
    spans = []
    for line_start, line_end in common.lines(text):
        start = line_start
        for m in _END.finditer(text, line_start, line_end):
            if _NOT_END.search(text, max(line_start, m.end() - 8), m.end()):
                continue
            spans.append(common.trim(text, start, m.end()))
            start = m.end()
        if text[start:line_end].strip():
            spans.append(common.trim(text, start, line_end))
    return spans


def tokenize(sentence: str) -> list[str]:
    return _camel()[1](sentence)


@cache
def _fast_tokens() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """camel-tools' simple_word_tokenize as one regex, and the characters it cannot handle.

    camel splits each whitespace-separated word before every punctuation mark or symbol, one
    regex match per character; one `finditer` gives the same tokens, with offsets, at a fraction of
    the cost. Emoji sequences (joiners, keycaps, skin tones, flags, anything outside the BMP) follow
    subtler rules, so text holding them still goes through camel (tests/normalize/test_ar.py
    compares both on real articles and random strings).
    """
    import regex
    from camel_tools.tokenizers.word import _SYMBOLS_ALL, _SYMBOLS_RE

    symbols = "".join(re.escape(c) for c in map(chr, range(0x10000))
                      if c in _SYMBOLS_ALL and _SYMBOLS_RE.fullmatch(c))
    tokens = re.compile(f"[{symbols}]|[^{symbols}\\s]+")
    emoji = regex.compile(r"(?![#*0-9])[\p{Emoji}\p{RI}\p{EMod}]|[\uFE0F\u20E3\u200D]|[^\x00-\uFFFF]")
    # the same test, one character at a time, as a stdlib class (8× faster than `regex`'s \p{Emoji})
    emoji_chars = "".join(re.escape(c) for c in map(chr, range(0x10000)) if emoji.match(c))
    return tokens, re.compile(f"[{emoji_chars}]|[^\\x00-\\uFFFF]")


def token_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each token of simple_word_tokenize(sentence), within the sentence."""
    tokens, emoji = _fast_tokens()
    if emoji.search(sentence):
        return [(s, e) for s, e, _ in common.align(sentence, tokenize(sentence))]
    return list(map(common.SPAN, tokens.finditer(sentence)))


def token_keys(token: str) -> tuple[str, tuple[str, ...]]:
    """Key (camel-tools' arclean, dediac, alef/alef-maksura/teh-marbuta folding, then the shared
    folding) plus the token with proclitics و ف ب ل ك ال split off, as alternatives.

    >>> token_keys("وللأوكرانيين")
    ('وللاوكرانيين', ('للاوكرانيين', 'الاوكرانيين', 'لاوكرانيين', 'اوكرانيين'))
    """
    word = KEYS[token]
    return word.key, word.alts


def _word(token: str) -> common.Word:
    key = common.base_key(_camel()[2](token))
    return common.Word(token, key, common.unique(_strip_proclitics(key), exclude=key))


KEYS: common.PerWord[common.Word] = common.PerWord(_word)  # each distinct word's keys, worked out once


def _strip_proclitics(key: str) -> list[str]:
    forms = [key]
    if key[:1] in PROCLITIC_CONJ and len(key) > 3:
        forms.append(key[1:])
    for form in list(forms):
        if form.startswith("لل") and len(form) > 4:
            forms.append("ا" + form[1:])          # لل = ل + ال (للأمن → الأمن)
            forms.append(form[1:])                # or ل before a word in ل (للبنان → لبنان)
        elif form[:1] in PROCLITIC_PREP and len(form) > 3:
            forms.append(form[1:])
    for form in list(forms):
        if form.startswith("ال") and len(form) > 3:
            forms.append(form[2:])
    return forms[1:]
