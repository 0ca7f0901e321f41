"""Score extracted quotes, cited sources, datelines and dates against gold (../shared/ANNOTATION.md).

- Quotes: a predicted and a gold quote match when the token-F1 of their normalized contents is ≥ 0.5,
  one-to-one (best pairs first). Per language: precision/recall/F1, the share of matched quotes whose
  speaker is the gold speaker (English name for entities, else the native name), kind accuracy.
- Cited sources: per article, the set of English names (through the outlet registry's names and
  aliases, so `AFP` = `Agence France-Presse`); precision/recall/F1 over all articles.
- Dateline outlet: accuracy over the gold articles (null = no dateline).
- Dates (gold `dates.jsonl`: article, surface, ISO value): a predicted date matches a gold one when
  their spans overlap; precision/recall of spans and accuracy of the ISO value of matched spans.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from .normalize import clean
from .normalize.common import base_key

WORD = re.compile(r"[^\W_]+")
MATCH_F1 = 0.5


def content_tokens(text: str) -> Counter[str]:
    """Bag of matching keys: quotation marks, punctuation, diacritics and ي/ی-style spellings ignored."""
    return Counter(base_key(w) for w in WORD.findall(text or ""))


def token_f1(a: Counter[str], b: Counter[str]) -> float:
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def same_speaker(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    """By English name when the prediction has an entity (gold gives surnames: "Lavrov" matches
    "Sergey Lavrov"), else by the native name, where a surname matches the full name it ends."""
    gold_en = str(gold.get("speaker_en") or "").strip().lower()
    name_en = str(pred.get("name_en") or "").strip().lower()
    if gold_en and name_en and (name_en == gold_en or name_en.endswith(" " + gold_en)):
        return True
    pred_words = [base_key(w) for w in WORD.findall(str(pred.get("speaker_name") or ""))]
    gold_words = [base_key(w) for w in WORD.findall(str(gold.get("speaker_name") or ""))]
    if not pred_words or not gold_words:
        return False
    if "".join(pred_words) == "".join(gold_words):
        return True
    shorter, longer = sorted((pred_words, gold_words), key=len)
    return len(shorter) < len(longer) and longer[-len(shorter):] == shorter


def match(preds: list[dict[str, Any]], golds: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), best token-F1 first, each ≥ MATCH_F1."""
    bags_p = [content_tokens(p["content"]) for p in preds]
    bags_g = [content_tokens(g["content"]) for g in golds]
    scored = sorted((-token_f1(bp, bg), i, j) for i, bp in enumerate(bags_p) for j, bg in enumerate(bags_g))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for negative_f1, i, j in scored:  # ties go to the earliest quotes
        if -negative_f1 < MATCH_F1:
            break
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class Score:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    speaker_right: int = 0
    kind_right: int = 0
    articles: int = 0
    missing: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        p = self.matched / self.pred if self.pred else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return {"articles": self.articles, "gold": self.gold, "predicted": self.pred, "matched": self.matched,
                "precision": round(p, 3), "recall": round(r, 3),
                "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                "speaker_accuracy": round(self.speaker_right / self.matched, 3) if self.matched else 0.0,
                "kind_accuracy": round(self.kind_right / self.matched, 3) if self.matched else 0.0}


def read_gold(paths: Iterable[str | Path]) -> list[dict[str, Any]]:
    records = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").split("\n"):
            if line.strip():
                records.append(json.loads(line))
    return records


def score_citations(gold: list[dict[str, Any]], articles: pd.DataFrame, citations: pd.DataFrame) -> pd.DataFrame:
    """Cited-source P/R/F1 and dateline accuracy per language over gold records that annotate them."""
    from .citations import registry, english_key

    by_name = registry().by_name

    def norm(name: str) -> str:
        return by_name.get(english_key(name), english_key(name))

    cited = citations.groupby("article_id")["source_name_en"].apply(lambda s: {norm(n) for n in s}).to_dict() if len(citations) else {}
    datelines = dict(zip(articles["article_id"], articles["dateline_outlet"]))
    rows: dict[str, Counter[str]] = {}
    for record in gold:
        if "cited_sources_en" not in record:
            continue
        c = rows.setdefault(record["lang"], Counter())
        want = {norm(n) for n in record["cited_sources_en"]}
        got = cited.get(record["id"], set())
        c["articles"] += 1
        c["gold"] += len(want)
        c["predicted"] += len(got)
        c["matched"] += len(want & got)
        if "dateline_outlet_en" in record:
            want_d, got_d = record["dateline_outlet_en"], datelines.get(record["id"])
            c["datelines"] += 1
            c["dateline_right"] += (norm(want_d) if want_d else None) == (norm(got_d) if isinstance(got_d, str) else None)
    out = {}
    for lang, c in sorted(rows.items()):
        p = c["matched"] / c["predicted"] if c["predicted"] else 0.0
        r = c["matched"] / c["gold"] if c["gold"] else 0.0
        out[lang] = {"articles": c["articles"], "gold": c["gold"], "predicted": c["predicted"], "matched": c["matched"],
                     "precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                     "dateline_accuracy": round(c["dateline_right"] / c["datelines"], 3) if c["datelines"] else None}
    return pd.DataFrame(out).T


def score_dates(gold: list[dict[str, Any]], articles: pd.DataFrame, dates: pd.DataFrame) -> pd.DataFrame:
    """Date spans (overlap) and ISO values per language, over the gold articles."""
    texts = dict(zip(articles["article_id"], articles["text"]))
    found = {aid: g.to_dict("records") for aid, g in dates.groupby("article_id")} if len(dates) else {}
    golds: dict[str, list[dict[str, Any]]] = {}
    for record in gold:
        golds.setdefault(record["article_id"], []).append(record)
    rows: dict[str, Counter[str]] = {}
    for aid, wanted in golds.items():
        c = rows.setdefault(wanted[0]["lang"], Counter())
        c["gold"] += len(wanted)
        text = texts.get(aid)
        if text is None:
            c["missing_articles"] += 1
            continue
        preds = found.get(aid, [])
        c["predicted"] += len(preds)
        used: set[int] = set()
        for g in wanted:
            surface = clean(g["surface"], g["lang"])  # as the display text has it (no tatweel, …)
            spans = [m.start() for m in re.finditer(re.escape(surface), text)]
            hit = next((i for i, p in enumerate(preds) if i not in used
                        and any(p["start"] < s + len(surface) and s < p["end"] for s in spans)), None)
            if hit is None:
                continue
            used.add(hit)
            c["matched"] += 1
            c["iso_right"] += preds[hit]["iso"] == g["iso"]
    out = {}
    for lang, c in sorted(rows.items()):
        p = c["matched"] / c["predicted"] if c["predicted"] else 0.0
        r = c["matched"] / c["gold"] if c["gold"] else 0.0
        out[lang] = {"gold": c["gold"], "predicted": c["predicted"], "matched": c["matched"],
                     "precision": round(p, 3), "recall": round(r, 3),
                     "iso_accuracy": round(c["iso_right"] / c["matched"], 3) if c["matched"] else 0.0,
                     "iso_right_of_gold": round(c["iso_right"] / c["gold"], 3) if c["gold"] else 0.0,
                     "missing_articles": c["missing_articles"]}
    return pd.DataFrame(out).T


def score(gold: list[dict[str, Any]], quotes: pd.DataFrame, entities: pd.DataFrame,
          article_ids: set[str]) -> dict[str, Score]:
    """Scores per language over the gold articles (a gold article absent from the build counts as missed)."""
    names = dict(zip(entities["entity_id"], entities["name_en"])) if len(entities) else {}
    by_article = {aid: group.to_dict("records") for aid, group in quotes.groupby("article_id")} if len(quotes) else {}
    scores: dict[str, Score] = {}
    for record in gold:
        if "quotes" not in record:
            continue
        s = scores.setdefault(record["lang"], Score())
        golds = record["quotes"]
        s.gold += len(golds)
        if record["id"] not in article_ids:
            s.missing.append(record["id"])
            continue
        s.articles += 1
        preds = by_article.get(record["id"], [])
        for p in preds:
            p["name_en"] = names.get(p.get("speaker_id"))
        s.pred += len(preds)
        for i, j in match(preds, golds):
            s.matched += 1
            s.speaker_right += same_speaker(preds[i], golds[j])
            s.kind_right += preds[i]["kind"] == golds[j]["kind"]
    return scores


def gold_texts(gold: list[dict[str, Any]], corpora: str | Path, out: str | Path) -> int:
    """Copy the records of the gold articles from the corpora they name (`corpus` field) into one
    JSON Lines file, so they can be built. Returns how many were found."""
    import gzip

    wanted: dict[str, set[str]] = {}
    for record in gold:
        if record.get("corpus"):
            wanted.setdefault(record["corpus"], set()).add(record.get("id") or record["article_id"])
    found = 0
    with open(out, "w", encoding="utf-8") as sink:
        for name, ids in wanted.items():
            path = Path(corpora) / name
            if not path.exists():
                raise FileNotFoundError(f"the gold articles come from {path}, which is not there")
            if path.is_dir():  # a folder of .txt files (the seeds), with metadata.csv beside them or not
                found += _folder_records(path, ids, sink)
                continue
            with gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else open(path, encoding="utf-8") as fh:
                for line in fh:
                    if any(f'"{i}"' in line for i in ids) and json.loads(line).get("id") in ids:
                        sink.write(line if line.endswith("\n") else line + "\n")
                        found += 1
    return found


def _folder_records(folder: Path, ids: set[str], sink: Any) -> int:
    """Write the wanted articles of a folder corpus as JSON records, with their metadata.csv row."""
    import csv

    meta: dict[str, dict[str, str]] = {}
    for candidate in (folder / "metadata.csv", Path("data/raw") / folder.name / "metadata.csv"):
        if candidate.exists():
            meta = {Path(r["file"]).stem: r for r in csv.DictReader(open(candidate, encoding="utf-8"))}
            break
    n = 0
    for article_id in sorted(ids):
        file = folder / f"{article_id}.txt"
        if file.exists():
            m = meta.get(article_id, {})
            record = {"id": article_id, "text": file.read_text(encoding="utf-8"),
                      **{k: m[k] for k in ("outlet", "lang", "date") if m.get(k)}}
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def evaluate(gold_paths: Iterable[str | Path], pred_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every score the gold files support: quotes, cited sources and datelines, dates."""
    from .store import load

    corpus = load(pred_dir)
    gold = read_gold(gold_paths)
    dated = [r for r in gold if "surface" in r and "iso" in r]
    articles = [r for r in gold if r not in dated]
    out: dict[str, pd.DataFrame] = {}
    scores = score(articles, corpus.quotes, corpus.entities, set(corpus.articles["article_id"]))
    if scores:
        table = pd.DataFrame({lang: s.row() for lang, s in sorted(scores.items())}).T
        table["missing_articles"] = [len(s.missing) for _, s in sorted(scores.items())]
        out["quotes"] = table
    if any("cited_sources_en" in r for r in articles):
        out["cited sources and datelines"] = score_citations(articles, corpus.articles, corpus.citations)
    if dated:
        out["dates"] = score_dates(dated, corpus.articles, corpus.dates)
    return out
