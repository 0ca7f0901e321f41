"""The compiled extractors (analysis/native.py) are used when fresh, never when stale, and give the same rows."""
from __future__ import annotations

import importlib
import os
import pickle
import subprocess
import sys

import pytest

from analysis import native
from conftest import SEEDS, SHARED, first_records

# process() in plain Python, in a child process: pickled articles in, their rows out
PURE_RUN = """
import pickle, sys
from analysis import native
from analysis.pipeline import process
rows = [process(article) for article in pickle.load(open(sys.argv[1], "rb"))]
assert native.in_use() == [], native.in_use()
pickle.dump(rows, open(sys.argv[2], "wb"))
"""


def require_compiled() -> None:
    if native.fresh():
        return
    message = "the compiled extractors are not built from these sources: run `make native`"
    if os.environ.get("RASAD_NATIVE") == "required":  # set by `make test`, which builds them first
        pytest.fail(message)
    pytest.skip(message)


def test_the_compiled_modules_are_the_ones_imported():
    require_compiled()
    if os.environ.get("RASAD_PURE"):
        pytest.skip("RASAD_PURE is set: plain Python on purpose")
    importlib.import_module("analysis.pipeline")  # imports every extractor

    expected = {"analysis." + name.removesuffix(".py").replace("/", ".") for name in native.COMPILED}
    assert expected <= set(native.in_use())


def test_compiled_and_source_give_the_same_rows(tmp_path):
    require_compiled()
    from analysis.ingest import read_inputs, record_article
    from analysis.pipeline import process

    articles = list(read_inputs([SEEDS]))
    if SHARED.exists():  # real news in both languages and every script variant the corpora hold
        for name in ("ant-arabic", "saudinewsnet", "fars-news", "farexstance", "farsi-rss"):
            articles += [record_article(r, f"{name}:{i}") for i, r in enumerate(first_records(f"{name}.jsonl.gz", 120))]
    (tmp_path / "in.pkl").write_bytes(pickle.dumps(articles))
    subprocess.run([sys.executable, "-c", PURE_RUN, str(tmp_path / "in.pkl"), str(tmp_path / "out.pkl")],
                   check=True, env={**os.environ, "RASAD_PURE": "1"})
    pure = pickle.loads((tmp_path / "out.pkl").read_bytes())
    compiled = [process(article) for article in pickle.loads((tmp_path / "in.pkl").read_bytes())]
    assert len(compiled) == len(pure) >= 5
    assert sum(len(rows.get("quotes", [])) for rows in compiled) > 0
    differ = [article.source for article, a, b in zip(articles, compiled, pure) if a != b]
    assert differ == [], f"{len(differ)} of {len(articles)} articles differ"


def test_a_stale_or_missing_build_is_not_used(tmp_path, monkeypatch):
    stamp = tmp_path / "stamp"
    monkeypatch.setattr(native, "STAMP", stamp)
    assert not native.fresh.__wrapped__()              # never built
    stamp.write_text(native.source_hash())
    assert native.fresh.__wrapped__()
    stamp.write_text("built from other sources")
    assert not native.fresh.__wrapped__()


def test_pure_keeps_the_sources_first(monkeypatch):
    monkeypatch.setattr(native, "fresh", lambda: True)
    path = ["analysis"]
    monkeypatch.setenv("RASAD_PURE", "1")
    native.extend(path, "analysis")
    assert path == ["analysis"]
    monkeypatch.delenv("RASAD_PURE")
    native.extend(path, "analysis.normalize")
    assert path == [str(native.BUILD / "analysis" / "normalize"), "analysis"]
