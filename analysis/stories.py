"""Stories: articles that report the same event, across outlets and across the two languages.

Runs on the stored tables after the build (it needs every article), with language-independent
signals only, so a Persian and an Arabic article can meet:
- the entities an article names or quotes (gazetteer and cross-script ids),
- its codebook topics,
- the days it mentions (`date:2018-05-14`),
each weighted by inverse document frequency, and the article's own date: an article joins a story
only within WINDOW_DAYS of its latest article and MAX_SPAN_DAYS of its first. Words of the headline
and lead (language-tagged keys, so they only ever match within a language) sharpen stories inside a
language without being needed across languages.

Clustering is single-pass, as in TDT event detection: articles in date order (undated last) join the
most similar open story when the cosine to its centroid reaches THRESHOLD, else start a new one.
Every built article gets a story (most are stories of one article).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
from array import array
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

import numpy as np
import pandas as pd

THRESHOLD = 0.3
WINDOW_DAYS = 3
MAX_SPAN_DAYS = 7       # an event, not a theme: stories do not drift for months
TOP_FEATURES = 25       # an article's strongest features; the rest add noise and time
TOPIC_WEIGHT = 0.6      # a shared topic says less than a shared named actor or day
WORD_WEIGHT = 0.5       # headline and lead words
LEAD_SENTENCES = 2
MIN_ARTICLES_FOR_WORDS = 100  # word weights from fewer articles of a language are noise (in 5 seeds every
                              # shared word looks rare); below this, stories rest on entities, topics, days
WEIGHTS = {"topic": TOPIC_WEIGHT, "word": WORD_WEIGHT}
BATCH = 16_384          # rows read at a time from a stored table

# What clustering reads of each table: not the article texts, nor sentences past the lead.
NEEDED = {"articles": ["article_id", "status", "lang", "title", "date"], "entities": ["entity_id", "type"],
          "mentions": ["article_id", "entity_id"], "quotes": ["article_id", "speaker_id"],
          "topics": ["article_id", "topic_id", "hits"], "dates": ["article_id", "precision", "iso"],
          "sentences": ["article_id", "sentence_idx", "text"]}


def rows(source: Any, table: str) -> Iterator[tuple]:
    """The NEEDED columns of `table`, row by row (sentences: the lead only), from a built folder
    (streamed in batches, so memory does not grow with the corpus) or from a loaded Corpus."""
    columns = NEEDED[table]
    if isinstance(source, (str, Path)):
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        file = Path(source) / f"{table}.parquet"
        if not file.exists():
            return
        for batch in pq.ParquetFile(file).iter_batches(batch_size=BATCH, columns=columns):
            if table == "sentences":
                batch = batch.filter(pc.less(batch.column("sentence_idx"), LEAD_SENTENCES))
            yield from zip(*(batch.column(c).to_pylist() for c in columns))
        pa.default_memory_pool().release_unused()  # else the allocator keeps the decoded pages
    else:
        frame = getattr(source, table)
        if table == "sentences":
            frame = frame[frame["sentence_idx"] < LEAD_SENTENCES]
        frame = frame[columns].astype(object)
        yield from zip(*(frame[c].where(frame[c].notna(), None).tolist() for c in columns))


class Features:
    """(article, feature) pairs and their counts in compact arrays (12 bytes a pair), features numbered
    as they are met."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.number: dict[str, int] = {}
        self.pair, self.count = array("q"), array("i")   # pair: article << 32 | feature

    def add(self, article: int, name: str, count: int = 1) -> None:
        self.add_number(article, self.numbered(name), count)

    def numbered(self, name: str) -> int:
        if (f := self.number.get(name)) is None:
            f = self.number[name] = len(self.names)
            self.names.append(name)
        return f

    def add_number(self, article: int, feature: int, count: int = 1) -> None:
        self.pair.append(article << 32 | feature)
        self.count.append(count)


def _day(when: Any) -> dt.date | None:
    if when is None:
        return None
    return when.date() if isinstance(when, dt.datetime) else when if isinstance(when, dt.date) else pd.Timestamp(when).date()


def features(source: Any) -> tuple[list[str], list[dt.date | None], Features]:
    """Built articles (ids, dates) and their raw feature counts, from the stored tables."""
    from .topics import WORD, _key, stopwords

    ids: list[str] = []
    days: list[dt.date | None] = []
    position: dict[str, int] = {}
    langs: dict[int, str] = {}
    titles: list[tuple[int, str]] = []
    for aid, status, lang, title, when in rows(source, "articles"):
        if status == "ok":
            position[aid] = len(ids)
            ids.append(aid)
            days.append(_day(when))
            if lang in ("fa", "ar"):
                langs[position[aid]] = lang
                if isinstance(title, str):
                    titles.append((position[aid], title))
    feats = Features()
    # outlets report events, they are not part of them: two articles citing TASS are not one story
    media = {eid for eid, kind in rows(source, "entities") if kind == "media"}
    for table in ("mentions", "quotes"):
        for aid, eid in rows(source, table):
            if eid is not None and eid not in media and (i := position.get(aid)) is not None:
                feats.add(i, f"entity:{eid}")
    for aid, tid, hits in rows(source, "topics"):
        if (i := position.get(aid)) is not None:
            feats.add(i, f"topic:{tid}", int(hits))
    for aid, precision, iso in rows(source, "dates"):
        if precision == "day" and isinstance(iso, str) and (i := position.get(aid)) is not None:
            feats.add(i, f"date:{iso}")
    # headline and lead words, once per article however often they occur (see vectors)
    per_lang = pd.Series(list(langs.values()), dtype=object).value_counts()
    worded = {lang for lang, n in per_lang.items() if n >= MIN_ARTICLES_FOR_WORDS}

    # a written word's feature number (-1: a stopword or too short), per language, worked out once
    numbers: dict[str, dict[str, int]] = {lang: {} for lang in worded}

    def number(word: str, lang: str) -> int:
        key = _key(word, lang)
        return -1 if key in stopwords(lang) or len(key) <= 2 else feats.numbered(f"word:{lang}:{key}")

    def lead(i: int, text: str) -> None:
        if (known := numbers.get(langs.get(i))) is not None:  # type: ignore[arg-type]
            for word in WORD.findall(text):
                if (f := known.get(word)) is None:
                    f = known[word] = number(word, langs[i])
                if f >= 0:
                    feats.add_number(i, f)

    for i, title in titles:
        lead(i, title)
    for aid, idx, text in rows(source, "sentences"):
        if (i := position.get(aid)) is not None and isinstance(text, str):
            lead(i, text)
    return ids, days, feats


def vectors(n: int, feats: Features) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """TF-IDF (log tf, smoothed idf), each article's TOP_FEATURES only (ties by feature name),
    L2-normalized: (article start offsets, feature numbers, weights), articles in order."""
    names = feats.names
    pair, count = np.frombuffer(feats.pair, dtype=np.int64), np.frombuffer(feats.count, dtype=np.int32)
    order = np.argsort(pair, kind="stable")
    pair, count = pair[order], count[order]
    feats.pair, feats.count = array("q"), array("i")  # sorted copies made: free the arrays
    del order
    first = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))[:len(pair)]  # each pair once
    count = np.add.reduceat(count, first).astype(np.float64) if len(pair) else count.astype(np.float64)
    pair = pair[first]
    article, feature = pair >> 32, pair & 0xFFFFFFFF
    del pair, first
    kind = np.array([name.split(":", 1)[0] for name in names] or [""], dtype=object)
    count[kind[feature] == "word"] = 1.0  # a word counts once per article
    df = np.bincount(feature, minlength=len(names))
    scale = np.array([WEIGHTS.get(k, 1.0) for k in kind], dtype=np.float64)
    weight = (1 + np.log(count)) * np.log((1 + n) / (1 + df[feature])) * scale[feature]
    keep = (weight > 0) & ((df[feature] > 1) | (n <= 2))
    article, feature, weight = article[keep], feature[keep], weight[keep]
    name_rank = np.empty(len(names), dtype=np.int64)
    name_rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    order = np.lexsort((name_rank[feature], -weight, article))
    article, feature, weight = article[order], feature[order], weight[order]
    starts = np.searchsorted(article, np.arange(n + 1))
    rank = np.arange(len(article)) - starts[article]
    top = rank < TOP_FEATURES
    article, feature, weight = article[top], feature[top], weight[top]
    weight = weight / np.sqrt(np.bincount(article, weights=weight * weight, minlength=n))[article]
    return np.searchsorted(article, np.arange(n + 1)), feature, weight


class Story:
    """A story's |centroid|² (the centroid itself lives in cluster's feature index), size and dates."""

    __slots__ = ("story_id", "features", "norm2", "norm", "size", "first_date", "last_date")

    def __init__(self, story_id: str) -> None:
        self.story_id = story_id
        self.features: set[int] = set()
        self.norm2 = 0.0
        self.norm = 1.0   # sqrt(norm2), or 1 for an empty centroid: what similarities divide by
        self.size = 0
        self.first_date: dt.date | None = None
        self.last_date: dt.date | None = None

    def open_for(self, day: dt.date | None, window: int) -> bool:
        if day is None or self.last_date is None:
            return True
        return abs((day - self.last_date).days) <= window and abs((day - self.first_date).days) <= MAX_SPAN_DAYS  # type: ignore[operator]

    def add(self, features: list[int], weights: list[float], dot: float, day: dt.date | None) -> None:
        self.norm2 += 2 * dot + sum(w * w for w in weights)
        self.norm = math.sqrt(self.norm2) or 1.0
        self.features.update(features)
        self.size += 1
        if day:
            self.first_date = min(filter(None, [self.first_date, day]))
            self.last_date = max(filter(None, [self.last_date, day]))


def cluster(source: Any, threshold: float = THRESHOLD, window: int = WINDOW_DAYS) -> pd.DataFrame:
    """The stories table (article_id, story_id, story_size, similarity) of a built folder or a Corpus."""
    ids, days, feats = features(source)
    starts, feature, weight = vectors(len(ids), feats)
    del feats
    order = sorted(range(len(ids)), key=lambda i: (days[i] is None, days[i] or dt.date.min, ids[i]))
    stories: list[Story] = []
    # The centroids, by feature: feature → {story: summed weight}. `recent` holds the stories still open
    # to dated articles. Those come in date order, so a story closed to one day's articles stays closed,
    # and each new day drops the stories it closes. `every` keeps all stories, for undated articles
    # (last, free to join any story); it is only kept when there are some.
    recent: dict[int, dict[int, float]] = defaultdict(dict)
    every: dict[int, dict[int, float]] | None = defaultdict(dict) if None in days else None
    active: list[int] = []
    today: dt.date | None = None
    joined = np.zeros(len(ids), dtype=np.int64)
    similarity = np.zeros(len(ids), dtype=np.float64)
    for i in order:
        fs, ws = feature[starts[i]:starts[i + 1]].tolist(), weight[starts[i]:starts[i + 1]].tolist()
        day = days[i]
        if day is not None and day != today:
            today, still = day, []
            for s in active:
                if stories[s].open_for(day, window):
                    still.append(s)
                else:
                    for f in stories[s].features:
                        del recent[f][s]
                    stories[s].features = set()
            active = still
        index = recent if day else every
        # the dot product with every story sharing a feature, summed feature by feature
        dots: dict[int, float] = {}
        for f, w in zip(fs, ws):
            for s, c in index.get(f, {}).items():  # type: ignore[union-attr]
                dots[s] = dots.get(s, 0.0) + w * c
        best, best_sim = -1, 0.0
        for s, dot in dots.items():
            if (sim := dot / stories[s].norm) > best_sim:
                best, best_sim = s, sim
        if best < 0 or best_sim < threshold:
            best, best_sim = len(stories), 1.0
            stories.append(Story("s-" + hashlib.sha1(ids[i].encode()).hexdigest()[:10]))
            active.append(best)
        stories[best].add(fs, ws, dots.get(best, 0.0), day)
        for f, w in zip(fs, ws):
            for centroids in (recent, every) if every is not None else (recent,):
                column = centroids[f]
                column[best] = column.get(best, 0.0) + w
        joined[i], similarity[i] = best, best_sim
    return pd.DataFrame({"article_id": ids, "story_id": [stories[s].story_id for s in joined],
                         "story_size": [stories[s].size for s in joined], "similarity": similarity.round(3)},
                        columns=["article_id", "story_id", "story_size", "similarity"])


def write(out: str | Path) -> pd.DataFrame:
    """Cluster a built corpus, reading only the columns it needs, and (re)write its stories.parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .schema import TABLES

    out = Path(out)
    table = cluster(out)
    tmp = out / ".stories.parquet.tmp"
    pq.write_table(pa.Table.from_pandas(table, schema=TABLES["stories"], preserve_index=False), tmp,
                   compression="zstd")
    tmp.replace(out / "stories.parquet")
    return table


# ---- reading stories (the notebooks) --------------------------------------------------------------

def story_table(corpus: Any, min_outlets: int = 2) -> pd.DataFrame:
    """Stories carried by at least `min_outlets` outlets, largest first: dates, outlets, languages, headlines."""
    from .topics import labelled

    articles = labelled(corpus).merge(corpus.stories, on="article_id")
    rows = []
    for story_id, group in articles.groupby("story_id"):
        outlets = sorted(set(group["outlet"]))
        if len(outlets) < min_outlets:
            continue
        dates = pd.to_datetime(group["date"]).dropna()
        rows.append({"story_id": story_id, "articles": len(group), "outlets": len(outlets),
                     "languages": ", ".join(sorted(set(group["lang"]))),
                     "from": dates.min().date() if len(dates) else None, "to": dates.max().date() if len(dates) else None,
                     "outlet names": ", ".join(outlets),
                     "headline": group.sort_values("similarity", ascending=False)["title"].dropna().astype(str).head(1).str.cat()})
    table = pd.DataFrame(rows, columns=["story_id", "articles", "outlets", "languages", "from", "to", "outlet names", "headline"])
    return table.sort_values(["outlets", "articles"], ascending=False).reset_index(drop=True)


def story_detail(corpus: Any, story_id: str, n: int = 3) -> pd.DataFrame:
    """One row per article of a story: outlet, language, headline, and what it emphasised — its top
    topics and frames and its most-quoted voices."""
    from .codebook import load as load_codebook
    from .topics import labelled
    from .voices import quote_table

    labels = {c.id: c.label for c in load_codebook().codes}
    ids = corpus.stories.loc[corpus.stories["story_id"] == story_id, "article_id"]
    articles = labelled(corpus).set_index("article_id").loc[list(ids)]
    quotes = quote_table(corpus)

    def top(frame: pd.DataFrame, column: str, aid: str) -> str:
        part = frame[frame["article_id"] == aid].sort_values("hits", ascending=False)
        return ", ".join(labels.get(x, x) for x in part[column].head(n))

    frames = corpus.frames[corpus.frames["kind"] != "hedge"]
    rows = []
    for aid, a in articles.iterrows():
        voices = quotes[quotes["article_id"] == aid]["speaker_label"].value_counts().head(n)
        rows.append({"outlet": a["outlet"], "lang": a["lang"], "date": a["date"], "headline": a["title"],
                     "topics": top(corpus.topics, "topic_id", aid), "frames": top(frames, "frame_id", aid),
                     "voices": ", ".join(f"{v} ({k})" for v, k in voices.items())})
    return pd.DataFrame(rows)
