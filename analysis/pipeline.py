"""Article → rows of every table, and the executors that run it over a corpus.

`process(article)` is a pure function of one article: it never reads another, so the same code runs
in one process or a process pool, and a failure in one article stays in that article's row.
Corpus-level bookkeeping (duplicates, unique ids) happens in `build`, on the ordered results.
"""
from __future__ import annotations

import gc
import os
import threading
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import pyarrow as pa

from . import citations, codebook, dates, entities, ingest, normalize, pool, quotes, stories, store
from .ingest import Article
from .normalize import Doc
from .schema import TABLES, to_arrow

# table → one article's rows: dicts, or (PACKED tables, after unpack) a slice of its chunk's Arrow table
Rows = dict[str, Any]
# The extract stage: (article row, doc) → rows for their tables, each named for error messages.
# An extractor may fill an inferred field of the article row (dates: `date`), so order matters.
EXTRACTORS: list[tuple[str, Callable[[dict[str, Any], Doc], Rows]]] = [
    ("dates", dates.extract),
    ("cited sources", citations.extract),
    ("quotes and speakers", quotes.extract),
    ("topics and frames", codebook.extract),
]


def process(article: Article) -> Rows:
    """Every table's rows for one article, plus `story_features` (what stories are clustered by, not a
    table). Never raises: failures become the row's status."""
    stage = "ingest"
    try:
        if article.status != "ok":
            return {"articles": [article_row(article, article.text)]}
        ingest.cap_length(article)
        stage = "boilerplate"
        ingest.strip_boilerplate(article)
        if not article.text.strip():
            why = "nothing but boilerplate" if article.boilerplate else "no text"
            return {"articles": [article_row(article.fail("empty", f"the article has {why}"), "")]}
        stage = "language id"
        if not identify_language(article):
            return {"articles": [article_row(article, article.text)]}
        stage = "normalize"
        text = normalize.clean(article.text, article.lang)
        if article.title:
            article.title = normalize.clean(article.title, article.lang)
        elif (title := ingest.infer_title(text)) is not None:
            article.title = title
            article.inferred.append("title")
        doc = normalize.make_doc(text, article.lang, cleaned=True)
        row = article_row(article, text, doc)
        if row["n_words"] == 0:
            row.update(status="empty", error=f"the article text has no words ({text[:40]!r})")
            return {"articles": [row]}
        rows: Rows = {"articles": [row], "sentences": sentence_rows(row["article_id"], doc)}
        for stage, extract in EXTRACTORS:
            for table, extracted in extract(row, doc).items():
                rows.setdefault(table, []).extend(extracted)
        stage = "stories"  # not a table: what the build clusters stories by, worked out here in parallel
        lead = [row["title"], *(s.text for s in doc.sentences[:stories.LEAD_SENTENCES])]
        rows["story_features"] = [stories.article_features(rows, stories.lead_words(lead, doc.lang))]
        return rows
    except Exception as exc:  # isolation: one bad article never stops a build
        article.fail("error", f"failed at the {stage} stage: {type(exc).__name__}: {exc}")
        return {"articles": [article_row(article, article.text)]}


def identify_language(article: Article) -> bool:
    """Set lang/variety/lang_detected; False (with status set) when the text is not fa or ar."""
    detected, confidence = ingest.detect_language(article.text)
    article.lang_detected = detected
    if article.lang is None:
        if detected is None:
            article.fail("unsupported_language",
                         "the text is not Persian or Arabic (too few Arabic-script words to tell)")
            return False
        article.lang = detected
        article.inferred.append("lang")
    elif detected is not None and detected != article.lang and confidence >= 0.7:
        names = {"fa": "Persian", "ar": "Arabic"}
        article.warnings.append(
            f"given language is {names[article.lang]} but the text reads as {names[detected]} "
            f"({confidence:.0%} sure); kept {names[article.lang]}")
    if article.variety is None:
        article.variety = ingest.detect_variety(article.text, article.lang)
        if article.lang == "fa":
            article.inferred.append("variety")
    return True


def article_row(article: Article, text: str, doc: Doc | None = None) -> dict[str, Any]:
    digest = ingest.content_hash(text) if text else None
    return {
        "article_id": article.id or (f"h{digest[:15]}" if digest else f"h{ingest.content_hash(article.source)[:15]}"),
        "outlet": article.outlet,
        "lang": article.lang,
        "variety": article.variety,
        "title": article.title,
        "date": article.date,
        "url": article.url,
        "text": text,
        "n_words": doc.n_words() if doc else 0,
        "n_sentences": len(doc.sentences) if doc else 0,
        "dateline_outlet": None,
        "status": article.status,
        "error": article.error,
        "warning": "; ".join(article.warnings) or None,
        "source": article.source,
        "encoding": article.encoding,
        "lang_detected": article.lang_detected,
        "inferred": ",".join(article.inferred) or None,
        "boilerplate": "\n".join(article.boilerplate) or None,
        "content_hash": digest,
    }


def sentence_rows(article_id: str, doc: Doc) -> list[dict[str, Any]]:
    return [{"article_id": article_id, "sentence_idx": i, "start": s.start, "end": s.end, "text": s.text}
            for i, s in enumerate(doc.sentences)]


# ---- executors ----------------------------------------------------------------------------------

def run(articles: Iterable[Article], workers: int = 1, chunksize: int = 128, engine: str = "local",
        scheduler: str | None = None, about: dict[str, Any] | None = None) -> Iterator[Rows]:
    """process() over articles, in input order: in this process, a pool of `workers`, or on dask (whose
    size, worker threads, goes into `about["workers"]`). Chunks of 128 articles: a chunk's tables cross
    the pipe at a cost per table and column, which chunks of 8 did not pay back; 128 took 1–5 % less CPU
    than 64 on 62k articles with 2 workers."""
    if engine == "dask":
        from . import cluster

        yield from cluster.run(articles, scheduler=scheduler, about=about)
        return
    # Warm only the languages the corpus starts with: here, or in the fork server unless it runs already
    articles = iter(articles)
    head = list(islice(articles, pool.HEAD))
    articles = chain(head, articles)
    if workers <= 1:
        warm(pool.warm_langs(head))
        for chunk in batched(articles, chunksize):
            yield from unpack(process_batch(chunk))
        return
    pool.start_for(head)
    # pyarrow imports pandas on its first conversion of Python values (its pandas shim): 1.1 s of this
    # process that, when the first results came back, kept it from feeding the workers. A thread does it
    # now, while this process waits for the fork server to fork them.
    threading.Thread(target=pa.array, args=([0],), name="rasad: pyarrow's pandas", daemon=True).start()
    # Not multiprocessing.Pool: its worker-maintenance thread wakes whenever a result waits in the pipe
    # and spins until it is read (~10 s of this process's CPU per 10k articles, taken from the workers).
    # Not map() either: it submits the whole input at once, so memory would grow with the corpus. A
    # bounded window of chunks in flight keeps every worker busy and memory flat.
    with ProcessPoolExecutor(workers, mp_context=pool.context()) as executor:
        pending: deque[Any] = deque()
        for chunk in batched(articles, chunksize):
            pending.append(executor.submit(process_batch, chunk))
            if len(pending) >= 4 * workers:
                yield from unpack(pending.popleft().result())
        while pending:
            yield from unpack(pending.popleft().result())


_WARMED: set[str] = set()


def warm(langs: Iterable[str] | None = None) -> None:
    """Process one small article per language (default: $RASAD_WARM_LANGS, else all) as a chunk is, which
    loads hazm, camel-tools, lexicons, the codebook and what pyarrow converts rows with (it imports pandas
    for that: once in the fork server, not in every worker), then freeze what exists.

    The library objects live as long as the process: frozen, the collector's full passes no longer walk
    them (~170k objects; those passes were 8 % of a one-process Persian build), nor, in the fork server's
    workers, write to pages the workers share. Frozen objects are still freed when unreferenced; a cycle
    among them is never collected, which is why this freezes only when it loaded something new.

    The words met since (normalize's KEYS: ~100k Words a language, with what each extractor found for
    them) are long-lived too, and full passes walk them: one per 100 younger passes, not 10, as a build's
    garbage goes by reference counts (at 10, they were 5 % of a Persian build and found nothing).
    """
    wanted = set(os.environ.get(pool.WARM_LANGS, ",".join(pool.WARM_UP)).split(",") if langs is None else langs)
    new = [lang for lang in pool.WARM_UP if lang in wanted and lang not in _WARMED]
    for lang in new:
        process_batch([Article(source="warm-up", lang=lang, text=pool.WARM_UP[lang])])
        _WARMED.add(lang)
    if new:
        long_lived()


FULL_COLLECTION_EVERY = 100  # younger collections per full one (Python's default: 10)


def long_lived() -> None:
    """Freeze every object that exists now and make full collections rarer (why: warm)."""
    gc.freeze()
    gc.set_threshold(*gc.get_threshold()[:2], FULL_COLLECTION_EVERY)


# Tables an article has many rows in. A chunk's rows of each are packed into one Arrow table where they
# are made (a worker), so the build process takes them as buffers: not unpickled dict by dict and not
# converted to Arrow there. Articles and entities rows stay dicts: the build edits and merges them.
PACKED = tuple(t for t in TABLES if t not in ("articles", "entities", "stories"))


@dataclass
class Packed:
    """A chunk's rows: each article's unpacked rows, and per PACKED table one Arrow table of every
    article's rows in turn, with how many are each article's.

    Pickled (a worker's result on its way to the build), each table travels as an Arrow IPC stream:
    written and read back at a third of what pickling a table costs, per table and per column."""

    rows: list[Rows]
    tables: dict[str, pa.Table]
    counts: dict[str, list[int]]

    def __getstate__(self) -> tuple[list[Rows], dict[str, pa.Buffer], dict[str, list[int]]]:
        streams = {}
        for name, table in self.tables.items():
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            streams[name] = sink.getvalue()
        return self.rows, streams, self.counts

    def __setstate__(self, state: tuple[list[Rows], dict[str, pa.Buffer], dict[str, list[int]]]) -> None:
        self.rows, streams, self.counts = state
        self.tables = {name: pa.ipc.open_stream(stream).read_all() for name, stream in streams.items()}


def process_batch(articles: Iterable[Article]) -> Packed:
    return pack([process(article) for article in articles])


def pack(results: list[Rows]) -> Packed:
    """The chunk's rows of each PACKED table moved out of its articles' rows into one Arrow table
    (a table no article has rows in is left out)."""
    tables, counts = {}, {}
    for table in PACKED:
        if any(n := [len(rows.get(table, ())) for rows in results]):
            counts[table] = n
            tables[table] = to_arrow(table, [r for rows in results for r in rows.pop(table, ())])
    return Packed(results, tables, counts)


def unpack(packed: Packed) -> Iterator[Rows]:
    """Each article's rows, its PACKED tables as slices of the chunk's (no copy)."""
    start = dict.fromkeys(packed.tables, 0)
    for i, rows in enumerate(packed.rows):
        for table, data in packed.tables.items():
            if n := packed.counts[table][i]:
                rows[table] = data.slice(start[table], n)
                start[table] += n
        yield rows


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Deduplicator:
    """Corpus-level bookkeeping on the ordered stream: repeated texts and repeated ids."""

    def __init__(self) -> None:
        self.first_by_hash: dict[bytes, str] = {}  # the digest's 20 bytes: less than half its hex text
        self.ids: Counter[str] = Counter()

    def __call__(self, rows: Rows) -> Rows:
        row = rows["articles"][0]
        self.ids[row["article_id"]] += 1
        if (n := self.ids[row["article_id"]]) > 1:
            note = f"id {row['article_id']!r} was already used by an earlier article; renamed"
            row["warning"] = "; ".join(filter(None, [row["warning"], note]))
            rows = rename(rows, f"{row['article_id']}~{n}")
            row = rows["articles"][0]
        digest = row["content_hash"]
        if row["status"] == "ok" and digest:
            first = self.first_by_hash.setdefault(bytes.fromhex(digest), row["article_id"])
            if first != row["article_id"]:
                row["status"] = "duplicate"
                row["error"] = f"same text as article {first}; not analysed twice"
                return {"articles": [row]}
        return rows


def rename(rows: Rows, article_id: str) -> Rows:
    def renamed(table_rows: Any) -> Any:
        if isinstance(table_rows, pa.Table):
            column = table_rows.schema.get_field_index("article_id")
            return table_rows.set_column(column, "article_id", pa.array([article_id] * len(table_rows), pa.string()))
        return [{**r, "article_id": article_id} for r in table_rows]

    return {table: renamed(table_rows) for table, table_rows in rows.items()}


def build(inputs: list[str], out: str | Path, *, workers: int = 1, progress: bool = True,
          engine: str = "local", scheduler: str | None = None, incremental: bool = True) -> dict[str, Any]:
    """Read `inputs`, process every article and write the tables and manifest.json into `out`.

    Articles unchanged since the last build into `out` (same content, metadata and pipeline version)
    are taken from its tables instead of being processed again (`incremental=False`: process all).
    """
    from tqdm import tqdm

    from . import incremental as inc

    started = time.perf_counter()
    pooled = workers > 1 and engine == "local"
    if pooled:
        pool.start(inputs)  # its warm-up runs beside what follows (the CLI has started it already)
    book = codebook.load()  # a bad codebook stops here, with its file and line, not once per article
    version = inc.pipeline_version(book.digest)
    previous = inc.Previous(Path(out) if incremental else None, version)
    entities.check_files()  # so do a bad gazetteer, outlet registry or places file ($RASAD_GAZETTEER, …)
    # The libraries, codebook and lexicons live as long as the build: with a pool, the full passes over
    # them took 0.6 s of this process's CPU per 62k articles (unpickling results makes garbage passes).
    long_lived()
    counts: Counter[str] = Counter()
    by_lang: Counter[str] = Counter()
    reused = 0
    by_input: Counter[str] = Counter()  # rows per input file: what reconciles the manifest with the inputs
    dedupe = Deduplicator()
    story_features = stories.Features(by_id=False)  # gathered as articles are written: no second read of the tables
    # what ran the articles: --workers for the local engine, the cluster's threads for dask (unknown when
    # every article was reused and no cluster was asked)
    about: dict[str, Any] = {"workers": workers if engine == "local" else None}
    with store.TableWriter(out) as writer:
        sidecar = inc.SidecarWriter(writer.tmp)
        results = inc.merge(ingest.read_inputs(inputs), previous,
                            lambda todo: run(todo, workers=workers, engine=engine, scheduler=scheduler, about=about))
        for key, rows, was_reused in tqdm(results, disable=not progress, unit=" articles", desc="build",
                                          mininterval=1.0):
            reused += was_reused
            original = rows["articles"][0]
            original_id, warning = original["article_id"], original["warning"]
            rows = dedupe(rows)
            row = rows["articles"][0]
            counts[row["status"]] += 1
            by_lang[row["lang"] or "unknown"] += 1
            sidecar.add(key, original_id, warning, rows)
            by_input[ingest.input_of(row["source"])] += 1
            writer.write(rows)
            story_features.add_rows(rows)
        sidecar.close()
        del dedupe  # its table of every text's hash is no longer needed
        writer.flush_entities()
        # a process to spare (the pool's are gone): the stories of stretches of days apart are clustered there
        with ProcessPoolExecutor(1, mp_context=pool.context()) if pooled else nullcontext() as helper:
            writer.write_arrow("stories", stories.cluster(story_features, helper=helper))
        del story_features
        manifest = store.manifest(inputs, counts, by_lang, time.perf_counter() - started, about["workers"])
        manifest["engine"] = engine
        manifest["pipeline_version"] = version
        manifest["incremental"] = {"reused": reused, "processed": sum(counts.values()) - reused}
        manifest["by_input"] = dict(sorted(by_input.items()))
        manifest["codebook"] = {"name": book.name, "version": book.version, "path": book.path, "sha1": book.digest}
        writer.finish(manifest)
    return manifest
