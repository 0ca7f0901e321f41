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
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


@dataclass
class Story:
    story_id: str
    centroid: Counter[str] = field(default_factory=Counter)
    members: list[str] = field(default_factory=list)
    first_date: dt.date | None = None
    last_date: dt.date | None = None

    def open_for(self, day: dt.date | None, window: int) -> bool:
        if day is None or self.last_date is None:
            return True
        return abs((day - self.last_date).days) <= window and abs((day - self.first_date).days) <= MAX_SPAN_DAYS  # type: ignore[operator]

    norm2: float = 0.0          # |centroid|², kept as vectors are added

    def similarity(self, vector: dict[str, float]) -> float:
        return self.dot(vector) / (math.sqrt(self.norm2) or 1.0)

    def dot(self, vector: dict[str, float]) -> float:
        return sum(w * self.centroid.get(f, 0.0) for f, w in vector.items())

    def add(self, article_id: str, vector: dict[str, float], day: dt.date | None) -> None:
        self.norm2 += 2 * self.dot(vector) + sum(w * w for w in vector.values())
        self.centroid.update(vector)
        self.members.append(article_id)
        if day:
            self.first_date = min(filter(None, [self.first_date, day]))
            self.last_date = max(filter(None, [self.last_date, day]))


def features(corpus: Any) -> dict[str, Counter[str]]:
    """Raw feature counts per built article, from the stored tables (feature names interned: the same
    name in thousands of articles is one string)."""
    ok = set(corpus.ok["article_id"])
    counts: dict[str, Counter[str]] = {aid: Counter() for aid in ok}
    # outlets report events, they are not part of them: two articles citing TASS are not one story
    media = set(corpus.entities.loc[corpus.entities["type"] == "media", "entity_id"])
    quotes = corpus.quotes.dropna(subset=["speaker_id"])
    for aid, eid in [*zip(corpus.mentions["article_id"], corpus.mentions["entity_id"]),
                     *zip(quotes["article_id"], quotes["speaker_id"])]:
        if aid in counts and eid not in media:
            counts[aid][sys.intern(f"entity:{eid}")] += 1
    for aid, tid, hits in zip(corpus.topics["article_id"], corpus.topics["topic_id"], corpus.topics["hits"]):
        if aid in counts:
            counts[aid][sys.intern(f"topic:{tid}")] += int(hits)
    days = corpus.dates[corpus.dates["precision"] == "day"].dropna(subset=["iso"])
    for aid, iso in zip(days["article_id"], days["iso"]):
        if aid in counts:
            counts[aid][sys.intern(f"date:{iso}")] += 1
    per_lang = corpus.ok["lang"].value_counts()
    for aid, lang, words in lead_words(corpus):
        if aid in counts and per_lang.get(lang, 0) >= MIN_ARTICLES_FOR_WORDS:
            for key in words:
                counts[aid][sys.intern(f"word:{lang}:{key}")] += 1
    return counts


def lead_words(corpus: Any) -> Any:
    """(article_id, lang, content-word keys of its headline and first sentences)."""
    from .topics import WORD, _key, stopwords

    lead = corpus.sentences[corpus.sentences["sentence_idx"] < LEAD_SENTENCES]
    text = lead.groupby("article_id")["text"].apply(" ".join).to_dict()
    for aid, lang, title in zip(corpus.ok["article_id"], corpus.ok["lang"], corpus.ok["title"]):
        if lang not in ("fa", "ar"):
            continue
        stop = stopwords(lang)
        body = f"{'' if pd.isna(title) else title} {text.get(aid, '')}"
        yield aid, lang, {k for k in (_key(w, lang) for w in WORD.findall(body)) if k not in stop and len(k) > 2}


def vectors(counts: dict[str, Counter[str]]) -> dict[str, dict[str, float]]:
    """TF-IDF (log tf, smoothed idf), top features only, L2-normalized."""
    df: Counter[str] = Counter()
    for c in counts.values():
        df.update(c.keys())
    n = len(counts)
    out = {}
    for aid in list(counts):
        c = counts.pop(aid)  # each article's raw counts are freed as its vector is made
        weighted = {f: (1 + math.log(k)) * math.log((1 + n) / (1 + df[f])) * WEIGHTS.get(f.split(":", 1)[0], 1.0)
                    for f, k in c.items() if df[f] > 1 or n <= 2}
        top = dict(sorted(weighted.items(), key=lambda kv: -kv[1])[:TOP_FEATURES])
        norm = math.sqrt(sum(v * v for v in top.values())) or 1.0
        out[aid] = {f: v / norm for f, v in top.items() if v > 0}
    return out


def event_dates(corpus: Any) -> dict[str, dt.date | None]:
    """The article's date, else None (mentioned dates are features, not constraints)."""
    dates = {}
    for aid, when in zip(corpus.ok["article_id"], corpus.ok["date"]):
        dates[aid] = None if pd.isna(when) else pd.Timestamp(when).date()
    return dates


def cluster(corpus: Any, threshold: float = THRESHOLD, window: int = WINDOW_DAYS) -> pd.DataFrame:
    """The stories table: article_id, story_id, story_size, similarity."""
    vecs = vectors(features(corpus))
    when = event_dates(corpus)
    order = sorted(vecs, key=lambda a: (when[a] is None, when[a] or dt.date.min, a))
    stories: list[Story] = []
    # feature → stories that have it: every story (for undated articles), and the stories still open to
    # dated ones — articles come in date order, so a story closed to one dated article stays closed
    index: dict[str, set[int]] = defaultdict(set)
    recent: dict[str, set[int]] = defaultdict(set)
    joined: dict[str, tuple[int, float]] = {}
    for aid in order:
        vec, day = vecs[aid], when[aid]
        best, best_sim = None, 0.0
        pool = recent if day else index
        for f in vec:
            closed = set()
            for s in pool[f]:
                story = stories[s]
                if not story.open_for(day, window):
                    if day and story.last_date and story.last_date < day:
                        closed.add(s)
                    continue
                sim = story.similarity(vec)
                if sim > best_sim:
                    best, best_sim = s, sim
            pool[f] -= closed
        if best is None or best_sim < threshold:
            best, best_sim = len(stories), 1.0
            stories.append(Story("s-" + hashlib.sha1(aid.encode()).hexdigest()[:10]))
        stories[best].add(aid, vec, day)
        for f in vec:
            index[f].add(best)
            recent[f].add(best)
        joined[aid] = (best, best_sim)
    rows = [{"article_id": aid, "story_id": stories[s].story_id, "story_size": len(stories[s].members),
             "similarity": round(sim, 3)} for aid, (s, sim) in joined.items()]
    return pd.DataFrame(rows, columns=["article_id", "story_id", "story_size", "similarity"])


NEEDED = {"articles": ["article_id", "status", "lang", "title", "date"], "entities": ["entity_id", "type"],
          "mentions": ["article_id", "entity_id"], "quotes": ["article_id", "speaker_id"],
          "topics": ["article_id", "topic_id", "hits"], "dates": ["article_id", "precision", "iso"],
          "sentences": ["article_id", "sentence_idx", "text"]}


def write(out: str | Path) -> pd.DataFrame:
    """Cluster a built corpus and (re)write its stories.parquet in place."""
    import pyarrow.parquet as pq

    from .schema import to_arrow
    from .store import load

    out = Path(out)
    # only what clustering reads: not the article texts, nor sentences past the lead
    table = cluster(load(out, columns=NEEDED, filters={"sentences": [("sentence_idx", "<", LEAD_SENTENCES)]}))
    tmp = out / ".stories.parquet.tmp"
    pq.write_table(to_arrow("stories", table.to_dict("records")), tmp, compression="zstd")
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
