"""Builds that scale give the same tables: incremental rebuilds, worker counts, the dask engine."""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import analysis
from analysis import codebook
from analysis.pipeline import build
from analysis.schema import TABLES
from conftest import SEEDS, SHARED, first_records

REAL = 240  # articles from ANT Arabic (when ../shared is there)


def records() -> list[dict]:
    """Real articles when ../shared is there, else none (the seeds and `extra` still run)."""
    if not (SHARED / "corpora" / "ant-arabic.jsonl.gz").exists():
        return []
    return first_records("ant-arabic.jsonl.gz", REAL)


def write_jsonl(path, rows) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def extra(real: list[dict]) -> list[dict]:
    """A repeated id and a copy of a later article's text: duplicate detection must see them first."""
    copied = real[5]["text"] if real else (SEEDS / "001.txt").read_text(encoding="utf-8")
    return [{"id": "same", "lang": "ar", "text": "قال لافروف إن روسيا مستعدة للحوار مع واشنطن."},
            {"id": "same", "lang": "ar", "text": "قال بلينكن إن واشنطن سترد على موسكو."},
            {"id": "copy", "text": copied}]


def tables(path) -> dict[str, pd.DataFrame]:
    corpus = analysis.load(path)
    out = {}
    for table in TABLES:
        frame = getattr(corpus, table)
        out[table] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
    return out


def assert_same_tables(a, b) -> None:
    left, right = tables(a), tables(b)
    for table in TABLES:
        pd.testing.assert_frame_equal(left[table], right[table], obj=table)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Inputs (seeds, extra.jsonl, real.jsonl) and their clean build with one worker."""
    root = tmp_path_factory.mktemp("scale")
    real = records()
    inputs = [str(SEEDS), write_jsonl(root / "extra.jsonl", extra(real))]
    if real:
        inputs.append(write_jsonl(root / "real.jsonl", real))
    clean = root / "clean"
    manifest = build(inputs, clean, workers=1, progress=False)
    assert manifest["incremental"] == {"reused": 0, "processed": manifest["articles"]}
    return {"root": root, "real": real, "inputs": inputs, "clean": clean}


def test_clean_build_has_the_duplicates_it_should(corpus):
    articles = analysis.load(corpus["clean"]).articles.set_index("article_id")
    assert articles.loc["same~2", "status"] == "ok" and "already used" in articles.loc["same~2", "warning"]
    first = articles.loc[articles["status"] == "duplicate"]
    assert len(first) == 1


def test_growing_corpus_reuses_built_articles_and_equals_a_clean_build(corpus, tmp_path):
    real, out = corpus["real"], tmp_path / "grown"
    # the first build has the seeds and the first half of the real articles, from another file
    first = [str(SEEDS)] + ([write_jsonl(tmp_path / "part.jsonl", real[: len(real) // 2])] if real else [])
    before = build(first, out, workers=1, progress=False)
    grown = build(corpus["inputs"], out, workers=1, progress=False)
    assert grown["incremental"]["reused"] == before["by_status"]["ok"]
    assert grown["incremental"]["processed"] == grown["articles"] - before["by_status"]["ok"]
    assert_same_tables(out, corpus["clean"])
    sources = analysis.load(out).articles["source"]
    assert not sources.str.contains("part.jsonl").any()  # reused rows say where they are read from now


def test_changed_removed_and_codebook(corpus, tmp_path, monkeypatch):
    real, out = corpus["real"], tmp_path / "out"
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS, inputs)
    rows = extra(real) + real[:20]
    jsonl = write_jsonl(tmp_path / "x.jsonl", rows)
    build([str(inputs), jsonl], out, workers=1, progress=False)

    # a seed and a record changed, a record removed
    seed = next(inputs.glob("001_*.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + "\nوقال لافروف إن الحوار سيستمر.\n", encoding="utf-8")
    rows[1] = {**rows[1], "text": rows[1]["text"] + " وأضاف أن الرد سيكون حازما."}
    removed = rows.pop(2)["id"]
    write_jsonl(tmp_path / "x.jsonl", rows)
    again = build([str(inputs), jsonl], out, workers=1, progress=False)
    # the real article that "copy" repeated was stored as a duplicate (no rows to reuse): processed again
    processed = 3 if real else 2
    assert again["incremental"] == {"reused": again["articles"] - processed, "processed": processed}
    built = analysis.load(out).articles.set_index("article_id")
    assert removed not in built.index
    assert "الحوار سيستمر" in built.loc[seed.stem, "text"] and "حازما" in built.loc["same~2", "text"]
    build([str(inputs), jsonl], tmp_path / "clean", workers=1, progress=False, incremental=False)
    assert_same_tables(out, tmp_path / "clean")

    # another codebook: every article again
    book = tmp_path / "codebook.yaml"
    book.write_bytes(codebook.BUNDLED.read_bytes() + b"\n# a researcher's edit\n")
    monkeypatch.setenv("RASAD_CODEBOOK", str(book))
    codebook.load.cache_clear()
    try:
        recoded = build([str(inputs), jsonl], out, workers=1, progress=False)
    finally:
        monkeypatch.delenv("RASAD_CODEBOOK")
        codebook.load.cache_clear()
    assert recoded["incremental"] == {"reused": 0, "processed": recoded["articles"]}


def test_two_workers_give_the_same_tables_as_one(corpus, tmp_path):
    manifest = build(corpus["inputs"], tmp_path / "two", workers=2, progress=False, incremental=False)
    assert manifest["workers"] == 2
    assert_same_tables(tmp_path / "two", corpus["clean"])
    for table in TABLES:  # and in the same order, byte for byte
        assert (tmp_path / "two" / f"{table}.parquet").read_bytes() == (corpus["clean"] / f"{table}.parquet").read_bytes()


def test_dask_engine_on_a_local_cluster_gives_the_same_tables(corpus, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        manifest = build(corpus["inputs"], tmp_path / "dask", progress=False, engine="dask",
                         scheduler=cluster.scheduler_address, incremental=False)
    assert manifest["engine"] == "dask"
    assert manifest["workers"] == 2  # the cluster's threads, not the --workers default
    assert_same_tables(tmp_path / "dask", corpus["clean"])


def test_stories_from_the_columns_they_need_equal_stories_from_the_whole_corpus(corpus):
    from analysis import stories

    whole = stories.cluster(analysis.load(corpus["clean"])).to_pandas()
    stored = analysis.load(corpus["clean"]).stories
    assert len(stored) == (analysis.load(corpus["clean"]).articles["status"] == "ok").sum()
    pd.testing.assert_frame_equal(
        whole.sort_values("article_id").reset_index(drop=True),
        stored.sort_values("article_id").reset_index(drop=True).astype(whole.dtypes.to_dict()), check_dtype=False)


def test_unreadable_previous_build_means_a_clean_build_not_a_failed_one(seeds_built, tmp_path):
    out = tmp_path / "tables"
    shutil.copytree(seeds_built, out)
    assert build([str(SEEDS)], out, workers=1, progress=False)["incremental"]["reused"] == 5
    (out / "build_cache.parquet").write_bytes(b"not parquet")
    manifest = build([str(SEEDS)], out, workers=1, progress=False)
    assert manifest["incremental"] == {"reused": 0, "processed": 5}
    assert_same_tables(out, seeds_built)
