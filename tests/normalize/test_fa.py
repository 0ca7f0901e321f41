import pytest

from analysis.normalize import fa, make_doc

ZWNJ = "\u200c"


@pytest.mark.parametrize("raw, expected", [
    ("كتاب هاي من", f"کتاب{ZWNJ}های من"),                   # Arabic ي/ك typed for Persian
    ("مي خواهم بروم", f"می{ZWNJ}خواهم بروم"),                # prefix می joined with ZWNJ
    ("سلامـــــ دنیا", "سلام دنیا"),                           # tatweel
    ("۱۹ می (۲۹ ثور)", "۱۹ می (۲۹ ثور)"),                    # no stray ZWNJ after می before "("
    ("نرخ ۱۲٫۵ درصد", "نرخ ۱۲٫۵ درصد"),                      # decimal separator kept whole
    ("قیمت 12.5 دلار", "قیمت 12.5 دلار"),                    # digits stay as written
    ('او گفت "هویدا است"', 'او گفت "هویدا است"'),            # the outlet's quotation marks stay
    ("  سطر  اول \r\n\r\n\r\n سطر دوم ", "سطر اول\n\nسطر دوم"),
    ("متن\u200fی با\u202e نشانه", "متنی با نشانه"),          # bidi controls removed
])
def test_clean(raw, expected):
    assert fa.clean(raw) == expected


@pytest.mark.parametrize("token, key, alt", [
    ("کتاب‌ها", "كتابها", "كتاب"),          # ZWNJ removed from key, part before it an alternative
    ("رئیس", "رييس", None),                  # hamza carrier folded: meets رییس
    ("رییس", "رييس", None),
    ("۲۰۲۱", "2021", None),                  # digits unified
    ("ادارهٔ", "اداره", None),               # ezafe mark dropped
    ("اَمریکا", "امريكا", None),             # diacritics dropped
    ("گفتند", "گفتند", "گفت"),               # hazm lemma as alternative
])
def test_token_keys(token, key, alt):
    got_key, alts = fa.token_keys(token)
    assert got_key == key
    if alt:
        assert alt in alts


def test_doc_offsets_and_sentences():
    text = "بلینکن و لاوروف دیدار کردند\n\nآقای لاوروف گفت که روسیه آماده است. او افزود: «ما همکاری می‌کنیم»."
    doc = make_doc(text, "fa")
    assert [s.text for s in doc.sentences] == [
        "بلینکن و لاوروف دیدار کردند", "آقای لاوروف گفت که روسیه آماده است.", "او افزود: «ما همکاری می‌کنیم»."]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.tokens)
    assert all(doc.text[s.start:s.end] == s.text for s in doc.sentences)
    assert [t.sentence_idx for t in doc.tokens if t.text == "لاوروف"] == [0, 1]


def test_whole_text_normalization_equals_line_by_line():
    """fa.clean calls hazm once per article (twice as fast): it must give what a call per line gives."""
    from conftest import first_records

    from analysis.normalize import common

    normalizer = fa._hazm()[0]
    records = first_records("fars-news.jsonl.gz", 300) + first_records("farexstance.jsonl.gz", 300)
    for record in records:
        layout = common.tidy_zwnj(common.clean_layout(record["text"]))
        by_line = "\n".join(normalizer.normalize(line).strip() for line in layout.split("\n"))
        expected = common.clean_layout(common.tidy_zwnj(fa._MOMAYYEZ.sub("٫", by_line)))
        assert fa.clean(record["text"]) == expected, record["id"]


def test_normalizer_equals_hazm_on_real_and_random_text():
    """Our Normalizer skips hazm's work that cannot change the text: the output must be hazm's own."""
    import hazm
    from conftest import first_records
    from hypothesis import given, settings, strategies as st

    ours = fa._hazm()[0]
    theirs = hazm.Normalizer(persian_style=False, persian_numbers=False, remove_diacritics=False)
    assert type(ours) is not hazm.Normalizer
    texts = ["مييييي رود", "سلاممممم به همه", "كتاب هاي من", "پیامبر اکرم ﷺ ﻻ", "كككك يييي", "خوووووب است"]
    texts += [r["text"] for r in first_records("fars-news.jsonl.gz", 200) + first_records("farexstance.jsonl.gz", 200)]
    for text in texts:
        assert ours.normalize(text) == theirs.normalize(text), text[:80]

    # characters, and the pieces hazm's spacing rules act on (separate suffixes, می, brackets by letters)
    alphabet = st.sampled_from(list("کتابهایمنمیرودسلامخوبيكىةۀأإؤئ ءًٌٍَُِّْٰٓٔ٠١٢۳۴5ـ.،؛؟!«»\"()[]{}:")
                               + ["\n", "\u200c", "\u200d", "\u00a0", "“", "”", "ﷺ", "ﻻ", "😀", "ﺏ", "  ", "\n\n\n",
                                  "خانه ی ", "نمی ", " می ", " تر ", " ترین", " گری", " ها", " های", "خانه ام", "نامهها",
                                  '" سلام "', "کتاب(", "x«", "ب۲", "ب2", "۲ب", " \u200c", "\u200c "])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(alphabet, max_size=60).map("".join))
    def check(text: str) -> None:
        assert ours.normalize(text) == theirs.normalize(text)

    check()


def test_token_spans_are_hazm_tokens_on_real_and_random_text():
    """token_spans finds hazm's tokens with one regex: they must be the strings hazm's tokenizer returns."""
    from conftest import first_records
    from hypothesis import given, settings, strategies as st

    def same(sentence: str) -> None:
        assert [sentence[s:e] for s, e in fa.token_spans(sentence)] == fa.tokenize(sentence), sentence[:80]

    for record in first_records("fars-news.jsonl.gz", 200) + first_records("farexstance.jsonl.gz", 200):
        text = fa.clean(record["text"])
        for start, end in fa.split_sentences(text):
            same(text[start:end])

    alphabet = st.sampled_from(list("او گفت ما درصد رشد abc xyz ۱۲۳٤٥6789.:،؛؟!?»«[](){}\"/\\-_'%$#@*+=")
                               + ["\t", "\u00a0", "\u200c", "\u200f", "😀", "١٢.٥", "12:30", "...", "؟!", "www.x.com"])

    @settings(max_examples=500, deadline=None)
    @given(st.lists(alphabet, max_size=40).map("".join))
    def check(sentence: str) -> None:
        same(sentence)

    check()


def test_token_spacing_equals_hazm_on_real_and_random_tokens():
    """Our token_spacing looks up only tokens that can be joined to the one before; it must join exactly
    what hazm's joins: the token lists of real articles, and random lists of the parts of hazm's own
    joined words and verbs, its suffixes and ordinary words."""
    import random

    import hazm
    from conftest import first_records
    from hypothesis import given, settings, strategies as st

    ours = fa._hazm()[0]
    theirs = hazm.Normalizer(persian_style=False, persian_numbers=False, remove_diacritics=False)
    tokenizer = ours._tokenizer
    for record in first_records("fars-news.jsonl.gz", 100) + first_records("farexstance.jsonl.gz", 100):
        for line in record["text"].split("\n"):
            tokens = tokenizer.tokenize(line)
            assert ours.token_spacing(tokens) == theirs.token_spacing(tokens), line[:80]

    joined = sorted(e for e in (*ours._words, *ours._verbs) if "\u200c" in e)
    parts = sorted({p for e in random.Random(6).sample(joined, 300) for p in e.split("\u200c")})
    pieces = parts + sorted(hazm.constants.SUFFIXES) + ["می", "نمی", "رود", "کتاب", "ماه", "سال", "جدید", "،", "x"]

    @settings(max_examples=1000, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=12))
    def check(tokens: list[str]) -> None:
        assert ours.token_spacing(tokens) == theirs.token_spacing(tokens)

    check()
