"""The codebook: loading (with errors a researcher can act on), clitic-aware matching, positions."""
from __future__ import annotations

import pytest

from analysis import codebook
from analysis.codebook import CodebookError
from analysis.normalize import make_doc

MINI = """\
name: mini
version: "1"
topics:
  - id: ukraine
    label: Ukraine
    fa: [اوکراین, اکراین]
    ar: [أوكرانيا, أوكراني*]
  - id: arms-control
    label: Arms control
    fa: [استارت نو]
    ar: [معاهدة الحد من الأسلحة الاستراتيجية]
frames:
  - id: conflict
    label: Conflict
    kind: generic
    fa: [اختلافات, تنش]
    ar: [خلافات, توترات]
  - id: hedge
    label: Hedges
    kind: hedge
    fa: [ادعایی]
    ar: [المزعوم*]
"""


@pytest.fixture()
def mini(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return codebook.load(str(path))


def ids(doc, book):
    return [(m.code.id, doc.text[doc.tokens[m.first].start:doc.tokens[m.last].end]) for m in book.matcher(doc.lang).matches(doc)]


def test_arabic_patterns_hit_through_clitics_and_stems(mini):
    doc = make_doc("وأوكرانيا ولأوكرانيا والقوات الأوكرانية ومعاهدة الحد من الأسلحة الاستراتيجية والخلافات", "ar")
    assert ids(doc, mini) == [("ukraine", "وأوكرانيا"), ("ukraine", "ولأوكرانيا"), ("ukraine", "الأوكرانية"),
                              ("arms-control", "ومعاهدة الحد من الأسلحة الاستراتيجية"), ("conflict", "والخلافات")]


def test_persian_patterns_hit_spelling_variants_and_suffixes(mini):
    doc = make_doc("اوکراین و اکراین و پیمان استارت نو؛ تنش‌ها و حملات ادعایی", "fa")
    assert ids(doc, mini) == [("ukraine", "اوکراین"), ("ukraine", "اکراین"), ("arms-control", "استارت نو"),
                              ("conflict", "تنش‌ها"), ("hedge", "ادعایی")]


def test_phrase_needs_every_word_and_stem_needs_its_prefix(mini):
    doc = make_doc("معاهدة الحد من الأسلحة فقط وأوكر", "ar")
    assert ids(doc, mini) == []


def test_rows_place_hits_in_headline_lead_body_and_weights_sum_to_one(mini):
    text = "اوکراین و استارت نو\n\nتنش در اوکراین.\n\nاختلافات ادعایی درباره اوکراین."
    doc = make_doc(text, "fa")
    rows = codebook.extract({"article_id": "a", "title": "اوکراین و استارت نو"}, doc, mini)
    positions = [(h["code_id"], h["position"]) for h in rows["codebook_hits"]]
    assert positions[:2] == [("ukraine", "headline"), ("arms-control", "headline")]
    assert ("conflict", "lead") in positions and ("conflict", "body") in positions
    topics = {r["topic_id"]: r for r in rows["topics"]}
    assert topics["ukraine"]["hits"] == 3 and topics["ukraine"]["headline_hits"] == 1
    assert sum(r["weight"] for r in rows["topics"]) == pytest.approx(1.0)
    assert all(doc.text[h["start"]:h["end"]] == h["surface"] for h in rows["codebook_hits"])


def test_a_title_given_apart_from_the_text_is_matched_as_headline(mini):
    rows = codebook.extract({"article_id": "a", "title": "توترات في أوكرانيا"}, make_doc("نص بلا موضوع.", "ar"), mini)
    assert {(h["code_id"], h["position"], h["sentence_idx"]) for h in rows["codebook_hits"]} == {
        ("ukraine", "headline", -1), ("conflict", "headline", -1)}


@pytest.mark.parametrize("text, expected", [
    ("topics:\n  - id: a\n    fa: [x\n", r"line \d+, column \d+: not valid YAML"),
    ("topics:\n  - label: no id\n    fa: [اوکراین]\n", r"line 2: topic field `id` is missing"),
    ("frames:\n  - id: f\n    kind: angry\n    ar: [غضب]\n", r"line 2: frame field `kind` must be one of"),
    ("topics:\n  - id: t\n    ar: [أو*]\n", r"line 2: topic field `ar` has the stem 'أو\*'"),
    ("topics:\n  - id: t\n    fa: اوکراین\n", r"line 2: topic field `fa` must be a list"),
    ("- just a list\n", r"expected a mapping"),
    ("topics:\n  - id: t\n    fa: [الف]\n  - id: t\n    ar: [باء]\n", r"id `t` is used twice"),
])
def test_bad_codebooks_name_file_line_and_field(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError, match=expected) as err:
        codebook.load(str(path))
    assert str(path) in str(err.value)


def test_yaml_tags_cannot_run_code(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("topics: !!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="not valid YAML"):
        codebook.load(str(path))


def test_bundled_codebook_covers_the_issue_topics_and_frames():
    book = codebook.load()
    topic_ids = {c.id for c in book.of("topic")}
    assert len(topic_ids) >= 30
    kinds = {c.kind for c in book.of("frame")}
    assert {"generic", "loaded", "hedge"} <= kinds
    generic = {c.id for c in book.of("frame") if c.kind == "generic"}
    assert len(generic) >= 6
    doc = make_doc("معاهدة الحد من الأسلحة الاستراتيجية ونافالني والأمن الإلكتروني", "ar")
    found = {m.code.id for m in codebook.matches(doc, book)}
    assert len(found) >= 3


def test_build_uses_the_codebook_given_on_the_command_line(tmp_path):
    import json
    import subprocess
    import sys

    from conftest import ROOT, SEEDS

    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    out = tmp_path / "built"
    done = subprocess.run([sys.executable, "-m", "analysis", "build", str(SEEDS), "--out", str(out), "--workers", "1",
                           "--quiet", "--codebook", str(path)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads((out / "manifest.json").read_text())["codebook"]["name"] == "mini"
    import analysis
    c = analysis.load(out)
    assert set(c.topics["topic_id"]) <= {"ukraine", "arms-control"} and len(c.topics) > 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics: [\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "analysis", "build", str(SEEDS), "--out", str(out), "--codebook", str(bad)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0 and "bad.yaml" in done.stderr and "line" in done.stderr
