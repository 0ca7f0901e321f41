"""Scaling of the whole `build` (a clean build, stories included): workers and corpus size.

    .venv/bin/python bench/scaling.py [--limit N] [--small M]

On ANT Arabic + SaudiNewsNet (62k articles; the first N, half from each, with --limit), prints wall
time, articles/s and peak RSS summed over the process tree (the CLI and its workers, sampled with
psutil every 0.2 s) for --workers 1 and --workers 2, then peak RSS of a build of the first M
articles (default 10,000) beside the whole set, with 2 workers.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
FILES = [CORPORA / "ant-arabic.jsonl.gz", CORPORA / "saudinewsnet.jsonl.gz"]


def first(n: int, folder: Path) -> list[str]:
    """The first n articles, half from each file (a temporary file: the bench's own input)."""
    path = folder / f"first-{n}.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for i, name in enumerate(FILES):
            take = n // 2 + (n % 2 if i == 0 else 0)
            with gzip.open(name, "rt", encoding="utf-8") as fh:
                out.writelines(itertools.islice(fh, take))
    return [str(path)]


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:  # a worker that ended between the listing and the reading
            pass
    return total


def measure(inputs: list[str], workers: int, out: Path) -> dict[str, float]:
    cmd = [sys.executable, "-m", "analysis", "build", *inputs, "--out", str(out), "--workers", str(workers),
           "--quiet", "--clean"]
    started = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT)
    process, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        try:
            peak = max(peak, tree_rss(process))
        except psutil.Error:
            pass
        time.sleep(0.2)
    wall = time.perf_counter() - started
    if child.returncode:
        raise SystemExit(f"build failed ({child.returncode}): {' '.join(cmd)}")
    articles = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["articles"]
    return {"articles": articles, "wall": wall, "rate": articles / wall, "peak_mib": peak / 2**20}


def line(label: str, m: dict[str, float]) -> None:
    print(f"{label:28} {m['articles']:8d} {m['wall']:8.1f} {m['rate']:8.1f} {m['peak_mib']:10.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, help="first N articles (default: all 62k)")
    parser.add_argument("--small", type=int, help="the smaller corpus for the memory comparison "
                        "(default 10,000, or N/5 with --limit)")
    args = parser.parse_args()
    if missing := [str(f) for f in FILES if not f.exists()]:
        raise SystemExit(f"absent: {', '.join(missing)} (the shared corpora sit beside the checkout in ../shared)")
    small_n = args.small or (max(1, args.limit // 5) if args.limit else 10_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = first(args.limit, folder) if args.limit else [str(f) for f in FILES]
        print(f"{'build':28} {'articles':>8} {'wall s':>8} {'art/s':>8} {'peak MiB':>10}", flush=True)
        one = measure(inputs, 1, folder / "w1")
        line("--workers 1", one)
        two = measure(inputs, 2, folder / "w2")
        line("--workers 2", two)
        small = measure(first(small_n, folder), 2, folder / "small")
        line(f"--workers 2, first {small_n}", small)
    print(f"\n2 workers / 1 worker: {two['rate'] / one['rate']:.2f}x   "
          f"peak RSS {two['articles']} vs {small['articles']} articles: "
          f"{two['peak_mib'] / small['peak_mib'] - 1:+.1%} ({two['peak_mib']:.0f} vs {small['peak_mib']:.0f} MiB)")


if __name__ == "__main__":
    main()
