"""How well the cross-script name key merges spellings of one name and keeps different names apart.

Reads held-out pairs (evaluation/names/pairs.tsv: label same/different, name_en, a, b, where),
collected from ../shared/corpora without looking at the key, and prints precision and recall of
"same key" as a predictor of "same person", per kind of pair (cross-script or within one script).

    .venv/bin/python bench/name_key.py [--pairs evaluation/names/pairs.tsv] [--show 10]
"""
from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from analysis.entities import name_key

ROOT = Path(__file__).resolve().parent.parent
PERSIAN_ONLY, ARABIC_ONLY = set("پچژگیک"), set("يكةى")


def script(name: str) -> str:
    letters = set(name)
    if letters & PERSIAN_ONLY and not letters & ARABIC_ONLY:
        return "fa"
    if letters & ARABIC_ONLY and not letters & PERSIAN_ONLY:
        return "ar"
    return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", default=ROOT / "evaluation" / "names" / "pairs.tsv")
    parser.add_argument("--show", type=int, default=10, help="misses and false merges to print")
    args = parser.parse_args()
    with open(args.pairs, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r.get("label") in ("same", "different")]
    tally: Counter[tuple[str, str]] = Counter()
    misses, merges = [], []
    for r in rows:
        same_key = name_key(r["a"]) == name_key(r["b"])
        kind = "cross-script" if {script(r["a"]), script(r["b"])} == {"fa", "ar"} else "same script / unclear"
        outcome = {("same", True): "tp", ("same", False): "fn", ("different", True): "fp",
                   ("different", False): "tn"}[(r["label"], same_key)]
        tally[(kind, outcome)] += 1
        tally[("all", outcome)] += 1
        if outcome == "fn":
            misses.append(r)
        elif outcome == "fp":
            merges.append(r)
    print(f"{len(rows)} pairs from {args.pairs}")
    print(f"{'pairs':<22} {'same':>5} {'diff':>5} {'recall':>7} {'precision':>9} {'false merges':>12}")
    for kind in ("all", "cross-script", "same script / unclear"):
        tp, fn, fp, tn = (tally[(kind, o)] for o in ("tp", "fn", "fp", "tn"))
        recall = tp / (tp + fn) if tp + fn else float("nan")
        precision = tp / (tp + fp) if tp + fp else float("nan")
        print(f"{kind:<22} {tp + fn:>5} {fp + tn:>5} {recall:>7.3f} {precision:>9.3f} {fp:>12}")
    for title, found in (("spellings of one person the key keeps apart", misses),
                         ("different people the key merges", merges)):
        if found and args.show:
            print(f"\n{title}:")
            for r in found[:args.show]:
                print(f"  {r['name_en']}: {r['a']} ({name_key(r['a'])}) / {r['b']} ({name_key(r['b'])})")


if __name__ == "__main__":
    main()
