"""The quote scorer: matching rule, one-to-one pairing, speaker and kind accuracy."""
import pandas as pd

from analysis.evaluate import content_tokens, match, read_gold, score, token_f1
from conftest import ROOT

GOLD = ROOT / "evaluation" / "gold" / "seeds.jsonl"


def test_token_f1_ignores_quote_marks_and_letter_variants():
    a = content_tokens("“لا يخفى سرا أن هناك خلافات بيننا”")
    b = content_tokens('لا يخفي سرا ان هناك خلافات بيننا')
    assert token_f1(a, b) == 1.0
    assert token_f1(content_tokens("في المجالات التي تتعارض فيها مصالحنا"),
                    content_tokens("في المجالات التي تتقاطع فيها مصالحنا")) > 0.8


def test_matching_is_one_to_one():
    golds = [{"content": "روسيا مستعدة للحوار"}, {"content": "روسيا مستعدة للحوار"}]
    preds = [{"content": "روسيا مستعدة للحوار"}]
    assert match(preds, golds) == [(0, 0)]
    assert match([{"content": "كلام آخر تماما"}], golds) == []


def test_gold_against_itself_scores_perfectly_and_a_wrong_speaker_counts():
    gold = read_gold([GOLD])
    rows = [{"article_id": r["id"], "quote_idx": i, "speaker_name": q["speaker_name"], "speaker_id": None,
             "content": q["content"], "kind": q["kind"]} for r in gold for i, q in enumerate(r["quotes"])]
    entities = pd.DataFrame(columns=["entity_id", "name_en"])
    ids = {r["id"] for r in gold}
    perfect = score(gold, pd.DataFrame(rows), entities, ids)
    assert {lang: (s.row()["f1"], s.row()["speaker_accuracy"], s.row()["kind_accuracy"])
            for lang, s in perfect.items()} == {"ar": (1.0, 1.0, 1.0), "fa": (1.0, 1.0, 1.0)}
    wrong = [{**r, "speaker_name": "شخص آخر", "kind": "indirect"} for r in rows]
    worse = score(gold, pd.DataFrame(wrong), entities, ids)
    assert worse["ar"].row()["speaker_accuracy"] == 0.0 and worse["ar"].row()["kind_accuracy"] < 1.0
    half = score(gold, pd.DataFrame(rows[::2]), entities, ids)
    assert half["fa"].row()["precision"] == 1.0 and half["fa"].row()["recall"] < 0.6


def test_speaker_matches_by_english_surname_or_native_surname():
    from analysis.evaluate import same_speaker

    assert same_speaker({"name_en": "Sergey Lavrov", "speaker_name": "سيرغي لافروف"},
                        {"speaker_en": "Lavrov", "speaker_name": "لاوروف"})
    assert same_speaker({"name_en": None, "speaker_name": "شهاب"}, {"speaker_en": "Shehab", "speaker_name": "داود شهاب"})
    assert same_speaker({"name_en": None, "speaker_name": "رییس‌جمهور"}, {"speaker_name": "رئیس جمهور"})
    assert not same_speaker({"name_en": "Sergey Lavrov", "speaker_name": "لافروف"},
                            {"speaker_en": "Blinken and Lavrov", "speaker_name": "بلينكن ولافروف"})
    assert not same_speaker({"name_en": None, "speaker_name": ""}, {"speaker_en": "Zarif", "speaker_name": "ظريف"})


def test_gold_texts_are_pulled_from_the_named_corpora(tmp_path):
    from analysis.evaluate import gold_texts, read_gold
    from conftest import ROOT, shared_corpus

    corpora = shared_corpus("fars-news.jsonl.gz").parent
    gold = read_gold([ROOT / "evaluation" / "gold" / "annotated_fa.jsonl"])
    n = gold_texts(gold, corpora, tmp_path / "texts.jsonl")
    assert n == len(gold) == len((tmp_path / "texts.jsonl").read_text(encoding="utf-8").splitlines())
