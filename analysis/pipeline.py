"""Article → rows of every table, and the executors that run it over a corpus.

`process(article)` is a pure function of one article: it never reads another, so the same code runs
in one process or a process pool, and a failure in one article stays in that article's row.
Corpus-level bookkeeping (duplicates, unique ids) happens in `build`, on the ordered results.
"""
from __future__ import annotations

import multiprocessing as mp
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import citations, codebook, dates, entities, ingest, normalize, quotes, stories, store
from .ingest import Article
from .normalize import Doc

Rows = dict[str, list[dict[str, Any]]]
# The extract stage: (article row, doc) → rows for their tables, each named for error messages.
# An extractor may fill an inferred field of the article row (dates: `date`), so order matters.
EXTRACTORS: list[tuple[str, Callable[[dict[str, Any], Doc], Rows]]] = [
    ("dates", dates.extract),
    ("cited sources", citations.extract),
    ("quotes and speakers", quotes.extract),
    ("topics and frames", codebook.extract),
]
WORDLIKE = re.compile(r"\w")


def process(article: Article) -> Rows:
    """Every table's rows for one article. Never raises: failures become the row's status."""
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
        "n_words": sum(bool(WORDLIKE.search(t.text)) for t in doc.tokens) if doc else 0,
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

def run(articles: Iterable[Article], workers: int = 1, chunksize: int = 8) -> Iterator[Rows]:
    """process() over articles, in input order, in this process or a pool of `workers`."""
    if workers <= 1:
        yield from map(process, articles)
        return
    # forkserver: forking this process (which runs pyarrow threads) could deadlock the children.
    context = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["analysis.pipeline"])
    with context.Pool(workers) as pool:
        yield from pool.imap(process, articles, chunksize=chunksize)


class Deduplicator:
    """Corpus-level bookkeeping on the ordered stream: repeated texts and repeated ids."""

    def __init__(self) -> None:
        self.first_by_hash: dict[str, str] = {}
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
            first = self.first_by_hash.setdefault(digest, row["article_id"])
            if first != row["article_id"]:
                row["status"] = "duplicate"
                row["error"] = f"same text as article {first}; not analysed twice"
                return {"articles": [row]}
        return rows


def rename(rows: Rows, article_id: str) -> Rows:
    return {table: [{**r, "article_id": article_id} for r in table_rows] for table, table_rows in rows.items()}


def build(inputs: list[str], out: str | Path, *, workers: int = 1, progress: bool = True) -> dict[str, Any]:
    """Read `inputs`, process every article and write the tables and manifest.json into `out`."""
    from tqdm import tqdm

    started = time.perf_counter()
    book = codebook.load()  # a bad codebook stops here, with its file and line, not once per article
    entities.gazetteer()  # so do a bad gazetteer, outlet registry or places file ($RASAD_GAZETTEER, …)
    citations.registry()
    counts: Counter[str] = Counter()
    by_lang: Counter[str] = Counter()
    by_input: Counter[str] = Counter()  # rows per input file: what reconciles the manifest with the inputs
    dedupe = Deduplicator()
    with store.TableWriter(out) as writer:
        results = run(ingest.read_inputs(inputs), workers=workers)
        for rows in tqdm(results, disable=not progress, unit=" articles", desc="build"):
            rows = dedupe(rows)
            row = rows["articles"][0]
            counts[row["status"]] += 1
            by_lang[row["lang"] or "unknown"] += 1
            by_input[ingest.input_of(row["source"])] += 1
            writer.write(rows)
        manifest = store.manifest(inputs, counts, by_lang, time.perf_counter() - started, workers)
        manifest["by_input"] = dict(sorted(by_input.items()))
        manifest["codebook"] = {"name": book.name, "version": book.version, "path": book.path, "sha1": book.digest}
        writer.finish(manifest)
    stories.write(out)  # corpus-level: needs every article's tables
    return manifest
