"""Framing per outlet from the stored tables: generic frames, loaded terms and hedges, where in the
article they sit, and whom each outlet cites.

Every share is within the outlet, so a large outlet and a small one compare.
"""
from __future__ import annotations

import pandas as pd

from .codebook import load as load_codebook
from .store import Corpus
from .topics import labelled


def _hits(corpus: Corpus) -> pd.DataFrame:
    hits = corpus.codebook_hits[corpus.codebook_hits["category"] == "frame"]
    labels = {c.id: c.label for c in load_codebook().of("frame")}
    return hits.merge(labelled(corpus), on="article_id").assign(frame=lambda t: t["code_id"].map(labels).fillna(t["code_id"]))


def frame_share(corpus: Corpus, kind: str = "generic") -> pd.DataFrame:
    """outlet × frame: each outlet's hits of `kind` frames split into shares that sum to 1."""
    hits = _hits(corpus)
    hits = hits[hits["kind"] == kind]
    table = hits.pivot_table(index="outlet", columns="frame", values="article_id", aggfunc="count", fill_value=0)
    return table.div(table.sum(axis=1), axis=0)


def terms_per_outlet(corpus: Corpus, kinds: tuple[str, ...] = ("loaded", "hedge"), per: int = 1000) -> pd.DataFrame:
    """Loaded terms and hedges: per outlet and term, how often per `per` articles, with a sentence."""
    hits = _hits(corpus)
    hits = hits[hits["kind"].isin(kinds)]
    if hits.empty:
        return pd.DataFrame(columns=["outlet", "frame", "term", "hits", f"per {per} articles", "example"])
    sentences = corpus.sentences.set_index(["article_id", "sentence_idx"])["text"]
    volume = labelled(corpus).groupby("outlet").size()
    hits = hits.assign(term=hits["surface"].astype(str))
    rows = []
    for (outlet, frame, term), group in hits.groupby(["outlet", "frame", "term"]):
        first = group.iloc[0]
        idx = int(first["sentence_idx"])
        example = first["title"] if idx < 0 else sentences.get((first["article_id"], idx), "")
        rows.append({"outlet": outlet, "frame": frame, "term": term, "hits": len(group),
                     f"per {per} articles": round(per * len(group) / volume[outlet], 1), "example": example})
    return pd.DataFrame(rows).sort_values(["outlet", "hits"], ascending=[True, False]).reset_index(drop=True)


def by_position(corpus: Corpus, kind: str = "generic") -> pd.DataFrame:
    """position (headline / lead / body) × frame: where each frame is put, as shares per position."""
    hits = _hits(corpus)
    hits = hits[hits["kind"] == kind]
    table = hits.pivot_table(index="position", columns="frame", values="article_id", aggfunc="count", fill_value=0)
    table = table.reindex([p for p in ("headline", "lead", "body") if p in table.index])
    return table.div(table.sum(axis=1), axis=0)


def cited_sources(corpus: Corpus, top: int = 12) -> pd.DataFrame:
    """outlet × cited source: in how many of the outlet's articles each source is cited (share)."""
    articles = labelled(corpus)
    cites = corpus.citations.drop_duplicates(["article_id", "source_id"]).merge(articles, on="article_id")
    if cites.empty:
        return pd.DataFrame()
    table = cites.pivot_table(index="outlet", columns="source_name_en", values="article_id", aggfunc="count", fill_value=0)
    table = table[table.sum().sort_values(ascending=False).index[:top]]
    return table.div(articles.groupby("outlet").size(), axis=0).dropna(how="all").fillna(0.0)


def datelines(corpus: Corpus) -> pd.DataFrame:
    """outlet × dateline outlet: how much of an outlet's copy carries another outlet's credit (wire copy)."""
    articles = corpus.ok.assign(outlet=labelled(corpus)["outlet"]).dropna(subset=["dateline_outlet"])
    if articles.empty:
        return pd.DataFrame(columns=["outlet", "dateline_outlet", "articles"])
    return (articles.groupby(["outlet", "dateline_outlet"]).size().rename("articles").reset_index()
            .sort_values(["outlet", "articles"], ascending=[True, False]))
