"""Dates written in the text (Gregorian, Solar Hijri, Afghan and lunar Hijri), as Gregorian ISO dates.

`19 مايو`, `5 فبراير/شباط 2021`, `۲۵ اردیبهشت ۱۳۹۷`, `۲۹ ثور`, `سال ۱۴۰۰`, `رمضان 1436هـ`. Month names
are data (lexicons/<lang>/months.tsv). A date without a year takes the year that puts it nearest the
article's date; without an article date it is kept with no ISO value. An article without a date gets
one from the text (marked inferred in `articles.inferred`).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable, Iterator

import jdatetime
from hijridate import Hijri

from .normalize import MODULES, Doc
from .normalize.common import LEXICONS, ByWord, Token, data_lines

DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
D = "[0-9۰-۹٠-٩]"
D_CHARS = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"  # what D matches
# letters that news text writes either way; the lexicons use one of each
VARIANTS = {"ی": "یيى", "ي": "یيى", "ى": "یيى", "ک": "کك", "ك": "کك", "ا": "اأإآ", "أ": "اأإآ", "إ": "اأإآ",
            "آ": "اأإآ", "ه": "هةۀ", "ة": "هةۀ", "ۀ": "هةۀ"}
# proclitics may precede a date word (وعام 2018، ولعام 2020)
START = r"(?:(?<![\w\u200c])|(?<=(?<![\w])[وبلف])|(?<=(?<![\w])[وف][بل]))"
END = r"(?![\w\u200c])"
SUFFIX = r"هـ|ه\.ق|ه\.ش|ه ش|ش|ق|م|ه"   # after a year: hijri, hijri, solar, solar, solar, hijri, gregorian, hijri
SUFFIX_CALENDAR = {"هـ": "hijri", "ه": "hijri", "ه.ق": "hijri", "ق": "hijri", "ه.ش": "solar_hijri",
                   "ه ش": "solar_hijri", "ش": "solar_hijri", "م": "gregorian"}
LEAD_SENTENCES = 3
STAMP_TAIL = re.compile(rf"{D}\s*,\s*{D}{{4}}")
DIGIT_RUN = re.compile(f"{D}+")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    calendar: str
    iso: str | None
    date: dt.date | None
    precision: str              # day / month / year
    explicit_year: bool


@dataclass
class Raw:
    """A date as written, before its year is settled."""

    start: int
    end: int
    calendar: str
    month: int | None
    day: int | str | None       # a number, or "last" (آخرین روز)
    year: int | None
    relative_year: int | None = None
    relative_month: int | None = None


def _units(name: str) -> list[str]:
    """A name as regex units, one per letter: variant letters as a class, a space as any spacing."""
    out = []
    for ch in name:
        if ch in " \u200c":
            out.append(r"[\s\u200c]*")
        elif ch in VARIANTS:
            out.append(f"[{VARIANTS[ch]}]")
        else:
            out.append(re.escape(ch))
    return out


def _pattern(name: str) -> str:
    return "".join(_units(name))


def _alternation(names: Iterable[str]) -> str:
    """Names as one regex shaped as a trie (يناير|يونيو|يوليو → ي(?:ناير|و(?:ليو|نيو))): at each position
    the engine tests the few letters that can come next instead of every name, which made date search
    the costliest regex of an article. A name that continues another is tried first (greedy `?`), as
    a longest-first alternation would."""
    trie: dict[str, dict] = {}
    for name in set(names):
        node = trie
        for unit in _units(name):
            node = node.setdefault(unit, {})
        node[""] = {}  # a name ends here
    return _trie_regex(trie)


def _initials(names: Iterable[str]) -> list[str]:
    """The letters the names can start with, their variants included, in order."""
    return sorted({c for name in names if name for c in VARIANTS.get(name[0], name[0])})


def _first_letters(names: Iterable[str]) -> str:
    """The letters the names can start with, for a class: a lookahead on it lets the engine pass over
    every other position before trying lookbehinds and alternations there."""
    return "".join(map(re.escape, _initials(names)))


def _trie_regex(node: dict[str, dict]) -> str:
    branches = [unit + _trie_regex(child) for unit, child in sorted(node.items()) if unit]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body


@dataclass
class Grammar:
    full: re.Pattern[str]
    stamp: re.Pattern[str]
    numeric: re.Pattern[str]
    year_only: re.Pattern[str]
    months: list[tuple[re.Pattern[str], str, int, bool]]
    words: list[tuple[re.Pattern[str], str, str]]
    year_letters: int  # the most letters of a year word (spacing inside one not counted)
    head: re.Pattern[str]  # where in a word `full` can begin (`starts`)
    head_letters: str      # the characters it can begin with
    seen: dict[str, tuple[str, int, bool]] = field(default_factory=dict)  # month(), per spelling

    def years(self, text: str) -> Iterator[re.Match[str]]:
        """`year_only.finditer(text)`, tried only where it can match: at a run of four digits, or at
        most `year_letters` letters before the spaces in front of one (a year word). The pattern's own
        lookahead passes at the year words' first letters, which are most letters of a text."""
        pos = 0
        for run in DIGIT_RUN.finditer(text):
            year = run.start()
            if run.end() - year != 4 or year < pos:
                continue
            word_end = year
            while word_end > pos and text[word_end - 1].isspace():
                word_end -= 1
            start, letters = word_end, 0
            while start > pos and letters < self.year_letters:
                start -= 1
                letters += not _spacing(text[start])
            # leftmost first, as finditer: a word starting in [start, word_end), then the year alone
            for at in [*range(start, word_end), year] if word_end < year else [year]:
                if m := self.year_only.match(text, at):
                    yield m
                    pos = m.end()
                    break

    def month(self, text: str) -> tuple[str, int, bool]:
        """(calendar, number, alone) of a month name as written; the first name of the list it spells,
        remembered per spelling (the same few spellings recur, and the list has up to 80 names)."""
        found = self.seen.get(text)
        if found is None:
            found = next(((calendar, number, alone) for pattern, calendar, number, alone in self.months
                          if pattern.fullmatch(text)), None)
            if found is None:
                raise ValueError(text)
            self.seen[text] = found
        return found

    def dates(self, doc: Doc) -> Iterator[re.Match[str]]:
        """`full.finditer(doc.text)`, tried only where a word can begin a date (`starts`): at a day number,
        an ordinal or a month name, or a name's first words at the word's end. The pattern begins with a
        lookahead, so finditer tries it at every position of the text: three quarters of what finding an
        article's dates cost. Every match begins in a token (the tokens hold every character but
        whitespace, checked here; else finditer), so these positions, in order, hold all of them."""
        full, text, tokens = self.full, doc.text, doc.tokens
        if not _covers(doc):
            yield from full.finditer(text)
            return
        pos = 0
        for i, offsets in doc.where(starts(doc.lang)):
            begins = tokens[i].start
            for offset in offsets:
                if begins + offset >= pos and (m := full.match(text, begins + offset)):
                    yield m
                    pos = m.end()

    def word(self, text: str) -> tuple[str, str]:
        for pattern, cls, value in self.words:
            if pattern.fullmatch(text.strip()):
                return cls, value
        raise ValueError(text)


@cache
def grammar(lang: str) -> Grammar:
    months = [(n, cal, int(num), (rest[:1] or [""])[0] == "alone")
              for n, cal, num, *rest in data_lines(LEXICONS / lang / "months.tsv")]
    words = [(w, cls, (rest[:1] or [""])[0]) for w, cls, *rest in data_lines(LEXICONS / lang / "date_words.tsv")]
    of = lambda cls: _alternation(w for w, c, _ in words if c == cls)  # noqa: E731
    names = _alternation(n for n, *_ in months)
    month = lambda g: rf"(?P<{g}>{names})(?:[\s\u200c]?ماه)?{END}"  # noqa: E731  (شهریورماه, مهر ماه)
    ordinal = of("ordinal")
    relative = of("relative_year") or of("relative_month")
    era = of("era")
    day = rf"(?P<day>{D}{{1,2}}(?!{D})|{ordinal}){END}\s*(?:ام\s*)?(?:من\s+)?"
    year = (rf"(?P<year>{D}{{4}}(?!{D})|{D}{{2}}(?!{D}))(?:\s*(?P<suffix>{SUFFIX}|{era}){END})?")
    heads = [n for n, *_ in months] + [w for w, c, _ in words if c == "ordinal"]  # what a date can begin with
    full = re.compile(
        rf"(?=[0-9۰-۹٠-٩{_first_letters(heads)}]){START}(?:{day})?{month('m1')}(?:\s*[/(\-–،,]\s*{month('m2')}\s*\)?)?"
        rf"(?:[\s,،]*(?:(?:من|سال|عام)\s+)?{year}|\s*(?P<rel>{relative}){END})?")
    stamp = re.compile(rf"{START}{month('m1')}\s+(?P<day>{D}{{1,2}})\s*,\s*(?P<year>{D}{{4}})(?!{D})")
    # A digit first, the test on the character before it after: a pattern that begins with a character
    # class lets the engine scan for it in C, where a lookahead or lookbehind is tried at every position.
    numeric = re.compile(rf"(?P<day>{D}(?<![\d.\w]{D}){D}?)\s*([/.])\s*"
                         rf"(?P<month>{D}{{1,2}})\s*\2\s*(?P<year>{D}{{4}})(?!{D})(?:\s*(?P<suffix>هـ|ه){END})?")
    # Where in a word (its text after a space) `full` can begin: what can come first, whole, then what
    # follows it there (END, or ماه); or, at the word's end, the first words of a name in several.
    first_words = _alternation(name[:i] for name in heads for i, ch in enumerate(name) if ch in " \u200c" and i)
    head = re.compile(rf"(?={START}(?:{D}{{1,2}}(?!{D}){END}|(?:{ordinal}|{names})(?:[\s\u200c]?ماه)?{END}"
                      rf"|{first_words}[\s\u200c]*\Z))")
    year_word = _first_letters(w for w, c, _ in words if c == "year")
    year_only = re.compile(
        rf"(?=[0-9۰-۹٠-٩{year_word}]){START}(?:(?P<word>{of('year')})\s+)?(?P<year>{D}{{4}})(?!{D})"
        rf"(?:\s*(?P<suffix>{SUFFIX}|{era}){END})?")
    return Grammar(full, stamp, numeric, year_only,
                   [(re.compile(_pattern(n)), cal, num, alone) for n, cal, num, alone in months],
                   [(re.compile(_pattern(w)), cls, value) for w, cls, value in words],
                   max((sum(not _spacing(c) for c in w) for w, c, _ in words if c == "year"), default=0),
                   head, D_CHARS + "".join(_initials(heads)))


@cache
def starts(lang: str) -> ByWord[tuple[int, ...]]:
    """Written word → the offsets in it where a date can begin; remembered per word. The word is read
    after a space: what stands before it can only rule a date out. The pattern is tried only at a letter
    it can begin with, after a proclitic or a character that is not part of a word (at the word's start,
    in most words), as trying it everywhere cost more than the search it spares on a new word."""
    g = grammar(lang)
    head, letters = g.head, g.head_letters

    def offsets(token: Token) -> tuple[int, ...]:
        text = " " + token.text
        return tuple(at - 1 for at in range(1, len(text))
                     if text[at] in letters and _may_follow(text[at - 1]) and head.match(text, at))

    return ByWord(MODULES[lang].KEYS, offsets)


def _may_follow(char: str) -> bool:
    """Whether START can hold after this character: a proclitic, or no part of a word."""
    return char in "وبلف" or not (char.isalnum() or char in "_\u200c")


def _covers(doc: Doc) -> bool:
    """Whether the tokens, in order and apart, hold every character of the text but whitespace."""
    text, end = doc.text, 0
    for token in doc.tokens:
        if token.start < end or (token.start > end and not (token.start == end + 1 and text[end] == " ")
                                 and not text[end:token.start].isspace()):
            return False
        end = token.end
    return end == len(text) or text[end:].isspace()


def _spacing(char: str) -> bool:
    """What a space in a date word matches (`_units`): any whitespace or a ZWNJ."""
    return char.isspace() or char == "\u200c"


def to_gregorian(calendar: str, year: int, month: int, day: int) -> dt.date:
    if calendar in ("solar_hijri", "afghan"):
        return jdatetime.date(year, month, day).togregorian()
    if calendar == "hijri":
        return dt.date(*Hijri(year, month, day).to_gregorian().datetuple())
    return dt.date(year, month, day)


def calendar_year(calendar: str, when: dt.date) -> int:
    if calendar in ("solar_hijri", "afghan"):
        return jdatetime.date.fromgregorian(date=when).year
    if calendar == "hijri":
        from hijridate import Gregorian
        return Gregorian(when.year, when.month, when.day).to_hijri().year
    return when.year


def _number(text: str) -> int:
    return int(text.translate(DIGITS))


def _calendar_of_year(year: int, suffix: str | None, g: Grammar, lang: str) -> str:
    if suffix:
        cls, value = ("era", SUFFIX_CALENDAR[suffix]) if suffix in SUFFIX_CALENDAR else g.word(suffix)
        return value
    if year >= 1800:
        return "gregorian"
    return "solar_hijri" if lang == "fa" else "hijri"


def scan(text: str, lang: str, doc: Doc | None = None) -> list[Raw]:
    """Every date as written, left to right, spans never overlapping. `doc`: the text's, if made."""
    g = grammar(lang)
    found: list[Raw] = []

    def free(start: int, end: int) -> bool:
        return all(end <= r.start or start >= r.end for r in found)

    # web timestamps: اسد 24 , 1400 (rare: the month-name search runs only where "24 , 1400" is)
    for m in g.stamp.finditer(text) if STAMP_TAIL.search(text) else ():
        calendar, month, _ = g.month(m.group("m1"))
        found.append(Raw(m.start(), m.end(), calendar, month, _number(m.group("day")), _number(m.group("year"))))
    for m in g.numeric.finditer(text):  # 4 /2 /1429هـ, 03.02.2021
        if free(m.start(), m.end()):
            number = _number(m.group("year"))
            found.append(Raw(m.start(), m.end(), _calendar_of_year(number, m.group("suffix"), g, lang),
                             _number(m.group("month")), _number(m.group("day")), number))
    for m in g.dates(doc) if doc is not None and (doc.text, doc.lang) == (text, lang) else g.full.finditer(text):
        if not free(m.start(), m.end()):
            continue
        calendar, month, alone = g.month(m.group("m1"))
        day = m.group("day")
        day_value: int | str | None = None
        if day:
            day_value = _number(day) if day[0].translate(DIGITS).isdigit() else g.word(day)[1]
            day_value = int(day_value) if isinstance(day_value, str) and day_value.isdigit() else day_value
        year, end, rel_year, rel_month = m.group("year"), m.end(), None, None
        year_value = _number(year) if year else None
        if year and len(year.translate(DIGITS)) == 2:
            if calendar == "solar_hijri":  # مهر ماه 94 (not Afghan: میزان ۸۹ % is "a rate of 89%")
                year_value = 1300 + year_value if year_value >= 50 else 1400 + year_value  # type: ignore[operator]
            else:
                year_value, end = None, m.end("m2") if m.group("m2") else m.end("m1")
        if year and year_value and m.group("suffix") and calendar == "gregorian" and \
                _calendar_of_year(year_value, m.group("suffix"), g, lang) != "gregorian":
            continue  # a Gregorian month with a Hijri year is not a date we can trust
        if m.group("rel"):
            cls, value = g.word(m.group("rel"))
            rel_year, rel_month = (int(value), None) if cls == "relative_year" else (None, int(value))
        if day_value is None and year_value is None and rel_year is None and rel_month is None and not alone \
                and not m.group("m2"):
            continue  # a bare ambiguous month name (مهر, رمضان, آب) is not a date
        found.append(Raw(m.start(), end, calendar, month, day_value, year_value, rel_year, rel_month))
    for m in g.years(text):
        word = m.group("word")
        if not (word or m.group("suffix")):
            continue
        year = _number(m.group("year"))
        start = m.start() if word and any(w in word for w in ("سال", "عام", "سنة", "سنه")) else m.start("year")
        if free(start, m.end()):
            found.append(Raw(start, m.end(), _calendar_of_year(year, m.group("suffix"), g, lang), None, None, year))
    return sorted(found, key=lambda r: r.start)


def find(text: str, lang: str, reference: dt.date | None = None, doc: Doc | None = None) -> list[Found]:
    """Every date in `text`. `reference` (the article's date) settles missing years; without it, the
    dates the text itself writes in full do. `doc`: the text's, if made (a faster search)."""
    raws = scan(text, lang, doc)
    found = [_resolve(r, reference) for r in raws]
    if reference is None:
        explicit = [f for f in found if f and f.explicit_year and f.date]
        if explicit:
            reference = max(f.date for f in explicit)  # type: ignore[type-var]
            found = [_resolve(r, reference) for r in raws]
    return [f for f in found if f is not None]


def _valid(calendar: str, year: int, month: int, day: int) -> dt.date | None:
    try:
        when = to_gregorian(calendar, year, month, day)
    except (ValueError, OverflowError):
        return None  # 31 اسفند, 30 فبراير: not a date
    return when if 1800 <= when.year <= 2100 else None


def _last_day(calendar: str, year: int, month: int) -> int:
    return next(d for d in (31, 30, 29, 28) if _valid(calendar, year, month, d))


def _resolve(r: Raw, reference: dt.date | None) -> Found | None:
    if r.month is None:  # a year alone: the Gregorian year in which it begins
        if not (1300 <= r.year <= 1500 or 1800 <= r.year <= 2100):  # type: ignore[operator]
            return None
        begins = _valid(r.calendar, r.year, 1, 1)  # type: ignore[arg-type]
        return Found(r.start, r.end, r.calendar, f"{begins.year:04d}", dt.date(begins.year, 1, 1), "year", True) if begins else None
    precision = "day" if r.day is not None else "month"
    if r.year is not None:
        years, explicit = [r.year], True
    elif reference is None:
        return Found(r.start, r.end, r.calendar, None, None, precision, False)
    else:
        here = calendar_year(r.calendar, reference)
        years, explicit = [here - 1, here, here + 1], False
        if r.relative_year is not None:
            years = [here + r.relative_year]
    options = []
    for year in years:
        day = _last_day(r.calendar, year, r.month) if r.day == "last" else (r.day if isinstance(r.day, int) else 1)
        when = _valid(r.calendar, year, r.month, day)
        if when:
            options.append(when)
    if not options:
        return None
    if len(options) == 1 or reference is None:
        when = options[0]
    elif r.relative_month == -1:
        when = max((o for o in options if o <= reference), default=options[0])
    elif r.relative_month == 1:
        when = min((o for o in options if o >= reference), default=options[-1])
    else:
        when = min(options, key=lambda o: abs((o - reference).days))
    if precision == "month":
        return Found(r.start, r.end, r.calendar, f"{when.year:04d}-{when.month:02d}", when.replace(day=1), "month", explicit)
    return Found(r.start, r.end, r.calendar, when.isoformat(), when, "day", explicit)


def extract(row: dict[str, Any], doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """The dates table rows; fills row['date'] from the text when the input gave none (marked inferred)."""
    reference = row.get("date")
    found = find(doc.text, doc.lang, reference, doc)
    if reference is None and (inferred := infer_date(doc, found)) is not None:
        row["date"] = inferred
        row["inferred"] = ",".join(filter(None, [row.get("inferred"), "date"]))
    return {"dates": [{"article_id": row["article_id"], "surface": doc.text[f.start:f.end], "start": f.start,
                       "end": f.end, "calendar": f.calendar, "iso": f.iso, "date": f.date, "precision": f.precision}
                      for f in found]}


def infer_date(doc: Doc, found: list[Found]) -> dt.date | None:
    """The article's date from the text: the latest full date with a written year in the lead, else anywhere.

    News leads date the event they report ("on Wednesday 5 February 2021"); later dates in the body
    are more often background.
    """
    full = [f for f in found if f.precision == "day" and f.explicit_year and f.date]
    if not full:
        return None
    lead_end = doc.sentences[min(LEAD_SENTENCES, len(doc.sentences)) - 1].end if doc.sentences else 0
    lead = [f for f in full if f.start < lead_end]
    return max(f.date for f in (lead or full))  # type: ignore[type-var]
