"""Cited sources and datelines in both languages, against the bundled outlet registry."""
from __future__ import annotations

import pytest

from analysis import citations
from analysis.normalize import make_doc


def run(text, lang, outlet=None):
    row = {"article_id": "a", "outlet": outlet, "dateline_outlet": None, "inferred": None}
    rows = citations.extract(row, make_doc(text, lang))["citations"]
    return row, [(r["source_name_en"], r["cue"]) for r in rows], rows


@pytest.mark.parametrize("text, lang, dateline, cited", [
    ("به گزارش خبرگزاری مهر به نقل از اسپوتنیک، «ولادیمیر پوتین» گفت که روابط بهتر می‌شود.",
     "fa", "Mehr News Agency", ["Sputnik"]),
    ("تهران- ایرنا- وزیر امور خارجه روز یکشنبه گفت که مذاکرات ادامه دارد.", "fa", "IRNA", []),
    ("خبرگزاری آسوشیتدپرس نیز در گزارشی اعلام کرد که بایدن بر نگرانی‌ها تاکید کرد.", "fa", None, ["Associated Press"]),
    ("وذكرت وكالة الانباء الروسية تاس أن الوزيرين اتفقا على مواصلة الحوار.", "ar", None, ["TASS"]),
    ('ووفقا لموقع شبكة "سي إن إن" فإن الاجتماع استمر ساعتين.', "ar", None, ["CNN"]),
    ("ونقلت وكالة أنباء الأناضول عن مسؤول تركي قوله إن الاتفاق قريب.", "ar", None, ["Anadolu Agency"]),
    ("دبي، الإمارات العربية المتحدة (CNN)-- اعتبر وزير الخارجية السعودي أن قطر دولة مزدهرة.", "ar", "CNN", []),
])
def test_citation_and_dateline_patterns(text, lang, dateline, cited):
    row, found, rows = run(text, lang)
    same = citations.outlet_id  # the registry's English name or any of its aliases (IRNA, AFP)
    assert same(row["dateline_outlet"]) == same(dateline) and (dateline is None) == (row["dateline_outlet"] is None)
    assert [same(name) for name, _ in found] == [same(name) for name in cited]
    doc_text = make_doc(text, lang).text
    assert all(doc_text[r["start"]:r["end"]] == r["surface"] for r in rows)


def test_an_outlet_that_is_only_talked_about_is_not_cited():
    _, found, _ = run("وقال برايس إن ذلك يشمل إجراءاتها ضد إذاعة صوت أمريكا وراديو أوروبا الحرة.", "ar")
    assert found == []


def test_the_article_own_outlet_is_not_its_own_source_and_fills_a_missing_outlet():
    row, found, _ = run("به گزارش خبرگزاری مهر به نقل از اسپوتنیک، پوتین گفت.", "fa")
    assert citations.outlet_id(row["outlet"]) == citations.outlet_id("Mehr News Agency") and row["inferred"] == "outlet"
    row, found, _ = run("به گزارش خبرگزاری مهر، پوتین گفت.", "fa", outlet="Mehr News Agency")
    assert row["outlet"] == "Mehr News Agency" and row["inferred"] is None and found == []
    # an outlet given by the input that differs: its lead credits a source it relays
    row, found, _ = run("به گزارش خبرگزاری فارس، نمایندگان نامه‌ای نوشتند.", "fa", outlet="radio-farda")
    assert row["dateline_outlet"] is None and [citations.outlet_id(n) for n, _ in found] == [citations.outlet_id("Fars News Agency")]


def test_a_source_line_cites_and_a_credit_line_is_the_dateline():
    text = "بحث لافروف وبلينكن العلاقات.\nواختتم البيان بالدعوة إلى الحوار.\nمجموعة الرؤية الاستراتيجية \"روسيا - العالم الإسلامي\"\nالمصدر: تاس"
    row, found, _ = run(text, "ar")
    assert [name for name, _ in found] == ["TASS"]
    assert row["dateline_outlet"] == 'Group of Strategic Vision "Russia - Islamic World"'


def test_registry_maps_corpus_labels_and_english_aliases():
    assert citations.outlet_id("AFP") == citations.outlet_id("Agence France-Presse") == "afp"
    assert citations.outlet_id("bbc-arabic") is not None
    assert citations.english_key("The Washington Post") == citations.english_key("washington post")


def test_seed_gold_cited_sources(seeds_built):
    from analysis.evaluate import evaluate
    from conftest import ROOT

    table = evaluate([ROOT / "evaluation" / "gold" / "seeds.jsonl"], seeds_built)["cited sources and datelines"]
    assert table["f1"].min() >= 0.9
    assert table["dateline_accuracy"].min() >= 0.5
