"""Throughput of the per-article build, one process, per language, beside the bare library pass.

    .venv/bin/python bench/throughput.py [--n 2000]

Prints articles/s and MB/s (UTF-8 bytes of input text) for Rasad's `process()` and for the libraries
alone on the same articles: hazm Normalizer + sent_tokenize + one WordTokenizer for Persian,
camel-tools arclean + normalize_unicode + dediac_ar + simple_word_tokenize for Arabic.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import time
from pathlib import Path

from analysis.ingest import record_article
from analysis.pipeline import process

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
SETS = {"ar": ["ant-arabic.jsonl.gz"], "fa": ["fars-news.jsonl.gz", "farexstance.jsonl.gz"]}
BLOCK = 100  # articles timed at a time, bare then full


def records(lang: str, n: int) -> list[dict]:
    out: list[dict] = []
    for name in SETS[lang]:
        with gzip.open(CORPORA / name, "rt", encoding="utf-8") as fh:
            out += [json.loads(line) for line in itertools.islice(fh, n - len(out))]
    return out


def bare(lang: str):
    if lang == "fa":
        import hazm

        normalizer, words = hazm.Normalizer(), hazm.WordTokenizer()

        def run(text: str) -> None:
            for sentence in hazm.sent_tokenize(normalizer.normalize(text)):
                words.tokenize(sentence)
    else:
        from camel_tools.tokenizers.word import simple_word_tokenize
        from camel_tools.utils.charmap import CharMapper
        from camel_tools.utils.dediac import dediac_ar
        from camel_tools.utils.normalize import normalize_unicode

        arclean = CharMapper.builtin_mapper("arclean")

        def run(text: str) -> None:
            simple_word_tokenize(dediac_ar(normalize_unicode(arclean(text))))
    return run


def timed(fn, items) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000, help="articles per language")
    args = parser.parse_args()
    print(f"{'lang':4} {'articles':>8} {'MB':>6} | {'full art/s':>10} {'full MB/s':>9} | "
          f"{'bare art/s':>10} {'bare MB/s':>9} | full/bare")
    for lang in ("fa", "ar"):
        recs = records(lang, args.n)
        mb = sum(len(r["text"].encode()) for r in recs) / 1e6
        run_bare = bare(lang)
        run_bare(recs[0]["text"])
        process(record_article(dict(recs[0]), "warm-up"))  # build the library objects first
        # Bare and full in alternating blocks of the same articles: this machine's speed drifts by a
        # third within minutes, and the ratio should not depend on which pass ran in the faster minutes.
        texts = [r["text"] for r in recs]
        articles = [record_article(dict(r), f"bench:{i}") for i, r in enumerate(recs)]
        t_bare = t_full = 0.0
        for start in range(0, len(recs), BLOCK):
            t_bare += timed(run_bare, texts[start:start + BLOCK])
            t_full += timed(process, articles[start:start + BLOCK])
        print(f"{lang:4} {len(recs):8d} {mb:6.1f} | {len(recs) / t_full:10.1f} {mb / t_full:9.2f} | "
              f"{len(recs) / t_bare:10.1f} {mb / t_bare:9.2f} | {t_bare / t_full:8.2f}")


if __name__ == "__main__":
    main()
