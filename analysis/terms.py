"""Words per language: what a corpus talks about, in its own words, before any codebook (word
frequencies), and the keys words are counted by in topic discovery and stories' headline words.

The word keys are here, not with the topic tables: a build's workers use them, and none of the tables.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Iterable

from .normalize import MODULES, make_doc
from .normalize.common import LEXICONS, base_key, data_lines

WORD = re.compile(r"[^\W\d_]{2,}")


@cache
def stopword_list(lang: str) -> tuple[str, ...]:
    """The stopwords as written: hazm's list for Persian (a phrase joined by _), our curated
    lexicons/ar/stopwords.txt for Arabic."""
    if lang == "fa":
        import hazm

        return tuple(hazm.stopwords_list())
    return tuple(row[0] for row in data_lines(LEXICONS / lang / "stopwords.txt"))


@cache
def stopword_keys(lang: str) -> frozenset[str]:
    """The stopwords' keys, as tokens have them: what word frequencies leave out."""
    return frozenset(base_key(w.replace("_", " ")) for w in stopword_list(lang))


def top_terms(texts: Iterable[str], lang: str, n: int = 20) -> list[tuple[str, int]]:
    """The n most frequent content words (most common spelling shown) across `texts`.

    Counting is by matching key, so كتاب/کتاب and diacritized forms are one word.
    """
    stop = stopword_keys(lang)
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for text in texts:
        for token in make_doc(text, lang, cleaned=True).tokens:
            key = token.key
            if len(key) < 3 or not key.isalpha() or key in stop or any(a in stop for a in token.alts[:1]):
                continue
            counts[key] += 1
            spellings.setdefault(key, Counter())[token.text] += 1
    return [(spellings[k].most_common(1)[0][0], c) for k, c in counts.most_common(n)]


@cache
def stopwords(lang: str) -> frozenset[str]:
    """Every key and alternative key of the stopwords, as word_key can give them: what topic discovery
    and stories' headline words leave out."""
    module, keys = MODULES[lang], set()
    for word in stopword_list(lang):
        key, alts = module.token_keys(word)
        keys.update((key, *alts))
    return frozenset(keys)


ARTICLE_PREFIXES = ("ال", "وال", "بال", "فال", "كال", "لل")


def word_key(word: str, lang: str) -> str:
    """A word's key for counting: the lemma (fa); without the article and the clitics before it (ar).

    Other Arabic proclitics stay: stripping و or ب from وزير or بايدن would make nonsense words."""
    key, alts = MODULES[lang].token_keys(word)
    if not alts:
        return key
    if lang == "ar":
        return alts[-1] if key.startswith(ARTICLE_PREFIXES) and len(alts[-1]) > 1 else key
    return alts[-1] if len(alts[-1]) > 1 else key
