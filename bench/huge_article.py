"""One 20 MB "article" (a dump pasted into one file): build time and peak memory, capped and uncapped.

    .venv/bin/python bench/huge_article.py [--mb 20] [--cap 200000]

Builds a folder holding the huge file and one small article with `analysis.pipeline.build` (one
process) and prints wall seconds, the characters analysed, the warning, and the peak RSS of this
process. The text is Persian news sentences repeated, each with a speech verb, so every sentence is a
quote: the worst case for speaker resolution. `--cap 0` lifts the cap (ingest.MAX_CHARS) to show why it
exists; expect minutes.
"""
from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import analysis
from analysis import ingest
from analysis.pipeline import build

SENTENCES = ("آقای لاوروف گفت که روسیه و ایالات متحده اختلافات جدی دارند اما باید همکاری کنند. "
             "او افزود که گفتگوها سازنده بود. وزیر بهداشت ایران امروز از گشایش بیمارستانی تازه در شهر "
             "مشهد با ظرفیت پانصد تخت خبر داد.\n\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=20)
    parser.add_argument("--cap", type=int, default=ingest.MAX_CHARS)
    args = parser.parse_args()
    ingest.MAX_CHARS = args.cap or 10**12
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        raw = SENTENCES.encode()
        (folder / "huge.txt").write_bytes(raw * int(args.mb * 1e6 / len(raw) + 1))
        (folder / "small.txt").write_text("قال لافروف إن المحادثات كانت بناءة.", encoding="utf-8")
        build([str(folder / "small.txt")], Path(tmp) / "warm", workers=1, progress=False)  # load models first
        started = time.perf_counter()
        build([str(folder)], Path(tmp) / "out", workers=1, progress=False)
        seconds = time.perf_counter() - started
        rows = analysis.load(Path(tmp) / "out").articles.set_index("article_id")
    huge = rows.loc["huge"]
    print(f"input {args.mb:g} MB, cap {args.cap:,} characters")
    print(f"build {seconds:.1f} s; analysed {len(huge['text']):,} characters; status {huge['status']}")
    print(f"warning: {huge['warning']}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
