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
