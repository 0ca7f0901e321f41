"""Build end to end: tables and their contract, offsets, determinism, duplicates, exit codes."""
from __future__ import annotations

import subprocess
import sys

import pyarrow.parquet as pq

import analysis
from analysis.schema import TABLES
from conftest import ROOT, SEEDS

ARABIC = "وقال وزير الخارجية الروسي سيرغي لافروف إن المحادثات كانت بناءة. وأضاف أن روسيا مستعدة للحوار."


def test_every_table_written_with_its_columns(seeds_built):
    corpus = analysis.load(seeds_built)
    for table, schema in TABLES.items():
        assert pq.read_schema(seeds_built / f"{table}.parquet").names == schema.names
        assert list(getattr(corpus, table).columns) == schema.names
    assert len(corpus.articles) == 5 and set(corpus.articles["status"]) == {"ok"}
    assert corpus.manifest["by_status"] == {"ok": 5}
    assert corpus.manifest["versions"]["hazm"].startswith("0.12")


def test_sentence_offsets_index_the_article_text(seeds_built):
    corpus = analysis.load(seeds_built)
    texts = dict(zip(corpus.articles["article_id"], corpus.articles["text"]))
    assert len(corpus.sentences) > 50
    for row in corpus.sentences.itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text
    counts = corpus.sentences.groupby("article_id").size()
    assert (counts == corpus.articles.set_index("article_id")["n_sentences"]).all()


def test_same_inputs_give_byte_identical_tables(seeds_built, tmp_path):
    from analysis.pipeline import build

    build([str(SEEDS)], tmp_path / "again", workers=2, progress=False)
    for table in TABLES:
        assert (seeds_built / f"{table}.parquet").read_bytes() == (tmp_path / "again" / f"{table}.parquet").read_bytes()


def test_duplicates_and_repeated_ids(tmp_path):
    from analysis.pipeline import build

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "copy-of-a.txt"):
        (folder / name).write_text(ARABIC, encoding="utf-8")
    (folder / "x.jsonl").write_text(
        '{"id": "same", "text": "قال لافروف إن روسيا مستعدة."}\n{"id": "same", "text": "قال بلينكن إن واشنطن سترد."}\n',
        encoding="utf-8")
    build([str(folder)], tmp_path / "out", workers=1, progress=False)
    articles = analysis.load(tmp_path / "out").articles.set_index("article_id")
    assert articles.loc["copy-of-a", "status"] == "duplicate" and "a" in articles.loc["copy-of-a", "error"]
    assert articles.loc["same", "status"] == "ok" and articles.loc["same~2", "status"] == "ok"
    assert "already used" in articles.loc["same~2", "warning"]


def test_cli_exits_non_zero_only_when_nothing_could_be_read(tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.txt").write_bytes(bytes(range(256)) * 10)
    cmd = [sys.executable, "-m", "analysis", "build", "--quiet", "--workers", "1"]
    failed = subprocess.run(cmd + [str(tmp_path / "bad"), "--out", str(tmp_path / "o1")], cwd=ROOT,
                            capture_output=True, text=True)
    assert failed.returncode == 1 and "Nothing could be read" in failed.stderr
    (tmp_path / "bad" / "y.txt").write_text(ARABIC, encoding="utf-8")
    ok = subprocess.run(cmd + [str(tmp_path / "bad"), "--out", str(tmp_path / "o2")], cwd=ROOT,
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert analysis.load(tmp_path / "o2").manifest["by_status"] == {"error": 1, "ok": 1}


def test_failed_build_keeps_previous_tables(seeds_built, tmp_path, monkeypatch):
    import shutil

    import pytest

    from analysis import pipeline

    out = tmp_path / "tables"
    shutil.copytree(seeds_built, out)
    before = (out / "articles.parquet").read_bytes()

    def explode(*_args, **_kw):
        raise KeyboardInterrupt  # an interrupted run, not an article error

    monkeypatch.setattr(pipeline, "run", explode)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build([str(SEEDS)], out, progress=False)
    assert (out / "articles.parquet").read_bytes() == before
    assert not any(p.name.startswith(".tables") for p in tmp_path.iterdir())


def test_an_extractor_failure_marks_only_that_article(monkeypatch):
    from analysis import pipeline
    from analysis.ingest import Article

    def fragile(row, doc):
        if "بلينكن" in doc.text:
            raise ValueError("boom")
        return {}

    monkeypatch.setattr(pipeline, "EXTRACTORS", [("quotes", fragile)])
    bad = pipeline.process(Article(source="a", text="قال بلينكن إن واشنطن سترد."))["articles"][0]
    good = pipeline.process(Article(source="b", text=ARABIC))["articles"][0]
    assert bad["status"] == "error" and "quotes stage" in bad["error"] and "boom" in bad["error"]
    assert good["status"] == "ok"


def test_text_without_words_is_empty_not_ok():
    from analysis.ingest import Article
    from analysis.pipeline import process

    row = process(Article(source="r", lang="fa", title="گذری بر روستای ابیانه", text="."))["articles"][0]
    assert row["status"] == "empty" and "no words" in row["error"]
