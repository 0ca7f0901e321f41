"""Throughput of the per-article build, one process, per language, beside the bare library pass.

    .venv/bin/python bench/throughput.py [--n 2000] [--stages] [--repeat K]

Prints articles/s and MB/s (UTF-8 bytes of input text) for Rasad's `process()` and for the libraries
alone on the same articles: hazm Normalizer + sent_tokenize + one WordTokenizer for Persian,
camel-tools arclean + normalize_unicode + dediac_ar + simple_word_tokenize for Arabic.
--stages also prints where the full pass spends its time (seconds per stage, beside the bare pass).
--repeat K runs it all K times, each in a fresh process (cold caches, as a build's first articles), and
then prints the median ratio: one run's ratio moves by a few hundredths with this machine's speed.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

from analysis import ingest, native, normalize, pipeline, stories
from analysis.ingest import record_article
from analysis.pipeline import process, warm

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


def stage_clock() -> dict[str, float]:
    """Seconds per stage of process(), summed while it runs: its calls into ingest, normalize and stories,
    and each extractor, are wrapped with a clock (a few calls per article, so the clock costs ~nothing).
    A clocked call made inside another (the codebook's make_doc of a separate title) counts in the outer."""
    spent: dict[str, float] = {}
    inside = [False]

    def clocked(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            if inside[0]:
                return fn(*args, **kwargs)
            inside[0], start = True, time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                inside[0] = False
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
        return run

    for module, names in ((ingest, ("strip_boilerplate", "detect_language", "detect_variety", "content_hash")),
                          (normalize, ("clean", "make_doc")), (stories, ("lead_words", "article_features"))):
        for name in names:
            setattr(module, name, clocked(f"{module.__name__.split('.')[-1]}.{name}", getattr(module, name)))
    pipeline.EXTRACTORS = [(stage, clocked(stage, fn)) for stage, fn in pipeline.EXTRACTORS]
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000, help="articles per language")
    parser.add_argument("--stages", action="store_true", help="also print seconds per stage of the full pass")
    parser.add_argument("--repeat", type=int, default=1, help="runs, each in a fresh process; then the median")
    args = parser.parse_args()
    if args.repeat > 1:
        repeat(args)
        return
    spent = stage_clock() if args.stages else {}
    breakdown = []
    print(f"{'lang':4} {'articles':>8} {'MB':>6} | {'full art/s':>10} {'full MB/s':>9} | "
          f"{'bare art/s':>10} {'bare MB/s':>9} | full/bare")
    for lang in ("fa", "ar"):
        recs = records(lang, args.n)
        mb = sum(len(r["text"].encode()) for r in recs) / 1e6
        run_bare = bare(lang)
        run_bare(recs[0]["text"])
        warm([lang])  # build the library objects first, as a one-process build does
        # Bare and full in alternating blocks of the same articles: this machine's speed drifts by a
        # third within minutes, and the ratio should not depend on which pass ran in the faster minutes.
        texts = [r["text"] for r in recs]
        articles = [record_article(dict(r), f"bench:{i}") for i, r in enumerate(recs)]
        t_bare = t_full = 0.0
        spent.clear()
        for start in range(0, len(recs), BLOCK):
            t_bare += timed(run_bare, texts[start:start + BLOCK])
            t_full += timed(process, articles[start:start + BLOCK])
        print(f"{lang:4} {len(recs):8d} {mb:6.1f} | {len(recs) / t_full:10.1f} {mb / t_full:9.2f} | "
              f"{len(recs) / t_bare:10.1f} {mb / t_bare:9.2f} | {t_bare / t_full:8.2f}")
        if spent:
            spent["rest of process()"] = t_full - sum(spent.values())
            breakdown.append((lang, t_full, t_bare, dict(spent)))
    compiled = native.in_use()
    print(f"\ncompiled extractors (analysis/native.py): {len(compiled)} modules in use" if compiled else
          "\ncompiled extractors (analysis/native.py): not in use, plain Python (`make native` builds them)")
    for lang, t_full, t_bare, by_stage in breakdown:
        print(f"\n{lang}: seconds per stage of the full pass ({t_full:.2f} s; bare pass {t_bare:.2f} s)")
        for name, seconds in sorted(by_stage.items(), key=lambda item: -item[1]):
            print(f"  {name:28} {seconds:6.2f}  {seconds / t_full:5.1%}")


def repeat(args: argparse.Namespace) -> None:
    ratios: dict[str, list[float]] = {"fa": [], "ar": []}
    for run in range(1, args.repeat + 1):
        command = [sys.executable, __file__, "--n", str(args.n), *(["--stages"] if args.stages else [])]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        print(f"run {run} of {args.repeat}\n{out}", flush=True)
        for line in out.splitlines():  # a language's line of figures ends with "| ratio"
            if line[:2] in ratios and "|" in line:
                ratios[line[:2]].append(float(line.rsplit("|", 1)[1]))
    print("full/bare, median of", args.repeat, "runs:",
          ", ".join(f"{lang} {statistics.median(r):.2f} ({' '.join(f'{x:.2f}' for x in r)})" for lang, r in ratios.items()))


if __name__ == "__main__":
    main()
