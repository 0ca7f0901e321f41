import pytest

from analysis.normalize import ar, make_doc


@pytest.mark.parametrize("raw, expected", [
    ("ﻻ بد من الحوار", "لا بد من الحوار"),               # lam-alef ligature (presentation form)
    ("الحوارـــ البنّاء", "الحوار البنّاء"),              # tatweel removed, shadda kept for display
    ("٥ فبراير/شباط 2021", "٥ فبراير/شباط 2021"),        # digits as written
    ("قال   بلينكن\t: نعم", "قال بلينكن : نعم"),
    ("\ufeffوأكد\u200f لافروف", "وأكد لافروف"),          # BOM and RLM removed
])
def test_clean(raw, expected):
    assert ar.clean(raw) == expected


@pytest.mark.parametrize("token, key, alts", [
    ("وأوكرانيا", "واوكرانيا", {"اوكرانيا"}),
    ("لأوكرانيا", "لاوكرانيا", {"اوكرانيا"}),
    ("للأمن", "للامن", {"الامن", "امن"}),
    ("بالقاهرة", "بالقاهره", {"القاهره", "قاهره"}),
    ("وبالتالي", "وبالتالي", {"بالتالي", "التالي"}),
    ("مُصْطَفَى", "مصطفي", set()),                        # diacritics, alef maksura
    ("إيران", "ايران", set()),                           # alef with hamza
    ("٢٠٢١", "2021", set()),
    ("ولد", "ولد", set()),                               # too short to strip و
])
def test_token_keys(token, key, alts):
    got_key, got_alts = ar.token_keys(token)
    assert got_key == key
    assert alts <= set(got_alts)
    if not alts:
        assert got_alts == ()


def test_sentences_respect_abbreviations_and_numbers():
    text = "قال د. محمد إن النمو بلغ 3.5 في المئة. هل هذا صحيح؟ نعم؛ بالتأكيد!\nسطر جديد بلا نقطة"
    sentences = [s.text for s in make_doc(text, "ar").sentences]
    assert sentences == ["قال د. محمد إن النمو بلغ 3.5 في المئة.", "هل هذا صحيح؟", "نعم؛",
                         "بالتأكيد!", "سطر جديد بلا نقطة"]


def test_sentence_keeps_closing_quote():
    doc = make_doc('وقال "نحن نسعى إلى علاقة مستقرة." وأضاف أن العالم أكثر أمانا.', "ar")
    assert [s.text for s in doc.sentences] == ['وقال "نحن نسعى إلى علاقة مستقرة."', "وأضاف أن العالم أكثر أمانا."]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.tokens)


def _camel_tokens(sentence: str) -> list[str]:
    from camel_tools.tokenizers.word import simple_word_tokenize

    return simple_word_tokenize(sentence)


@pytest.mark.parametrize("sentence", [
    "قال لافروف: «نعم»، (ثم) غادر!",
    "سعر النفط 75.5$ و٣٠٪ – حسب «رويترز»…",
    "👍🏽 رائع 🇸🇦 #السعودية 5️⃣ ©️ مرحبا👨‍👩‍👧",     # emoji sequences: camel's own path
    "a.b,c;d  \u00a0 e\u2003f\x1cg",
])
def test_fast_tokens_equal_camel(sentence):
    assert [sentence[s:e] for s, e in ar.token_spans(sentence)] == _camel_tokens(sentence)


def test_fast_tokens_equal_camel_on_real_articles():
    from conftest import first_records

    for record in first_records("ant-arabic.jsonl.gz", 400) + first_records("saudinewsnet.jsonl.gz", 200):
        text = ar.clean(record["text"])
        for start, end in ar.split_sentences(text):
            sentence = text[start:end]
            spans = ar.token_spans(sentence)
            assert [sentence[s:e] for s, e in spans] == _camel_tokens(sentence), record["id"]


def test_fast_tokens_equal_camel_on_random_text():
    from hypothesis import given, settings, strategies as st

    alphabet = st.sampled_from(list("قال لافروف بلينكن٠١٢٣٤٥٦٧٨٩0123456789.,:;!?؟،؛«»\"'()[]-–—…%$#*@/\\")
                               + ["\n", "\t", "\u00a0", "\u200c", "\u200d", "\ufe0f", "\u20e3", "🇸", "🇦", "👍", "🏽", "©", "™"])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(alphabet, max_size=40).map("".join))
    def check(sentence: str) -> None:
        assert [sentence[s:e] for s, e in ar.token_spans(sentence)] == _camel_tokens(sentence)

    check()


def test_camel_maps_as_translate_tables_equal_camel():
    """arclean and normalize_unicode as str.translate give camel-tools' own output: on real articles,
    on every character of the Basic Multilingual Plane, and on the two ligatures it fixes."""
    from camel_tools.utils.charmap import CharMapper
    from camel_tools.utils.normalize import normalize_unicode
    from conftest import first_records

    mapper = CharMapper.builtin_mapper("arclean")
    arclean = ar.as_translate(mapper)
    fast_unicode = ar._camel()[0]
    every_char = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x10000)))
    texts = [every_char, "\ufdfc 10 \ufdfd", "ﻻ بُدَّ", "قال 😀 𝐀 وزير"] + [r["text"] for r in first_records("ant-arabic.jsonl.gz", 300)]
    assert arclean is not mapper  # a table, not camel's own loop
    for text in texts:
        assert arclean(text) == mapper(text)
        assert fast_unicode(text) == normalize_unicode(text)
    assert fast_unicode("\ufdfc") == "ريال"


def test_key_table_equals_camel_steps():
    """The one table of a key's camel-tools steps gives what the steps give one after another: on every
    character (BMP and beyond, each alone), on every word of real articles, and on random strings."""
    from hypothesis import given, settings, strategies as st
    from conftest import first_records

    _, _, table, steps = ar._camel()
    for code in [*range(0xD800), *range(0xE000, 0x10000), 0x1F600, 0x1D400, 0x10FFFF]:
        assert table(chr(code)) == steps(chr(code)), hex(code)
    words = {w for r in first_records("ant-arabic.jsonl.gz", 300) for w in r["text"].split()}
    assert len(words) > 10_000
    assert [table(w) for w in words] == [steps(w) for w in words]
    assert table("وَللأُوكرانيّينَ ىة") == "وللاوكرانيين يه"

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list("إأٱآاىةيهً ٌٍَُِّْٰـ٠1a\u200c😀ﻻ"))))
    def check(word: str) -> None:
        assert table(word) == steps(word)

    check()
