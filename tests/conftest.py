"""Shared fixtures: the ../shared corpora (skipped with a message when absent) and a built seed corpus."""
from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "raw" / "seeds"
SHARED = ROOT.parent / "shared"


def shared_corpus(name: str) -> Path:
    path = SHARED / "corpora" / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpora sit beside the project checkout in ../shared")
    return path


def first_records(name: str, n: int) -> list[dict]:
    with gzip.open(shared_corpus(name), "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in itertools.islice(fh, n)]


@pytest.fixture(scope="session")
def seeds_built(tmp_path_factory):
    from analysis.pipeline import build

    out = tmp_path_factory.mktemp("seeds") / "tables"
    build([str(SEEDS)], out, workers=1, progress=False)
    return out
