"""The shared core of normalization: the Doc every extractor reads, display-text cleaning and keys.

Each language module (fa.py, ar.py) has the same shape — `clean`, `split_sentences`, `tokenize`,
`token_spans` (the same tokens as offsets), `token_keys`, `lemma` — and this module composes them
into a Doc. Display text is cleaned once; sentences and tokens carry offsets into it, so `doc.text[t.start:t.end] == t.text` always holds.
Matching keys live on tokens and never replace the display text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, count
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Protocol, TypeVar

from ..native import SOURCES

LEXICONS = SOURCES / "lexicons"  # not this file's folder: a compiled build of it lives in .compiled/

ZWNJ = "\u200c"
TATWEEL = "\u0640"
# Arabic-script diacritics: harakat, tanwin, shadda, sukun, superscript alef, Quranic marks, hamza marks.
DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
# Invisible characters that only get in the way: zero-width space/joiner, BOM, direction marks and
# embeddings (which can also be abused to disguise text), soft hyphen, other C0/C1 controls.
INVISIBLE = re.compile("[\u00ad\u200b\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Runs of spaces to collapse into one " ": runs that are already a single " " are left alone, as a
# regex that replaced every space (most matches) cost twice as much.
_SPACE = "\t\u00a0\u2000-\u200a\u202f\u205f\u3000"
SPACES = re.compile(f" [ {_SPACE}]+|[{_SPACE}][ {_SPACE}]*")
MANY_NEWLINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")
# A ZWNJ only means something between two letters; elsewhere it is noise (hazm leaves "می‌ (").
# Diacritics not on a letter (after a space, digit or quote mark) carry nothing and make hazm's spacing
# rules give a different answer on a second pass ('«ٰ 0' → '« 0' → '«0'). The run starts after a non-letter.
# Both patterns begin with the character they remove and look behind it only then: a pattern that
# begins by looking behind is tried at every position of the text (7× slower for the diacritics).
_MARK = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
STRAY_DIACRITICS = re.compile(f"[{_MARK}](?<![^\\W\\d_][{_MARK}])(?<![{_MARK}][{_MARK}])[{_MARK}]*")
STRAY_ZWNJ = re.compile(r"\u200c+(?![^\W\d_])|\u200c(?<![^\W\d_]\u200c)\u200c*")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str                    # diacritics stripped, letters folded, ZWNJ removed
    alts: tuple[str, ...]       # further keys: clitics split off, ZWNJ parts, lemma
    sentence_idx: int


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Doc:
    text: str
    lang: str
    sentences: list[Sentence] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    memo: dict = field(default_factory=dict)   # per-document lookups extractors share (cue table, …)
    words: list[str] = field(default_factory=list)  # each token's text, read by `where` when first needed

    def keys(self) -> Iterable[str]:
        """Every key and alternative of every token, in order: what lexicon lookups match against."""
        for t in self.tokens:
            yield t.key
            yield from t.alts

    def where(self, by_word: Mapping[str, Any]) -> Iterator[int]:
        """Indexes of the tokens whose word `by_word` (a ByWord table) holds something for, in order.

        Most words start no name, cue or pattern: looking every word up and keeping the hits in C
        (map, compress) costs a fraction of a Python loop over the tokens.
        """
        if len(self.words) != len(self.tokens):
            self.words = [t.text for t in self.tokens]
        return compress(count(), map(by_word.__getitem__, self.words))


class Language(Protocol):
    """The shape of analysis.normalize.fa and analysis.normalize.ar."""

    def clean(self, text: str) -> str: ...
    def split_sentences(self, text: str) -> list[tuple[int, int]]: ...
    def tokenize(self, sentence: str) -> list[str]: ...
    def token_spans(self, sentence: str) -> list[tuple[int, int]]: ...
    def token_keys(self, token: str) -> tuple[str, tuple[str, ...]]: ...


# ---- display text -------------------------------------------------------------------------------

def clean_layout(text: str) -> str:
    """Steps both languages share: newlines, invisible characters, tatweel, runs of spaces.

    >>> clean_layout("  سلامـــ\\r\\n\\n\\n\\nدنیا\\u200f ")
    'سلام\\n\\nدنیا'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = STRAY_DIACRITICS.sub("", INVISIBLE.sub("", text).replace(TATWEEL, ""))
    text = "\n".join(line.strip() for line in SPACES.sub(" ", text).split("\n"))
    return MANY_NEWLINES.sub("\n\n", text).strip()


def translator(table: dict[int, str | int | None]) -> Callable[[str], str]:
    """`text.translate(table)`, made fast for tables that leave most characters alone.

    str.translate looks every character up in the table and pays for a KeyError on each one the table
    does not hold (~140 ns a character: 0.7 s on 2,000 Persian articles). One regex over the table's
    own characters skips the rest in C and replaces only what is there (0.05 s).

    >>> translator({ord("ي"): "ی", ord("ك"): "ک", ord("\u0640"): None})("كتابـي") == "کتابی"
    True
    """
    if not table:
        return str
    replacement = {chr(c): "" if v is None else chr(v) if isinstance(v, int) else v for c, v in table.items()}
    chars = re.compile("[" + "".join(re.escape(c) for c in sorted(replacement)) + "]")
    return lambda text: chars.sub(lambda m: replacement[m[0]], text)


def tidy_zwnj(text: str) -> str:
    """Drop ZWNJs that do not sit between two letters.

    >>> tidy_zwnj("می\u200c (۲۹ ثور)") == "می (۲۹ ثور)"
    True
    """
    return STRAY_ZWNJ.sub("", text)


def lines(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each non-empty line: sentences never run across a line break."""
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            yield pos, end
        pos = end + 1


def align(text: str, pieces: Iterable[str], offset: int = 0) -> list[tuple[int, int, str]]:
    """Find each piece in `text` in order and return (start, end, piece) with absolute offsets.

    Tokenizers return strings, not offsets; pieces a tokenizer rewrote (and so cannot be found)
    are skipped rather than given a wrong span.
    """
    out = []
    pos = 0
    for piece in pieces:
        if not piece:
            continue
        i = text.find(piece, pos)
        if i < 0:
            continue
        out.append((offset + i, offset + i + len(piece), piece))
        pos = i + len(piece)
    return out


# ---- keys ---------------------------------------------------------------------------------------

def data_lines(path: Path) -> list[list[str]]:
    """The rows of a lexicon file: tab-separated fields, blank lines and `#` comments skipped."""
    return [[field.strip() for field in line.split("\t")]
            for line in path.read_text(encoding="utf-8").split("\n") if line.strip() and not line.startswith("#")]


@cache
def word_classes(path: Path) -> dict[str, set]:
    """A `word<TAB>class` lexicon as class → keys (one word) or tuples of keys (a phrase)."""
    classes: dict[str, set] = {}
    for phrase, cls, *_ in data_lines(path):
        keys = tuple(base_key(w) for w in phrase.split())
        classes.setdefault(cls, set()).add(keys[0] if len(keys) == 1 else keys)
    return classes


def phrases(entries: Iterable[str | tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Words and phrases of a word class as key tuples, longest first and then in a fixed order: tried
    in order, the first that fits wins, and a set's own order changes from run to run."""
    return sorted({e if isinstance(e, tuple) else (e,) for e in entries}, key=lambda p: (-len(p), p))


def index_by_key(keyed: Iterable[tuple[str, ...]], end: int = 0) -> dict[str, list[tuple[str, ...]]]:
    """Key tuples (names, phrases) hashed on their first key (end=-1: their last), longest first under
    each, equal lengths in the order given."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for keys in sorted(keyed, key=len, reverse=True):
        index.setdefault(keys[end], []).append(keys)
    return index


@cache
def _key_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for src, dst, *_ in data_lines(LEXICONS / "common" / "key_chars.tsv"):
        table[ord(src)] = dst
    table[ord(ZWNJ)] = None  # type: ignore[assignment]
    table[ord(TATWEEL)] = None  # type: ignore[assignment]
    return table


def base_key(token: str) -> str:
    """The language-neutral matching key of one token.

    >>> base_key("رئیس‌جمهورِ") == base_key("رييسجمهور")
    True
    """
    token = unicodedata.normalize("NFKC", token)
    return DIACRITICS.sub("", token).translate(_key_table()).lower()


def unique(items: Iterable[str], exclude: str = "") -> tuple[str, ...]:
    seen = {exclude, ""}
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return tuple(out)


# ---- Doc ----------------------------------------------------------------------------------------

def build_doc(lang: str, module: Language, text: str, *, cleaned: bool = False) -> Doc:
    """Clean `text` (unless already cleaned) and segment it into sentences and keyed tokens."""
    if not cleaned:
        text = module.clean(text)
    doc = Doc(text=text, lang=lang)
    keys: Callable[[str], tuple[str, tuple[str, ...]]] = module.token_keys
    spans, add = module.token_spans, doc.tokens.append  # the hot loop: one pass per token of the corpus
    for idx, (s_start, s_end) in enumerate(module.split_sentences(text)):
        sentence = text[s_start:s_end]
        doc.sentences.append(Sentence(s_start, s_end, sentence))
        for start, end in spans(sentence):
            piece = sentence[start:end]
            add(Token(s_start + start, s_start + end, piece, *keys(piece), idx))
    return doc


V = TypeVar("V")
# Distinct words each per-word table keeps (lru caches; ByWord, per generation). Tables this size fill
# within the first few thousand articles, so a long build's memory stays where a short one's is (at
# 200k, workers grew by a third between 10k and 62k articles).
WORDS_REMEMBERED = 50_000


class ByWord(dict[str, V]):
    """`lookup(token)` for each distinct word, read as `table[token.text]`.

    A token's keys are a function of its text, and the same few thousand words fill every article, so a
    lexicon lookup through all of a token's forms runs once per distinct word, and every other token costs
    one dict lookup. Past `limit` words the table starts afresh and the words it held become the previous
    generation, read before anything is worked out again: the common words carry over (emptying the table
    at its limit lost them too, and ~12 % of tokens missed), while memory stays flat at twice `limit`.
    """

    def __init__(self, keys: Callable[[str], tuple[str, tuple[str, ...]]], lookup: Callable[[Token], V],
                 limit: int = WORDS_REMEMBERED) -> None:
        super().__init__()
        self.key_of, self.lookup, self.limit = keys, lookup, limit
        self.previous: dict[str, V] = {}

    def __missing__(self, text: str) -> V:
        if len(self) >= self.limit:
            self.previous = dict(self)
            self.clear()
        if text in self.previous:
            value = self[text] = self.previous[text]
        else:
            key, alts = self.key_of(text)
            value = self[text] = self.lookup(Token(0, len(text), text, key, alts, 0))
        return value


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
