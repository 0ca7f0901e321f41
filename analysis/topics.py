"""Topic coverage per outlet from the stored tables, and topic discovery beside the codebook.

Shares are normalized by each outlet's volume: an article's topic weights sum to 1 (codebook.extract),
so an outlet's share of a topic is the mean over its built articles, and outlets of very different
sizes compare. Articles the codebook does not cover count as "(no codebook topic)".
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from .codebook import load as load_codebook
from .store import Corpus
from .terms import WORD, stopwords, word_key
from .voices import outlet_labels

NO_TOPIC = "(no codebook topic)"


def labelled(corpus: Corpus) -> pd.DataFrame:
    """Built articles with an outlet label (unnamed outlets kept apart) and lang, date."""
    ok = corpus.ok
    return ok.assign(outlet=outlet_labels(ok))[["article_id", "outlet", "lang", "date", "title"]]


def topic_share(corpus: Corpus, by: str = "outlet", top: int | None = 12) -> pd.DataFrame:
    """`by` (outlet, lang) × topic: the share of each group's articles given to each topic."""
    articles = labelled(corpus)
    labels = {c.id: c.label for c in load_codebook().of("topic")}
    weights = corpus.topics.merge(articles, on="article_id")
    table = weights.pivot_table(index=by, columns="topic_id", values="weight", aggfunc="sum", fill_value=0.0)
    table = table.div(articles.groupby(by).size(), axis=0).fillna(0.0)
    table = table.reindex(articles[by].unique(), fill_value=0.0)
    if top:
        table = table[table.sum().sort_values(ascending=False).index[:top]]
    table.columns = [labels.get(c, c) for c in table.columns]
    return table.sort_index()


def coverage_over_time(corpus: Corpus, freq: str = "W", top: int = 6) -> pd.DataFrame:
    """Period × topic: the share of the period's articles given to each of the `top` topics."""
    articles = labelled(corpus).dropna(subset=["date"])
    if articles.empty:
        return pd.DataFrame()
    articles = articles.assign(period=pd.to_datetime(articles["date"]).dt.to_period(freq).dt.start_time)
    labels = {c.id: c.label for c in load_codebook().of("topic")}
    weights = corpus.topics.merge(articles, on="article_id")
    table = weights.pivot_table(index="period", columns="topic_id", values="weight", aggfunc="sum", fill_value=0.0)
    table = table.div(articles.groupby("period").size(), axis=0).fillna(0.0)
    table = table[table.sum().sort_values(ascending=False).index[:top]]
    table.columns = [labels.get(c, c) for c in table.columns]
    return table


def discover(corpus: Corpus, lang: str, n_topics: int = 8, n_terms: int = 8, max_articles: int = 4000,
             seed: int = 0) -> pd.DataFrame:
    """NMF over TF-IDF of normalized keys: topics the articles share, whether or not the codebook has them.

    Returns one row per component: its top terms (each shown as its most frequent written form), the
    number of articles it dominates, and the codebook topic most of those articles carry.
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    articles = corpus.ok[corpus.ok["lang"] == lang]
    if len(articles) > max_articles:
        articles = articles.sample(max_articles, random_state=seed)
    if len(articles) < 3:
        return pd.DataFrame(columns=["component", "terms", "articles", "codebook_topic"])
    stop, shown = stopwords(lang), Counter()

    def analyze(text: str) -> list[str]:
        keys = []
        for word in WORD.findall(text):
            key = word_key(word, lang)
            if key not in stop and len(key) > 2:
                keys.append(key)
                shown[(key, word)] += 1
        return keys

    vectorizer = TfidfVectorizer(analyzer=analyze, min_df=2 if len(articles) > 20 else 1, max_df=0.5, sublinear_tf=True)
    matrix = vectorizer.fit_transform(articles["text"].astype(str))
    n = max(1, min(n_topics, matrix.shape[0] - 1, matrix.shape[1]))
    model = NMF(n_components=n, init="nndsvd", random_state=seed, max_iter=400)
    doc_topic = model.fit_transform(matrix)
    vocab = vectorizer.get_feature_names_out()
    surface: dict[str, str] = {}
    for (key, word), _ in shown.most_common():
        surface.setdefault(key, word)
    dominant = doc_topic.argmax(axis=1)
    topics = corpus.topics.sort_values("weight", ascending=False).drop_duplicates("article_id")
    main = dict(zip(topics["article_id"], topics["topic_id"]))
    labels = {c.id: c.label for c in load_codebook().of("topic")}
    rows = []
    for k, weights in enumerate(model.components_):
        ids = articles["article_id"].to_numpy()[dominant == k]
        known = Counter(main.get(a, NO_TOPIC) for a in ids).most_common(1)
        rows.append({"component": k + 1, "terms": "، ".join(surface.get(vocab[i], vocab[i]) for i in weights.argsort()[::-1][:n_terms]),
                     "articles": len(ids), "codebook_topic": labels.get(known[0][0], known[0][0]) if known else ""})
    return pd.DataFrame(rows).sort_values("articles", ascending=False).reset_index(drop=True)
