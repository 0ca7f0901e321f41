"""Entities: who a mention refers to, one id per real person or organisation across spellings and scripts.

Three sources of identity, in order:
1. the gazetteer (`lexicons/entities/gazetteer.yaml`): aliases and roles (with years) in fa and ar;
2. the article itself: a role written next to a name (`وزير الخارجية السعودي عادل الجبير`) lets a
   later bare role (`وزير الخارجية السعودي`, `الوزير`) or surname (`الجبير`) point back to the person;
3. the cross-script name key (`name_key`) for names the gazetteer does not know: `x-<key>` is the
   same id in every article and both scripts, so unknown names merge without a second pass.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from .normalize import MODULES, Doc
from .normalize.common import LEXICONS, ByWord, Token, base_key, index_by_key, data_lines, word_classes

ENTITY_DIR = LEXICONS / "entities"


# ---- the cross-script name key ------------------------------------------------------------------

@cache
def _name_classes() -> dict[str, str]:
    return {src: dst for src, dst, *_ in data_lines(ENTITY_DIR / "name_key.tsv")}


def _word_key(word: str) -> str:
    """Consonant skeleton of one name word: letters folded into sound classes (name_key.tsv), long
    vowels dropped. و is a consonant (v/w) at the start of a word, next to alef or doubled, where
    Persian writes the "v" Arabic writes as ف; elsewhere it is the vowel u/o, which outlets write or
    omit at will (پمپئو / بومبيو)."""
    classes = _name_classes()
    word = base_key(word).replace("تش", "چ")  # Arabic spells "ch" with two letters
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch == "و":
            before, after = word[i - 1:i], word[i + 1:i + 2]
            if not (i == 0 or "ا" in (before, after) or after == "و"):
                continue
        if ch == "ه" and i == len(word) - 1 and i > 1:  # final ه writes a vowel (Persian -e/-a)
            continue
        cls = classes.get(ch, ch if ch.isalpha() else "")
        if cls == "-" or (out and out[-1] == cls):  # dropped letter, or a doubled sound
            continue
        out.append(cls)
    return "".join(out)


def name_key(name: str) -> str:
    """The key under which spellings of one name meet, whatever the script. ZWNJ separates words
    here (خامنه‌ای = خامنه ای), so their final letters count as final.

    >>> name_key("لاوروف") == name_key("لافروف"), name_key("بلینکن") == name_key("بلينكين")
    (True, True)
    """
    return "".join(_word_key(w) for w in name.replace("-", " ").replace("\u200c", " ").split())


# ---- the gazetteer ------------------------------------------------------------------------------

# Heads of a spokesperson's role: the person named after them may be the principal (باسم ماي).
SPOKESPERSON = {"ar": {"المتحدث", "متحدث", "الناطق", "ناطق", "المتحدثه", "متحدثه", "الناطقه"},
                "fa": {"سخنگوي", "سخنگو"}}

@dataclass
class Entity:
    id: str
    name_en: str
    type: str
    affiliation: str | None
    names: dict[str, str] = field(default_factory=dict)     # lang → name as usually written

    def row(self) -> dict[str, Any]:
        return {"entity_id": self.id, "name_en": self.name_en, "name_fa": self.names.get("fa"),
                "name_ar": self.names.get("ar"), "type": self.type, "affiliation": self.affiliation}


@dataclass
class Gazetteer:
    entities: dict[str, Entity]
    aliases: dict[str, dict[tuple[str, ...], str]]                       # lang → key tuple → id
    roles: dict[str, dict[str, list[tuple[str, int, int]]]]            # lang → role_string → (id, from, to)
    by_name_key: dict[str, str]                                          # name_key of alias → id
    by_first: dict[str, dict[str, list[tuple[str, ...]]]] = field(default_factory=dict)  # lang → first key → aliases, longest first
    spokespeople: set[str] = field(default_factory=set)                  # ids whose roles are spokesperson roles
    names: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # lang → (alias, id), keyed on first use
    starts: dict[str, ByWord[tuple[tuple[str, tuple[str, ...]], ...]]] = field(default_factory=dict)

    def index(self, lang: str) -> tuple[dict[tuple[str, ...], str], dict[str, list[tuple[str, ...]]]]:
        """(aliases, by_first) of `lang`, keyed when first asked for: keying Persian names loads hazm,
        which an Arabic-only corpus never needs."""
        if lang not in self.by_first:
            aliases = self.aliases[lang]
            for alias, entity_id in self.names.get(lang, ()):
                aliases.setdefault(phrase_keys(alias, lang), entity_id)
            self.by_first[lang] = index_by_key(aliases)
        return self.aliases[lang], self.by_first[lang]

    def starting(self, lang: str) -> ByWord[tuple[tuple[str, tuple[str, ...]], ...]]:
        """token → (the form it matched, alias keys) of every alias that can start at it, longest first
        per form; remembered per word."""
        if lang not in self.starts:
            by_first = self.index(lang)[1]
            self.starts[lang] = ByWord(MODULES[lang].KEYS, lambda token: tuple(
                (form, keys) for form in token_forms(token) for keys in by_first.get(form, ())))
        return self.starts[lang]


def phrase_keys(phrase: str, lang: str) -> tuple[str, ...]:
    module = MODULES[lang]
    return tuple(module.token_keys(w)[0] for w in module.tokenize(module.clean(phrase)))


class LexiconError(ValueError):
    """A gazetteer, outlet or place file that cannot be used; the message names file, line and field."""


def read_entries(path: str | os.PathLike) -> list[tuple[int, dict[str, Any]]]:
    """(line, entry) for every entry of a YAML list of mappings, read with yaml.SafeLoader.

    A Python tag (`!!python/object/apply:…`) is refused like any other YAML error: nothing runs.
    """
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}: is not UTF-8 text (byte {exc.start})") from exc
    # libyaml's safe loader when installed (5x faster on the 5,000-line bundled files); same nodes, marks
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise LexiconError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from exc
    finally:
        loader.dispose()
    if data is None:
        return []
    if not isinstance(data, list):
        raise LexiconError(f"{path}: expected a list of entries (`- id: …`), got a {type(data).__name__}")
    entries = []
    for item, entry in zip(node.value, data):
        line = item.start_mark.line + 1
        if not isinstance(entry, dict):
            raise LexiconError(f"{path}, line {line}: each entry must be a mapping with id and name_en; got {entry!r:.60}")
        for name in ("id", "name_en"):
            if entry.get(name) in (None, ""):
                raise LexiconError(f"{path}, line {line}: field `{name}` is missing")
        for name, kind in (("aliases", dict), ("roles", list), ("aliases_en", list), ("codes", list)):
            if entry.get(name) is not None and not isinstance(entry[name], kind):
                raise LexiconError(f"{path}, line {line}: field `{name}` must be a "
                                   f"{'mapping (fa: […], ar: […])' if kind is dict else 'list'}")
        entries.append((line, entry))
    return entries


def outlets_path() -> str:
    """The outlet registry: the bundled lexicons/entities/outlets.yaml or $RASAD_OUTLETS."""
    return os.environ.get("RASAD_OUTLETS") or str(ENTITY_DIR / "outlets.yaml")


def entity_files(path: str | None = None) -> list[str]:
    """The gazetteer ($RASAD_GAZETTEER), the outlet registry (outlets speak and are cited) and the
    places (where events happen): together, the entities."""
    return [str(path or os.environ.get("RASAD_GAZETTEER") or ENTITY_DIR / "gazetteer.yaml"), outlets_path(),
            os.environ.get("RASAD_PLACES") or str(ENTITY_DIR / "places.yaml")]


def check_files() -> None:
    """Read and check every entity file, so a bad one stops a build before any article (cheaper than
    gazetteer(), which also keys every name and so loads hazm even for an Arabic-only corpus)."""
    for file in entity_files():
        read_entries(file)


@cache
def gazetteer(path: str | None = None) -> Gazetteer:
    """Load the gazetteer YAML (the bundled one, or $RASAD_GAZETTEER); errors name the file and entry."""
    records = []
    for file in entity_files(path):
        if not os.path.exists(file):
            raise LexiconError(f"{file}: the gazetteer's companion file is missing")
        records += [(file, line, r) for line, r in read_entries(file)]
    g = Gazetteer({}, {"fa": {}, "ar": {}}, {"fa": {}, "ar": {}}, {})
    for source, line, record in records:
        try:
            entity = Entity(str(record["id"]), record["name_en"], record.get("type", "person"),
                            record.get("affiliation"))
            aliases = record.get("aliases") or {}
            for lang in ("fa", "ar"):
                names = [str(a) for a in aliases.get(lang) or []]
                if names:
                    entity.names[lang] = names[0]
                for alias in names:
                    g.names.setdefault(lang, []).append((alias, entity.id))
                    if entity.type == "person":
                        g.by_name_key.setdefault(name_key(alias), entity.id)
            for role in record.get("roles") or []:
                for lang in ("fa", "ar"):
                    for phrase in role.get(lang) or []:
                        if set(base_key(w) for w in str(phrase).split()) & SPOKESPERSON[lang]:
                            g.spokespeople.add(entity.id)
                        g.roles[lang].setdefault(role_string(str(phrase)), []).append(
                            (entity.id, int(role.get("from") or 0), int(role.get("to") or 9999)))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise LexiconError(f"{source}, line {line}: entry {record.get('id')!r} is malformed "
                               f"({type(exc).__name__}: {exc})") from exc
        g.entities[entity.id] = entity
    return g


# ---- mentions in one article --------------------------------------------------------------------

@dataclass
class Mention:
    entity_id: str
    start: int              # token index range in doc.tokens
    end: int
    surface: str

    def __init__(self, entity_id: str, start: int, end: int, surface: str) -> None:  # compiled, as Match's
        self.entity_id, self.start, self.end, self.surface = entity_id, start, end, surface


def token_forms(token: Token) -> tuple[str, ...]:
    """The forms a name can match: the key and, for a first word, its proclitic-free alternatives."""
    return (token.key, *token.alts)


def find_mentions(doc: Doc, g: Gazetteer | None = None) -> list[Mention]:
    """Every gazetteer alias in the article, longest match first, never overlapping (computed once per
    document and gazetteer: cited sources and speakers both ask)."""
    g = g or gazetteer()
    memo = ("mentions", id(g))
    if memo not in doc.memo:
        doc.memo[memo] = _find_mentions(doc, g)
    return doc.memo[memo]


def _find_mentions(doc: Doc, g: Gazetteer) -> list[Mention]:
    index, starting = g.index(doc.lang)[0], g.starting(doc.lang)
    tokens, text = doc.tokens, doc.text
    found: list[Mention] = []
    free_from = 0  # matches never overlap: the longest at the leftmost start wins
    n_tokens = len(tokens)
    for i, aliases in doc.where(starting):
        if i < free_from:
            continue
        s_idx = tokens[i].sentence_idx
        after = tokens[i + 1].key if i + 1 < n_tokens else None  # most longer names fail at their second word
        for first, keys in aliases:  # only aliases that start with this word are tried
            n = len(keys)
            if n > 1 and (keys[1] != after or i + n > n_tokens or tokens[i + n - 1].sentence_idx != s_idx
                          or any(tokens[i + k].key != keys[k] for k in range(2, n))):
                continue
            # the surface leaves out a proclitic (ولافروف → لافروف)
            start = tokens[i].start + max(0, len(tokens[i].text) - len(first)) if first != tokens[i].key else tokens[i].start
            found.append(Mention(index[keys], i, i + n, text[start:tokens[i + n - 1].end]))
            free_from = i + n
            break
    return found


def romanize(name: str) -> str:
    """A readable Latin spelling for names the gazetteer does not know (lexicons/entities/romanize.tsv).

    >>> romanize("تركي المالكي")
    'Trki al-Malki'
    """
    table = _romanization()
    words: list[str] = []
    for word in base_key(name).split():
        article = word.startswith("ال") and len(word) > 3
        word = word[2:] if article else word
        latin = "".join({"و": "w", "ي": "y"}.get(ch, table.get(ch, "")) if i == 0 else table.get(ch, "")
                        for i, ch in enumerate(word))
        latin = latin.capitalize()
        words.append(("al-" if words else "Al-") + latin if article else latin)
    return " ".join(w for w in words if w)


@cache
def _romanization() -> dict[str, str]:
    return {src: dst for src, dst, *_ in data_lines(ENTITY_DIR / "romanize.tsv")}


def unknown_entity(name: str, lang: str, kind: str = "person") -> Entity:
    """An entity for a name the gazetteer lacks, keyed by its cross-script name key."""
    g = gazetteer()
    key = name_key(name)
    if key in g.by_name_key:  # a spelling the gazetteer lacks, of a person it knows
        return g.entities[g.by_name_key[key]]
    return Entity(f"x-{key}", romanize(name), kind, None, {lang: name})


ROLE_FILLERS = {"جديد", "الجديد", "جديده", "الجديده"}  # "the new US president" is still the president


def role_string(phrase: str) -> str:
    """A role as one key string: spaces and ZWNJ dropped (دبیرکل = دبیر کل), titles and the Arabic
    article off the front, so roles compare by prefix: سخنگوی وزارت خارجه روسیه starts with a role."""
    words = [base_key(w) for w in phrase.replace("\u200c", " ").split()]
    words = [w for w in words if w.strip("«»\"“”()") and w not in ROLE_FILLERS]
    joined = "".join(w.strip("«»\"“”()") for w in words)
    return joined.removeprefix("ال")


def role_holder(phrase: str, lang: str, year: int | None, mentioned: frozenset[str] = frozenset()) -> str | None:
    """The gazetteer person whose role opens `phrase` (longest role first), in the article's year;
    in an undated article, the holder the article names, else the only or latest holder."""
    roles = gazetteer().roles[lang]
    holders = []
    for n in range(len(phrase), 3, -1):
        holders = roles.get(phrase[:n], [])
        if holders:
            break
    if year is not None:
        holders = [h for h in holders if h[1] <= year <= h[2]]
    elif len({h[0] for h in holders}) > 1 and any(h[0] in mentioned for h in holders):
        holders = [h for h in holders if h[0] in mentioned]
    return max(holders, key=lambda h: h[1])[0] if holders else None


# ---- speakers: from the phrase as written to the entity meant ------------------------------------

@cache
def speaker_words(lang: str) -> dict[str, str]:
    """word key → class (role, title, person, org, document, group, adjective, connector)."""
    return {w: c for c, words in word_classes(LEXICONS / lang / "speaker_words.tsv").items() for w in words}


PUNCT = set("«»\"“”'()[]")
COMMAS = {"،", ","}
DEMONSTRATIVES = {"اين", "همين", "همان", "هذا", "هذه", "ذلك", "تلك", "نفس"}


@dataclass
class Resolved:
    speaker_id: str | None
    speaker_name: str
    type: str                       # person / organization / media / group / unknown


class Speakers:
    """Resolve speaker phrases of one article in reading order (pronouns need the order).

    Remembers the names seen (a surname points back to the full name), the roles written beside a
    name (a bare role points back to its holder), and the last person and institution speaking.
    """

    def __init__(self, doc: Doc, year: int | None = None) -> None:
        self.doc, self.lang, self.year = doc, doc.lang, year
        self.g = gazetteer()
        self.mentions = find_mentions(doc, self.g)
        self.words = speaker_words(self.lang)
        self.found: dict[str, Entity] = {}           # every entity met in this article, by id
        self.names: list[tuple[tuple[str, ...], Resolved]] = []
        self.roles: list[tuple[tuple[str, ...], Resolved]] = []
        self.last: Resolved | None = None
        self.last_org: Resolved | None = None
        self.last_group: Resolved | None = None
        self.last_person: Resolved | None = None
        for m in self.mentions:
            self.found.setdefault(m.entity_id, self.g.entities[m.entity_id])
            if self.g.entities[m.entity_id].type == "person":
                self._role_beside(m)

    # -- public --
    def resolve(self, first: int, last: int, source: bool = False, plural: bool = False) -> Resolved | None:
        """The speaker of a phrase spanning doc.tokens[first:last] (an empty span: the implicit subject).
        A news agency cited as a source (به نقل از اسپوتنیک) is not who "he said" refers to next."""
        tokens = [t for t in self.doc.tokens[first:last] if t.text not in PUNCT]
        if not tokens and plural and self.last_group is not None:
            return self.last_group
        resolved = self._resolve(tokens, first, last)
        if resolved is not None and resolved.type == "group":
            self.last_group = resolved
        if resolved is not None and resolved.type == "person":
            self.last_person = resolved
        if resolved is not None and resolved.type not in ("group", "media") and not (source and resolved.type != "person"):
            if resolved.type in ("organization", "media"):
                self.last_org = resolved
            self.last = resolved
        return resolved

    def rows(self, article_id: str) -> dict[str, list[dict[str, Any]]]:
        """mentions rows of this article, and a row for every entity it met (store keeps one per id)."""
        tokens = self.doc.tokens
        mentions = [{"article_id": article_id, "entity_id": m.entity_id, "surface": m.surface, "start": tokens[m.end - 1].end - len(m.surface),
                     "end": tokens[m.end - 1].end} for m in self.mentions]
        return {"mentions": mentions, "entities": [e.row() for e in self.found.values()]}

    # -- steps --
    def _resolve(self, tokens: list[Token], first: int, last: int) -> Resolved | None:
        classes = [self.words.get(self._bare(t), "") for t in tokens]
        if tokens and classes[0] == "document":  # بيان الخارجية الروسية → the ministry speaks
            tokens, classes = tokens[1:], classes[1:]
            if tokens and tokens[0].key in {"ل", "من"}:
                tokens, classes = tokens[1:], classes[1:]
            if not tokens:
                return self.last_org or self.last
        if not tokens or (len(tokens) == 1 and classes[0] == "person"):
            return self.last  # وی، او، هو، وأضاف: the implicit subject
        if len(tokens) == 1 and classes[0] == "group" and tokens[0].key.startswith("ال") and self.last_group:
            return self.last_group  # المسؤولون: the officials quoted before
        if self._bare(tokens[0]) in DEMONSTRATIVES and len(tokens) > 1:  # این مقام، هذا المسؤول
            target = self.last_org if classes[1] == "org" else self.last
            if target is not None:
                return target
        inside = [m for m in self.mentions if first <= m.start and m.end <= last]
        persons = [m for m in inside if self.g.entities[m.entity_id].type == "person"]
        head = next((c for c in classes if c != "title"), "")
        name = self._name(tokens, classes)
        if not persons and head in ("role", "person"):  # سخنگوی وزارت خارجه روسیه: a person, not the ministry
            role = self._role(tokens)
            if role is not None:
                return role
            if not name and not inside and self.last_person is not None:
                return self.last_person  # a role with no name, met after a named speaker: that speaker
        principal = next((m for m in persons if self._spokesperson_of(tokens, first, m)), None)
        if principal is not None:  # الناطق باسم رئيسة الوزراء تيريزا ماي: the spokesman speaks, not May
            spokesman = Resolved(None, self.doc.text[tokens[0].start:self.doc.tokens[principal.start].start].strip(" ،,"), "person")
            return self._remember(spokesman, tokens)
        if len({m.entity_id for m in persons}) > 1:  # بلينكن ولافروف: a joint statement
            if all(c in ("title", "connector", "") for c in classes):  # الملك سلمان والأمير محمد بن نايف
                return Resolved(None, self._surface(tokens), "group")
            names = [self._surname(m.surface) for m in persons]
            return Resolved(None, (" و" if self.lang == "ar" else " و ").join(dict.fromkeys(names)), "group")
        if name and not persons and any(c in ("role", "title") for c in classes):
            return self._remember(self._from_name(name), tokens)  # «داود شهاب» سخنگوی جنبش جهاد اسلامی
        if persons or (inside and head not in ("role", "person", "group")):
            m = persons[0] if persons else inside[0]
            return self._remember(self._entity_resolved(m.entity_id, m.surface), tokens)
        # مسؤولون كبار بوزارة الخارجية: the ministry's people; مصادر مطلعة: a vague source, no name in it
        if head == "group" and (not name or not any(c in ("role", "title") for c in classes)):
            return Resolved(inside[0].entity_id if inside else None, self._surface(tokens), "group")
        if name:
            return self._remember(self._from_name(name), tokens)
        if len(tokens) == 1 and classes[0] == "org" and self.last_org is not None:
            return self.last_org  # الوزارة: the institution speaking last
        if classes[0] == "org":  # وزارة الخارجية الروسية: an institution the gazetteer lacks
            surface = self._surface(tokens)
            if self.lang == "ar" and tokens[0].key[:1] == "ل" and tokens[0].alts and tokens[0].alts[0] == tokens[0].key[1:]:
                surface = surface[1:]
            entity = unknown_entity(surface, self.lang, "organization")
            entity = self.found.setdefault(entity.id, entity)
            return Resolved(entity.id, surface, "organization")
        return Resolved(None, self._surface(tokens), "group" if head == "group" else "unknown")

    def _bare(self, t: Token) -> str:
        """The key without و/ف/ب/ل (Arabic) so وزير and ووزير look the same."""
        if t.key not in self.words and t.alts and (self.lang == "fa" or t.key[:1] in "وفبل"):
            return t.alts[0]  # Persian: the part before a ZWNJ (رئیس‌جمهور → رئیس)
        return t.key

    def _surface(self, tokens: list[Token]) -> str:
        text = self.doc.text[tokens[0].start:tokens[-1].end]
        return text.strip(" ،,:«»\"“”")

    def _surname(self, surface: str) -> str:
        words = [w.strip("«»\"“”") for w in surface.split()]
        return words[-1] if words else surface

    def _entity_resolved(self, entity_id: str, surface: str) -> Resolved:
        entity = self.found.get(entity_id) or self.g.entities[entity_id]
        self.found.setdefault(entity_id, entity)
        return Resolved(entity_id, surface.strip("«»\"“” "), entity.type)

    def _from_name(self, name: list[Token]) -> Resolved:
        keys = tuple(t.key for t in name)
        surface = self._surface(name)
        if len(keys) == 1:  # a surname refers back to the full name met earlier
            for known, resolved in reversed(self.names):
                if known[-1] == keys[0] or name_key(known[-1]) == name_key(keys[0]):
                    return resolved
        entity = unknown_entity(surface, self.lang)
        if entity.id in self.g.entities:
            return self._entity_resolved(entity.id, surface)
        entity = self.found.setdefault(entity.id, entity)
        resolved = Resolved(entity.id, surface, "person")
        self.names.append((keys, resolved))
        return resolved

    def _remember(self, resolved: Resolved, tokens: list[Token], track: bool = True) -> Resolved:
        """Keep the role words of the phrase (وزير الخارجية السعودي) as a way back to this speaker."""
        role = tuple(self._bare(t) for t in tokens)
        if any(self.words.get(self._bare(t)) in ("role", "person") for t in tokens):
            self.roles.append((role, resolved))
        if track and resolved.type == "person" and not any(r is resolved for _, r in self.names):
            self.names.append((tuple(t.key for t in tokens[-1:]), resolved))
        return resolved

    def _spokesperson_of(self, tokens: list[Token], first: int, m: Mention) -> bool:
        """Is the person mention the principal of a spokesperson phrase (المتحدث باسم … X, سخنگوی X)
        rather than the spokesperson's own name (المتحدث باسم الخارجية، نيد برايس)?"""
        head = self._bare(tokens[0])
        if head not in SPOKESPERSON[self.lang]:
            return False
        if any(t.text in COMMAS for t in self.doc.tokens[first:m.start]):
            return False
        return m.entity_id not in self.g.spokespeople  # المتحدث باسم الكرملين ديمتري بيسكوف: his own name

    def _role_beside(self, m: Mention) -> None:
        """Remember the role written next to a known person anywhere in the article: before the name
        in Arabic (وزير الخارجية التركي مولود جاويش أوغلو), after it in Persian (ظریف وزیر امور خارجه)."""
        tokens = self.doc.tokens
        same = lambda k: 0 <= k < len(tokens) and tokens[k].sentence_idx == tokens[m.start].sentence_idx
        if self.lang == "ar":
            span = [k for k in range(m.start - 1, m.start - 6, -1) if same(k)]
            role: list[Token] = []
            for k in span:
                c = self.words.get(self._bare(tokens[k]), "")
                if c in ("role", "person", "title", "adjective") or (not c and tokens[k].key.startswith("ال")):
                    role.insert(0, tokens[k])
                else:
                    break
        else:
            role = []
            for k in range(m.end, m.end + 6):
                if not same(k) or tokens[k].key in _FA_ROLE_END or tokens[k].text in PUNCT | COMMAS | {"."}:
                    break
                role.append(tokens[k])
        if any(self.words.get(self._bare(t)) in ("role", "person") for t in role):
            self._remember(self._entity_resolved(m.entity_id, m.surface), role, track=False)

    def _role(self, tokens: list[Token]) -> Resolved | None:
        while len(tokens) > 1 and self.words.get(self._bare(tokens[0])) == "title":
            tokens = tokens[1:]
        strip = (lambda k: k.removeprefix("ال")) if self.lang == "ar" else (lambda k: k)
        keys = {strip(self._bare(t)) for t in tokens}
        for role, resolved in reversed(self.roles):  # the latest role written in the article that covers this one
            if keys <= {strip(k) for k in role}:
                return resolved
        holder = role_holder(role_string(self._surface(tokens)), self.lang, self.year,
                             frozenset(m.entity_id for m in self.mentions))
        if holder:
            entity = self.g.entities[holder]
            self.found.setdefault(holder, entity)
            return Resolved(holder, self._surname(entity.names.get(self.lang) or entity.name_en), "person")
        return None

    def _lead_name(self, segment: list[tuple[Token, str]]) -> list[Token]:
        """Arabic name before its role (رأفت الصباغ المتحدث الرسمي للمركز، محمد المومني وزير الدولة)."""
        lead = []
        for t, c in segment:
            if c or t.key in _AR_FUNCTION or not t.text[:1].isalpha():
                break
            lead.append(t)
        following = [c for _, c in segment[len(lead):len(lead) + 1]]
        if lead and following == ["role"] and any(not t.key.startswith("ال") for t in lead) and len(lead) <= 4:
            return lead
        return []

    def _name(self, tokens: list[Token], classes: list[str]) -> list[Token]:
        """A personal name in a speaker phrase that the gazetteer does not know, or []."""
        if self.lang == "fa":
            i = 0
            while i < len(tokens) and classes[i] == "title":
                i += 1
            name: list[Token] = []
            for t, c in zip(tokens[i:], classes[i:]):
                if c in ("role", "person", "org", "document", "group") or t.text in COMMAS:
                    break
                name.append(t)
            return name[:3] if name and i + len(name) <= len(tokens) else []  # a name has at most 3 words
        # Arabic: the name closes the phrase, after its role words (وزير الخارجية السعودي عادل الجبير)
        segments: list[list[tuple[Token, str]]] = []
        current: list[tuple[Token, str]] = []
        for t, c in zip(tokens, classes):
            if t.text in COMMAS:
                segments.append(current)
                current = []
            else:
                current.append((t, c))
        segments.append(current)
        for segment in reversed(segments):
            lead = self._lead_name(segment)
            if lead:
                return lead
            name = []
            for k, (t, c) in enumerate(reversed(segment)):
                nisba = t.key.startswith("ال") and (t.key.endswith("ي") or t.key.endswith("يه"))
                opening = k == len(segment) - 1  # أليكسي نافالني: a nisba-shaped first name opens the phrase
                if c in ("role", "title", "person", "org", "document", "group", "adjective") or t.key in _AR_FUNCTION \
                        or (nisba and k > 0 and not opening) or not t.text[:1].isalpha():
                    break
                name.insert(0, t)
            has_role = any(c in ("role", "title") for _, c in segment)
            after_role = len(name) == 1 and name[0].key.startswith("ال") and len(segment) > 1 and (
                segment[-2][1] in ("role", "person", "adjective") or name[0].key.endswith("ي"))  # المتحدث الرسمي
            if name and not after_role and (has_role or any(not t.key.startswith("ال") for t in name)) and len(name) <= 5:
                return name
        return []


_AR_FUNCTION = word_classes(LEXICONS / "ar" / "quote_words.tsv")["function"]
_FA_ROLE_END = word_classes(LEXICONS / "fa" / "quote_words.tsv")["role_end"]
