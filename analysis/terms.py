"""Word frequencies per language: what a corpus talks about, in its own words, before any codebook."""
from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Iterable

from .normalize import make_doc
from .normalize.common import LEXICONS, base_key, data_lines


@cache
def stopword_keys(lang: str) -> frozenset[str]:
    """Keys of the stopwords: hazm's list for Persian, lexicons/ar/stopwords.txt for Arabic."""
    if lang == "fa":
        import hazm

        words: Iterable[str] = (w.replace("_", " ") for w in hazm.stopwords_list())
    else:
        words = (row[0] for row in data_lines(LEXICONS / lang / "stopwords.txt"))
    return frozenset(base_key(w) for w in words)


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
