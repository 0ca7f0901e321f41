"""Dates written in the text (Gregorian, Solar Hijri, Afghan and lunar Hijri), as Gregorian ISO dates.

`19 مايو`, `5 فبراير/شباط 2021`, `۲۵ اردیبهشت ۱۳۹۷`, `۲۹ ثور`, `سال ۱۴۰۰`, `رمضان 1436هـ`. Month names
are data (lexicons/<lang>/months.tsv). A date without a year takes the year that puts it nearest the
article's date; without an article date it is kept with no ISO value. An article without a date gets
one from the text (marked inferred in `articles.inferred`).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Iterator

import jdatetime
from hijridate import Hijri

from .normalize import Doc
from .normalize.common import LEXICONS, data_lines

DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
D = "[0-9۰-۹٠-٩]"
# letters that news text writes either way; the month names in the lexicon use one of each
VARIANTS = {"ی": "یيى", "ي": "یيى", "ى": "یيى", "ک": "کك", "ك": "کك", "ا": "اأإآ", "أ": "اأإآ", "إ": "اأإآ",
            "آ": "اأإآ", "ه": "هةۀ", "ة": "هةۀ", "ۀ": "هةۀ"}
YEAR_WORDS = {"fa": "سال", "ar": "عام|العام|عامي|سنة|السنة"}
# proclitics may precede a year word (وعام 2018، ولعام 2020)
NOT_INSIDE_WORD = r"(?:(?<![\w])|(?<=(?<![\w])[وبلف])|(?<=(?<![\w])[وف][بل]))"
YEAR_SUFFIX = r"هـ|ه\.ق|ه\.ش|ه ش|ش|ق|م"  # hijri, hijri, solar, solar, solar, hijri, gregorian (ميلادي)
LEAD_SENTENCES = 3


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    calendar: str
    iso: str | None
    date: dt.date | None
    precision: str              # day / month / year
    explicit_year: bool


def _pattern(name: str) -> str:
    out = []
    for ch in name:
        if ch in " \u200c":
            out.append(r"[\s\u200c]*")
        elif ch in VARIANTS:
            out.append(f"[{VARIANTS[ch]}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@cache
def _grammar(lang: str) -> tuple[re.Pattern[str], re.Pattern[str], list[tuple[re.Pattern[str], str, int]]]:
    months = [(name, cal, int(num)) for name, cal, num, *_ in data_lines(LEXICONS / lang / "months.tsv")]
    names = "|".join(_pattern(n) for n, _, _ in sorted(months, key=lambda m: -len(m[0])))
    month = rf"(?:{names})(?![\w\u200c])"
    year_words = YEAR_WORDS[lang]
    full = re.compile(
        rf"(?<![\w/])(?:(?P<day>{D}{{1,2}})(?!{D})\s*(?:ام\s*)?)?"
        rf"(?P<m1>{month})(?:\s*ماه)?"
        rf"(?:\s*[/(]\s*(?P<m2>{month})\s*\)?)?"
        rf"(?:[\s,،]*(?:من\s+|سال\s+|عام\s+)?(?P<year>{D}{{4}})(?!{D})(?:\s*(?P<suffix>{YEAR_SUFFIX})(?![\w]))?)?")
    year_only = re.compile(
        rf"{NOT_INSIDE_WORD}(?:(?:{year_words})\s+(?P<year>{D}{{4}})(?!{D})(?:\s*(?P<suffix>{YEAR_SUFFIX})(?![\w]))?"
        rf"|(?P<year2>{D}{{4}})\s*(?P<suffix2>هـ|ه\.ش|ه\.ق|م)(?![\w]))")
    which = [(re.compile(f"^(?:{_pattern(n)})$"), cal, num) for n, cal, num in months]
    return full, year_only, which


def _month(text: str, lang: str) -> tuple[str, int]:
    for pattern, calendar, number in _grammar(lang)[2]:
        if pattern.match(text):
            return calendar, number
    raise ValueError(text)


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


def _year_calendar(year: int, suffix: str | None, lang: str) -> str:
    if suffix in ("هـ", "ه.ق", "ق"):
        return "hijri"
    if suffix in ("ه.ش", "ه ش", "ش"):
        return "solar_hijri"
    if suffix == "م" or year >= 1800:
        return "gregorian"
    return "solar_hijri" if lang == "fa" else "hijri"


def find(text: str, lang: str, reference: dt.date | None = None) -> Iterator[Found]:
    """Every date in `text`, left to right. `reference` (the article's date) fixes missing years."""
    full, year_only, _ = _grammar(lang)
    taken: list[tuple[int, int]] = []
    for m in full.finditer(text):
        day, year = m.group("day"), m.group("year")
        if not day and not year:
            continue  # a bare month name (مهر, رمضان, آب) is too ambiguous
        calendar, month = _month(m.group("m1"), lang)
        suffix_calendar = _year_calendar(int(year.translate(DIGITS)), m.group("suffix"), lang) if year else None
        if suffix_calendar and calendar == "gregorian" and suffix_calendar != "gregorian":
            continue  # a Gregorian month with a Hijri year is not a date we can trust
        found = _resolve(calendar, month, int(day.translate(DIGITS)) if day else None,
                         int(year.translate(DIGITS)) if year else None, reference, m.start(), m.end())
        if found:
            taken.append((m.start(), m.end()))
            yield found
    for m in year_only.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        year = int((m.group("year") or m.group("year2")).translate(DIGITS))
        calendar = _year_calendar(year, m.group("suffix") or m.group("suffix2"), lang)
        found = _resolve(calendar, None, None, year, reference, m.start(), m.end())
        if found:
            yield found


def _resolve(calendar: str, month: int | None, day: int | None, year: int | None, reference: dt.date | None,
             start: int, end: int) -> Found | None:
    try:
        if month is None:  # a year alone: the Gregorian year in which it begins
            if not (1300 <= year <= 1500 or 1800 <= year <= 2100):  # type: ignore[operator]
                return None
            begins = to_gregorian(calendar, year, 1, 1)  # type: ignore[arg-type]
            return Found(start, end, calendar, f"{begins.year:04d}", dt.date(begins.year, 1, 1), "year", True)
        if year is None:
            if reference is None or day is None:
                return Found(start, end, calendar, None, None, "day" if day else "month", False)
            here = calendar_year(calendar, reference)
            options = []
            for y in (here - 1, here, here + 1):
                try:
                    options.append(to_gregorian(calendar, y, month, day))
                except ValueError:
                    pass
            if not options:
                return None
            when = min(options, key=lambda d: abs((d - reference).days))
            return Found(start, end, calendar, when.isoformat(), when, "day", False)
        when = to_gregorian(calendar, year, month, day or 1)
        if not 1800 <= when.year <= 2100:
            return None
        if day is None:
            return Found(start, end, calendar, f"{when.year:04d}-{when.month:02d}", when.replace(day=1), "month", True)
        return Found(start, end, calendar, when.isoformat(), when, "day", True)
    except (ValueError, OverflowError):
        return None  # 31 اسفند, 30 فبراير: not a date


def extract(row: dict[str, Any], doc: Doc) -> dict[str, list[dict[str, Any]]]:
    """The dates table rows; fills row['date'] from the text when the input gave none (marked inferred)."""
    reference = row.get("date")
    found = sorted(find(doc.text, doc.lang, reference), key=lambda f: f.start)
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
