"""Stories: the seeds' Reykjavik meeting is one story across three outlets and two languages."""
from __future__ import annotations

import analysis
from analysis import stories


def test_seed_stories(seeds_built):
    c = analysis.load(seeds_built)
    story = dict(zip(c.stories["article_id"].str[:3], c.stories["story_id"]))
    assert story["000"] == story["001"] == story["002"]          # Reykjavik, in Persian and Arabic
    assert len({story["000"], story["003"], story["004"]}) == 3  # the Biden–Putin call, the Lavrov–Blinken call
    assert set(c.stories["article_id"]) == set(c.ok["article_id"])
    sizes = dict(zip(c.stories["article_id"].str[:3], c.stories["story_size"]))
    assert sizes["000"] == 3 and sizes["003"] == 1


def test_story_table_lists_multi_outlet_stories_with_their_languages(seeds_built):
    c = analysis.load(seeds_built)
    table = stories.story_table(c)
    assert len(table) == 1 and table.iloc[0]["articles"] == 3 and table.iloc[0]["languages"] == "ar, fa"
    detail = stories.story_detail(c, table.iloc[0]["story_id"])
    assert len(detail) == 3 and detail["voices"].str.contains("Lavrov").all()


def test_dated_articles_far_apart_never_share_a_story(seeds_built):
    import pandas as pd

    c = analysis.load(seeds_built)
    a = c.ok["article_id"].iloc[0]
    twin = c.subset([a])
    # the same article twice, a month apart: identical signals, still two stories
    b = a + "-later"
    for name in ("articles", "mentions", "topics", "dates", "quotes"):
        frame = getattr(twin, name)
        copy = frame.assign(article_id=b)
        if name == "articles":
            copy = copy.assign(date=pd.Timestamp("2030-01-01"))
            frame = frame.assign(date=pd.Timestamp("2030-02-15"))
        setattr(twin, name, pd.concat([frame, copy], ignore_index=True))
    table = stories.cluster(twin)
    assert table["story_id"].nunique() == 2
    twin.articles["date"] = pd.Timestamp("2030-01-01")
    assert stories.cluster(twin)["story_id"].nunique() == 1
