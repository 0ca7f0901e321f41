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
    assert len(detail) == 3 and detail["voices"].str.contains("Antony Blinken").all()


def test_dated_articles_far_apart_never_share_a_story(seeds_built):
    import pandas as pd

    c = analysis.load(seeds_built)
    a = c.ok["article_id"].iloc[0]  # 000, dated 2021-05-19
    twin = a + "-again"

    def with_twin(date):
        d = analysis.load(seeds_built)
        for name in ("articles", "mentions", "topics", "dates", "quotes", "sentences"):
            frame = getattr(d, name)
            copy = frame[frame["article_id"] == a].assign(article_id=twin)
            if name == "articles":
                copy = copy.assign(date=pd.Timestamp(date))
            setattr(d, name, pd.concat([frame, copy], ignore_index=True))
        story = dict(zip(*stories.cluster(d).select(["article_id", "story_id"]).to_pydict().values()))
        return story[a] == story[twin]

    assert with_twin("2021-05-20")       # the same report a day later: the same story
    assert not with_twin("2021-07-15")   # two months later: another event
    assert with_twin(None)               # undated: it may join any story, however old


def test_feature_pairs_spilled_to_disk_give_the_same_stories(seeds_built, monkeypatch):
    whole = stories.cluster(seeds_built)
    monkeypatch.setattr(stories, "SPILL", 3)   # a few pairs at a time to temporary files
    feats = stories.features(seeds_built)
    assert feats.spilled is not None
    assert stories.cluster(feats).equals(whole)


def test_stretches_of_days_apart_clustered_by_a_helper_give_the_same_table(seeds_built):
    """Dated seeds and the same reports two months later: two stretches no story spans. With a helper, one is
    clustered there and one here, and the table is the single pass's; an undated article can join either
    stretch's stories, so then the helper gets nothing."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    import pandas as pd

    def corpus(undated: bool):
        d = analysis.load(seeds_built)
        for name in ("articles", "mentions", "topics", "dates", "quotes", "sentences"):
            frame = getattr(d, name)
            later = frame.assign(article_id=frame["article_id"] + "-later")
            if name == "articles":  # every seed dated (three are not): an undated one joins any stretch
                frame = frame.assign(date=frame["date"].fillna(pd.Timestamp("2021-05-19")))
                later = frame.assign(article_id=frame["article_id"] + "-later", date=frame["date"] + pd.Timedelta(days=60))
                if undated:
                    later.loc[later.index[0], "date"] = pd.NaT
            setattr(d, name, pd.concat([frame, later], ignore_index=True))
        return d

    class Counting(ThreadPoolExecutor):
        calls = 0

        def submit(self, fn, *args, **kwargs):
            Counting.calls += 1
            return super().submit(fn, *args, **kwargs)

    for undated, used in ((False, 1), (True, 0)):
        Counting.calls = 0
        alone = stories.cluster(corpus(undated)).to_pandas()
        with Counting(1) as helper:
            helped = stories.cluster(corpus(undated), helper=helper).to_pandas()
        assert Counting.calls == used
        pd.testing.assert_frame_equal(helped, alone)
        story = dict(zip(alone["article_id"], alone["story_id"]))
        first = alone["article_id"].iloc[0]
        assert story[first] != story[first + "-later"] or undated
        assert alone["story_size"].max() >= 2  # stories of more than one article, in each stretch
    # and in another process, as a build with workers has it
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as helper:
        assert stories.cluster(corpus(False), helper=helper).equals(stories.cluster(corpus(False)))


def test_stretches_are_shared_by_their_work_and_the_larger_share_stays_here():
    """Three stretches a week apart: 5 articles (one a day) against 3 + 3. Balanced, the 3 + 3 side is the
    larger and stays here (the helper starts later); a stretch as dense as one day of a big outlet's news
    weighs more than its article count alone."""
    import datetime as dt

    start = dt.date(2018, 1, 1)
    days = [start + dt.timedelta(days=d) for d in (0, 1, 2, 3, 4, 14, 15, 16, 28, 29, 30)]
    order = list(range(len(days)))
    here, there = stories._share(order, days, stories.WINDOW_DAYS)
    assert (sorted(here), sorted(there)) == (list(range(5, 11)), list(range(5)))
    # 2,000 articles on one day against 3,000 over 200 days: the dense day is the heavier stretch
    days = [start] * 2000 + [start + dt.timedelta(days=10 + i // 15) for i in range(3000)]
    here, there = stories._share(list(range(len(days))), days, stories.WINDOW_DAYS)
    assert len(here) == 2000 and len(there) == 3000


def test_headline_stopwords_are_the_lexicon_entries_not_its_comments():
    """lexicons/ar/stopwords.txt is read as a lexicon: its comment lines (English prose, and content words
    named as left out on purpose) are not stopwords, as they were when the file was read word by word."""
    from analysis import terms

    stop = terms.stopwords("ar")
    assert {"the", "arabic", "stopwords", "الرييس,"}.isdisjoint(stop)
    assert {terms.word_key("في", "ar"), terms.word_key("الذي", "ar")} <= stop
    assert stories.lead_words(["قال الرئيس في القمة"], "ar") == ["رييس", "قمه"]
