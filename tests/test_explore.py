"""The JupyterLab filters: drop-downs that redraw on a filtered corpus, static when not interactive."""
from __future__ import annotations

import analysis
from analysis import explore


def test_filters_restrict_every_table(seeds_built):
    c = analysis.load(seeds_built)
    arabic = explore.filtered(c, lang="ar")
    assert set(arabic.articles["lang"]) == {"ar"} and len(arabic.articles) == 3
    assert set(arabic.quotes["article_id"]) <= set(arabic.articles["article_id"])
    topic = c.topics.sort_values("hits").iloc[-1]["topic_id"]
    assert set(explore.filtered(c, topic=topic).articles["article_id"]) == set(c.topics.loc[c.topics["topic_id"] == topic, "article_id"])
    assert len(explore.filtered(c, outlet="Wafaa Magazine").articles) == 1


def test_panel_draws_once_statically_and_redraws_on_change(seeds_built, monkeypatch):
    import IPython.display

    c = analysis.load(seeds_built)
    drawn = []
    explore.panel(c, lambda part: drawn.append(len(part.articles)), interactive=False)
    assert drawn == [5]
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs: shown.extend(objs))
    explore.panel(c, lambda part: drawn.append(len(part.articles)), interactive=True)
    controls = shown[0].children
    assert [w.description for w in controls] == ["Outlet", "Language", "Topic"]
    controls[1].value = "fa"
    assert drawn[-1] == 2
