"""Quote extraction (first version): the main forms in both languages and offsets into the text."""
import pytest

from analysis.normalize import make_doc
from analysis.quotes import extract


def quotes(text: str, lang: str) -> list[dict]:
    doc = make_doc(text, lang)
    found = extract({"article_id": "t"}, doc)["quotes"]
    for q in found:
        assert doc.text[q["start"]:q["end"]] == q["content"]
    return found


@pytest.mark.parametrize("text, speaker, content, kind", [
    ("وقال لافروف إن المحادثات كانت بناءة.", "لافروف", "المحادثات كانت بناءة", "indirect"),
    ("وقال بلينكن للافروف إن واشنطن سترد على أي عدوان.", "بلينكن", "واشنطن سترد على أي عدوان", "indirect"),
    ('وقال المتحدث نيد برايس: "الاجتماع كان بداية جيدة".', "برايس", "الاجتماع كان بداية جيدة", "direct"),
    ("بحسب وكالة تاس، وصف لافروف المحادثات بأنها بناءة.", "تاس", "وصف لافروف المحادثات بأنها بناءة", "indirect"),
])
def test_arabic_forms(text, speaker, content, kind):
    [q] = quotes(text, "ar")
    assert (q["speaker_name"], q["content"], q["kind"]) == (speaker, content, kind)


@pytest.mark.parametrize("text, speaker, content, kind", [
    ("آقای لاوروف گفت که روسیه آماده همکاری است.", "لاوروف", "روسیه آماده همکاری است", "indirect"),
    ("سخنگوی کرملین پسکوف گفت: «این ملاقات نشانه‌ای مثبت است».", "پسکوف", "این ملاقات نشانه‌ای مثبت است", "direct"),
    ("به گفته مقامات کاخ سفید، دو طرف درباره اوکراین گفتگو کردند.", "مقامات",
     "دو طرف درباره اوکراین گفتگو کردند", "indirect"),
])
def test_persian_forms(text, speaker, content, kind):
    [q] = quotes(text, "fa")
    assert (q["content"], q["kind"]) == (content, kind)
    assert speaker in q["speaker"]


def test_implicit_subject_resolves_to_the_last_speaker():
    found = quotes("وقال بلينكن إن واشنطن تريد علاقة مستقرة. وأضاف أن العالم سيكون أكثر أمانا.", "ar")
    assert [q["speaker_name"] for q in found] == ["بلينكن", "بلينكن"]
    assert found[1]["speaker"] == "" and found[1]["cue_nuance"] == "additive"


def test_colon_quote_runs_on_until_a_new_cue():
    found = quotes("وقال لافروف: نحن مستعدون للحوار. لا نريد التصعيد. وأكد بلينكن أن واشنطن سترد.", "ar")
    assert found[0]["content"] == "نحن مستعدون للحوار. لا نريد التصعيد"
    assert found[1]["speaker_name"] == "بلينكن"


def test_no_cue_no_quote():
    assert quotes('ما يسمى "الربيع العربي" انتهى منذ سنوات.', "ar") == []
