"""Persian: hazm's Normalizer, SentenceTokenizer, WordTokenizer and Lemmatizer, built once per process."""
from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import compress, count
from typing import Callable, Iterable

from . import common

LANG = "fa"
# hazm's spacing rules put spaces around the Persian decimal separator (۱۲٫۵ → ۱۲ ٫ ۵); undo that.
_MOMAYYEZ = re.compile(r"(?=[ ٫])(?<=[0-9۰-۹٠-٩]) ?٫ ?(?=[0-9۰-۹٠-٩])")  # (?=…): scan for the space or ٫ first


@cache
def _hazm():
    import hazm  # imported here: it takes seconds, and only Persian articles need it

    # Keep the outlet's own quotation marks, digits and diacritics (ezafe ـٔ) in the display text:
    # a quote is evidence. Keys drop diacritics and unify digits.
    normalizer = _normalizer_class(hazm)(persian_style=False, persian_numbers=False,
                                         remove_diacritics=False)
    words = hazm.WordTokenizer(join_verb_parts=False, separate_emoji=False, replace_links=False,
                               replace_ids=False, replace_emails=False, replace_numbers=False,
                               replace_hashtags=False)
    return normalizer, hazm.SentenceTokenizer(), words, hazm.Lemmatizer()


def _normalizer_class(hazm):  # noqa: ANN001, ANN202 (hazm is imported lazily)
    """hazm's Normalizer with its steps, their order and their rules unchanged, minus the work that cannot
    change the text:
    - its 406-character table, rebuilt and then looked up for every character (`common.translator`);
    - its search for letters written three times or more, skipped when there is no such run at all;
    - the lookups of its token joining (می رود → می‌رود), made only for a token that can be joined (`_pair_ends`);
    - spacing rules that need a character sequence the text lacks (`_NEEDS`);
    - rules written to begin by looking behind, tried at every position of the text, rewritten to begin
      with the character they space (`_faster`).
    tests/normalize/test_fa.py checks the output equals hazm's own on real articles and random text."""
    from hazm.constants import (AFFIX_SPACING_PATTERNS, EXTRA_SPACE_PATTERNS, PUNCTUATION_SPACING_PATTERNS, SUFFIXES,
                                TRANSLATION_DST, TRANSLATION_SRC)
    from hazm.utils import maketrans

    translate = common.translator(maketrans(TRANSLATION_SRC, TRANSLATION_DST))
    extra, affix, punctuation = (_rules(rules) for rules in
                                 (EXTRA_SPACE_PATTERNS, AFFIX_SPACING_PATTERNS, PUNCTUATION_SPACING_PATTERNS))

    class Normalizer(hazm.Normalizer):
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 (hazm's own arguments)
            super().__init__(*args, **kwargs)
            self._pair_ends = _pair_ends(self._words or {}, self._verbs or (), SUFFIXES)

        def normalize(self, text: str) -> str:
            text = translate(text)
            steps = [(self._persian_style, self.persian_style), (self._persian_number, self.persian_number),
                     (self._remove_diacritics, self.remove_diacritics), (self._correct_spacing, self.correct_spacing),
                     (self._unicodes_replacement, self.unicodes_replacement),
                     (self._remove_specials_chars, self.remove_specials_chars),
                     (self._decrease_repeated_chars, self.decrease_repeated_chars),
                     (self._seperate_mi, self.seperate_mi)]
            for wanted, step in steps:
                if wanted:
                    text = step(text)
            return text

        def correct_spacing(self, text: str) -> str:
            text = _apply(extra, text)
            lines = text.split("\n")
            for n, line in enumerate(lines):
                if line.strip() and self._tokenizer:
                    lines[n] = " ".join(self.token_spacing(self._tokenizer.tokenize(line)))
            return _apply(punctuation, _apply(affix, "\n".join(lines)))

        def token_spacing(self, tokens: list[str]) -> list[str]:
            # hazm's loop and tests, in its order, run only at the tokens that can end a joined pair (found
            # in C): the tokens between them are copied as they are, as hazm's loop would append them
            words, verbs = self._words or {}, self._verbs or set()
            if not words:
                return list(tokens)
            result: list[str] = []
            last, copied = len(tokens) - 1, 0
            for t in compress(count(), map(self._pair_ends.__contains__, tokens)):
                result += tokens[copied:t]
                copied, token = t + 1, tokens[t]
                if result:
                    pair = result[-1] + "\u200c" + token
                    if pair in verbs or (pair in words and words[pair][0] > 0):
                        if not (t < last and token + "_" + tokens[t + 1] in verbs):
                            result[-1] = pair
                            continue
                    elif token in SUFFIXES and result[-1] in words:
                        result[-1] = pair
                        continue
                result.append(token)
            result += tokens[copied:]
            return result

        def decrease_repeated_chars(self, text: str) -> str:
            # hazm's pattern needs a letter three times in a row; without one it changes nothing
            if not self.more_than_two_repeat_pattern.search(text):
                return text
            return super().decrease_repeated_chars(text)

    return Normalizer


def _pair_ends(words: Iterable[str], verbs: Iterable[str], suffixes: Iterable[str]) -> frozenset[str]:
    """The tokens hazm's token_spacing can join to the one before: a suffix (ها، ترین، …), or what follows a
    ZWNJ in one of its words or verbs (the joined pair must be one). Any other token stays apart, so
    its lookups are skipped: less than half of a text's tokens are in here."""
    ends = set(suffixes)
    for entries in (words, verbs):
        for entry in entries:
            at = entry.find("\u200c")
            while at >= 0:
                ends.add(entry[at + 1:])
                at = entry.find("\u200c", at + 1)
    return frozenset(ends)


def _edge_space(text: str) -> bool:
    return text.startswith(" ") or text.endswith((" ", " \n"))


# What each of hazm's spacing rules needs in the text to change anything: a piece of text, or a test (its
# ZWNJ rules without a ZWNJ only match empty strings, which they replace with nothing).
_NEEDS: dict[str, str | Callable[[str], bool]] = {
    "^ +| +$": _edge_space, " {2,}": "  ", "\\n{3,}": "\n\n\n", "\\u200c{2,}": "\u200c", "\\u200c{1,} ": "\u200c",
    " \\u200c{1,}": "\u200c", "\\b\\u200c*\\B": "\u200c", "\\B\\u200c*\\b": "\u200c",
    "([^ ]ه) ی ": "ه ی ", "(^| )(ن?می) ": "می ", "(ه)(ها)": "هها", '" ([^\\n"]+) "': '" ',
    "([^ ]ه) (ا(م|یم|ش|ند|ی|ید|ت))(?=[ \\n\\.:!،؛؟»\\]\\)\\}]|$)": "ه ا"}


def _faster(pattern: str, repl: str) -> tuple[str, str]:
    """The same rule, written to begin with a character the engine can scan for.

    - `(?<=X) (...)`: the lookbehind moves after the space it ends with, `(?<=X )`;
    - `(A)(B)` → `\\1 \\2`, A and B one-character classes with no character in common, B rare: `(B)(?<=AB)` →
      ` \\1`. Pairs never overlap (no character is both an A and a B), so the same pairs are spaced.
    - the ZWNJ runs removed at a word's edge: only their non-empty matches change the text, and a boundary
      before a ZWNJ (not a word character) is a word character before it.
    """
    edges = {"\\b\\u200c*\\B": "\\u200c(?<=\\w\\u200c)\\u200c*\\B", "\\B\\u200c*\\b": "\\u200c(?<!\\w\\u200c)\\u200c*\\b"}
    if pattern in edges and repl == "":
        return edges[pattern], repl
    if pattern.startswith("(?<=") and ") " in pattern:
        behind, rest = pattern[4:].split(") ", 1)
        if re.compile(behind).groups == 0:  # the split fell on the lookbehind's own end
            return f" (?<={behind} ){rest}", repl
    pairs = {"([^ «\\[\\(\\{])([«\\[\\(\\{])", "([آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی])(\\d)"}
    if pattern in pairs and repl == "\\1 \\2":
        a, b = pattern[1:-1].split(")(")
        return f"({b})(?<={a}{b})", " \\1"
    return pattern, repl


Rule = tuple[re.Pattern[str], str, "str | Callable[[str], bool] | None"]


def _rules(rules: list[tuple[str, str]]) -> list[Rule]:
    out = []
    for pattern, repl in rules:
        needs = _NEEDS.get(pattern)
        pattern, repl = _faster(pattern, repl)
        out.append((re.compile(pattern), repl, needs))
    return out


def _apply(rules: list[Rule], text: str) -> str:
    for pattern, repl, needs in rules:
        if needs is None or (needs(text) if callable(needs) else needs in text):
            text = pattern.sub(repl, text)
    return text


def clean(text: str) -> str:
    """Display text: shared layout cleaning, then hazm (ي/ك → ی/ک, ZWNJ and spacing, repeated letters).

    >>> clean("كتاب ها را مي خوانم")
    'کتاب\u200cها را می\u200cخوانم'
    """
    # One call for the whole text: hazm rebuilds its tables on every call, so a call per line cost
    # twice as much (tests/normalize/test_fa.py checks the result equals line-by-line normalization).
    # Layout again after hazm: it can leave a space at a line's end ('0 ٰ' → '0 '), which a second
    # clean would remove, and clean must be idempotent. Stray ZWNJs go before hazm too: it spaces around
    # them ('«:\u200c»' → '«: \u200c»'), and once they are gone a second pass would take that space away.
    text = _hazm()[0].normalize(common.tidy_zwnj(common.clean_layout(text)))
    return common.clean_layout(common.tidy_zwnj(_MOMAYYEZ.sub("٫", text)))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """hazm's sentence splitter within each line (hazm itself would glue a title to its lead)."""
    splitter = _hazm()[1]
    spans = []
    for start, end in common.lines(text):
        line = text[start:end]
        spans += [(s, e) for s, e, _ in common.align(line, splitter.tokenize(line), start)]
    return spans


def tokenize(sentence: str) -> list[str]:
    return _hazm()[2].tokenize(sentence)


# hazm's WordTokenizer (with the options above: nothing replaced or joined) splits at spaces and around
# runs of this pattern. Every character its pattern can start with is a whole match by itself, so a token
# is a match or a run of the other non-space characters: one regex gives hazm's tokens with their
# offsets, where finding each token's string back in the sentence took twice as long. The run of other
# characters is tried first, as most tokens are one (no character can start both it and a split).
_HAZM_SPLIT = r"""([؟!?]+|[\d.:]+|[:.،؛»\])}"«\[({/\\])"""
_HAZM_TOKEN = re.compile(r"""[^ \t\n؟!?\d.:،؛»\])}"«\[({/\\]+""" + "|" + _HAZM_SPLIT)


@cache
def _splits_as_hazm() -> bool:
    return _hazm()[2].pattern.pattern == _HAZM_SPLIT


def token_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each of hazm's tokens of `sentence` (tests/normalize/test_fa.py: the same tokens)."""
    if not _splits_as_hazm():  # another hazm: its own tokens, found in the text
        return [(s, e) for s, e, _ in common.align(sentence, tokenize(sentence))]
    return list(map(common.SPAN, _HAZM_TOKEN.finditer(sentence)))


@lru_cache(maxsize=common.WORDS_REMEMBERED)
def lemma(token: str) -> str:
    """hazm's lemma (verbs come as past#present stems: رفت#رو)."""
    return _hazm()[3].lemmatize(token)


def token_keys(token: str) -> tuple[str, tuple[str, ...]]:
    """Key plus alternatives: the parts around a ZWNJ (کتاب‌ها → کتاب) and hazm's lemma(s).

    >>> token_keys("کتاب‌ها")
    ('كتابها', ('كتاب',))
    """
    word = KEYS[token]
    return word.key, word.alts


def _word(token: str) -> common.Word:
    key = common.base_key(token)
    alts = [common.base_key(token.split(common.ZWNJ)[0])] if common.ZWNJ in token else []
    if token[-1:] in "-–—" or token[:1] in "-–—":  # hazm keeps a dateline's dash on the word: تهران- ایرنا-
        alts.append(common.base_key(token.strip("-–—")))
    alts += [common.base_key(part) for part in lemma(token).split("#")]
    return common.Word(token, key, common.unique(alts, exclude=key))


KEYS: common.PerWord[common.Word] = common.PerWord(_word)  # each distinct word's keys, worked out once
