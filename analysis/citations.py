"""Cited sources and the article's own outlet, from the outlet registry (lexicons/entities/outlets.yaml).

- The dateline or credit line names the article's own outlet: `تهران- ایرنا-`, `به گزارش خبرگزاری مهر`
  (the first `به گزارش` of the lead), `الرياض - واس`, `دبي، الإمارات (CNN)--`, a line `مجلة وفاء wafaamagazine`.
  It fills `articles.dateline_outlet`, and `outlet` when the input gave none (marked inferred).
- Every other news organisation the article names is a cited source (ANNOTATION.md: the origin of its
  information, including one quoted as a speaker), except the article's own outlet. The cue before it
  (`به نقل از`, `نقلت`, `وفقا لـ`) is kept to tell relays from interviews.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any


from . import entities
from .normalize import MODULES, Doc
from .normalize.common import LEXICONS, ByWord, Token, base_key, index_by_key, lines, phrases, word_classes

DATELINE_TOKENS = 14      # a dateline sits in the first words of the body
CUE_WINDOW = 4            # tokens between a cue and the outlet it introduces
LEAD_SENTENCES = 8        # where a Persian lead names its own outlet (به گزارش خبرگزاری …)
PERSIAN_COUNTRIES = {"Iran", "Afghanistan", "Tajikistan"}  # outlets elsewhere write Persian too (BBC Persian, Radio
                          # Farda): the registry lists those with their corpus labels (codes)


@dataclass
class Outlet:
    id: str
    name_en: str
    aliases_en: list[str] = field(default_factory=list)
    country: str | None = None
    ownership: str | None = None
    kind: str | None = None
    codes: list[str] = field(default_factory=list)
    credit: Any = field(default_factory=list)


@dataclass
class Registry:
    outlets: dict[str, Outlet]
    by_code: dict[str, str]            # corpus outlet label → id
    by_name: dict[str, str]            # normalized English name or alias → id
    credit: dict[str, dict[tuple[str, ...], str]]  # lang → keys of a credit-only name (مهر, واس, أ ف ب) → id


def english_key(name: str) -> str:
    """`The Washington Post` and `washington post` compare equal."""
    name = re.sub(r"\(.*?\)", " ", name)  # National News Agency (Lebanon) = National News Agency
    name = " ".join(name.lower().replace("-", " ").replace(".", " ").replace("'", "").split())
    return name[4:] if name.startswith("the ") else name


@cache
def registry(path: str | None = None) -> Registry:
    source = path or entities.outlets_path()
    reg = Registry({}, {}, {}, {"fa": {}, "ar": {}})
    for line, r in entities.read_entries(source):
        try:
            outlet = Outlet(str(r["id"]), str(r["name_en"]), [str(a) for a in r.get("aliases_en") or []],
                            r.get("country") or r.get("affiliation"), r.get("ownership"), r.get("kind"),
                            [str(c) for c in r.get("codes") or []], r.get("credit") or {})
        except (KeyError, TypeError, AttributeError) as exc:
            raise entities.LexiconError(f"{source}, line {line}: entry {r.get('id')!r} is malformed "
                                        f"({type(exc).__name__}: {exc})") from exc
        reg.outlets[outlet.id] = outlet
        for code in outlet.codes:
            reg.by_code[code.lower()] = outlet.id
        for name in (outlet.name_en, *outlet.aliases_en):
            reg.by_name.setdefault(english_key(name), outlet.id)
        # credit: [مهر, واس] for both languages, or {fa: [...], ar: [...]}
        credit = outlet.credit if isinstance(outlet.credit, dict) else {"fa": outlet.credit, "ar": outlet.credit}
        for lang in ("fa", "ar"):
            for phrase in credit.get(lang) or []:
                reg.credit[lang][tuple(base_key(w) for w in str(phrase).split())] = outlet.id
    return reg


def outlet_id(label: str | None) -> str | None:
    """The registry id of an outlet named by a corpus label (`bbc-arabic`) or an English name."""
    if not label:
        return None
    reg = registry()
    return reg.by_code.get(label.lower()) or reg.by_name.get(english_key(label)) or (label if label in reg.outlets else None)


@cache
def _cues(lang: str) -> dict[str, set]:
    return word_classes(LEXICONS / lang / "citation_cues.tsv")


@dataclass(frozen=True)
class Cited:
    outlet: str
    first: int                  # token range
    last: int
    cue: str
    dateline: bool


def find(doc: Doc, own: str | None = None) -> list[Cited]:
    """Outlets named in the article, each marked as dateline (own outlet) or cited. `own` is the
    registry id of the outlet the input named, if any: a lead that credits another outlet cites it."""
    reg = registry()
    found: list[Cited] = []
    for m in entities.find_mentions(doc):
        if m.entity_id in reg.outlets:
            cue = _cue_before(doc, m.start) or _told_to(doc, m.start)
            found.append(Cited(m.entity_id, m.start, m.end - 1, cue, False))
    found += _credit_only(doc, reg, {i for c in found for i in range(c.first, c.last + 1)})
    found.sort(key=lambda c: c.first)
    dateline = _dateline(doc, found, own)
    # a cited source is introduced by a cue (به نقل از X), followed by a reporting verb (X گزارش داد),
    # or named in a source line (المصدر: تاس); an outlet that is only talked about is not cited
    return [Cited(c.outlet, c.first, c.last, c.cue or _verb_after(doc, c.last), c is dateline) for c in found
            if c is dateline or c.cue or _verb_after(doc, c.last)]


def _spells(tokens: list[Token], start: int, keys: tuple[str, ...]) -> bool:
    """Whether the tokens from `start` on have these keys, each as its key or an alternative."""
    if start < 0 or start + len(keys) > len(tokens):
        return False
    # `k == key or k in alts`, not `k in (key, *alts)`: mypyc miscompiles a starred tuple after `in`
    return all((k == tokens[start + n].key or k in tokens[start + n].alts) for n, k in enumerate(keys))


def _credit_only(doc: Doc, reg: Registry, taken: set[int]) -> list[Cited]:
    """Names that are outlets only in a credit (مهر, فارس, واس, أ ف ب, الجزيرة): after a strong cue
    (به گزارش, وذكرت) or a head noun (خبرگزاری, قناة), in parentheses, or in the dateline."""
    out = []
    tokens, text = doc.tokens, doc.text
    for i, credits in doc.where(_credit_starts(doc.lang)):
        if i in taken:
            continue
        for keys, outlet in credits:  # hashed on the first word: no scan of every credit name per token
            last = i + len(keys) - 1
            if _spells(tokens, i, keys):
                cue = _cue_before(doc, i, strong=True, window=1)  # right before: ونقلت شبكة … الرياضية is not Arriyadiyah
                in_parens = text[:tokens[i].start].rstrip().endswith("(") and text[tokens[last].end:].lstrip().startswith(")")
                if cue or in_parens or _after_head(doc, i) or (i < DATELINE_TOKENS * 3 and (
                        _in_dateline(doc, i, last) or _ends_first_line(doc, last))):
                    out.append(Cited(outlet, i, last, cue, False))
                break
    return out


@cache
def _credit_starts(lang: str) -> ByWord[tuple[tuple[tuple[str, ...], str], ...]]:
    """token → (keys, outlet) of every credit-only name that can start at it, longest first per form;
    remembered per word."""
    credit = registry().credit[lang]
    by_first = index_by_key(credit)
    return ByWord(MODULES[lang].KEYS, lambda token: tuple(
        (keys, credit[keys]) for form in entities.token_forms(token) for keys in by_first.get(form, ())))


def _after_head(doc: Doc, i: int) -> bool:
    """A media head noun (خبرگزاری, روزنامه, وكالة, قناة, فضائية) just before token i, quotes aside."""
    heads = _cues(doc.lang).get("head", set())
    for j in range(i - 1, max(-1, i - 3), -1):
        t = doc.tokens[j]
        if t.text in ('"', "«", "“", "'"):
            continue
        return any(f in heads for f in (t.key, *t.alts))
    return False


@cache
def _phrases(lang: str, end: int, *classes: str) -> dict[str, list[tuple[str, ...]]]:
    """The cue phrases of `classes`, indexed by their first (end=0) or last (end=-1) key; under each key
    longest first, then in a fixed order, the order they are tried in."""
    return index_by_key(phrases(p for c in classes for p in _cues(lang).get(c, set())), end)


def _tried(index: dict[str, list[tuple[str, ...]]], token: Token) -> list[tuple[str, ...]]:
    """The phrases of `index` under any form of `token`, in the order they are tried: a phrase that spells
    the text has one of its words there, so no other phrase needs a look."""
    found = [keys for form in dict.fromkeys((token.key, *token.alts)) for keys in index.get(form, ())]
    return sorted(found, key=lambda keys: (-len(keys), keys)) if len(found) > 1 else found


def _cue_before(doc: Doc, i: int, strong: bool = False, window: int = CUE_WINDOW) -> str:
    """The citation cue (`به نقل از`, `نقلت`, `وفقا لـ`) shortly before token i in its sentence, or ''."""
    tokens = doc.tokens
    ends = _phrases(doc.lang, -1, *(("before", "dateline") if strong else ("before", "dateline", "weak")))
    for j in range(i - 1, max(-1, i - 1 - window), -1):
        if tokens[j].sentence_idx != tokens[i].sentence_idx:
            break
        for keys in _tried(ends, tokens[j]):  # longest first: به گزارش, not گزارش
            start = j - len(keys) + 1
            if _spells(tokens, start, keys):
                return doc.text[tokens[start].start:tokens[j].end]
    return ""


def _told_to(doc: Doc, i: int) -> str:
    """Arabic ل on the outlet's name: وقال لرويترز، في تصريح لوكالة الصحافة الفرنسية (told to)."""
    token = doc.tokens[i]
    if doc.lang == "ar" and token.key.startswith(("ل", "ول", "فل")) and not token.key.startswith(("ال", "لل")):
        return token.text[:token.text.index("ل") + 1] + "ـ"
    return ""


def _verb_after(doc: Doc, last: int) -> str:
    """The reporting verb (گزارش داد، قالت) shortly after the outlet's name, or ''.

    A few words may come between (خبرگزاری آسوشیتدپرس نیز در گزارشی اعلام کرد)."""
    tokens = doc.tokens
    for start in range(last + 1, min(len(tokens), last + 2 + CUE_WINDOW)):
        if tokens[start].sentence_idx != tokens[last].sentence_idx:
            break
        for keys in _tried(_phrases(doc.lang, 0, "after"), tokens[start]):
            if _spells(tokens, start, keys):
                return doc.text[tokens[start].start:tokens[start + len(keys) - 1].end]
    return ""


def _in_dateline(doc: Doc, first: int, last: int) -> bool:
    """`CITY - OUTLET -`, `CITY (OUTLET)`, `OUTLET:` in the first words of a body line."""
    tokens, text = doc.tokens, doc.text
    line_start = text.rfind("\n", 0, tokens[first].start) + 1
    if len(text[line_start:tokens[first].start].split()) > 6:
        return False
    after = text[tokens[last].end:tokens[last].end + 3].lstrip(" \u200c")
    before = text[max(line_start, tokens[first].start - 2):tokens[first].start].rstrip()
    marks = ("-", "–", "—", ":", ")", "/")
    return after[:1] in marks or tokens[last].text.endswith(marks) or before.endswith("(")


def _ends_first_line(doc: Doc, last: int) -> bool:
    """The outlet closes the first line of the body: `أملج 26 شوال 1436 ه … م واس`."""
    tokens, text = doc.tokens, doc.text
    end = tokens[last].end
    line_start = text.rfind("\n", 0, end) + 1
    line_end = text.find("\n", end)
    rest = text[end:line_end if line_end >= 0 else len(text)]
    return not rest.strip(" :-–—)") and len(text[line_start:end].split()) <= 20 and line_start <= _second_line_start(text)


def _second_line_start(text: str) -> int:
    starts = [start for start, _ in lines(text)]
    return starts[1] if len(starts) > 1 else 0


def _dateline(doc: Doc, found: list[Cited], own: str | None) -> Cited | None:
    """The credit that names the article's own outlet, if any."""
    tokens = doc.tokens
    for c in found:  # CITY - OUTLET -, (OUTLET), OUTLET: at the top; a first line ending in the outlet
        if c.first < DATELINE_TOKENS * 3 and (_in_dateline(doc, c.first, c.last) or _ends_first_line(doc, c.last)):
            return c
    first_cue = next((f for f in found if f.cue), None)
    if first_cue and tokens[first_cue.first].sentence_idx < LEAD_SENTENCES and _is_report_cue(doc, first_cue.cue) \
            and own in (None, first_cue.outlet) and _publishes_in(first_cue.outlet, doc.lang):
        return first_cue  # به گزارش (خبرنگار …) خبرگزاری مهر: the outlet that reports, not one it relays
    for c in found:  # a line that is only the outlet's name: a credit line at the top or the bottom
        if c.cue:
            continue  # المصدر: تاس names a source, not the outlet
        start, end = tokens[c.first].start, tokens[c.last].end
        for line_start, line_end in [*list(lines(doc.text))[:4], *list(lines(doc.text))[-2:]]:
            if line_start <= start and end <= line_end and len(doc.text[line_start:line_end].split()) <= len(doc.text[start:end].split()) + 2:
                return c
    return None


def _publishes_in(outlet: str, lang: str) -> bool:
    """Whether an outlet can be the article's own: به گزارش خبرگزاری فرانسه relays AFP, it is not AFP."""
    country = registry().outlets[outlet].country
    return lang != "fa" or country in PERSIAN_COUNTRIES or bool(set(registry().outlets[outlet].codes))


def _is_report_cue(doc: Doc, cue: str) -> bool:
    keys = tuple(base_key(w) for w in cue.split())
    return keys in _cues(doc.lang).get("dateline", set()) or (len(keys) == 1 and keys[0] in _cues(doc.lang).get("dateline", set()))


def extract(row: dict[str, Any], doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """citations rows; fills row['dateline_outlet'], and row['outlet'] when missing (marked inferred)."""
    reg = registry()
    own = outlet_id(row.get("outlet"))
    rows = []
    for c in find(doc, own):
        name = reg.outlets[c.outlet].name_en
        if c.dateline:
            row["dateline_outlet"] = name
            if not row.get("outlet"):
                row["outlet"] = name
                row["inferred"] = ",".join(filter(None, [row.get("inferred"), "outlet"]))
            continue
        if c.outlet == own or name == row.get("dateline_outlet"):
            continue
        start, end = doc.tokens[c.first].start, doc.tokens[c.last].end
        rows.append({"article_id": row["article_id"], "source_id": c.outlet, "source_name_en": name,
                     "surface": doc.text[start:end], "cue": c.cue, "start": start, "end": end,
                     "sentence_idx": doc.tokens[c.first].sentence_idx})
    return {"citations": rows}
