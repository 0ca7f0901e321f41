"""Property tests: normalizers and extractors over random Persian, Arabic and mixed text.

Strings are drawn from the real alphabets (both scripts' letters, ي/ك and ی/ک, Persian and Arabic
digits, diacritics, ZWNJ and tatweel, Arabic and Latin punctuation, every quote mark the extractors
know, spaces and newlines) and from words that trigger the extractors (speech verbs, source cues,
dates, names), so the random text exercises quotes, citations, mentions, dates and codebook hits.
"""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings, strategies as st

from analysis import normalize
from analysis.ingest import Article
from analysis.pipeline import process

PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآأإؤئء"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىآأإؤئء"
DIGITS = "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789"
DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
MARKS = "\u200c\u0640\u200f\u00a0"          # ZWNJ, tatweel, RLM, no-break space
PUNCT = ".،؛؟!:؛-()/«»“”\"'…"
SPACE = " \n\t\r"
# words that make the extractors fire: speech verbs, source cues, names, dates, months, codebook terms
WORDS = [
    "گفت", "افزود", "به نقل از", "خبرگزاری", "ایرنا", "وزیر", "خارجه", "لاوروف", "بلینکن", "سخنگوی",
    "اردیبهشت", "۱۴۰۰", "۲۹", "ثور", "تحریم", "هسته‌ای", "رئیس‌جمهور", "می‌گوید", "اعلام", "کرد", "که",
    "قال", "وأضاف", "نقلا عن", "وكالة", "رويترز", "الوزير", "الخارجية", "لافروف", "بلينكن", "المتحدث",
    "باسم", "مايو", "٢٠٢١", "رمضان", "١٤٤٢", "العقوبات", "النووي", "إن", "أن", "وقال", "مصادر", "عن",
]

# whole phrases for the extractors that need several words in a row: dates and cited sources
PHRASES = ["۲۹ اردیبهشت ۱۴۰۰", "۱۹ مه ۲۰۲۱", "٢٩ ثور ١٤٠٠", "١٩ مايو ٢٠٢١", "7 رمضان 1442", "2021/05/19",
           "به گزارش خبرگزاری ایرنا", "به نقل از رویترز", "نقلا عن وكالة رويترز", "وفقا لوكالة الأنباء السعودية",
           "ذكرت وكالة فرانس برس", "وزیر امور خارجه روسیه گفت:", "وقال وزير الخارجية الروسي سيرغي لافروف"]

char = st.sampled_from(PERSIAN + ARABIC + DIGITS + DIACRITICS + MARKS + PUNCT + SPACE)
chunk = st.one_of(st.text(char, min_size=1, max_size=12), st.sampled_from(WORDS), st.sampled_from(PHRASES),
                  st.sampled_from(["«", "»", "“", "”", '"', ": ", "، ", ".\n\n", "\n"]))
# a quote the way news writes it, around random content: «…» or “…” after a speaker and a cue
quote = st.tuples(st.sampled_from(["لاوروف گفت:", "وی افزود:", "سخنگوی وزارت خارجه اعلام کرد:", "وقال لافروف:",
                                   "وأضاف المتحدث باسم الخارجية:", "قال بلينكن إن"]),
                  st.sampled_from(["«»", "“”", '""', "  "]), st.lists(chunk, max_size=8).map(" ".join)
                  ).map(lambda q: f"{q[0]} {q[1][0]}{q[2]}{q[1][1]}")
texts = st.lists(st.one_of(chunk, quote), max_size=60).map(" ".join)
langs = st.sampled_from(["fa", "ar"])
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# tables that store a span of articles.text, and the column holding that span
SPANS = {"sentences": "text", "mentions": "surface", "citations": "surface", "codebook_hits": "surface",
         "dates": "surface", "quotes": "content"}


@SETTINGS
@given(texts, langs)
@example("0 ٰ", "fa")      # hazm left a space at the line's end
@example("«ٰ 0", "fa")     # a diacritic on a quote mark: hazm's spacing changed on the second pass
@example("لاوروف گفت: «:\u200c»", "fa")  # hazm spaced around a stray ZWNJ, which was then dropped
def test_clean_is_idempotent(text, lang):
    once = normalize.clean(text, lang)
    assert normalize.clean(once, lang) == once


def test_diacritics_on_letters_are_kept_and_stray_ones_dropped():
    assert normalize.clean("لا بُدَّ مِنْ الحوار", "ar") == "لا بُدَّ مِنْ الحوار"
    assert normalize.clean("« ٰ۲۹ ثور»", "fa") == normalize.clean("« ۲۹ ثور»", "fa")


@SETTINGS
@given(texts, langs)
def test_doc_offsets_index_the_text(text, lang):
    text = normalize.clean(text, lang)
    doc = normalize.make_doc(text, lang, cleaned=True)
    for s in doc.sentences:
        assert 0 <= s.start <= s.end <= len(text) and text[s.start:s.end] == s.text
    for t in doc.tokens:
        assert text[t.start:t.end] == t.text


@SETTINGS
@given(texts, langs, st.booleans())
@example("وقال لافروف: «\r» وقال لافروف: «»", "fa", False)  # an empty headline quote and a «» quote
def test_every_extractor_offset_is_a_span_of_the_article(text, lang, given_lang):
    rows = process(Article(source="random", text=text, lang=lang if given_lang else None))
    [article] = rows["articles"]
    assert article["status"] != "error", article["error"]   # a crash would be turned into an error row
    body = article["text"]
    for table, column in SPANS.items():
        for row in rows.get(table, []):
            if table == "codebook_hits" and row["sentence_idx"] == -1:
                continue  # a hit in a title given apart from the text has no offsets
            assert 0 <= row["start"] <= row["end"] <= len(body), (table, row)
            assert body[row["start"]:row["end"]] == row[column], (table, row)
    for quote in rows.get("quotes", []):
        assert any(c.isalnum() for c in quote["content"]) and quote["content"] in body, quote


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=400), texts.map(lambda t: t.encode("utf-8")),
                 texts.map(lambda t: t.encode("cp1256", errors="ignore")),
                 texts.map(lambda t: t.encode("utf-16"))),
       st.sampled_from(["a.txt", "a.md", "a.html", "a.jsonl", "a.csv"]))
def test_any_bytes_in_any_input_file_give_rows_with_a_status(tmp_path_factory, raw, name):
    """Whatever the bytes, reading never raises and every row gets a status the schema knows."""
    from analysis.schema import STATUSES

    folder = tmp_path_factory.mktemp("bytes")
    (folder / name).write_bytes(raw)
    rows = [process(a)["articles"][0] for a in ingest_inputs(folder)]
    assert rows and all(r["status"] in STATUSES for r in rows)
    assert all(r["error"] for r in rows if r["status"] != "ok")


def ingest_inputs(folder):
    from analysis.ingest import read_inputs

    return list(read_inputs([folder]))
