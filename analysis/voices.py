"""Whose words each outlet prints: the quotes table joined to outlets and speakers, shaped for charts.

Corpus-level work on stored tables (DESIGN.md): every function takes a Corpus or the frame
`quote_table` returns, and returns a DataFrame the notebooks chart or print.
"""
from __future__ import annotations

import pandas as pd

from .store import Corpus

UNKNOWN_AFFILIATION = "(not known)"


def outlet_labels(articles: pd.DataFrame) -> pd.Series:
    """The outlet, or for an article whose outlet is unknown, a label of its own: two unnamed
    outlets must not be merged into one voice."""
    unnamed = "(outlet unknown) " + articles["article_id"].astype(str).str[:12]
    return articles["outlet"].astype("string").fillna(unnamed).astype(str)


def quote_table(corpus: Corpus) -> pd.DataFrame:
    """One row per quote with its outlet, language, date and speaker (label, type, affiliation).

    The speaker label is the entity's usual English name when the speaker resolved to one, else the
    name as the article writes it.
    """
    articles = corpus.ok.assign(outlet_label=outlet_labels(corpus.ok))[["article_id", "outlet_label", "lang", "date"]]
    entities = corpus.entities.rename(columns={"entity_id": "speaker_id"})[
        ["speaker_id", "name_en", "type", "affiliation"]]
    table = (corpus.quotes.merge(articles, on="article_id", how="inner")
             .merge(entities, on="speaker_id", how="left"))
    named = table["speaker_name"].astype("string").replace("", pd.NA)
    table["speaker_label"] = table["name_en"].astype("string").fillna(named).fillna("(unattributed)").astype(str)
    table["affiliation"] = table["affiliation"].astype("string").fillna(UNKNOWN_AFFILIATION).astype(str)
    table["speaker_type"] = table["type"].astype("string").fillna("unresolved").astype(str)
    return table.rename(columns={"outlet_label": "outlet"}).drop(columns=["name_en", "type"])


def kinds_per_outlet(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quotes per outlet, direct and indirect."""
    return quotes.pivot_table(index="outlet", columns="kind", values="quote_idx", aggfunc="count", fill_value=0)


def top_speakers(quotes: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The n most-quoted speakers of each outlet, with their share of the outlet's quotes."""
    counts = quotes.groupby(["outlet", "speaker_label", "affiliation"]).size().rename("quotes").reset_index()
    counts["share"] = counts["quotes"] / counts.groupby("outlet")["quotes"].transform("sum")
    counts = counts.sort_values(["outlet", "quotes", "speaker_label"], ascending=[True, False, True])
    return counts.groupby("outlet").head(n).reset_index(drop=True)


def share(quotes: pd.DataFrame, column: str) -> pd.DataFrame:
    """outlet × values of `column` (affiliation, cue_nuance, …): each outlet's quotes split into
    shares that sum to 1, so outlets that quote a lot and outlets that quote little compare."""
    counts = quotes.pivot_table(index="outlet", columns=column, values="quote_idx", aggfunc="count", fill_value=0)
    return counts.div(counts.sum(axis=1), axis=0)


def speakers_across_outlets(quotes: pd.DataFrame, min_outlets: int = 2) -> pd.DataFrame:
    """Resolved speakers quoted by at least `min_outlets` outlets: outlets and quotes per speaker,
    the most widely quoted first."""
    resolved = quotes[quotes["speaker_type"].isin(["person", "organization", "media", "country"])]
    table = (resolved.groupby("speaker_label").agg(outlets=("outlet", "nunique"), quotes=("content", "size"),
                                                  affiliation=("affiliation", "first"))
             .reset_index().sort_values(["outlets", "quotes", "speaker_label"], ascending=[False, False, True]))
    return table[table["outlets"] >= min_outlets].reset_index(drop=True)


def renderings(quotes: pd.DataFrame, speaker: str) -> dict[str, list[str]]:
    """outlet → that outlet's quotes of `speaker` (by speaker label), in article order: the same
    person's words as each outlet printed them."""
    mine = quotes[quotes["speaker_label"] == speaker].sort_values(["lang", "outlet", "article_id", "quote_idx"])
    return {f"{outlet} ({lang})": list(group["content"]) for (lang, outlet), group in mine.groupby(["lang", "outlet"], sort=False)}
