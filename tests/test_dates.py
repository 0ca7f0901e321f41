"""Dates in the text: each calendar, converted to Gregorian ISO dates; missing years and article dates."""
from __future__ import annotations

import datetime as dt

import pytest

from analysis import dates
from analysis.normalize import make_doc

MAY_2021 = dt.date(2021, 5, 20)


def found(text, lang, reference=None):
    return [(text[f.start:f.end], f.calendar, f.iso) for f in dates.find(text, lang, reference)]


@pytest.mark.parametrize("text, lang, reference, expected", [
    # Gregorian, Arabic: Western and Levantine names, the combined form, with and without a year
    ("جاء في بيان في 5 فبراير/شباط 2021 أن", "ar", None, [("5 فبراير/شباط 2021", "gregorian", "2021-02-05")]),
    ("اجتمعا في 19 مايو في ريكيافيك", "ar", MAY_2021, [("19 مايو", "gregorian", "2021-05-19")]),
    ("منذ 3 آذار الماضي", "ar", MAY_2021, [("3 آذار الماضي", "gregorian", "2021-03-03")]),
    ("في 14 حزيران 2018", "ar", None, [("14 حزيران 2018", "gregorian", "2018-06-14")]),
    ("في السابع من مارس الحالي", "ar", dt.date(2018, 3, 9), [("السابع من مارس الحالي", "gregorian", "2018-03-07")]),
    ("في يناير الماضي", "ar", dt.date(2018, 3, 9), [("يناير الماضي", "gregorian", "2018-01")]),
    ("في 28 ديسمبر", "ar", dt.date(2018, 1, 3), [("28 ديسمبر", "gregorian", "2017-12-28")]),
    # Gregorian, Persian
    ("روز چهار شنبه ۱۹ می در دیدار", "fa", MAY_2021, [("۱۹ می", "gregorian", "2021-05-19")]),
    ("در ۱۵ مه ۲۰۱۸ و ژوئن ۲۰۱۸", "fa", None, [("۱۵ مه ۲۰۱۸", "gregorian", "2018-05-15"), ("ژوئن ۲۰۱۸", "gregorian", "2018-06")]),
    # Solar Hijri
    ("در ۲۵ اردیبهشت ۱۳۹۷ و سال ۱۴۰۰", "fa", None, [("۲۵ اردیبهشت ۱۳۹۷", "solar_hijri", "2018-05-15"), ("سال ۱۴۰۰", "solar_hijri", "2021")]),
    ("۱۲ شهریورماه", "fa", dt.date(2010, 9, 1), [("۱۲ شهریورماه", "solar_hijri", "2010-09-03")]),
    ("30 مهر ماه 94", "fa", None, [("30 مهر ماه 94", "solar_hijri", "2015-10-22")]),
    ("اول اسفند ۱۳۹۹", "fa", None, [("اول اسفند ۱۳۹۹", "solar_hijri", "2021-02-19")]),
    # Afghan (Dari) months
    ("۱۹ می (۲۹ ثور)", "fa", MAY_2021, [("۱۹ می", "gregorian", "2021-05-19"), ("۲۹ ثور", "afghan", "2021-05-19")]),
    ("۱۹ جوزا ۱۴۰۰ و ۹ میزان ۱۴۰۰", "fa", None, [("۱۹ جوزا ۱۴۰۰", "afghan", "2021-06-09"), ("۹ میزان ۱۴۰۰", "afghan", "2021-10-01")]),
    # lunar Hijri
    ("ينبع 26 شوال 1436ه الموافق", "ar", None, [("26 شوال 1436ه", "hijri", "2015-08-11")]),
    ("في 4 /2 /1429هـ", "ar", None, [("4 /2 /1429هـ", "hijri", "2008-02-11")]),
    # a year alone needs a year word or an era
    ("وعام 2018 ولعام 2020", "ar", None, [("عام 2018", "gregorian", "2018"), ("لعام 2020", "gregorian", "2020")]),
])
def test_each_calendar(text, lang, reference, expected):
    assert found(text, lang, reference) == expected


@pytest.mark.parametrize("text, lang", [
    ("بشار اسد گفت", "fa"),                    # اسد the name, not the month
    ("این موضوع جدی است و میزان ۸۹ % است", "fa"),  # جدی serious, میزان rate
    ("شهر رمضان المبارك", "ar"),               # a month name alone that is ambiguous
    ("قتل 2018 شخصا", "ar"),                    # a number that is not a year
    ("في 31 فبراير 2021", "ar"),                # not a date
    ("سرطان و حمل بار", "fa"),
])
def test_words_that_look_like_dates_are_not(text, lang):
    assert found(text, lang, MAY_2021) == []


def test_without_an_article_date_the_text_settles_the_year():
    text = "در ۱۵ مه ۲۰۱۸ گفت و روز ۲۰ مه دوباره"
    assert found(text, "fa")[-1] == ("۲۰ مه", "gregorian", "2018-05-20")
    assert found("۲۰ مه", "fa")[0][2] is None  # nothing to settle it: kept without an ISO date


def test_extract_infers_a_missing_article_date_from_the_lead():
    doc = make_doc("وجاء في بيان لوزارة الخارجية في 5 فبراير/شباط 2021 أن الوزير اتصل.\nوفي عام 2014 كان الأمر مختلفا.", "ar")
    row = {"article_id": "a", "date": None, "inferred": "title"}
    rows = dates.extract(row, doc)
    assert row["date"] == dt.date(2021, 2, 5) and row["inferred"] == "title,date"
    assert [r["iso"] for r in rows["dates"]] == ["2021-02-05", "2014"]
    assert all(doc.text[r["start"]:r["end"]] == r["surface"] for r in rows["dates"])
    given = {"article_id": "b", "date": dt.date(2021, 2, 6), "inferred": None}
    dates.extract(given, doc)
    assert given["date"] == dt.date(2021, 2, 6) and given["inferred"] is None


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_month_and_date_word_tries_match_what_a_longest_first_alternation_matches(lang):
    """The trie-shaped alternation is a speed-up only: same matches, same groups, on names glued to
    letters, digits and each other, and on real articles when ../shared is there."""
    import re

    from analysis.normalize import clean
    from analysis.normalize.common import LEXICONS, data_lines
    from conftest import SHARED, first_records

    names = [row[0] for row in data_lines(LEXICONS / lang / "months.tsv")]
    names += [row[0] for row in data_lines(LEXICONS / lang / "date_words.tsv")]
    plain = re.compile("|".join(dates._pattern(n) for n in sorted(set(names), key=len, reverse=True)))
    trie = re.compile(dates._alternation(names))
    texts = [f"{a}{glue}{b}" for a in names for b in names[::7] for glue in ("", " ", "ی ", "\u200c", " 12 ")]
    corpus = {"fa": "fars-news.jsonl.gz", "ar": "ant-arabic.jsonl.gz"}[lang]
    if (SHARED / "corpora" / corpus).exists():
        texts += [clean(r["text"], lang) for r in first_records(corpus, 300)]
    for text in texts:
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)], text[:80]
    g = dates.grammar(lang)
    for text in texts[-300:]:  # and the whole date grammar with its lookahead, as dates.find uses it
        assert [m.groupdict() for m in g.full.finditer(text)] == [
            m.groupdict() for m in re.compile(g.full.pattern.split("])", 1)[1]).finditer(text)]


@pytest.mark.parametrize("lang, corpus", [("ar", "ant-arabic.jsonl.gz"), ("fa", "fars-news.jsonl.gz")])
def test_years_equal_year_only_finditer_on_real_and_random_text(lang, corpus):
    """Grammar.years tries the year pattern only near four-digit runs; it must find exactly what the
    pattern finds when tried at every position, on real articles and on random text made of year
    words, digits, spacing and proclitics."""
    from conftest import first_records
    from hypothesis import given, settings, strategies as st

    from analysis.normalize import clean

    g = dates.grammar(lang)

    def same(text: str) -> None:
        expected = [(m.span(), m.groups()) for m in g.year_only.finditer(text)]
        assert [(m.span(), m.groups()) for m in g.years(text)] == expected, text[:80]

    for record in first_records(corpus, 300):
        same(clean(record["text"], lang))

    words = [w for w, c, *_ in dates.data_lines(dates.LEXICONS / lang / "date_words.tsv") if c == "year"]
    pieces = words + ["2018", "۱۳۹۷", "١٤٣٩", "12345", "20", " ", "  ", "\n", "\u200c", "و", "ب", "ل", "ف",
                      "هـ", "م", "ش", "ق", "x", "،", "1"]

    @settings(max_examples=1000, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=12).map("".join))
    def check(text: str) -> None:
        same(text)

    check()


@pytest.mark.parametrize("lang, corpus", [("ar", "ant-arabic.jsonl.gz"), ("fa", "fars-news.jsonl.gz")])
def test_dates_tried_at_word_starts_equal_full_finditer_on_real_and_random_text(lang, corpus):
    """Grammar.dates tries the date pattern only where a token can begin a date; it must find exactly
    what the pattern finds when tried at every position, on real articles (as the pipeline makes their
    documents) and on random text made of month names, ordinals, digits, spacing, proclitics and
    punctuation, cleaned or not."""
    from conftest import first_records
    from hypothesis import example, given, settings, strategies as st

    from analysis.normalize import clean

    g = dates.grammar(lang)

    def same(doc) -> None:
        expected = [(m.span(), m.groupdict()) for m in g.full.finditer(doc.text)]
        assert [(m.span(), m.groupdict()) for m in g.dates(doc)] == expected, doc.text[:80]

    for record in first_records(corpus, 300):
        same(make_doc(clean(record["text"], lang), lang, cleaned=True))

    names = [row[0] for row in dates.data_lines(dates.LEXICONS / lang / "months.tsv")]
    names += [w for w, c, *_ in dates.data_lines(dates.LEXICONS / lang / "date_words.tsv") if c == "ordinal"]
    pieces = names + [part for name in names for part in name.replace("\u200c", " ").split(" ")] + [
        "5", "۲۵", "١٢", "2021", "۱۴۰۰", "123", " ", "  ", "\n", "\u200c", "\t", "و", "ب", "ل", "ف", "ماه", "ام",
        "من", "سال", "عام", "-", "—", "(", ")", "/", "،", ",", ":", ".", "«", "x", "ی", "ها"]

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=14).map("".join), st.booleans())
    @example("وفي 5 مايو/أيار", True)
    def check(text: str, cleaned: bool) -> None:
        same(make_doc(clean(text, lang) if cleaned else text, lang, cleaned=True))

    check()


def test_dates_with_tokens_that_leave_text_out_are_found_in_the_whole_text():
    """A document whose tokens miss a character (made or changed by hand) is searched all through."""
    doc = make_doc("جاء في بيان في 5 فبراير/شباط 2021 أن", "ar")
    whole = dates.find(doc.text, "ar", None, doc)
    del doc.tokens[3:6], doc.words[3:6]
    assert not dates._covers(doc)
    assert dates.find(doc.text, "ar", None, doc) == whole == dates.find(doc.text, "ar")
    assert [(f.iso, doc.text[f.start:f.end]) for f in whole] == [("2021-02-05", "5 فبراير/شباط 2021")]
