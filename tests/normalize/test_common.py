from analysis.normalize import fa, ar
from analysis.normalize.common import align


def test_persian_and_arabic_spellings_share_keys():
    # The same name typed in each script meets on one key: the basis of cross-script matching.
    assert fa.token_keys("بلینکن")[0] == ar.token_keys("بلينكن")[0]
    assert fa.token_keys("رییس")[0] == ar.token_keys("رئيس")[0]


def test_align_skips_pieces_the_tokenizer_rewrote():
    assert align("ab cd ef", ["ab", "XX", "ef"], offset=10) == [(10, 12, "ab"), (16, 18, "ef")]


def test_by_word_looks_each_word_up_once_with_its_keys_and_forgets_with_the_words_table():
    from analysis.normalize import make_doc
    from analysis.normalize.common import ByWord, PerWord

    calls: list[str] = []

    def lookup(token):
        calls.append(token.text)
        return (token.key, token.alts)

    words = PerWord(ar._word, limit=3)           # the words table: two generations of three words
    table = ByWord(words, lookup)
    doc = make_doc("وقال لافروف وقال لافروف وقال", "ar")
    assert [table[t.text] for t in doc.tokens] == [(t.key, t.alts) for t in doc.tokens]
    assert calls == ["وقال", "لافروف"]          # each distinct word once
    assert table.of(words["وقال"]) == ar.token_keys("وقال") and len(calls) == 2  # kept on the word
    table["أ"]                                   # the third word fills the words table
    table["ب"]                                   # past its limit: a new generation begins
    assert len(words) == 1 and calls[-2:] == ["أ", "ب"]
    assert table["لافروف"] == ar.token_keys("لافروف")
    assert calls[-1] == "ب"                      # a word of the previous generation keeps what was found
    table["ت"]
    table["ث"]                                   # another generation: words only the one before last held are gone
    table["وقال"]
    assert calls[-3:] == ["ت", "ث", "وقال"] and len(words) <= 3
    other = ByWord(words, lambda token: len(token.text))
    assert other["وقال"] == 4 and table["وقال"] == ar.token_keys("وقال")  # each table keeps its own finding


def test_where_finds_the_tokens_a_table_holds_something_for():
    from analysis.normalize import MODULES, make_doc
    from analysis.normalize.common import ByWord, Token

    table = ByWord(MODULES["ar"].KEYS, lambda token: ("لافروف" in token.alts + (token.key,)) * (token.key,))
    doc = make_doc("وقال لافروف إن بلينكن التقى لافروف، ولافروف قال", "ar")
    assert [i for i, _ in doc.where(table)] == [i for i, t in enumerate(doc.tokens) if "لافروف" in t.text] == [1, 5, 7]
    assert [found for _, found in doc.where(table)] == [("لافروف",), ("لافروف",), ("ولافروف",)]
    doc.tokens = doc.tokens[5:]                  # tokens changed after the doc was made: their words are read again
    assert [i for i, _ in doc.where(table)] == [0, 2]
    doc.tokens.append(Token(0, 0, "لافروف", "لافروف", (), 9))
    assert [i for i, _ in doc.where(table)] == [0, 2, len(doc.tokens) - 1]


def test_translator_equals_str_translate():
    from hypothesis import given, settings, strategies as st

    from analysis.normalize.common import translator

    table = {ord("ي"): "ی", ord("ك"): ord("ک"), ord("\u0640"): None, ord("ﻻ"): "لا", ord("]"): "-", 0x1F600: ":)"}
    fast = translator(table)
    assert fast("كتابـي ﻻ] 😀") == "کتابی لا- :)"
    assert translator({})("ي") == "ي"

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list("يكـﻻ]^\\-ab یک\n😀𝐀"))))
    def check(text: str) -> None:
        assert fast(text) == text.translate(table)

    check()


def test_layout_patterns_equal_their_plain_forms():
    """The space, stray-diacritic and stray-ZWNJ patterns are written to be fast; each must remove
    exactly what its plain form removes, on real articles and random text."""
    import re

    from conftest import first_records
    from hypothesis import given, settings, strategies as st

    from analysis.normalize import common

    mark = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    plain = [(common.SPACES, re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+"), " "),
             (common.STRAY_DIACRITICS, re.compile(f"(?<![^\\W\\d_]|[{mark}])[{mark}]+"), ""),
             (common.STRAY_ZWNJ, re.compile(r"\u200c+(?![^\W\d_])|(?<![^\W\d_])\u200c+"), "")]

    def same(text: str) -> None:
        for fast, slow, repl in plain:
            assert fast.sub(repl, text) == slow.sub(repl, text), (slow.pattern, text[:80])

    for record in first_records("fars-news.jsonl.gz", 200) + first_records("ant-arabic.jsonl.gz", 200):
        same(record["text"])

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list("ab1_ کتاب «».\n\t\u00a0\u2003\u3000\u200c\u200c\u064e\u0650\u0670\u06d6"))))
    def check(text: str) -> None:
        same(text)

    check()


def test_base_key_equals_its_steps_one_by_one():
    """base_key's one table must do what its steps do: NFKC, diacritics out, key_chars.tsv's folding,
    ZWNJ and tatweel out, lower case."""
    import re
    import unicodedata

    from hypothesis import given, settings, strategies as st

    from analysis.normalize.common import LEXICONS, base_key, data_lines

    folding = {src: dst for src, dst, *_ in data_lines(LEXICONS / "common" / "key_chars.tsv")}
    diacritics = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")

    def steps(token: str) -> str:
        token = diacritics.sub("", unicodedata.normalize("NFKC", token))
        return "".join(folding.get(c, c) for c in token).replace("\u200c", "").replace("\u0640", "").lower()

    assert base_key("رئیس‌جمهورِ") == steps("رئیس‌جمهورِ") == base_key("رييسجمهور")
    alphabet = list(folding) + list("ab AÉ ـ\u200c\u064e\u0651\u06d6\u0670ﻻ٣۳𝐀😀")

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet=st.sampled_from(alphabet), max_size=12))
    def check(token: str) -> None:
        assert base_key(token) == steps(token)

    check()
