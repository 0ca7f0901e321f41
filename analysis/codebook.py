"""The researcher's codebook (topics and frames with fa/ar patterns) and the matcher behind both.

A codebook is a YAML file (format in lexicons/codebook/README.md). Patterns are matched on token
keys, so clitics and spelling variants are handled by the normalizers, not by the codebook: the
pattern `أوكرانيا` hits وأوكرانيا and لأوكرانيا, and `أوكراني*` (a stem) hits الأوكرانية.
`load()` reads the bundled codebook, `$RASAD_CODEBOOK`, or a path given with `build --codebook`.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .normalize import MODULES, Doc, Token
from .normalize.common import LEXICONS, ByWord

BUNDLED = LEXICONS / "codebook" / "codebook.yaml"
FRAME_KINDS = ("generic", "loaded", "neutral", "hedge")  # neutral: the plain names loaded terms compete with
MIN_STEM = 3  # letters before a `*`


class CodebookError(ValueError):
    """A codebook that cannot be used; the message names the file, line and field."""


@dataclass(frozen=True)
class Code:
    """One topic or frame."""

    id: str
    label: str
    category: str               # topic / frame
    kind: str                   # topic, or a frame kind: generic / loaded / hedge
    patterns: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Pattern:
    code: int                   # index into Codebook.codes
    words: tuple[tuple[str, bool], ...]   # (key, is_stem) per word


@dataclass
class Codebook:
    name: str
    version: str
    path: str
    digest: str
    codes: list[Code]
    _matchers: dict[str, "Matcher"] = field(default_factory=dict, repr=False)

    def matcher(self, lang: str) -> "Matcher":
        if lang not in self._matchers:
            self._matchers[lang] = Matcher(self, lang)
        return self._matchers[lang]

    def label(self, code_id: str) -> str:
        return next((c.label for c in self.codes if c.id == code_id), code_id)

    def of(self, category: str) -> list[Code]:
        return [c for c in self.codes if c.category == category]


# ---- loading --------------------------------------------------------------------------------------

class _LineLoader(yaml.SafeLoader):
    """yaml.SafeLoader that remembers the line of every mapping, for error messages."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def default_path() -> str:
    return os.environ.get("RASAD_CODEBOOK") or str(BUNDLED)


@cache
def load(path: str | None = None) -> Codebook:
    """Read and check a codebook; every problem is a CodebookError naming file, line and field."""
    path = str(path or default_path())
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CodebookError(f"codebook {path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_LineLoader)  # a SafeLoader: no Python objects
    except UnicodeDecodeError as exc:
        raise CodebookError(f"codebook {path}: is not UTF-8 text (byte {exc.start})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        problem = getattr(exc, "problem", None) or str(exc)
        raise CodebookError(f"codebook {path}, {where}: not valid YAML ({problem})") from exc
    if not isinstance(data, dict):
        raise CodebookError(f"codebook {path}: expected a mapping with `topics:` and `frames:` at the top")
    codes: list[Code] = []
    for category in ("topic", "frame"):
        entries = data.get(category + "s") or []
        if not isinstance(entries, list):
            raise CodebookError(f"codebook {path}: field `{category}s` must be a list of entries")
        codes += [_code(path, category, entry) for entry in entries]
    if not codes:
        raise CodebookError(f"codebook {path}: has no topics and no frames")
    seen: dict[str, Code] = {}
    for code in codes:
        if code.id in seen:
            raise CodebookError(f"codebook {path}: id `{code.id}` is used twice")
        seen[code.id] = code
    return Codebook(str(data.get("name") or Path(path).stem), str(data.get("version") or ""), path,
                    hashlib.sha1(raw).hexdigest()[:12], codes)


def _code(path: str, category: str, entry: Any) -> Code:
    if not isinstance(entry, dict):
        raise CodebookError(f"codebook {path}: each {category} must be a mapping with id, label, fa, ar; got {entry!r:.60}")
    line = entry.get("__line__", "?")

    def fail(field_name: str, why: str) -> CodebookError:
        return CodebookError(f"codebook {path}, line {line}: {category} field `{field_name}` {why}")

    code_id = entry.get("id")
    if not isinstance(code_id, str) or not code_id.strip():
        raise fail("id", "is missing or not text")
    kind = str(entry.get("kind", "generic")) if category == "frame" else "topic"
    if category == "frame" and kind not in FRAME_KINDS:
        raise fail("kind", f"must be one of {', '.join(FRAME_KINDS)} (got {kind!r})")
    patterns: dict[str, tuple[str, ...]] = {}
    for lang in MODULES:
        values = entry.get(lang) or []
        if isinstance(values, str) or not all(isinstance(v, (str, int)) for v in values):
            raise fail(lang, "must be a list of words or phrases, e.g. [اوکراین, کی‌یف]")
        for value in values:
            for word in str(value).split():
                if word.endswith("*") and len(word.rstrip("*")) < MIN_STEM:
                    raise fail(lang, f"has the stem {word!r}: a stem needs at least {MIN_STEM} letters before *")
        patterns[lang] = tuple(str(v) for v in values)
    if not any(patterns.values()):
        raise fail("fa/ar", f"are both empty for `{code_id}`")
    return Code(code_id.strip(), str(entry.get("label") or code_id), category, kind, patterns)


# ---- matching ------------------------------------------------------------------------------------

@dataclass
class Match:
    code: Code
    first: int                  # token range in doc.tokens
    last: int

    # written out (not frozen, whose generated __init__ runs interpreted): a corpus makes one per hit
    def __init__(self, code: Code, first: int, last: int) -> None:
        self.code, self.first, self.last = code, first, last


def pattern_words(pattern: str, lang: str) -> tuple[tuple[str, bool], ...]:
    """A pattern as (key, is_stem) per token, tokenized and keyed as article text is."""
    module = MODULES[lang]
    words: list[tuple[str, bool]] = []
    for word in pattern.split():
        stem = word.endswith("*")
        pieces = module.tokenize(module.clean(word.rstrip("*"))) or [word.rstrip("*")]
        for n, piece in enumerate(pieces):
            words.append((module.token_keys(piece)[0], stem and n == len(pieces) - 1))
    return tuple(words)


class Matcher:
    """Every pattern of one language, indexed by its first word (hashed lookups, no regex per term)."""

    def __init__(self, book: Codebook, lang: str) -> None:
        self.codes = book.codes
        self.exact: dict[str, list[Pattern]] = {}
        self.stems: dict[str, list[Pattern]] = {}
        for n, code in enumerate(book.codes):
            for text in code.patterns.get(lang, ()):
                words = pattern_words(text, lang)
                if not words:
                    continue
                key, stem = words[0]
                (self.stems if stem else self.exact).setdefault(key, []).append(Pattern(n, words))
        self.stem_lengths = sorted({len(k) for k in self.stems}, reverse=True)
        self.candidates = ByWord(MODULES[lang].KEYS, self._candidates)

    def _candidates(self, token: Token) -> tuple[Pattern, ...]:
        """Patterns whose first word this token can be (any of its forms, exactly or by stem)."""
        found: list[Pattern] = []
        for form in (token.key, *token.alts):
            found += self.exact.get(form, ())
            for n in self.stem_lengths:
                if len(form) >= n:
                    found += self.stems.get(form[:n], ())
        return tuple(found)

    def matches(self, doc: Doc) -> list[Match]:
        """Longest match per code at each position; a code's matches never overlap."""
        found: list[Match] = []
        busy_until: dict[int, int] = {}
        tokens = doc.tokens
        n_tokens = len(tokens)
        for i, patterns in doc.where(self.candidates):
            token = tokens[i]
            best: dict[int, int] = {}
            for pattern in patterns:
                code, words = pattern.code, pattern.words
                end = i + len(words)
                if end <= best.get(code, 0) or busy_until.get(code, -1) > i:
                    continue
                if end > i + 1 and (end > n_tokens or tokens[end - 1].sentence_idx != token.sentence_idx
                                    or not _words_follow(tokens, i, words)):
                    continue
                best[code] = end
            for code, end in best.items():
                found.append(Match(self.codes[code], i, end - 1))
                busy_until[code] = end
        return found


def _words_follow(tokens: list[Token], i: int, words: tuple[tuple[str, bool], ...]) -> bool:
    """Whether tokens i+1, i+2, … match a pattern's words after its first (a loop, not all() over a
    generator: most tries fail at the second word)."""
    for k in range(1, len(words)):
        key, stem = words[k]
        if not word_matches(tokens[i + k], key, stem):
            return False
    return True


def word_matches(token: Token, key: str, stem: bool) -> bool:
    if stem:
        return token.key.startswith(key) or any(form.startswith(key) for form in token.alts)
    return key == token.key or key in token.alts


def matches(doc: Doc, book: Codebook | None = None) -> list[Match]:
    book = book or load()
    return book.matcher(doc.lang).matches(doc)


# ---- the extract stage ---------------------------------------------------------------------------

def extract(row: dict[str, Any], doc: Doc, book: Codebook | None = None) -> dict[str, list[dict[str, Any]]]:
    """topics, frames and codebook_hits rows of one article (one pass of the matcher).

    Each hit is placed in the headline, the lead (the first sentence after the headline) or the
    body. A title given apart from the text is matched on its own (sentence_idx -1, no offsets).
    `book` defaults to the build's codebook (`load()`).
    """
    book = book or load()
    article_id, title = row["article_id"], row.get("title") or ""
    text_has_title = bool(title) and doc.text.startswith(title)
    headline_sentences = {i for i, s in enumerate(doc.sentences) if text_has_title and s.start < len(title)}
    lead = next((i for i in range(len(doc.sentences)) if i not in headline_sentences), -1)
    hits: list[dict[str, Any]] = []
    if title and not text_has_title:
        title_doc = _title_doc(title, doc.lang)
        for m in book.matcher(doc.lang).matches(title_doc):
            hits.append(_hit(article_id, m, title_doc, -1, "headline", offsets=False))
    for m in book.matcher(doc.lang).matches(doc):
        idx = doc.tokens[m.first].sentence_idx
        position = "headline" if idx in headline_sentences else "lead" if idx == lead else "body"
        hits.append(_hit(article_id, m, doc, idx, position))
    return {"topics": _summary(article_id, hits, "topic"), "frames": _summary(article_id, hits, "frame"),
            "codebook_hits": hits}


def _title_doc(title: str, lang: str) -> Doc:
    from .normalize import make_doc
    return make_doc(title, lang, cleaned=True)


def _hit(article_id: str, m: Match, doc: Doc, sentence_idx: int, position: str, offsets: bool = True) -> dict[str, Any]:
    start, end = doc.tokens[m.first].start, doc.tokens[m.last].end
    return {"article_id": article_id, "category": m.code.category, "code_id": m.code.id, "kind": m.code.kind,
            "position": position, "sentence_idx": sentence_idx, "start": start if offsets else None,
            "end": end if offsets else None, "surface": doc.text[start:end]}


def _summary(article_id: str, hits: list[dict[str, Any]], category: str) -> list[dict[str, Any]]:
    """One row per code: hits, where they sit, and weight = the code's share of its kind's hits."""
    per_code: dict[str, dict[str, Any]] = {}
    for h in hits:
        if h["category"] != category:
            continue
        r = per_code.setdefault(h["code_id"], {"article_id": article_id, ("topic_id" if category == "topic" else "frame_id"): h["code_id"],
                                                "kind": h["kind"], "hits": 0, "headline_hits": 0, "lead_hits": 0})
        r["hits"] += 1
        if h["position"] in ("headline", "lead"):
            r[h["position"] + "_hits"] += 1
    totals: dict[str, int] = {}
    for r in per_code.values():
        totals[r["kind"]] = totals.get(r["kind"], 0) + r["hits"]
    for r in per_code.values():
        r["weight"] = r["hits"] / totals[r["kind"]]
        if category == "topic":
            del r["kind"]
    return list(per_code.values())
