"""Incremental builds: reuse the previous build's rows for articles that have not changed.

An article is reused when its key (a hash of its input text and metadata, see `article_key`) was
built ok by the previous build in the same out folder with the same pipeline version (a digest of
the package's code and lexicons, the codebook and a custom gazetteer). Its rows are read back from
the previous tables, so the corpus text is stored once; a small sidecar, `build_cache.parquet`,
maps keys to those rows and keeps what the tables lose: the id and warning before duplicate
detection renamed it, and the entity rows the article reported before they were merged.

Reused rows re-enter the build exactly where a freshly processed article would, before duplicate
detection and entity merging, so those corpus-level steps (and the stories, gathered from the same
stream) see what a clean build sees.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .ingest import Article
from .schema import TABLES

Rows = dict[str, list[dict[str, Any]]]
SIDECAR = "build_cache.parquet"
SIDECAR_SCHEMA = pa.schema([
    ("key", pa.string()),
    ("article_id", pa.string()),      # as stored (after a repeated id was renamed)
    ("original_id", pa.string()),     # as process() gave it
    ("warning", pa.string()),         # before duplicate detection added its note
    ("entities", pa.string()),        # JSON: the entity rows the article reported
])
PACKAGE = Path(__file__).resolve().parent
# Tables holding per-article rows, written in article order; entities are merged, stories recomputed.
PER_ARTICLE = [t for t in TABLES if t not in ("entities", "stories")]


@cache
def code_digest() -> str:
    """Digest of every code and data file of the package: a change to any of them re-processes all."""
    digest = hashlib.sha1()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix != ".pyc"):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# A researcher's own entity files, in place of the bundled ones.
LEXICON_VARIABLES = ("RASAD_GAZETTEER", "RASAD_OUTLETS", "RASAD_PLACES")


def pipeline_version(codebook_sha1: str) -> str:
    """Code and lexicons + the codebook + a researcher's own entity files (LEXICON_VARIABLES)."""
    parts = [code_digest(), codebook_sha1]
    for variable in LEXICON_VARIABLES:
        if path := os.environ.get(variable):
            parts.append(hashlib.sha1(Path(path).read_bytes()).hexdigest()[:12] if Path(path).exists() else path)
    return "-".join(parts)


def article_key(article: Article) -> str:
    """Hash of everything process() reads from an article, except where it came from (`source`):
    moving a folder or appending lines to a record file keeps earlier articles' keys."""
    fields = [article.text, article.id, article.lang, article.outlet,
              article.date.isoformat() if article.date else None, article.url, article.title,
              article.encoding, article.status, article.error, article.warnings, article.inferred,
              article.boilerplate, article.variety]
    return hashlib.sha1(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


class Previous:
    """The previous build's tables, read back one article at a time (row groups cached, so reading
    in the order they were written reads each row group once)."""

    def __init__(self, out: Path | None, version: str) -> None:
        self.index: dict[str, tuple[int, str, str | None, str]] = {}
        self.files: dict[str, pq.ParquetFile] = {}
        if out is None:  # a clean build
            return
        try:
            self._open(out, version)
        except Exception:  # unreadable or inconsistent previous tables: a clean build, never a failed one
            self.index, self.files = {}, {}

    def _open(self, out: Path, version: str) -> None:
        try:
            manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if manifest.get("pipeline_version") != version or not (out / SIDECAR).exists():
            return
        self.files = {t: pq.ParquetFile(out / f"{t}.parquet") for t in PER_ARTICLE if (out / f"{t}.parquet").exists()}
        if "articles" not in self.files:
            self.files = {}
            return
        ids = self.files["articles"].read(columns=["article_id"]).column(0).to_pylist()
        position = {aid: i for i, aid in enumerate(ids)}
        self.ranges = {t: self._ranges(t, position, len(ids)) for t in self.files}
        self.groups = {t: np.cumsum([0] + [f.metadata.row_group(i).num_rows for i in range(f.num_row_groups)])
                       for t, f in self.files.items()}
        self.cached: dict[str, tuple[int, list[dict[str, Any]]]] = {}
        side = pq.read_table(out / SIDECAR).to_pydict()
        for key, aid, original, warning, entities in zip(*(side[c] for c in SIDECAR_SCHEMA.names)):
            if aid in position:
                self.index[key] = (position[aid], original, warning, entities)

    def _ranges(self, table: str, position: dict[str, int], n: int) -> np.ndarray:
        """[start, stop) of each article's rows in `table`, by the article's position."""
        ranges = np.zeros((n, 2), dtype=np.int64)
        ids = self.files[table].read(columns=["article_id"]).column(0).combine_chunks()
        if len(ids) == 0:
            return ranges
        change = pc.not_equal(ids[1:], ids[:-1]).to_numpy(zero_copy_only=False)
        starts = np.concatenate([[0], np.flatnonzero(change) + 1])
        stops = np.append(starts[1:], len(ids))
        for aid, start, stop in zip(ids.take(pa.array(starts)).to_pylist(), starts, stops):
            ranges[position[aid]] = (start, stop)
        return ranges

    def __len__(self) -> int:
        return len(self.index)

    def lookup(self, key: str) -> tuple[int, str, str | None, str] | None:
        return self.index.get(key)

    def rows(self, hit: tuple[int, str, str | None, str], source: str) -> Rows:
        """The article's rows as process() gave them (before duplicate detection)."""
        pos, original, warning, entities = hit
        out: Rows = {}
        for table in self.files:
            start, stop = self.ranges[table][pos]
            if stop > start:
                out[table] = [{**row, "article_id": original} for row in self._read(table, int(start), int(stop))]
        out["articles"][0].update(warning=warning, source=source)
        if entities := json.loads(entities):
            out["entities"] = entities
        return out

    def _read(self, table: str, start: int, stop: int) -> list[dict[str, Any]]:
        bounds = self.groups[table]
        first = int(np.searchsorted(bounds, start, side="right")) - 1
        rows: list[dict[str, Any]] = []
        group = first
        while bounds[group] < stop:
            if self.cached.get(table, (None,))[0] != group:
                self.cached[table] = (group, self.files[table].read_row_group(group).to_pylist())
            lo, hi = max(start, bounds[group]) - bounds[group], min(stop, bounds[group + 1]) - bounds[group]
            rows += self.cached[table][1][lo:hi]
            group += 1
        return rows


def merge(articles: Iterable[Article], previous: Previous,
          run: Callable[[Iterable[Article]], Iterator[Rows]]) -> Iterator[tuple[str, Rows, bool]]:
    """(key, rows, reused) for every article in input order: reused rows from `previous`, the
    others from `run` (any executor: it sees only the articles that need processing)."""
    slots: deque[tuple[str, Any]] = deque()  # (key, hit or None), small: rows are read when emitted

    def todo() -> Iterator[Article]:
        for article in articles:
            key = article_key(article)
            hit = previous.lookup(key)
            slots.append((key, None if hit is None else (hit, article.source)))
            if hit is None:
                yield article

    def cached() -> Iterator[tuple[str, Rows, bool]]:
        while slots and slots[0][1] is not None:
            key, (hit, source) = slots.popleft()
            yield key, previous.rows(hit, source), True

    for rows in run(todo()):
        yield from cached()
        key, _ = slots.popleft()
        yield key, rows, False
    yield from cached()


class SidecarWriter:
    """Streams the sidecar of the build being written (one row per article built ok)."""

    def __init__(self, folder: Path) -> None:
        self.writer = pq.ParquetWriter(folder / SIDECAR, SIDECAR_SCHEMA, compression="zstd")
        self.buffer: list[dict[str, Any]] = []

    def add(self, key: str, original_id: str, warning: str | None, rows: Rows) -> None:
        row = rows["articles"][0]
        if row["status"] == "ok":
            self.buffer.append({"key": key, "article_id": row["article_id"], "original_id": original_id,
                                "warning": warning,
                                "entities": json.dumps(rows.get("entities", []), ensure_ascii=False)})
            if len(self.buffer) >= 5000:
                self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=SIDECAR_SCHEMA))
            self.buffer = []

    def close(self) -> None:
        self.flush()
        self.writer.close()
