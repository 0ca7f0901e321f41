"""Scaling of the whole `build` (a clean build, stories included): workers and corpus size.

    .venv/bin/python bench/scaling.py [--limit N] [--small M] [--only-memory] [--repeat K]

On ANT Arabic + SaudiNewsNet (62k articles; the first N, half from each, with --limit), prints wall
time, articles/s and peak memory summed over the process tree (the CLI, the pool's fork server and
workers; sampled with psutil every 0.25 s) for --workers 1 and --workers 2, then the same for a build
of the first M articles (default 10,000) with 2 workers. RSS counts the pages that the workers share
with the fork server (hazm and camel-tools, loaded once there) in every process; PSS splits them.

"cpu s" is the machine's busy core-seconds during the build (from /proc/stat; run it on an otherwise idle
machine). This machine's speed drifts by a fifth within minutes, so a 1-worker and a 2-worker run can
differ in speed for reasons of their own: equal cpu s for both means the pool added no work, and a
speed-up below 2 then comes from the machine or from idle cores, which idle % shows.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import statistics
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


def tree_memory(process: psutil.Process) -> tuple[int, int, str]:
    """(RSS, PSS) summed over the process tree, and PSS per process. RSS counts the pages workers
    share with the fork server once per process; PSS splits them between the processes sharing them."""
    rss = pss = 0
    parts = []
    for p in [process, *process.children(recursive=True)]:
        try:
            info = p.memory_full_info()
            rss, pss = rss + info.rss, pss + getattr(info, "pss", info.rss)
            role = ("build" if p.pid == process.pid else "worker" if p.ppid() != process.pid
                    else "fork server" if "forkserver" in " ".join(p.cmdline()) else "helper")
            parts.append(f"{role} {getattr(info, 'pss', info.rss) / 2**20:.0f}")
        except psutil.Error:  # a worker that ended between the listing and the reading
            pass
    return rss, pss, ", ".join(parts)


def cpu_ticks() -> tuple[int, int]:
    """(idle, total) clock ticks of all cores since boot."""
    with open("/proc/stat", encoding="ascii") as fh:
        ticks = [int(x) for x in fh.readline().split()[1:]]
    return ticks[3] + ticks[4], sum(ticks)


def measure(inputs: list[str], workers: int, out: Path) -> dict[str, float]:
    cmd = [sys.executable, "-m", "analysis", "build", *inputs, "--out", str(out), "--workers", str(workers),
           "--quiet", "--clean"]
    started, ticks = time.perf_counter(), cpu_ticks()
    child = subprocess.Popen(cmd, cwd=ROOT)
    process, peak, peak_pss, where = psutil.Process(child.pid), 0, 0, ""
    while child.poll() is None:
        try:
            rss, pss, parts = tree_memory(process)
            peak = max(peak, rss)
            if pss > peak_pss:
                peak_pss, where = pss, parts
        except psutil.Error:
            pass
        time.sleep(0.25)
    wall = time.perf_counter() - started
    (idle_before, total_before), (idle_after, total_after) = ticks, cpu_ticks()
    idle = (idle_after - idle_before) / max(1, total_after - total_before)
    busy = wall * (psutil.cpu_count() or 1) * (1 - idle)
    if child.returncode:
        raise SystemExit(f"build failed ({child.returncode}): {' '.join(cmd)}")
    articles = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["articles"]
    return {"articles": articles, "wall": wall, "rate": articles / wall, "peak_mib": peak / 2**20, "pss_mib": peak_pss / 2**20, "where": where,
            "cpu": busy, "idle": idle}


def line(label: str, m: dict[str, float]) -> None:
    print(f"{label:28} {m['articles']:8d} {m['wall']:8.1f} {m['rate']:8.1f} {m['peak_mib']:10.0f} {m['pss_mib']:10.0f}"
          f" {m['cpu']:8.1f} {m['idle']:7.1%}", flush=True)
    print(f"{'':28} at the PSS peak (MiB): {m['where']}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, help="first N articles (default: all 62k)")
    parser.add_argument("--only-memory", action="store_true", help="skip --workers 1")
    parser.add_argument("--repeat", type=int, default=1, help="measure 1 and 2 workers this many times, in turn")
    parser.add_argument("--small", type=int, help="the smaller corpus for the memory comparison "
                        "(default 10,000, or N/5 with --limit)")
    args = parser.parse_args()
    if missing := [str(f) for f in FILES if not f.exists()]:
        raise SystemExit(f"absent: {', '.join(missing)} (the shared corpora sit beside the checkout in ../shared)")
    small_n = args.small or (max(1, args.limit // 5) if args.limit else 10_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = first(args.limit, folder) if args.limit else [str(f) for f in FILES]
        print(f"{'build':28} {'articles':>8} {'wall s':>8} {'art/s':>8} {'peak RSS':>10} {'peak PSS':>10} {'cpu s':>8} {'idle':>7}", flush=True)
        speedups, work = [], []
        for _ in range(args.repeat):  # 1 and 2 workers in turn: this machine's speed drifts
            one = None if args.only_memory else measure(inputs, 1, folder / "w1")
            if one:
                line("--workers 1", one)
            two = measure(inputs, 2, folder / "w2")
            line("--workers 2", two)
            if one:
                speedups.append(two["rate"] / one["rate"])
                work.append(two["cpu"] / one["cpu"])
        small = measure(first(small_n, folder), 2, folder / "small")
        line(f"--workers 2, first {small_n}", small)
    speedup = (f"2 workers / 1 worker: {' '.join(f'{x:.2f}x' for x in speedups)}"
               f"{f' (median {statistics.median(speedups):.2f}x)' if len(speedups) > 1 else ''}; "
               f"cpu s 2 workers / 1 worker: {' '.join(f'{x:.2f}' for x in work)}\n") if speedups else ""
    print(f"\n{speedup}peak RSS {two['articles']} vs {small['articles']} articles: "
          f"{two['peak_mib'] / small['peak_mib'] - 1:+.1%} ({two['peak_mib']:.0f} vs {small['peak_mib']:.0f} MiB; "
          f"PSS {two['pss_mib'] / small['pss_mib'] - 1:+.1%})")


if __name__ == "__main__":
    main()
