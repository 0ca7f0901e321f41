"""Build end to end: tables and their contract, offsets, determinism, duplicates, exit codes."""
from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import analysis
from analysis import pipeline
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


def test_rows_become_the_declared_columns_absent_ones_null_and_others_dropped():
    from analysis.schema import to_arrow

    rows = [{"article_id": "a", "sentence_idx": 0, "start": 0, "end": 5, "text": "سلام.", "lead_words": ["x"]},
            {"article_id": "b", "sentence_idx": 1, "text": "دنیا"}]
    table = to_arrow("sentences", rows)
    assert table.schema == TABLES["sentences"]
    assert table.to_pylist() == [{"article_id": "a", "sentence_idx": 0, "start": 0, "end": 5, "text": "سلام."},
                                 {"article_id": "b", "sentence_idx": 1, "start": None, "end": None, "text": "دنیا"}]


@pytest.mark.parametrize("ids_in_memory", [5000, 1])
def test_entities_reported_by_articles_merge_into_one_row_per_id(ids_in_memory, tmp_path, monkeypatch):
    """Each column keeps its first non-null value in article order, whether the rows met in memory or
    on disk (ids_in_memory=1: every article's rows spilled); rows sorted by id; no spill file left."""
    from analysis import store
    from analysis.store import TableWriter

    monkeypatch.setattr(store, "ROW_GROUP", ids_in_memory)

    def entity(eid: str, **names: str | None) -> dict[str, str | None]:
        return {"entity_id": eid, "type": "person", **names}

    with TableWriter(tmp_path / "out") as writer:
        writer.write({"entities": [entity("p-lavrov", name_ar="لافروف"), entity("o-tass", name_en="TASS")]})
        writer.write({"entities": [entity("p-lavrov", name_fa="لاوروف", name_ar="سيرغي لافروف")]})
        writer.write({"entities": [entity("p-lavrov", name_en="Lavrov", name_fa="لاوروف دیگر")]})
        writer.finish({})
    rows = pq.read_table(tmp_path / "out" / "entities.parquet").to_pylist()
    assert rows == [
        {"entity_id": "o-tass", "name_en": "TASS", "name_fa": None, "name_ar": None, "type": "person", "affiliation": None},
        {"entity_id": "p-lavrov", "name_en": "Lavrov", "name_fa": "لاوروف", "name_ar": "لافروف", "type": "person",
         "affiliation": None}]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([f"{t}.parquet" for t in TABLES] + ["manifest.json"])


@pytest.mark.parametrize("compact", [256, 2])
def test_packed_and_dict_rows_are_written_in_article_order(compact, tmp_path, monkeypatch):
    """Rows packed by a worker (Arrow slices of its chunk, the first chunk pickled as it crosses from a
    worker) and dict rows (reused from a previous build) land in article order, whether the writer keeps
    the slices or copies them into one table (compact=2)."""
    from analysis import store
    from analysis.pipeline import pack, unpack

    monkeypatch.setattr(store, "COMPACT", compact)
    words = ["سلام.", "دنیا.", "لافروف گفت.", "قال بلينكن.", "خبر.", "روسيا."]

    def article(aid: str, n: int) -> dict[str, list[dict]]:
        return {"sentences": [{"article_id": aid, "sentence_idx": i, "start": 0, "end": 5, "text": words[i]}
                              for i in range(n)]}

    given = [article(f"a{i}", n) for i, n in enumerate([2, 0, 3, 1, 6, 2])]
    expected = [r for rows in given for r in rows["sentences"]]
    crossed = pickle.loads(pickle.dumps(pack([dict(rows) for rows in given[:3]])))
    packed = [*unpack(crossed), dict(given[3]), *unpack(pack([dict(rows) for rows in given[4:]]))]
    assert all(not isinstance(rows.get("sentences", []), list) for rows in packed[:3] if rows.get("sentences"))
    with store.TableWriter(tmp_path / "out") as writer:
        for rows in packed:
            writer.write(rows)
        writer.finish({})
    assert pq.read_table(tmp_path / "out" / "sentences.parquet").to_pylist() == expected


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
    corpus = analysis.load(tmp_path / "out")
    articles = corpus.articles.set_index("article_id")
    assert articles.loc["copy-of-a", "status"] == "duplicate" and "a" in articles.loc["copy-of-a", "error"]
    assert articles.loc["same", "status"] == "ok" and articles.loc["same~2", "status"] == "ok"
    assert "already used" in articles.loc["same~2", "warning"]
    # every table follows: the renamed article's rows under its new id, none for the duplicate
    for table in (corpus.sentences, corpus.quotes):
        speakers = table.groupby("article_id")["text" if "text" in table else "speaker"].first()
        assert "لافروف" in speakers["same"] and "بلينكن" in speakers["same~2"]
    assert "copy-of-a" not in set(corpus.sentences["article_id"]) and "a" in set(corpus.sentences["article_id"])


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


def test_one_process_build_warms_its_languages_and_freezes_them_once():
    """A one-process build loads the languages its corpus starts with and freezes what they built, so the
    collector's full passes skip those objects (and come rarer); a later build that loads nothing new
    freezes nothing."""
    from analysis.pipeline import FULL_COLLECTION_EVERY

    code = f"""
import gc, sys
from analysis import pipeline
from analysis.ingest import Article
before = gc.get_freeze_count()
rows = list(pipeline.run([Article(source="a", lang="ar", text={ARABIC!r})]))
after_first = gc.get_freeze_count()
junk = [[i] for i in range(1000)]  # tracked objects made after the first build
list(pipeline.run([Article(source="b", lang="ar", text={ARABIC!r})]))
print(before, after_first, gc.get_freeze_count(), "hazm" in sys.modules, rows[0]["articles"][0]["status"],
      gc.get_threshold()[2])
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    before, after_first, after_second, hazm_loaded, status, full_every = out.stdout.split()
    assert int(after_first) > int(before) + 10_000  # camel-tools, lexicons, gazetteer, codebook
    assert int(after_second) == int(after_first)
    assert int(full_every) == FULL_COLLECTION_EVERY > 10  # full passes rarer than Python's default
    assert hazm_loaded == "False" and status == "ok"  # an Arabic corpus does not load Persian's libraries


def test_build_process_freezes_what_it_loaded(tmp_path):
    """With a pool the build process warms nothing, yet holds the libraries and codebook for the whole
    build: it freezes them too, and its full collections come rarer."""
    from analysis.pipeline import FULL_COLLECTION_EVERY

    code = f"""
import gc
from analysis import pipeline
before = gc.get_freeze_count()
pipeline.build([{str(SEEDS)!r}], {str(tmp_path / "out")!r}, workers=2, progress=False)
print(before, gc.get_freeze_count(), gc.get_threshold()[2])
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    before, after, full_every = map(int, out.stdout.split())
    assert after > before + 10_000 and full_every == FULL_COLLECTION_EVERY


def test_fork_server_starts_first_warmed_for_the_corpus_languages(tmp_path):
    """The CLI starts the pool's fork server before it imports the rest of the build (its warm-up runs
    beside that), for the languages the inputs begin with; the workers forked from it carry the
    libraries of those languages, and pandas, which pyarrow imports the first time it converts rows
    (a second and a half: once there, not in each worker), but not hazm for an Arabic corpus."""
    (tmp_path / "ar").mkdir()
    (tmp_path / "ar" / "a.txt").write_text(ARABIC, encoding="utf-8")
    code = f"""
import os, sys
from concurrent.futures import ProcessPoolExecutor
from analysis import pool
pool.start([{str(tmp_path / "ar")!r}])
print("analysis.pipeline" in sys.modules, "pyarrow" in sys.modules, os.environ[pool.WARM_LANGS])
with ProcessPoolExecutor(1, mp_context=pool.context()) as worker:
    print(*worker.submit(eval, "[m in __import__('sys').modules for m in ('camel_tools', 'hazm', 'pandas')]").result())
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "ar", "True", "False", "True"], out.stdout


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


@pytest.mark.parametrize("stage", [name for name, _ in pipeline.EXTRACTORS])
def test_an_extractor_failure_marks_only_that_article(stage, seeds_built, tmp_path, monkeypatch):
    """Whichever extractor raises, on a real build: that article is an error naming the stage and the
    exception's message; every other article is built with all its tables."""
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "fragile.txt").write_text(ARABIC + " وهذا نص يكسر المستخرج.", encoding="utf-8")

    def fragile(extract):
        def run(row, doc):
            if "يكسر المستخرج" in doc.text:
                raise ValueError(f"بيانات غير متوقعة في {stage}")
            return extract(row, doc)
        return run

    monkeypatch.setattr(pipeline, "EXTRACTORS",
                        [(name, fragile(fn) if name == stage else fn) for name, fn in pipeline.EXTRACTORS])
    pipeline.build([str(folder)], tmp_path / "out", workers=1, progress=False)
    corpus = analysis.load(tmp_path / "out")
    articles = corpus.articles.set_index("article_id")
    assert articles.loc["fragile", "status"] == "error"
    assert articles.loc["fragile", "error"] == f"failed at the {stage} stage: ValueError: بيانات غير متوقعة في {stage}"
    assert "fragile" not in set(corpus.sentences["article_id"]) | set(corpus.quotes["article_id"])
    others = articles.drop(index="fragile")
    assert len(others) == 5 and set(others["status"]) == {"ok"}
    assert corpus.manifest["by_status"] == {"error": 1, "ok": 5}
    seeds = analysis.load(seeds_built)
    for table in ("sentences", "quotes", "mentions", "citations", "topics", "frames", "codebook_hits", "dates"):
        assert len(getattr(corpus, table)) == len(getattr(seeds, table)), table  # the others built in full


def slow_corpus(folder: Path, n: int) -> None:
    """n distinct articles made from the seeds (distinct, so none is skipped as a duplicate)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    with open(folder / "many.jsonl", "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"a{i}", "text": f"{texts[i % len(texts)]}\n\nشماره {i}"},
                                ensure_ascii=False) + "\n")


def test_a_killed_build_leaves_the_previous_tables_and_the_next_run_cleans_up(seeds_built, tmp_path):
    out = tmp_path / "tables"
    shutil.copytree(seeds_built, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    slow_corpus(tmp_path, 2000)
    building = tmp_path / ".tables.building"
    cmd = [sys.executable, "-m", "analysis", "build", str(tmp_path / "many.jsonl"), "--out", str(out),
           "--workers", "1", "--quiet"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        # a row group of sentences is on disk: the build is well under way
        while not (building / "sentences.parquet").exists() or (building / "sentences.parquet").stat().st_size < 10_000:
            assert proc.poll() is None, f"the build ended before it could be killed: {proc.stderr.read()}"
            assert time.monotonic() < deadline, "the build wrote no data in 300 s"
            time.sleep(0.2)
        assert proc.poll() is None
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
    assert building.exists()                                 # the half-written tables were left behind …
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before   # … and the old ones untouched
    pipeline.build([str(SEEDS)], out, workers=1, progress=False)
    assert not building.exists() and not (tmp_path / ".tables.previous").exists()
    assert analysis.load(out).manifest["by_status"] == {"ok": 5}


def test_text_without_words_is_empty_not_ok():
    from analysis.ingest import Article
    from analysis.pipeline import process

    row = process(Article(source="r", lang="fa", title="گذری بر روستای ابیانه", text="."))["articles"][0]
    assert row["status"] == "empty" and "no words" in row["error"]


def test_n_words_counts_the_tokens_with_a_word_character():
    """Doc.n_words asks str.isalnum before the regex; both must agree on which tokens hold a word character,
    for any character (letters, digits of every script, marks, ZWNJ, punctuation, "_")."""
    import re

    from hypothesis import given, settings, strategies as st

    from analysis.normalize import Doc, Token

    @settings(max_examples=500, deadline=None)
    @given(st.lists(st.text(min_size=1, max_size=4)))
    def check(texts):
        doc = Doc(text=" ".join(texts), lang="fa", tokens=[Token(0, 0, t, t, (), 0) for t in texts])
        assert doc.n_words() == sum(bool(re.search(r"\w", t)) for t in texts)

    check()
    assert Doc(text="", lang="ar", tokens=[Token(0, 0, t, t, (), 0) for t in ["قال", "،", "2018", "_", "می‌شود", "«"]]).n_words() == 4
