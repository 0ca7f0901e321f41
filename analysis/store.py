"""Parquet in and out: the tables of DESIGN.md as `DIR/<table>.parquet`, plus `DIR/manifest.json`.

Tables are streamed to a temporary folder in row groups and moved into place only when complete,
so an interrupted build leaves the previous tables intact.
"""
from __future__ import annotations

import json
import platform
import shutil
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import TABLES, to_arrow

if TYPE_CHECKING:  # imported where a corpus is read: a build starts without it (analysis/__init__.py)
    import pandas as pd

ROW_GROUP = 5_000  # rows buffered per table before a row group is written
# articles rows carry the whole text: fewer of them per row group keeps the writer's buffer small
ROW_GROUPS = {"articles": 1_000}
# Slices of a worker's chunk tables buffered for a table before they are copied into one: a slice keeps its
# whole chunk alive, and a table of few rows (citations) would keep thousands of chunks until its row group.
COMPACT = 256


class TableWriter:
    """Buffer rows per table and write them as Parquet row groups into a temporary folder."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.tmp = self.out.with_name(f".{self.out.name}.building")
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        # per table, what waits for the next row group: runs of dict rows and Arrow tables (a worker's
        # packed rows, see pipeline.pack), in article order, and how many rows they hold
        self.buffers: dict[str, list[list[dict[str, Any]] | pa.Table]] = {t: [] for t in TABLES}
        self.buffered: dict[str, int] = dict.fromkeys(TABLES, 0)
        self.writers = {t: pq.ParquetWriter(self.tmp / f"{t}.parquet", schema, compression="zstd")
                        for t, schema in TABLES.items()}
        # Entities are corpus-level: each article reports the ones it mentions, merged into one row per id.
        # A few thousand ids are merged in memory at a time and then wait on disk (`report`), so memory
        # does not grow with every new name in the corpus; flush_entities merges those batches.
        self.reported: dict[str, dict[str, Any]] = {}
        self.spilled = self.tmp / "entities.reported.parquet"
        self.spill: pq.ParquetWriter | None = pq.ParquetWriter(self.spilled, TABLES["entities"], compression="zstd")

    def write(self, rows: dict[str, Any]) -> None:
        """One article's rows: per table a list of dicts or an Arrow table of the table's columns."""
        for table, table_rows in rows.items():
            if table not in self.writers:  # story_features: for the stories, not stored
                continue
            if table == "entities":
                self.report(table_rows)
                continue
            buffer = self.buffers[table]
            if isinstance(table_rows, pa.Table):
                buffer.append(table_rows)
                if len(buffer) >= COMPACT:
                    self.buffers[table] = buffer = [self._arrow(table)]
            elif buffer and isinstance(buffer[-1], list):
                buffer[-1].extend(table_rows)
            else:
                buffer.append(list(table_rows))
            self.buffered[table] += len(table_rows)
            if self.buffered[table] >= ROW_GROUPS.get(table, ROW_GROUP):
                self._flush(table)

    def write_arrow(self, table: str, data: pa.Table) -> None:
        """A whole table at once (the stories, made after every article)."""
        self._flush(table)
        self.writers[table].write_table(data.cast(TABLES[table]))

    def report(self, rows: list[dict[str, Any]]) -> None:
        """An article's entity rows: each column keeps its first non-null value (a name in the other
        script fills a gap); past ROW_GROUP ids the merged rows go to disk."""
        for row in rows:
            known = self.reported.setdefault(row["entity_id"], row)
            for column, value in row.items():
                if known.get(column) is None:
                    known[column] = value
        if len(self.reported) >= ROW_GROUP:
            self._spill()

    def _spill(self) -> None:
        assert self.spill is not None, "entity rows reported after the entities table was written"
        if self.reported:
            self.spill.write_table(to_arrow("entities", list(self.reported.values())))
        self.reported = {}

    def flush_entities(self) -> None:
        """Write the entities table: the batches on disk merged the same way, sorted by id. Once, after
        the last article."""
        if self.spill is None:
            return
        self._spill()
        self.spill.close()
        self.spill = None
        reported = pq.read_table(self.spilled)
        self.spilled.unlink()
        schema = TABLES["entities"]
        others = [c for c in schema.names if c != "entity_id"]
        # use_threads=False: "first" then follows the rows' order, which is the articles' order
        merged = reported.group_by("entity_id", use_threads=False).aggregate([(c, "first") for c in others])
        merged = merged.rename_columns([c.removesuffix("_first") for c in merged.column_names])
        self.writers["entities"].write_table(merged.select(schema.names).sort_by("entity_id").cast(schema))

    def _arrow(self, table: str) -> pa.Table:
        """The table's buffered rows as one Arrow table of their own (not slices of a chunk's)."""
        pieces = [p if isinstance(p, pa.Table) else to_arrow(table, p) for p in self.buffers[table]]
        return pa.concat_tables(pieces).combine_chunks()

    def _flush(self, table: str) -> None:
        if self.buffered[table]:
            self.writers[table].write_table(self._arrow(table))
        self.buffers[table], self.buffered[table] = [], 0

    def finish(self, manifest: dict[str, Any]) -> None:
        """Close every table, write the manifest and swap the new folder in for the old one."""
        self.flush_entities()
        for table, writer in self.writers.items():
            self._flush(table)
            writer.close()
        (self.tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                                encoding="utf-8")
        old = self.out.with_name(f".{self.out.name}.previous")
        shutil.rmtree(old, ignore_errors=True)
        if self.out.exists():
            self.out.rename(old)
        self.tmp.rename(self.out)
        shutil.rmtree(old, ignore_errors=True)
        self.writers = {}

    def __enter__(self) -> "TableWriter":
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if self.writers:  # failed before finish(): drop the partial folder, keep the old tables
            for writer in [*self.writers.values(), *filter(None, [self.spill])]:
                writer.close()
            shutil.rmtree(self.tmp, ignore_errors=True)


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for package in ("rasad", "hazm", "camel-tools", "pandas", "pyarrow"):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out


def manifest(inputs: list[str], counts: dict[str, int], by_lang: dict[str, int], seconds: float,
             workers: int | None) -> dict[str, Any]:
    return {
        "inputs": [str(i) for i in inputs],
        "articles": sum(counts.values()),
        "by_status": dict(sorted(counts.items())),
        "by_lang": dict(sorted(by_lang.items())),
        "versions": versions(),
        "workers": workers,
        "wall_seconds": round(seconds, 2),
        "command": " ".join(sys.argv),
    }


@dataclass
class Corpus:
    """The built tables as pandas DataFrames, one attribute per table, plus the manifest."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    entities: pd.DataFrame
    mentions: pd.DataFrame
    quotes: pd.DataFrame
    citations: pd.DataFrame
    topics: pd.DataFrame
    frames: pd.DataFrame
    codebook_hits: pd.DataFrame
    dates: pd.DataFrame
    stories: pd.DataFrame
    manifest: dict[str, Any]

    @property
    def ok(self) -> pd.DataFrame:
        """Articles that were built (status ok): what charts should count."""
        return self.articles[self.articles["status"] == "ok"]

    def subset(self, article_ids: Iterable[str]) -> "Corpus":
        """The same corpus restricted to some articles (every table with an article_id column)."""
        import pandas as pd

        keep = set(article_ids)
        tables = {name: (frame[frame["article_id"].isin(keep)] if "article_id" in frame.columns else frame)
                  for name, frame in vars(self).items() if isinstance(frame, pd.DataFrame)}
        return Corpus(**tables, manifest=self.manifest)

    def filter(self, outlets: Iterable[str] = (), start: str | None = None, end: str | None = None,
               lang: str | None = None) -> "Corpus":
        """The articles of some outlets, published between two dates (inclusive), in one language.

        Every report filters through here, so `report --outlets/--from/--to/--lang` means the same in
        each. A selection that matches no built article raises EmptySelection saying what was asked.
        Articles without a date are dropped only when a date bound is given.
        """
        import pandas as pd

        outlets = [o for o in (outlets or ()) if o]
        if not outlets and not start and not end and not lang:
            return self
        keep = self.articles
        if outlets:
            keep = keep[keep["outlet"].isin(outlets)]
        if lang:
            keep = keep[keep["lang"] == lang]
        dates = pd.to_datetime(keep["date"], errors="coerce")
        if start:
            keep = keep[(dates >= pd.Timestamp(start)).fillna(False).to_numpy(bool)]
            dates = pd.to_datetime(keep["date"], errors="coerce")
        if end:
            keep = keep[(dates <= pd.Timestamp(end)).fillna(False).to_numpy(bool)]
        asked = ", ".join(f"{k} {v}" for k, v in (("outlets", " / ".join(outlets)), ("from", start),
                                                   ("to", end), ("language", lang)) if v)
        if not (keep["status"] == "ok").any():
            known = ", ".join(sorted(self.ok["outlet"].dropna().astype(str).unique())) or "none named"
            raise EmptySelection(f"No article matches {asked}. The corpus has {len(self.ok)} built articles; "
                                 f"outlets: {known}; languages: {', '.join(sorted(self.ok['lang'].dropna().unique()))}.")
        return self.subset(keep["article_id"])


class EmptySelection(ValueError):
    """A report filter (outlets, dates, language) that leaves no article."""


def load(path: str | Path, columns: dict[str, list[str]] | None = None,
         filters: dict[str, list[tuple[str, str, Any]]] | None = None) -> Corpus:
    """Read a built corpus: `analysis.load("data/processed/seeds").articles` is a DataFrame.

    `columns` (table → columns) reads only those tables and columns, the others empty, and `filters`
    (table → pyarrow filters) only some rows: for corpus-level steps that need little of a big corpus.
    """
    path = Path(path)
    if not (path / "articles.parquet").exists():
        raise FileNotFoundError(f"{path} holds no built corpus; run `python -m analysis build INPUT --out {path}`")
    tables = {}
    for table, schema in TABLES.items():
        file = path / f"{table}.parquet"
        if columns is not None and table not in columns:
            data = schema.empty_table()
        elif file.exists():
            data = pq.read_table(file, columns=columns and columns[table], filters=(filters or {}).get(table))
        else:
            data = schema.empty_table()
            if columns is not None:
                data = data.select(columns[table])
        tables[table] = data.to_pandas(date_as_object=False, types_mapper=_types)
    manifest_file = path / "manifest.json"
    info = json.loads(manifest_file.read_text(encoding="utf-8")) if manifest_file.exists() else {}
    return Corpus(**tables, manifest=info)


def _types(arrow_type: pa.DataType) -> Any:
    import pandas as pd

    if pa.types.is_string(arrow_type):
        return pd.StringDtype()
    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    return None
