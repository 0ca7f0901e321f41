"""Quotes: who is reported as saying what, with the cue that attributes it (ANNOTATION.md).

First version: cue-anchored extraction on token keys. A cue from `lexicons/<lang>/cues.tsv` starts a
quote; its content is what follows a colon, a complementizer (إن/أن, که) or sits in quotation marks,
to the end of the sentence (a colon quote runs on through its paragraph until a new cue). The speaker
is the phrase between the cue and the content in Arabic (VSO), the clause before the cue in Persian
(SOV), the phrase after "according to" cues. Pronouns and implicit subjects resolve to the most
recent speaker. Speaker ids and the gazetteer come with analysis/entities.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from .normalize import Doc, MODULES
from .normalize.common import LEXICONS, Token, data_lines

QUOTE_MARKS = set('"“”«»')
OPENING, CLOSING = set('"“«'), set('"”»')
COMPLEMENTIZERS = {"ar": {"ان", "انه", "انها", "انهم", "بان", "بانه", "الي ان"}, "fa": {"كه"}}
PRONOUNS = {"ar": {"هو", "هي", "انه", "انها"}, "fa": {"وي", "او", "ايشان"}}
# Words that end a Persian subject phrase when read back from the cue (time, place, addressee).
FA_STOP = {"در", "روز", "با", "به", "امروز", "روز", "شامگاه", "صبح", "همچنين", "نيز", "سپس", "همچنان", "اين", "خطاب"}
MAX_SPEAKER = 12
# Words after an Arabic speaker that start an addressee, place or time phrase (قال بلينكن للافروف إن).
AR_STOP = {"في", "الي", "علي", "عن", "عقب", "خلال", "امام", "لدي", "بعد", "قبل", "اليوم", "امس", "مع"}


@dataclass(frozen=True)
class Cue:
    keys: tuple[str, ...]
    nuance: str
    form: str


@cache
def cues(lang: str) -> dict[str, list[Cue]]:
    """Cues indexed by their first key, longest first."""
    module = MODULES[lang]
    index: dict[str, list[Cue]] = {}
    for surface, nuance, form, *_ in data_lines(LEXICONS / lang / "cues.tsv"):
        keys = tuple(module.token_keys(w)[0] for w in module.tokenize(module.clean(surface)))
        index.setdefault(keys[0], []).append(Cue(keys, nuance, form))
    for entries in index.values():
        entries.sort(key=lambda c: -len(c.keys))
    return index


def _cue_at(tokens: list[Token], i: int, index: dict[str, list[Cue]]) -> Cue | None:
    for key in (tokens[i].key, *tokens[i].alts[:1]):
        for cue in index.get(key, ()):
            following = tuple(t.key for t in tokens[i + 1:i + len(cue.keys)])
            if cue.keys[1:] == following or cue.keys[1:] == tuple(k.removesuffix("ا") for k in following):
                return cue
    return None


def extract(row: dict[str, Any], doc: Doc) -> dict[str, list[dict[str, Any]]]:
    lang, text = doc.lang, doc.text
    index = cues(lang)
    by_sentence: dict[int, list[Token]] = {}
    for token in doc.tokens:
        by_sentence.setdefault(token.sentence_idx, []).append(token)
    quotes: list[dict[str, Any]] = []
    last_speaker = ""
    covered_until = -1
    for s_idx, sentence in enumerate(doc.sentences):
        tokens = by_sentence.get(s_idx, [])
        i = 0
        while i < len(tokens):
            cue = _cue_at(tokens, i, index)
            if cue is None or tokens[i].start < covered_until:
                i += 1
                continue
            after = i + len(cue.keys)
            found = _content(doc, tokens, i, after, cue, lang)
            if found is None:
                i += 1
                continue
            speaker, start, end, colon = found
            if colon:  # a colon quote runs on through its paragraph until the next cue
                end = _run_on(doc, by_sentence, s_idx, end, index)
            start, end = _strip_marks(text, start, end)
            if end <= start:
                i += 1
                continue
            name = _speaker_name(speaker, lang) or last_speaker
            if name:
                last_speaker = name
            content = text[start:end]
            quotes.append({
                "article_id": row["article_id"], "quote_idx": len(quotes), "speaker": speaker,
                "speaker_id": None, "speaker_name": name, "cue": text[tokens[i].start:tokens[after - 1].end],
                "content": content, "kind": "direct" if colon or QUOTE_MARKS & set(content) or _quoted(text, start, end)
                else "indirect", "start": start, "end": end, "sentence_idx": s_idx, "cue_nuance": cue.nuance})
            covered_until = end if colon else -1
            i = after
    return {"quotes": quotes}


def _content(doc: Doc, tokens: list[Token], i: int, after: int, cue: Cue, lang: str):
    """(speaker surface, content start, content end, colon?) for the cue at tokens[i], or None."""
    text = doc.text
    sentence_end = doc.sentences[tokens[i].sentence_idx].end
    if cue.form == "source":  # بحسب X، … / به گفته X، …
        for j in range(after, min(len(tokens), after + MAX_SPEAKER)):
            if tokens[j].text in {"،", ",", ":"}:
                speaker = text[tokens[after].start:tokens[j - 1].end] if j > after else ""
                return (speaker, tokens[j].end, sentence_end, False) if j + 1 < len(tokens) else None
        return None
    for j in range(after, min(len(tokens), after + MAX_SPEAKER)):
        t = tokens[j]
        if t.text == ":":
            speaker = _speaker_span(doc, tokens, i, after, j, lang)
            return (speaker, t.end, sentence_end, True) if j + 1 < len(tokens) else None
        if t.key in COMPLEMENTIZERS[lang] or (lang == "ar" and t.alts[:1] and t.alts[0] in COMPLEMENTIZERS[lang]):
            speaker = _speaker_span(doc, tokens, i, after, j, lang)
            return (speaker, t.end, sentence_end, False) if j + 1 < len(tokens) else None
        if t.text in QUOTE_MARKS:
            speaker = _speaker_span(doc, tokens, i, after, j, lang)
            return speaker, t.start, sentence_end, False
    return None


def _speaker_span(doc: Doc, tokens: list[Token], i: int, after: int, j: int, lang: str) -> str:
    text = doc.text
    if lang == "ar" and j > after:  # قال X إن / وقال X:
        words = []
        for t in tokens[after:j]:  # stop at an addressee, place or time phrase
            if t.text in {"،", ","} or t.key in AR_STOP or (words and t.key.startswith("ل") and len(t.key) > 3
                                                             and t.alts and t.key[0] != t.alts[0][0]):
                break
            words.append(t)
        return text[words[0].start:words[-1].end] if words else ""
    if lang == "fa":  # X گفت که / X افزود:
        k = i
        while k > 0 and i - k < MAX_SPEAKER and tokens[k - 1].key not in FA_STOP and tokens[k - 1].text not in {"."}:
            k -= 1
        while k < i and tokens[k].text in {"،", ","}:
            k += 1
        span = text[tokens[k].start:tokens[i - 1].end] if k < i else ""
        return span.strip(" ،,")
    return ""


def _speaker_name(speaker: str, lang: str) -> str:
    """The source's name as written: the head name of the speaker phrase (pronouns resolve later)."""
    words = speaker.replace("،", ",").split(",")[0].split()
    module = MODULES[lang]
    keys = [module.token_keys(w)[0] for w in words]
    if not words or (len(words) == 1 and keys[0] in PRONOUNS[lang]):
        return ""
    honorifics = {"اقاي", "خانم", "السيد", "السيده"}
    words = [w for w, k in zip(words, keys) if k not in honorifics]
    return words[-1] if words else ""


def _run_on(doc: Doc, by_sentence: dict[int, list[Token]], s_idx: int, end: int, index) -> int:
    text = doc.text
    for nxt in range(s_idx + 1, len(doc.sentences)):
        sentence = doc.sentences[nxt]
        if "\n" in text[end:sentence.start]:
            break
        tokens = by_sentence.get(nxt, [])
        if any(_cue_at(tokens, k, index) for k in range(len(tokens))):
            break
        end = sentence.end
    return end


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, final punctuation and the quotation marks around the content (ANNOTATION.md:
    content is given without its surrounding marks); marks inside a partial quote stay."""
    def trim(a: int, b: int) -> tuple[int, int]:
        while a < b and text[a].isspace():
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ".،,"):
            b -= 1
        return a, b

    start, end = trim(start, end)
    inner = text[start + 1:end - 1]
    if end - start > 2 and text[start] in OPENING and text[end - 1] in CLOSING and not QUOTE_MARKS & set(inner):
        return trim(start + 1, end - 1)
    if start < end and text[start] in OPENING and not _closes(text[start], text[start + 1:end]):
        start += 1
    if start < end and text[end - 1] in CLOSING and not _opens(text[end - 1], text[start:end - 1]):
        end -= 1
    return trim(start, end)


def _closes(mark: str, span: str) -> bool:
    return (span.count('"') % 2 == 1) if mark == '"' else any(c in CLOSING for c in span)


def _opens(mark: str, span: str) -> bool:
    return (span.count('"') % 2 == 1) if mark == '"' else any(c in OPENING for c in span)


def _quoted(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] in QUOTE_MARKS
