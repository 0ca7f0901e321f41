"""Every table's columns and dtypes, in one place (the contract of ../shared/DESIGN.md).

Notebooks, tests and benchmarks read these column names; new columns may be added, none renamed.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping

import pyarrow as pa

TABLES: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("article_id", pa.string()),
        ("outlet", pa.string()),
        ("lang", pa.string()),            # fa / ar; the given lang when there was one
        ("variety", pa.string()),         # fa-IR / fa-AF / ar
        ("title", pa.string()),
        ("date", pa.date32()),
        ("url", pa.string()),
        ("text", pa.string()),            # cleaned display text; every offset indexes it
        ("n_words", pa.int32()),
        ("n_sentences", pa.int32()),
        ("dateline_outlet", pa.string()),
        ("status", pa.string()),          # see STATUSES
        ("error", pa.string()),           # why the status is not ok, in the researcher's words
        ("warning", pa.string()),         # kept but worth knowing (e.g. given lang disagrees with the text)
        ("source", pa.string()),          # file, or file:line for record files
        ("encoding", pa.string()),
        ("lang_detected", pa.string()),
        ("inferred", pa.string()),        # comma-separated fields Rasad inferred (lang, title, ...)
        ("boilerplate", pa.string()),     # lines stripped from the text (breadcrumbs, share lines, credits)
        ("content_hash", pa.string()),
    ]),
    "sentences": pa.schema([
        ("article_id", pa.string()),
        ("sentence_idx", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("text", pa.string()),
    ]),
    "entities": pa.schema([
        ("entity_id", pa.string()),
        ("name_en", pa.string()),
        ("name_fa", pa.string()),
        ("name_ar", pa.string()),
        ("type", pa.string()),
        ("affiliation", pa.string()),
    ]),
    "mentions": pa.schema([
        ("article_id", pa.string()),
        ("entity_id", pa.string()),
        ("surface", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
    ]),
    "quotes": pa.schema([
        ("article_id", pa.string()),
        ("quote_idx", pa.int32()),
        ("speaker", pa.string()),
        ("speaker_id", pa.string()),
        ("speaker_name", pa.string()),
        ("cue", pa.string()),
        ("content", pa.string()),
        ("kind", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("sentence_idx", pa.int32()),
        ("cue_nuance", pa.string()),     # neutral / assertive / distancing / ... (lexicons/<lang>/cues.tsv)
    ]),
    "citations": pa.schema([
        ("article_id", pa.string()),
        ("source_id", pa.string()),
        ("source_name_en", pa.string()),
        ("surface", pa.string()),
        ("cue", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("sentence_idx", pa.int32()),
    ]),
    "topics": pa.schema([
        ("article_id", pa.string()),
        ("topic_id", pa.string()),
        ("hits", pa.int32()),
        ("weight", pa.float64()),         # the topic's share of the article's topic hits (sums to 1)
        ("headline_hits", pa.int32()),
        ("lead_hits", pa.int32()),
    ]),
    "frames": pa.schema([
        ("article_id", pa.string()),
        ("frame_id", pa.string()),
        ("hits", pa.int32()),
        ("weight", pa.float64()),         # the frame's share of the article's hits of the same kind
        ("kind", pa.string()),            # generic / loaded / hedge (the codebook's frame kinds)
        ("headline_hits", pa.int32()),
        ("lead_hits", pa.int32()),
    ]),
    # where each topic and frame term sits: the sentence-level view behind headline/lead/body charts
    "codebook_hits": pa.schema([
        ("article_id", pa.string()),
        ("category", pa.string()),        # topic / frame
        ("code_id", pa.string()),
        ("kind", pa.string()),
        ("position", pa.string()),        # headline / lead / body
        ("sentence_idx", pa.int32()),     # -1: a title given apart from the text (no offsets)
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("surface", pa.string()),
    ]),
    # dates written in the text, converted to the Gregorian calendar
    "dates": pa.schema([
        ("article_id", pa.string()),
        ("surface", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
        ("calendar", pa.string()),        # gregorian / solar_hijri / afghan / hijri
        ("iso", pa.string()),             # YYYY-MM-DD, YYYY-MM or YYYY
        ("date", pa.date32()),            # the first day of the iso period
        ("precision", pa.string()),       # day / month / year
    ]),
    "stories": pa.schema([
        ("article_id", pa.string()),
        ("story_id", pa.string()),
        ("story_size", pa.int32()),       # articles in the story
        ("similarity", pa.float64()),     # to the story's other articles when it joined (1 for the first)
    ]),
}

STATUSES = {
    "ok": "built",
    "error": "could not be read or processed; see error",
    "empty": "no text after cleaning",
    "unsupported_language": "text is neither Persian nor Arabic",
    "duplicate": "same text as an earlier article; kept for the record, not analysed twice",
}


def columns(table: str) -> list[str]:
    return TABLES[table].names


def to_arrow(table: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Rows (dicts) → an Arrow table with exactly the declared columns and types."""
    # from_pylist reads the dicts in C++ (a column of absent keys is null, other keys are ignored):
    # a third faster than gathering each column in Python, on the build's main process
    return pa.Table.from_pylist(list(rows), schema=TABLES[table])
