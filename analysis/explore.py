"""Interactive filters for JupyterLab (ipywidgets) that fall back to static charts in HTML reports.

    explore.panel(corpus, draw, interactive)

shows outlet, language and topic drop-downs that re-run `draw(filtered_corpus)`; with
interactive=False (the reports set it) it just calls `draw(corpus)` once, so the export shows charts,
not an empty widget.
"""
from __future__ import annotations

from typing import Callable

from .codebook import load as load_codebook
from .store import Corpus
from .topics import labelled

ALL = "(all)"


def filtered(corpus: Corpus, outlet: str = ALL, lang: str = ALL, topic: str = ALL) -> Corpus:
    """The corpus restricted to one outlet, language and codebook topic (ALL keeps everything)."""
    articles = labelled(corpus)
    if outlet != ALL:
        articles = articles[articles["outlet"] == outlet]
    if lang != ALL:
        articles = articles[articles["lang"] == lang]
    ids = set(articles["article_id"])
    if topic != ALL:
        ids &= set(corpus.topics.loc[corpus.topics["topic_id"] == topic, "article_id"])
    return corpus.subset(ids)


def panel(corpus: Corpus, draw: Callable[[Corpus], None], interactive: bool = True) -> None:
    if not interactive:
        draw(corpus)
        return
    import ipywidgets as w
    from IPython.display import display

    articles = labelled(corpus)
    topics = [(c.label, c.id) for c in load_codebook().of("topic") if c.id in set(corpus.topics["topic_id"])]
    controls = {"outlet": w.Dropdown(options=[ALL, *sorted(articles["outlet"].unique())], description="Outlet"),
                "lang": w.Dropdown(options=[ALL, *sorted(articles["lang"].dropna().unique())], description="Language"),
                "topic": w.Dropdown(options=[(ALL, ALL), *topics], description="Topic")}
    out = w.interactive_output(lambda **chosen: draw(filtered(corpus, **chosen)), controls)
    display(w.HBox(list(controls.values())), out)
