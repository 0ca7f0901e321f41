"""Per-outlet quote tables: shares sum to one, unnamed outlets stay apart, renderings per outlet."""
import pandas as pd

from analysis import voices


def table() -> pd.DataFrame:
    rows = [  # outlet, lang, speaker, affiliation, kind, nuance, content
        ("A", "ar", "Sergey Lavrov", "Russia", "direct", "neutral", "في المجالات التي تتعارض فيها مصالحنا"),
        ("A", "ar", "Antony Blinken", "United States", "indirect", "assertive", "نسعى لعلاقة مستقرة"),
        ("A", "ar", "Antony Blinken", "United States", "direct", "neutral", "سنرد على أي عدوان"),
        ("B", "fa", "Sergey Lavrov", "Russia", "direct", "distancing", "در مسایل که منافع ما مشترک است"),
    ]
    frame = pd.DataFrame(rows, columns=["outlet", "lang", "speaker_label", "affiliation", "kind", "cue_nuance", "content"])
    return frame.assign(article_id=frame["outlet"] + "1", quote_idx=range(len(frame)), speaker_type="person")


def test_shares_are_per_outlet_and_sum_to_one():
    shares = voices.share(table(), "affiliation")
    assert shares.loc["A", "United States"] == 2 / 3 and shares.loc["B", "Russia"] == 1.0
    assert (shares.sum(axis=1).round(9) == 1).all()


def test_top_speakers_and_kinds():
    top = voices.top_speakers(table(), n=1)
    assert list(top["speaker_label"]) == ["Antony Blinken", "Sergey Lavrov"]
    assert voices.kinds_per_outlet(table()).loc["A"].to_dict() == {"direct": 2, "indirect": 1}


def test_same_speaker_across_outlets_side_by_side():
    shared = voices.speakers_across_outlets(table())
    assert list(shared["speaker_label"]) == ["Sergey Lavrov"]
    assert voices.renderings(table(), "Sergey Lavrov") == {
        "A (ar)": ["في المجالات التي تتعارض فيها مصالحنا"], "B (fa)": ["در مسایل که منافع ما مشترک است"]}


def test_unnamed_outlets_are_not_merged():
    articles = pd.DataFrame({"article_id": ["x1", "x2", "x3"], "outlet": [None, None, "Fars"]})
    labels = voices.outlet_labels(articles)
    assert labels[0] != labels[1] and labels[2] == "Fars"
