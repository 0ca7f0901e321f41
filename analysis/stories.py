"""Stories: articles that report the same event, across outlets and across the two languages.

Clustered at the end of a build (it needs every article), from the rows gathered as the build writes
them (or from a built folder's tables, or a loaded Corpus), with language-independent signals only,
so a Persian and an Arabic article can meet:
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

import ctypes
import datetime as dt
import hashlib
import math
from array import array
from collections import defaultdict
from concurrent.futures import Executor
from functools import cache
from operator import mul
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, NamedTuple

import numpy as np
import pyarrow as pa

from .normalize.common import ByWord, Token
from .schema import TABLES
from .terms import WORD, stopwords, word_key

if TYPE_CHECKING:  # imported where a loaded Corpus is read: a build starts without it (analysis/__init__.py)
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
SPILL = 1 << 18         # feature pairs held in memory (3 MB) before they go to a temporary file

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
    """What stories are made of, gathered article by article (as a build writes them) or table by table
    (from stored tables): built articles, their dates, and (article, feature) pairs with counts in
    compact arrays (12 bytes a pair), features numbered as they are met."""

    def __init__(self, by_id: bool = True) -> None:
        self.ids: list[str] = []
        self.days: list[dt.date | None] = []
        self.one_day: dict[dt.date, dt.date] = {}  # one object per distinct day, not one per article
        # article id → number, for features added table by table (entity(), topic(), …). A build adds each
        # article's rows in one go (add_rows, by_id=False) and keeps no such index growing with the corpus.
        self.position: dict[str, int] | None = {} if by_id else None
        self.langs: list[str | None] = []
        self.media: set[str] = set()
        self.names: list[str] = []
        self.number = Numbering(self.names)
        self.pair, self.count = array("q"), array("i")   # pair: article << 32 | feature
        self.spilled: tuple[Any, Any] | None = None      # temporary files of the pairs and counts before

    def article(self, aid: str, status: str, lang: str | None, when: Any) -> int | None:
        """The article's number, or None when it was not built (no features, no story)."""
        if status != "ok":
            return None
        i = len(self.ids)
        if self.position is not None:
            self.position[aid] = i
        self.ids.append(aid)
        day = _day(when)
        self.days.append(day if day is None else self.one_day.setdefault(day, day))
        self.langs.append(lang if lang in ("fa", "ar") else None)
        return i

    def _number(self, aid: str) -> int | None:
        assert self.position is not None, "features added by article id need Features(by_id=True)"
        return self.position.get(aid)

    def entity(self, aid: str, eid: str | None) -> None:
        if eid is not None and (i := self._number(aid)) is not None:
            self._add(i, [f"entity:{eid}"])

    def topic(self, aid: str, tid: str, hits: int) -> None:
        if (i := self._number(aid)) is not None:
            self._add(i, [f"topic:{tid}"], [int(hits)])

    def date(self, aid: str, precision: str | None, iso: str | None) -> None:
        if precision == "day" and isinstance(iso, str) and (i := self._number(aid)) is not None:
            self._add(i, [f"date:{iso}"])

    def lead(self, aid: str, text: str | None) -> None:
        """Words of the headline and lead, each counted once per article, however often it occurs."""
        if (i := self._number(aid)) is not None and (lang := self.langs[i]) is not None:
            self._add(i, [f"word:{lang}:{key}" for key in lead_words([text], lang)])

    def add_rows(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        """One article's rows, as the build writes them: its features, named by the worker that processed
        it (`story_features`) or here (rows read back from a previous build), are numbered and stored."""
        row = rows["articles"][0]
        if (i := self.article(row["article_id"], row["status"], row["lang"], row["date"])) is None:
            return
        self.media.update(e["entity_id"] for e in rows.get("entities", ()) if e["type"] == "media")
        named = rows["story_features"][0] if "story_features" in rows else article_features(rows)
        self._add(i, named["names"].split("\n") if named["names"] else [], named["counts"])

    def _add(self, article: int, names: list[str], counts: list[int] | None = None) -> None:
        base = article << 32
        self.pair.extend([base | f for f in map(self.number.__getitem__, names)])
        self.count.extend(counts if counts is not None else [1] * len(names))
        if len(self.pair) >= SPILL:  # on disk until the build is over, so memory does not grow with it
            import tempfile

            self.spilled = self.spilled or (tempfile.TemporaryFile(), tempfile.TemporaryFile())
            self.pair.tofile(self.spilled[0])
            self.count.tofile(self.spilled[1])
            self.pair, self.count = array("q"), array("i")

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Every pair and its count (spilled ones read back), handed over: the Features keep none."""
        pair, count = np.frombuffer(self.pair, dtype=np.int64), np.frombuffer(self.count, dtype=np.int32)
        if self.spilled:
            for file in self.spilled:
                file.seek(0)
            pair = np.concatenate([np.fromfile(self.spilled[0], dtype=np.int64), pair])
            count = np.concatenate([np.fromfile(self.spilled[1], dtype=np.int32), count])
            for file in self.spilled:
                file.close()
            self.spilled = None
        else:
            pair, count = pair.copy(), count.copy()
        self.pair, self.count = array("q"), array("i")
        return pair, count

    def left_out(self) -> set[int]:
        """Features that say nothing about an event: outlets (two articles citing TASS are not one
        story), and the words of a language with too few articles to weigh them."""
        few = {lang for lang in ("fa", "ar") if 0 < self.langs.count(lang) < MIN_ARTICLES_FOR_WORDS}
        names = {f"entity:{eid}" for eid in self.media}
        return {f for name, f in self.number.items()
                if name in names or (name.startswith("word:") and name.split(":", 2)[1] in few)}


class Numbering(dict[str, int]):
    """Feature name → number, a new name numbered (and added to `names`) the first time it is met."""

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names

    def __missing__(self, name: str) -> int:
        number = self[name] = len(self.names)
        self.names.append(name)
        return number


def _day(when: Any) -> dt.date | None:
    if when is None:
        return None
    if isinstance(when, dt.datetime):  # pandas' Timestamp is one, and so is NaT, which is no day
        return when.date() if when == when else None
    if isinstance(when, dt.date):
        return when
    import pandas as pd

    when = pd.Timestamp(when)
    return None if when is pd.NaT else when.date()


@cache
def _lead_keys(lang: str) -> ByWord[str | None]:
    """Written word → its key for stories, None for a stopword or a key under three letters; per word."""
    from .normalize import MODULES

    def key(token: Token) -> str | None:
        k = word_key(token.text, lang)
        return None if k in stopwords(lang) or len(k) <= 2 else k

    return ByWord(MODULES[lang].KEYS, key)


def lead_words(texts: list[str | None], lang: str) -> list[str]:
    """Keys of the content words of a headline and lead (no stopwords, none under three letters), each once."""
    words = [word for text in texts if isinstance(text, str) for word in WORD.findall(text)]
    return list(dict.fromkeys(filter(None, map(_lead_keys(lang).__getitem__, words))))  # map, filter: no loop here


def article_features(rows: dict[str, list[dict[str, Any]]], lead: list[str] | None = None) -> dict[str, Any]:
    """One article's features from its rows: names (the entities it names or quotes, the days it gives,
    its headline and lead words, its topics; one per line) and their counts (a topic's hits, else 1).
    `lead`: the words' keys, else worked out from the title and lead sentences.

    The names travel from a worker as one string: pickling ~60 short strings an article cost the
    workers 0.65 s per 62k articles, four times one string's; the build splits it where it numbers them."""
    row = rows["articles"][0]
    names = [f"entity:{eid}" for r in rows.get("mentions", ()) if (eid := r["entity_id"]) is not None]
    names += [f"entity:{eid}" for r in rows.get("quotes", ()) if (eid := r["speaker_id"]) is not None]
    names += [f"date:{r['iso']}" for r in rows.get("dates", ()) if r["precision"] == "day" and isinstance(r["iso"], str)]
    if (lang := row["lang"]) in ("fa", "ar"):
        if lead is None:
            sentences = [r["text"] for r in rows.get("sentences", ()) if r["sentence_idx"] < LEAD_SENTENCES]
            lead = lead_words([row["title"], *sentences], lang)
        names += [f"word:{lang}:{key}" for key in lead]
    counts = [1] * len(names)
    for r in rows.get("topics", ()):
        names.append(f"topic:{r['topic_id']}")
        counts.append(int(r["hits"]))
    return {"article_id": row["article_id"], "names": "\n".join(names), "counts": counts}


def features(source: Any) -> Features:
    """The stories' features of a built folder or a loaded Corpus, read table by table."""
    feats = Features()
    for aid, status, lang, title, when in rows(source, "articles"):
        feats.article(aid, status, lang, when)
        feats.lead(aid, title)
    feats.media = {eid for eid, kind in rows(source, "entities") if kind == "media"}
    for table in ("mentions", "quotes"):
        for aid, eid in rows(source, table):
            feats.entity(aid, eid)
    for aid, tid, hits in rows(source, "topics"):
        feats.topic(aid, tid, hits)
    for row in rows(source, "dates"):
        feats.date(*row)
    for aid, _, text in rows(source, "sentences"):
        feats.lead(aid, text)
    return feats


class Weighting(NamedTuple):
    """What an article's weights need from the whole corpus: its size, each feature's document
    frequency and weight by kind, and each feature's rank by name (ties between weights)."""

    n: int
    df: np.ndarray
    scale: np.ndarray
    name_rank: np.ndarray


def counted(feats: Features) -> tuple[list[np.ndarray], Weighting]:
    """Each (article, feature) pair once with its count (a word counts once), sorted by article, as
    [articles, features, counts], and what weighing them needs from the whole corpus.

    Arrays are narrowed and dropped as soon as they can be: at the end of a build this step is the
    peak of the build's own memory."""
    names, n = feats.names, len(feats.ids)
    pair, count = feats.arrays()
    if left_out := feats.left_out():
        keep = ~np.isin(pair & 0xFFFFFFFF, np.fromiter(left_out, dtype=np.int64))
        pair, count = pair[keep], count[keep]
        del keep
    order = np.argsort(pair, kind="stable")
    pair, count = pair[order], count[order]
    del order
    first = np.flatnonzero(np.concatenate(([True], pair[1:] != pair[:-1])))[:len(pair)]  # each pair once
    count = np.add.reduceat(count, first).astype(np.float64) if len(pair) else count.astype(np.float64)
    pair = pair[first]
    del first
    article, feature = (pair >> 32).astype(np.int32), (pair & 0xFFFFFFFF).astype(np.int32)
    del pair
    is_word = np.array([name.startswith("word:") for name in names] or [False])
    count[is_word[feature]] = 1.0  # a word counts once per article
    scale = np.array([WEIGHTS.get(name.split(":", 1)[0], 1.0) for name in names] or [1.0])
    name_rank = np.empty(len(names), dtype=np.int32)
    name_rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names), dtype=np.int32)
    return [article, feature, count], Weighting(n, np.bincount(feature, minlength=len(names)), scale, name_rank)


def weighed(pairs: list[np.ndarray], weighting: Weighting, n: int,
            only: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """TF-IDF (log tf, smoothed idf) of some articles' pairs (articles numbered below n; with `only`, the
    pairs it marks), each article's TOP_FEATURES only (ties by feature name), L2-normalized: (article
    start offsets, feature numbers, weights), articles in order. Each article's alone: the same
    whichever articles come with it.

    `pairs` ([articles, features, counts]) is emptied and the weights are worked out in place, so that
    each array is freed as soon as it is narrowed."""
    article, feature, count = pairs
    pairs.clear()
    weight = np.log(count)
    del count
    weight += 1
    weight *= np.log((1 + weighting.n) / (1 + weighting.df))[feature]  # (1 + log tf) · idf · scale, in that order
    weight *= weighting.scale[feature]
    keep = weight > 0
    keep &= ((weighting.df > 1) | (weighting.n <= 2))[feature]
    if only is not None:
        keep &= only
    article, feature, weight = article[keep], feature[keep], weight[keep]
    del keep
    order = np.lexsort((weighting.name_rank[feature], -weight, article))
    article, feature, weight = article[order], feature[order], weight[order]
    del order
    starts = np.searchsorted(article, np.arange(n + 1))
    top = np.arange(len(article)) - starts[article] < TOP_FEATURES
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
        self.norm2 += 2 * dot + sum(map(mul, weights, weights))
        self.norm = math.sqrt(self.norm2) or 1.0
        self.features.update(features)
        self.size += 1
        if day:
            if self.first_date is None or day < self.first_date:
                self.first_date = day
            if self.last_date is None or day > self.last_date:
                self.last_date = day


def cluster(source: Any, threshold: float = THRESHOLD, window: int = WINDOW_DAYS,
            helper: Executor | None = None) -> pa.Table:
    """The stories table (article_id, story_id, story_size, similarity) of a built folder, a loaded
    Corpus, or the Features a build gathered, in Arrow as the build writes it (`.to_pandas()` for a
    DataFrame).

    With `helper` (an executor with a process to spare), stretches of days that no story can span (a gap
    of more than `window` days between articles closes every story) are clustered there and here at once,
    each stretch from an empty start exactly as the single pass meets it: the same table."""
    feats = source if isinstance(source, Features) else features(source)
    ids, days = feats.ids, feats.days
    pairs, weighting = counted(feats)
    del feats
    give_back_freed_memory()
    order = sorted(range(len(ids)), key=lambda i: (days[i] is None, days[i] or dt.date.min, ids[i]))
    story_of: list[str] = [""] * len(ids)
    size_of = [0] * len(ids)
    similarity = np.zeros(len(ids), dtype=np.float64)

    def record(seq: list[int], result: tuple[list[int], list[float], list[str], list[int]]) -> None:
        joined, sims, story_ids, sizes = result
        for i, s, sim in zip(seq, joined, sims):
            story_of[i], size_of[i], similarity[i] = story_ids[s], sizes[s], sim

    here, there = _share(order, days, window) if helper is not None and None not in days else (order, [])
    mine: np.ndarray | None = None  # the pairs of the articles scanned here, when not all
    if there:  # the helper weighs and scans its articles, renumbered 0, 1, … in the order it scans them
        number = np.full(len(ids), -1, dtype=np.int32)
        number[there] = np.arange(len(there), dtype=np.int32)
        theirs = number[pairs[0]] >= 0
        their_pairs = [array[theirs] for array in pairs]
        their_pairs[0] = number[their_pairs[0]]
        elsewhere = helper.submit(weigh_and_scan, their_pairs, weighting,  # type: ignore[union-attr]
                                  [ids[i] for i in there], [days[i] for i in there], threshold, window)
        mine = ~theirs  # weighed here from all the pairs, not a copy of those left
        del number, theirs, their_pairs
    starts, feature, weight = weighed(pairs, weighting, len(ids), mine)
    give_back_freed_memory()
    record(here, scan(here, ids, days, starts, feature, weight, threshold, window))
    if there:
        record(there, elsewhere.result())
    return pa.table([ids, story_of, size_of, similarity.round(3)], schema=TABLES["stories"])


def give_back_freed_memory() -> None:
    """Return the heap's free pages to the system. Weighing frees ~150 MB of arrays (62k articles), but
    glibc keeps their pages once its threshold for mapping large blocks on their own has risen; the
    scan that follows, and a helper process beside it, would stack on top (elsewhere: nothing)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


# What scanning one article costs, in pairs of articles within the window of each other (measured on 60k
# articles of ANT + SaudiNewsNet: 34 µs an article, plus 0.01 µs per earlier article in its window)
ARTICLE_WORK = 3_500


def _share(order: list[int], days: list[dt.date | None], window: int) -> tuple[list[int], list[int]]:
    """Dated articles in date order → the stretches kept here and those for the helper, their work (work())
    balanced, the larger share here; all here when there is only one stretch."""
    stretches: list[list[int]] = []
    last: dt.date | None = None
    for i in order:
        day = days[i]
        if last is None or (day - last).days > window:  # type: ignore[operator]
            stretches.append([])
        stretches[-1].append(i)
        last = day
    if len(stretches) < 2:
        return order, []

    def work(stretch: list[int]) -> int:
        """ARTICLE_WORK per article, plus the pairs of articles within the window of each other."""
        per_day: dict[dt.date, int] = {}
        for i in stretch:
            per_day[days[i]] = per_day.get(days[i], 0) + 1  # type: ignore[index]
        pairs = sum(n * sum(per_day.get(day - dt.timedelta(days=k), 0) for k in range(window + 1))
                    for day, n in per_day.items())
        return ARTICLE_WORK * len(stretch) + pairs

    costs = [work(stretch) for stretch in stretches]
    sides: tuple[list[int], list[int]] = ([], [])  # stretch numbers: each side scans its own in date order
    load = [0, 0]
    for n in sorted(range(len(stretches)), key=costs.__getitem__, reverse=True):
        side = 0 if load[0] <= load[1] else 1
        sides[side].append(n)
        load[side] += costs[n]
    if load[1] > load[0]:  # the larger share here: the helper's starts later (a fork, its arrays unpickled)
        sides = sides[1], sides[0]
    here, there = ([i for n in sorted(side) for i in stretches[n]] for side in sides)
    return here, there


def weigh_and_scan(pairs: list[np.ndarray], weighting: Weighting, ids: list[str], days: list[dt.date | None],
                   threshold: float, window: int) -> tuple[list[int], list[float], list[str], list[int]]:
    """The helper's part: its articles (numbered 0, 1, … in the order it scans them) weighed, then scanned."""
    starts, feature, weight = weighed(pairs, weighting, len(ids))
    give_back_freed_memory()
    return scan(list(range(len(ids))), ids, days, starts, feature, weight, threshold, window)


def scan(order: list[int], ids: list[str], days: list[dt.date | None], starts: np.ndarray, feature: np.ndarray,
         weight: np.ndarray, threshold: float, window: int) -> tuple[list[int], list[float], list[str], list[int]]:
    """The single pass: articles `order` (dated in date order, then undated), article i with features
    feature[starts[i]:starts[i + 1]] weighing weight[…] (weighed). Returns each article's story (a number)
    and similarity, in `order`, and each story's id and size."""
    stories: list[Story] = []
    # The centroids, by feature: feature → {story: summed weight}. `recent` holds the stories still open
    # to dated articles. Those come in date order, so a story closed to one day's articles stays closed,
    # and each new day drops the stories it closes. `every` keeps all stories, for undated articles
    # (last, free to join any story); it is only kept when there are some.
    recent: dict[int, dict[int, float]] = defaultdict(dict)
    every: dict[int, dict[int, float]] | None = defaultdict(dict) if any(days[i] is None for i in order) else None
    active: list[int] = []
    today: dt.date | None = None
    joined: list[int] = []
    similarity: list[float] = []
    norms: list[float] = []  # each story's norm, read for every story met: a list is quicker than the Story
    bounds = starts.tolist()
    for i in order:
        fs, ws = feature[bounds[i]:bounds[i + 1]].tolist(), weight[bounds[i]:bounds[i + 1]].tolist()
        day = days[i]
        if day is not None and day != today:
            today, still = day, []
            for s in active:
                if stories[s].open_for(day, window):
                    still.append(s)
                else:
                    for f in stories[s].features:
                        del recent[f][s]
                        if not recent[f]:
                            del recent[f]
                    stories[s].features = set()
            active = still
        index = recent if day else every
        # the dot product with every story sharing a feature, summed feature by feature
        dots: dict[int, float] = {}
        dot_of = dots.get
        for f, w in zip(fs, ws):
            if column := index.get(f):  # type: ignore[union-attr]
                for s, c in column.items():
                    dots[s] = dot_of(s, 0.0) + w * c
        best, best_sim = -1, 0.0
        for s, dot in dots.items():
            if (sim := dot / norms[s]) > best_sim:
                best, best_sim = s, sim
        if best < 0 or best_sim < threshold:
            best, best_sim = len(stories), 1.0
            stories.append(Story("s-" + hashlib.sha1(ids[i].encode()).hexdigest()[:10]))
            norms.append(1.0)
            active.append(best)
        story = stories[best]
        story.add(fs, ws, dot_of(best, 0.0), day)
        norms[best] = story.norm
        for centroids in (recent, every) if every is not None else (recent,):
            for f, w in zip(fs, ws):
                column = centroids[f]
                column[best] = column.get(best, 0.0) + w
        joined.append(best)
        similarity.append(best_sim)
    return joined, similarity, [story.story_id for story in stories], [story.size for story in stories]


# ---- reading stories (the notebooks) --------------------------------------------------------------

def story_table(corpus: Any, min_outlets: int = 2) -> pd.DataFrame:
    """Stories carried by at least `min_outlets` outlets, largest first: dates, outlets, languages, headlines."""
    import pandas as pd

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
    import pandas as pd

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
