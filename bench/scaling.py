"""Scaling of the whole `build` (a clean build, stories included): workers and corpus size.

    .venv/bin/python bench/scaling.py [--limit N] [--small M] [--only-memory] [--repeat K]

On ANT Arabic + SaudiNewsNet (62k articles; the first N, half from each, with --limit), prints wall
time, articles/s and peak memory summed over the process tree (the CLI, the pool's fork server and
workers; RSS sampled every 0.25 s, PSS every 2 s: see Sampler) for --workers 1 and --workers 2, then
the same for a build of the first M articles (default 10,000) with 2 workers, and the CPU seconds of
each process (build, fork server, workers) and of the bench's own sampling. RSS counts the pages that
the workers share with the fork server (hazm and camel-tools, loaded once there) in every process; PSS
splits them.

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


class Sampler:
    """Memory and CPU of the build's process tree, read cheaply enough not to slow the build.

    RSS and CPU time come from /proc/PID/statm and /proc/PID/stat at every tick (0.1 ms for the whole
    tree). PSS needs /proc/PID/smaps_rollup, where the kernel walks every page (10 ms for the tree), and
    listing the children scans all of /proc (7 ms): both only every `slow`-th tick. Reading all three at
    every 0.25 s tick took 7 % of a core, which a 2-worker build, with both cores busy, lost to it."""

    def __init__(self, root: psutil.Process, slow: int = 8) -> None:
        self.root, self.slow, self.ticks = root, slow, 0
        self.processes: dict[int, tuple[psutil.Process, str]] = {}
        self.cpu: dict[int, tuple[str, float]] = {}  # the last reading of a process that ended stays here
        self.peak_rss = self.peak_pss = 0
        self.where = ""

    def role(self, p: psutil.Process) -> str:
        return ("build" if p.pid == self.root.pid else "worker" if p.ppid() != self.root.pid
                else "fork server" if "forkserver" in " ".join(p.cmdline()) else "helper")

    def tick(self) -> None:
        slow = self.ticks % self.slow == 0
        self.ticks += 1
        if slow:
            for p in [self.root, *self.root.children(recursive=True)]:
                if p.pid not in self.processes:
                    try:
                        self.processes[p.pid] = p, self.role(p)
                    except psutil.Error:
                        pass
        rss = pss = 0
        parts = []
        for pid, (p, role) in list(self.processes.items()):
            try:
                rss += p.memory_info().rss
                times = p.cpu_times()
                self.cpu[pid] = role, times.user + times.system
                if slow:
                    own = getattr(p.memory_full_info(), "pss", 0)
                    pss += own
                    parts.append(f"{role} {own / 2**20:.0f}")
            except psutil.Error:  # ended since it was listed
                del self.processes[pid]
        self.peak_rss = max(self.peak_rss, rss)
        if pss > self.peak_pss:
            self.peak_pss, self.where = pss, ", ".join(parts)

    def cpu_by_role(self) -> dict[str, float]:
        by_role: dict[str, float] = {}
        for role, seconds in self.cpu.values():
            by_role[role] = by_role.get(role, 0.0) + seconds
        return by_role


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
    sampler, own_cpu = Sampler(psutil.Process(child.pid)), time.process_time()
    while child.poll() is None:
        try:
            sampler.tick()
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
    return {"articles": articles, "wall": wall, "rate": articles / wall, "peak_mib": sampler.peak_rss / 2**20,
            "pss_mib": sampler.peak_pss / 2**20, "where": sampler.where, "cpu": busy, "idle": idle,
            "by_role": sampler.cpu_by_role(), "bench_cpu": time.process_time() - own_cpu}


def line(label: str, m: dict[str, float]) -> None:
    print(f"{label:28} {m['articles']:8d} {m['wall']:8.1f} {m['rate']:8.1f} {m['peak_mib']:10.0f} {m['pss_mib']:10.0f}"
          f" {m['cpu']:8.1f} {m['idle']:7.1%}", flush=True)
    print(f"{'':28} at the PSS peak (MiB): {m['where']}", flush=True)
    print(f"{'':28} CPU s by process: "
          + ", ".join(f"{role} {s:.1f}" for role, s in sorted(m["by_role"].items()))
          + f"; this bench's own sampling {m['bench_cpu']:.1f}", flush=True)


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
