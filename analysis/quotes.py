"""Quotes: who is reported as saying what, with the cue that attributes it (../shared/ANNOTATION.md).

A cue from `lexicons/<lang>/cues.tsv` anchors each quote; its `form` says where the speaker and the
content sit around it:
- verb: Arabic puts the speaker after the verb (قال X إن …), Persian before it (X گفت: …); the
  content follows a colon, a complementizer (إن/أن, که), a quotation mark, or (Persian) the verb itself.
- source: "according to X", X then the content (بحسب X، … / به گفته X، …).
- prep:W (a noun-phrase speech act): the content follows the word W (دعا X إلى …، ندد X بـ …).
- pre (Persian): the content sits between the subject and the verb (X Y را مثبت خواند).
- circ (Persian): "stressing that …" (با تاکید بر اینکه …): content up to the next cue.
A content runs to the end of its sentence or to the next cue; a colon quote runs on through its
paragraph. A quote with nothing before its cue and no speaker after it falls back on the words
before it (`"…"، قال بلينكن`). Speakers are resolved by analysis.entities.Speakers.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from . import entities
from .normalize import Doc, MODULES
from .normalize.common import (LEXICONS, WORDS_REMEMBERED, ByWord, Token, base_key, index_by_key, data_lines,
                               phrases, word_classes)

# Quotation marks as outlets use them; " and ' open and close alike. A ' inside a word (O'Brien) is
# not a mark: tokenizers keep it inside the token.
QUOTE_MARKS = set('"“”«»\'‘’')
OPENING, CLOSING = set('"“«\'‘'), set('"”»\'’')
SYMMETRIC = {'"', "'"}
PAIRS = {"«": "»", "“": "”", "‘": "’", '"': '"', "'": "'"}
COMMAS = {"،", ","}
MAX_SPEAKER = 20  # tokens between a cue and its content (speaker with role, name and apposition)


# The words that shape a quote around its cue, per class: lexicons/<lang>/quote_words.tsv.
AR, FA = (word_classes(LEXICONS / lang / "quote_words.tsv") for lang in ("ar", "fa"))
COMPLEMENTIZERS = {"ar": AR["complementizer"], "fa": FA["complementizer"]}
AR_STOP, AR_RELATIVE, AR_OPENERS, AR_NOT_CUES = AR["stop"], AR["relative"], AR["opener"], AR["not_cue"]
NP_END, AR_OBJECT = AR["np_end"], AR["object"]
FA_STOP, FA_ADVERBS, FA_OPENERS, FA_OBJECT_START = FA["stop"], FA["adverb"], FA["opener"], FA["object_start"]
FA_AUX = FA["aux"]
AR_ASIDES, FA_CONNECTIVES, FA_LEADS = (index_by_key(phrases(words)) for words in
                                       (AR["aside"], FA["connective"], FA["lead"]))


def _phrase_at(tokens: list[Token], start: int, index: dict[str, list[tuple[str, ...]]]) -> tuple[str, ...] | None:
    """The longest of the phrases (`index`ed by first key) that the tokens at `start` spell, if any."""
    if start >= len(tokens):
        return None
    return next((p for p in index.get(tokens[start].key, ())
                 if tuple(t.key for t in tokens[start:start + len(p)]) == p), None)


@dataclass(frozen=True)
class Cue:
    keys: tuple[str, ...]
    nuance: str
    form: str


@dataclass
class Hit:
    cue: Cue
    first: int            # token indexes of the cue
    after: int
    s_idx: int


@cache
def cues(lang: str) -> dict[str, list[Cue]]:
    """Cues indexed by their first key, longest first. Arabic past verbs also get their feminine,
    plural and dual forms (قال → قالت، قالوا، قالا)."""
    module = MODULES[lang]
    index: dict[str, list[Cue]] = {}
    for surface, nuance, form, *_ in data_lines(LEXICONS / lang / "cues.tsv"):
        keys = tuple(module.token_keys(w)[0] for w in module.tokenize(module.clean(surface)))
        variants = [keys]
        if lang == "ar" and form.startswith("participle"):  # مؤكدا → مؤكدة، مؤكدين
            variants += [(keys[0][:-1] + s, *keys[1:]) for s in ("ه", "ين", "ون")]
        elif lang == "ar" and form != "source" and not keys[0].endswith(("ي", "ا", "ه")):
            variants += [(keys[0] + s, *keys[1:]) for s in ("ت", "وا")]
        for v in variants:
            index.setdefault(v[0], []).append(Cue(v, nuance, form))
    for entries in index.values():
        entries.sort(key=lambda c: -len(c.keys))
    return index


FA_ENDINGS = ("هاند", "هاست", "هبود", "ند", "ه", "")  # 3rd person past, participle (+ است/اند/بود)


@lru_cache(maxsize=WORDS_REMEMBERED)
def _fa_verb_keys(key: str, word: str) -> tuple[str, ...]:
    """The past stems a Persian token can realize as a reporting verb, so a cue's گفت matches گفت،
    گفتند، گفته است، گفته‌اند، می‌گفت and می‌گوید (hazm's lemma گفت#گو gives the present stem), but not
    first-person, subjunctive or imperative forms (می‌دانیم، بخوانید)."""
    stems = [key]
    for prefix in ("", "مي"):
        if prefix and not key.startswith(prefix):
            continue
        rest = key[len(prefix):]
        stems += [rest[:len(rest) - len(e)] for e in FA_ENDINGS if e and rest.endswith(e) and len(rest) > len(e) + 1]
        if prefix:
            stems.append(rest)
    lemma = MODULES["fa"].lemma(word)
    if "#" in lemma and key.startswith("مي"):
        past, present = (base_key(p) for p in lemma.split("#")[:2])
        if key in {f"مي{present}{glide}{end}" for glide in ("", "ي") for end in ("د", "ند")}:  # می‌گوید
            stems.append(past)
    return tuple(dict.fromkeys(stems))


def _forms(token: Token, lang: str, first: bool) -> tuple[str, ...]:
    if lang == "ar":
        if not first:
            return token.key, token.key.removesuffix("ا")
        if token.key in AR_NOT_CUES:
            return ()
        forms = (token.key, *token.alts[:1])
        if token.key[:1] in "وف" and len(token.key) == 3:  # وحث: short verbs keep their و
            forms += (token.key[1:],)
        if token.key[:1] in "وف":  # an object pronoun on a verb after و/ف: ووصفه، وصفوه (not ادانة، الطلبة)
            for suffix in ("ه", "ها", "هم"):
                forms += tuple(f[:-len(suffix)] + ("ا" if f[:-len(suffix)].endswith("و") else "")
                               for f in forms if f.endswith(suffix) and len(f) > len(suffix) + 2)
        return forms
    return _fa_verb_keys(token.key, token.text)


@cache
def _cue_starts(lang: str) -> ByWord[tuple[Cue, ...]]:
    """token → the cues whose first word it can be, longest first per form; remembered per word."""
    index = cues(lang)
    return ByWord(MODULES[lang].KEYS, lambda token: tuple(cue for key in _forms(token, lang, True) for cue in index.get(key, ())))


def _cue_at(tokens: list[Token], i: int, lang: str, starting: tuple[Cue, ...]) -> Cue | None:
    """The first of the cues `starting` at tokens[i] whose other words follow."""
    following: dict[int, tuple[str, ...]] = {}  # forms of tokens[i + k], worked out once for every cue tried
    for cue in starting:
        keys = cue.keys
        if i + len(keys) > len(tokens):
            continue
        for k in range(1, len(keys)):
            if (forms := following.get(k)) is None:
                forms = following[k] = _forms(tokens[i + k], lang, False)
            if keys[k] not in forms:
                break
        else:
            return cue
    return None


def _cues_in(doc: Doc) -> dict[int, Cue]:
    """Token index → the cue starting there (within its sentence), in token order; looked up once per
    document."""
    table = doc.memo.get("cues")
    if table is None:
        table = doc.memo["cues"] = {}
        tokens, lang = doc.tokens, doc.lang
        for i, starting in doc.where(_cue_starts(lang)):
            if (cue := _cue_at(tokens, i, lang, starting)) is not None \
                    and tokens[i + len(cue.keys) - 1].sentence_idx == tokens[i].sentence_idx:
                table[i] = cue
    return table


def _cue(doc: Doc, k: int) -> Cue | None:
    """The cue starting at doc.tokens[k], if any."""
    return _cues_in(doc).get(k)


def extract(row: dict[str, Any], doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """quotes, mentions and entities rows of one article."""
    lang, text = doc.lang, doc.text
    date = row.get("date")
    speakers = entities.Speakers(doc, getattr(date, "year", None))
    tokens = doc.tokens
    hits: list[Hit] = []
    free_from = 0
    for i, cue in sorted(_cues_in(doc).items()):
        if i >= free_from:  # a cue inside a longer one before it is part of that one
            hits.append(Hit(cue, i, i + len(cue.keys), tokens[i].sentence_idx))
            free_from = i + len(cue.keys)
    hits = [hit for hit in hits if not _inside_quotation(doc, hit)]  # nested quotes stay in their host
    quotes: list[dict[str, Any]] = []
    covered_until = -1
    for h, hit in enumerate(hits):
        if tokens[hit.first].start < covered_until:
            continue
        found = _content(doc, hit, None, speakers.mentions)
        if found is None:
            continue
        # the content ends at the next cue that opens a clause after it starts (a parenthetical
        # بحسب تاس between the verb and its words does not end it)
        nxt = next((n for n in hits[h + 1:] if n.s_idx == hit.s_idx and tokens[n.first].start >= found[1]
                    and _opens_clause(doc, n, hits[h])), None)
        if nxt is not None:
            found = _content(doc, hit, nxt, speakers.mentions) or found
        (sp_first, sp_last), start, end, colon = found
        if colon and nxt is None:  # a colon quote not cut short by another cue runs on
            end = _run_on(doc, hits, h, end)
        end = _closing_mark(text, start, end)
        start, end = _strip_marks(text, start, end)
        if end - start < 2 or not any(c.isalnum() for c in text[start:end]):  # «» alone is no quote
            continue
        resolved = speakers.resolve(sp_first, sp_last, source=hit.cue.form == "source", plural=_plural(tokens[hit.first], lang))
        content = text[start:end]
        quotes.append({
            "article_id": row["article_id"], "quote_idx": len(quotes),
            "speaker": text[tokens[sp_first].start:tokens[sp_last - 1].end].strip(" ،,:") if sp_last > sp_first else "",
            "speaker_id": resolved.speaker_id if resolved else None,
            "speaker_name": resolved.speaker_name if resolved else "",
            "cue": text[tokens[hit.first].start:tokens[_cue_end(tokens, hit) - 1].end], "content": content,
            "kind": "direct" if colon or QUOTE_MARKS & set(content) or _quoted(text, start, end) else "indirect",
            "start": start, "end": end, "sentence_idx": hit.s_idx, "cue_nuance": hit.cue.nuance})
        covered_until = end
    headline = _headline(doc, quotes, speakers, row["article_id"])
    if headline and not any(q["start"] < headline["end"] and headline["start"] < q["end"] for q in quotes):
        quotes = [headline, *quotes]
        for n, q in enumerate(quotes):
            q["quote_idx"] = n
    return {"quotes": quotes, **speakers.rows(row["article_id"])}


def _cue_end(tokens: list[Token], hit: Hit) -> int:
    """The cue with its auxiliaries (گفته است، اعلام کرده بود)."""
    end = hit.after
    while end < len(tokens) and tokens[end].sentence_idx == hit.s_idx and tokens[end].key in FA_AUX:
        end += 1
    return end


def _plural(token: Token, lang: str) -> bool:
    """A plural verb (قالوا، أكدوا، گفتند) refers back to a group, not to the last person."""
    if lang == "fa":
        return token.key.endswith("ند")
    key = token.key.removesuffix("ه").removesuffix("ها").removesuffix("هم")  # وصفوه
    return key.endswith(("وا", "ون", "و"))


def _sentence_range(doc: Doc, s_idx: int, around: int) -> tuple[int, int]:
    """Token indexes [first, last) of the sentence holding token `around`."""
    first = last = around
    while first > 0 and doc.tokens[first - 1].sentence_idx == s_idx:
        first -= 1
    while last < len(doc.tokens) and doc.tokens[last].sentence_idx == s_idx:
        last += 1
    return first, last


def _content(doc: Doc, hit: Hit, nxt: Hit | None, mentions=()):
    """((speaker token span), content start, content end, colon?) for a cue, or None."""
    tokens, lang, cue = doc.tokens, doc.lang, hit.cue
    s_first, s_last = _sentence_range(doc, hit.s_idx, hit.first)
    limit = nxt.first if nxt is not None else s_last          # content stops at the next cue
    end = tokens[limit - 1].end if nxt is not None and limit > hit.after else doc.sentences[hit.s_idx].end
    if lang == "fa" and nxt is not None:  # … گفته‌اند که A، اما آن را B توصیف کردند: A ends at the comma
        commas = [k for k in range(hit.after, nxt.first) if tokens[k].text in COMMAS]
        if commas and commas[-1] > hit.after:
            end = tokens[commas[-1] - 1].end
    after = hit.after
    if lang == "fa":
        while after < s_last and tokens[after].key in FA_AUX:  # گفته است، اعلام کرده بود
            after += 1
    if cue.form == "source":
        # …، وفقا لما ذكرته وكالة الأنباء السعودية / …، حسبما أعلن الجيش: the source closes the sentence
        before = hit.first
        while before > s_first and tokens[before - 1].text in COMMAS:
            before -= 1
        relayed = after < s_last and tokens[after].key in {"ما", "لما", "مما"} or tokens[hit.first].key.endswith("ما")
        s_first = _after_dateline(tokens, s_first, hit.first)
        if before - s_first >= 3 and (before < hit.first or relayed) and not _first_cue_between(doc, s_first, before):
            first = after
            while first < s_last and (tokens[first].key in {"ما", "لما", "مما"} or _cue(doc, first)):
                first += 1
            stop = next((k for k in range(first, s_last) if tokens[k].text in COMMAS | {".", ":"}), s_last)
            if stop > first:
                return (first, stop), tokens[s_first].start, tokens[before - 1].end, False
        for j in range(after, min(s_last, after + MAX_SPEAKER)):
            if j > after and _cue(doc, j):  # به نقل از یک مقام … گفتند: the source speaks through a verb
                return None
            if tokens[j].text in COMMAS | {":"}:
                if j + 1 >= s_last:
                    return None
                inner = _first_cue_between(doc, j + 1, s_last)  # بحسب X، قال Y … : Y is the speaker
                return None if inner else ((after, j), tokens[j].end, end, False)
        return None
    prev = _previous_hit_end(doc, hit, s_first)
    subject = _fa_subject(doc, prev, hit.first, mentions) if lang == "fa" else (hit.first, hit.first)
    if lang == "fa" and prev > s_first:  # a second verb in the sentence shares the first one's subject
        subject = (prev, prev)
    participle = cue.form.startswith("participle")
    if participle:
        cue = Cue(cue.keys, cue.nuance, "prep" + cue.form[len("participle"):] if ":" in cue.form else "verb")
    if cue.form == "pre" and not (after < s_last and (tokens[after].text in {":", *QUOTE_MARKS} or _complementizer(tokens[after], lang))):
        return _pre(doc, subject, hit, openers={"از", "بر", "به"})
    if cue.form == "circ":
        if after >= s_last:
            return None
        stop = nxt.first if nxt is not None else s_last
        while stop - 1 > after and tokens[stop - 1].text in COMMAS:
            stop -= 1
        return subject, tokens[after].start, tokens[stop - 1].end, False
    if cue.form == "object" and lang == "ar":  # قطر اتهمت السعودية بـ… / وحمّلت X المسؤولية: the object is the content
        subject_before = _ar_subject_before(doc, s_first, hit.first)
        if subject_before is not None and after < s_last:
            return subject_before, tokens[after].start, end, False
        named = next((m for m in mentions if m.start == after), None)  # اتهمت قطر السعودية بـ…
        if named is not None and named.end < s_last:
            return (named.start, named.end), tokens[named.end].start, end, False
        cue = Cue(cue.keys, cue.nuance, "prep:ب")
    if cue.form.startswith("prep:"):  # دعا X إلى …، ندد X بـ … — unless a clause comes first
        word = base_key(cue.form[5:])
        for j in range(after, min(s_last, after + MAX_SPEAKER)):
            t = tokens[j]
            if t.text == ":" or t.text in QUOTE_MARKS or _complementizer(t, lang):
                break
            attached = len(word) == 1 and t.key.startswith(word) and len(t.key) > 3 and t.alts \
                and t.alts[0] == t.key[1:] and (t.key.startswith(word + "ال") or (j > after and not _known_name(t)))
            if t.key == word or attached:
                if t.key == word and j + 1 >= s_last:
                    return None
                start = t.end if t.key == word else t.start + 1
                end = _np_end(doc, j, s_last, end)
                speaker = (after, after) if participle else _speaker_span(doc, after, j, mentions)
                if speaker[0] == speaker[1] and not participle:
                    speaker = _ar_subject_before(doc, s_first, hit.first) or speaker
                return speaker, start, end, False
    for j in range(after, min(s_last, after + MAX_SPEAKER)):
        t = tokens[j]
        if t.text in OPENING and (_quoted_name(tokens, j, s_last) or (j > after and tokens[j - 1].key == "ل")):
            continue  # صحيفة "البلد" الجزائرية: a name in quotation marks, not the content
        if t.text == ":" or _complementizer(t, lang) or t.text in QUOTE_MARKS:
            if lang == "ar":
                speaker = (after, after) if participle else _speaker_span(doc, after, j, mentions)
                if speaker[0] == speaker[1] and not participle:
                    speaker = _ar_subject_before(doc, s_first, hit.first) or speaker
            else:
                speaker = subject
            if t.text in QUOTE_MARKS:
                return speaker, t.start, end, False
            if j + 1 >= s_last:
                return None
            return speaker, t.end, end, t.text == ":"
        if (lang == "fa" or participle) and j == after:  # X گفت … / مؤكدا ضرورة …: the content follows directly
            return ((after, after) if participle else subject), t.start, end, False
    if lang == "fa" and after >= s_last:  # X Y را اعلام کرد.
        return _pre(doc, subject, hit)
    if lang == "ar":  # "…"، قال بلينكن / …، كما قال أحدهم — the words come first
        before = hit.first
        while before > s_first and (tokens[before - 1].text in COMMAS or tokens[before - 1].key in {"و", "كما"}):
            before -= 1
        if before - s_first >= 3 and (tokens[before - 1].text in CLOSING or tokens[hit.first - 1].text in COMMAS):
            return (after, s_last), tokens[s_first].start, tokens[before - 1].end, False
    return None




def _opens_clause(doc: Doc, hit: Hit, host: Hit) -> bool:
    """Does this cue start a new attribution (وأضاف، لكنه أضاف، …، مؤكدا) rather than sit inside
    the reported clause of the one before (ذكرت تاس أن لافروف وصف …)? Persian verbs close their
    clause, so a Persian cue does, except "stressing …" inside a که clause (گفت که X ضمن تأکید بر …)."""
    if doc.lang == "fa":
        return hit.cue.form != "circ" or host.cue.form == "circ"
    if hit.cue.form.startswith("participle"):
        return True
    t = doc.tokens[hit.first]
    if t.key[:1] in "وف" and t.alts and t.alts[0] == t.key[1:]:
        return True
    if hit.first == 0 or doc.tokens[hit.first - 1].sentence_idx != hit.s_idx:
        return True
    before = doc.tokens[hit.first - 1]
    return before.text in COMMAS or before.text in CLOSING or before.key in AR_OPENERS


def _quoted_name(tokens: list[Token], j: int, s_last: int) -> bool:
    """A few words in quotation marks followed by more of the phrase, or by a comma and إن/أن: a name
    (صحيفة "البلد" الجزائرية، الدكتور "عبدالكريم العبدالكريم"، أن …), not a quote."""
    for k in range(j + 2, min(j + 7, s_last)):
        if tokens[k].text in CLOSING:
            if k + 1 >= s_last:
                return False
            nxt = tokens[k + 1]
            if nxt.text[:1].isalpha():
                return not _complementizer(nxt, "ar")
            return nxt.text in COMMAS | {"؛"} and any(_complementizer(t, "ar") for t in tokens[k + 2:k + 5])
    return False


def _closing_mark(text: str, start: int, end: int) -> int:
    """A content that opens with a quotation mark runs at least to its closing mark, even past a
    sentence break inside the quote ("موقف روسيا واضح. نحن مستعدون …"), and to the end of the
    paragraph when the outlet never closes it."""
    k = start
    while k < end and text[k].isspace():
        k += 1
    if k >= len(text) or text[k] not in OPENING:
        return end
    closer = PAIRS[text[k]]
    line_end = text.find("\n", k)
    line_end = len(text) if line_end < 0 else line_end
    close = text.find(closer, k + 1, line_end)
    return line_end if close < 0 else max(end, close + 1)


def _inside_quotation(doc: Doc, hit: Hit) -> bool:
    """Is the cue inside quotation marks opened earlier in its sentence (a quote within a quote)?"""
    sentence = doc.sentences[hit.s_idx]
    before = doc.text[sentence.start:doc.tokens[hit.first].start]
    paired = sum(before.count(o) - before.count(c) for o, c in PAIRS.items() if o != c)
    return paired > 0 or any(before.count(m) % 2 == 1 for m in SYMMETRIC)


def _np_end(doc: Doc, j: int, s_last: int, end: int) -> int:
    """A noun-phrase content (opened at token j) ends at a time phrase (دعا إلى التعاون خلال أول محادثات …)."""
    for t in doc.tokens[j + 1:s_last]:
        if t.start < end and t.key in NP_END:
            return t.start
    return end


def _complementizer(t: Token, lang: str) -> bool:
    return t.key in COMPLEMENTIZERS[lang] or bool(lang == "ar" and t.alts[:1] and t.alts[0] in COMPLEMENTIZERS[lang])


def _pre(doc: Doc, subject: tuple[int, int], hit: Hit, openers: frozenset[str] | set[str] = frozenset({"از", "بر"})):
    """Persian content between subject and verb, when را marks it or a preposition opens it (از/بر;
    به only for cues that take it, اشاره کرد: any verb is said "to" someone)."""
    tokens = doc.tokens
    start = subject[1]
    while start < hit.first and (tokens[start].key in FA_ADVERBS or tokens[start].text in QUOTE_MARKS | COMMAS):
        start += 1
    keys = [t.key for t in tokens[start:hit.first]]
    if not keys or not ("را" in keys or keys[0] in openers):
        return None
    while start < hit.first and tokens[start].key in {"از", "بر", "به"}:
        start += 1
    if start >= hit.first:
        return None
    return subject, tokens[start].start, tokens[hit.first - 1].end, False


def _first_cue_between(doc: Doc, first: int, last: int) -> bool:
    s_idx = doc.tokens[first].sentence_idx
    return any(first <= k < last and doc.tokens[k].sentence_idx == s_idx for k in _cues_in(doc))


def _previous_hit_end(doc: Doc, hit: Hit, s_first: int) -> int:
    """Persian: where this verb's clause starts when an earlier cue shares the sentence (after the
    last comma or و/اما since that cue), else the sentence start."""
    tokens = doc.tokens
    earlier = [k for k, cue in _cues_in(doc).items()  # in token order
               if doc.lang == "fa" and s_first <= k < hit.first and cue.form != "source"]
    if not earlier:
        return s_first
    start = earlier[-1] + 1
    for k in range(hit.first - 1, start - 1, -1):
        if tokens[k].text in COMMAS or tokens[k].key in {"و", "اما", "ولي"}:
            return k + 1
    return start


def _ar_subject_before(doc: Doc, s_first: int, cue_first: int) -> tuple[int, int] | None:
    """Arabic SVO (بلينكن ولافروف يؤكدان …): a short phrase opening the sentence before the verb."""
    start = _after_dateline(doc.tokens, s_first, cue_first)
    while start < cue_first and doc.tokens[start].key in AR_OPENERS:
        start += 1
    while aside := _phrase_at(doc.tokens, start, AR_ASIDES):  # من جهتها، دانت الحكومة …: not a subject
        start += len(aside)
        start += start < cue_first and doc.tokens[start].text in COMMAS
    span = doc.tokens[start:cue_first]
    if not 0 < len(span) <= 6 or any(t.text in COMMAS or t.text in QUOTE_MARKS for t in span) \
            or all(t.key in AR_OPENERS for t in span):
        return None
    # محطة العربية التي تمتلكها السعودية: the subject ends before its relative clause
    end = next((k for k in range(start, cue_first) if doc.tokens[k].key in AR_RELATIVE), cue_first)
    return (start, end) if end > start else None


def _known_name(t: Token) -> bool:
    """Is the token a gazetteer name as it stands (لافروف starts with ل but is no addressee)?"""
    return (t.key,) in entities.gazetteer().index("ar")[0]


def _speaker_span(doc: Doc, after: int, j: int, mentions=()) -> tuple[int, int]:
    """Arabic: the speaker after a verb; after عن or على لسان when an agency relays someone
    (نقلت الوكالة عن الوزير / على لسان بري)."""
    tokens = doc.tokens
    for k in range(after + 1, j - 1):
        if tokens[k].key == "عن":
            return k + 1, _speaker_end(doc, k + 1, j)
        if tokens[k].key == "علي" and tokens[k + 1].key == "لسان" and k + 2 < j:
            return k + 2, _speaker_end(doc, k + 2, j)
    if tuple(t.key for t in doc.tokens[after:after + 2]) == ("كل", "من"):  # أكد كل من X و Y
        after += 2
    if tokens[after].key in AR_OBJECT:  # وأكد حرص بلاده على …: no speaker here, the object follows
        return after, after
    end = _speaker_end(doc, after, j)
    for m in mentions:  # وأكد شكري التزام مصر: a named speaker, then the object
        if m.start == after and m.end < end and not tokens[m.end].text in COMMAS \
                and not entities.speaker_words("ar").get(tokens[m.end].key) \
                and not tokens[m.end].key.startswith(("و", "ال")):
            return after, m.end
    return after, end


def _speaker_end(doc: Doc, after: int, j: int) -> int:
    """Arabic: where the speaker after a verb ends — before an addressee, place or time phrase, a
    relative clause or another cue (قائلا، قوله) — unless a comma then brings the name in apposition
    (المتحدث باسم التحالف في اليمن، العقيد الركن تركي المالكي، إن …)."""
    tokens, words = doc.tokens, entities.speaker_words("ar")
    group = words.get(tokens[after].key) == "group" if after < j else False
    for k in range(after, j):
        t = tokens[k]
        if (t.key in {"في", "ب", "علي", "من"} or (t.key.startswith("ل") and j - k > 4)) and k > after and group:
            continue  # مسؤولون كبار في وزارة الخارجية: a group is named by where it works
        # قال بلينكن للافروف إن / لـ«عكاظ» أن: an addressee sits right before the words; a genitive
        # (المرصد السوري لحقوق الإنسان، الأمين العام للأمم المتحدة غوتيريش) goes on into the name
        addressee = k > after and j - k <= 4 and words.get(tokens[k - 1].key) != "document" and (
            t.key == "ل" or t.key.startswith("لل") or (t.key.startswith("ل") and t.alts and t.alts[0] == t.key[1:]
                                                     and not _known_name(t)))
        stop = t.key in AR_STOP or t.key in AR_RELATIVE or _cue(doc, k) is not None or addressee or (
            k > after and t.key.startswith("بال") and len(t.key) > 4)
        if stop:
            commas = [m for m in range(k + 1, j) if tokens[m].text in COMMAS]
            if k > after and commas and j - commas[0] <= 10 and t.key in {"في", "الي", "لدي"} \
                    and not any(_cue(doc, m) for m in range(commas[0], j)):
                return j
            return k
    return j


DASHES = {"-", "–", "—", "ـ"}


def _after_dateline(tokens: list[Token], first: int, last: int) -> int:
    """Skip a dateline or section label that opens the sentence (نیویورک – ایرنا- …، - اخبار بین‌الملل -)."""
    marks = [k for k in range(first, min(last, first + 7)) if tokens[k].text in DASHES or tokens[k].text.endswith("-")
             or (tokens[k].text == ":" and k - first <= 3 and last - k > 2)]  # ایسنا: …
    return marks[-1] + 1 if marks else first


def _fa_subject(doc: Doc, s_first: int, cue_first: int, mentions=()) -> tuple[int, int]:
    """Persian: the subject is the opening phrase of the clause, before any time/place/manner word."""
    tokens = doc.tokens
    start = _after_dateline(tokens, s_first, cue_first)
    while _phrase_at(tokens, start, FA_LEADS):  # به گزارش خبرگزاری فارس، به نقل از …، …: the clause starts after the credits
        comma = next((k for k in range(start, cue_first) if tokens[k].text in COMMAS), None)
        if comma is None:
            break
        start = comma + 1
    for k in range(cue_first - 2, start - 1, -1):  # …، اما آقای بلینکن گفت: the clause after the last "، اما"
        if tokens[k].text in COMMAS and tokens[k + 1].key in {"اما", "ولي", "و"}:
            start = k + 1
            break
    while phrase := _phrase_at(tokens, start, FA_CONNECTIVES):  # در همین حال، …
        start += len(phrase)
        start += start < cue_first and tokens[start].text in COMMAS
    while start < cue_first and tokens[start].key in FA_OPENERS:
        start += 1
    end = start
    while end < cue_first and tokens[end].key not in FA_STOP and end - start < MAX_SPEAKER \
            and not (end > start and tokens[end].key in FA_OBJECT_START):
        end += 1
    if end < cue_first and tokens[end].text in CLOSING and any(t.text in OPENING for t in tokens[start:end]):
        end += 1  # "انتونیو گوترش" در …: the closing mark belongs to the name
    for m in mentions:  # مشاور کاخ سفید منفی شدن …: the subject ends with the institution it names
        if start <= m.start and m.end < end and entities.speaker_words("fa").get(tokens[m.end].key) not in ("role", "title") \
                and m.end - start <= 6:
            end = m.end
            break
    if end == start and start < cue_first and tokens[start].key == "در":  # در بیانیه X آمده است
        k = start + 1
        if k < cue_first and entities.speaker_words("fa").get(tokens[k].key) == "document":
            end = k + 1
            while end < cue_first and tokens[end].key not in FA_STOP:
                end += 1
            return k, end
    return start, end


def _headline(doc: Doc, quotes: list[dict[str, Any]], speakers: entities.Speakers,
              article_id: str) -> dict[str, Any] | None:
    """A headline `X: …` (the first line) whose X is a person the article quotes or the gazetteer
    knows is a direct quote with an empty cue (ANNOTATION.md); `القاهرة: …` is a dateline, not a quote."""
    tokens, text = doc.tokens, doc.text
    line_end = text.find("\n")
    line_end = len(text) if line_end < 0 else line_end
    colon = next((k for k, t in enumerate(tokens[:6]) if t.text == ":"), None)
    if colon is None or colon == 0 or tokens[colon].end >= line_end:
        return None
    names = {base_key(w) for q in quotes for w in str(q["speaker_name"]).split()}
    known = any(m.end == colon and m.start == 0 and speakers.g.entities[m.entity_id].type == "person"
                for m in speakers.mentions)
    if not known and not (colon <= 3 and tokens[colon - 1].key in names):
        return None
    start, end = _strip_marks(text, tokens[colon].end, line_end)
    if end - start < 2 or not any(c.isalnum() for c in text[start:end]):  # `لافروف: «»`: nothing said
        return None
    resolved = speakers.resolve(0, colon)
    return {"article_id": article_id, "quote_idx": 0, "speaker": text[:tokens[colon - 1].end],
            "speaker_id": resolved.speaker_id if resolved else None,
            "speaker_name": resolved.speaker_name if resolved else "", "cue": "",
            "content": text[start:end], "kind": "direct", "start": start, "end": end,
            "sentence_idx": 0, "cue_nuance": "neutral"}


def _run_on(doc: Doc, hits: list[Hit], h: int, end: int) -> int:
    """A colon quote continues over the following sentences of its paragraph until a new cue."""
    text = doc.text
    cue_sentences = {hit.s_idx for hit in hits[h + 1:]}
    for nxt in range(hits[h].s_idx + 1, len(doc.sentences)):
        sentence = doc.sentences[nxt]
        if "\n" in text[end:sentence.start] or nxt in cue_sentences:
            break
        end = sentence.end
    return end


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, final punctuation and the quotation marks around the content (ANNOTATION.md:
    content is given without its surrounding marks); marks inside a partial quote stay."""
    def trim(a: int, b: int) -> tuple[int, int]:
        while a < b and (text[a].isspace() or text[a] in "،,:"):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ".،,:"):
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
    return (span.count(mark) % 2 == 1) if mark in SYMMETRIC else any(c in CLOSING - SYMMETRIC for c in span)


def _opens(mark: str, span: str) -> bool:
    return (span.count(mark) % 2 == 1) if mark in SYMMETRIC else any(c in OPENING - SYMMETRIC for c in span)


def _quoted(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] in QUOTE_MARKS
