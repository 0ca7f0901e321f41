"""The process pool's fork server: one process that has built every library object once
(`analysis.warmup`), from which each worker forks warm and shares those pages.

Light on purpose (no pyarrow, no pandas): the CLI starts the fork server before it imports the rest, so
the server's warm-up (camel-tools or hazm, pyarrow and the pandas it imports: seconds) runs beside the
build's own start, not after it.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from itertools import islice
from multiprocessing import forkserver
from pathlib import Path
from typing import Any, Iterable

from . import ingest

# One small article per language, processed once per process to load everything that language needs.
WARM_UP = {"fa": "وزیر امور خارجه روسیه گفت: «مذاکرات سازنده بود.» به گزارش ایرنا، او ۱۹ می در تهران بود.",
           "ar": "وقال وزير الخارجية الروسي سيرغي لافروف إن المحادثات كانت بناءة، بحسب وكالة الأنباء في 14 أيار."}
WARM_LANGS = "RASAD_WARM_LANGS"  # the languages the fork server warms; a language met later is loaded by the worker itself
HEAD = 200  # articles a corpus starts with, whose languages are warmed

_FORKSERVER_ENV: dict[str, str] | None = None  # the RASAD_* variables the fork server started with


def warm_langs(head: Iterable[ingest.Article]) -> list[str]:
    """The languages of the articles a corpus starts with: hazm alone weighs ~350 MB in every process,
    which an Arabic corpus should not carry."""
    return sorted({a.lang or ingest.detect_language(a.text)[0] for a in head if a.status == "ok"} & set(WARM_UP))


def context() -> Any:
    """The fork server's context; spawn when the RASAD_* variables (codebook, gazetteer) changed since the
    fork server started, as its workers would inherit the old ones. Not fork: forking the build process
    (which runs pyarrow threads) could deadlock the children."""
    global _FORKSERVER_ENV
    env = {k: v for k, v in os.environ.items() if k.startswith("RASAD_") and k != WARM_LANGS}
    if "forkserver" in mp.get_all_start_methods() and _FORKSERVER_ENV in (None, env):
        _FORKSERVER_ENV = env
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["analysis.warmup"])
        return ctx
    return mp.get_context("spawn")


def start(inputs: Iterable[str | Path]) -> None:
    """Start the fork server now, warming the languages `inputs` begin with, unless it runs already.

    An incremental build that turns out to reuse every article has started it for nothing: a second or
    two of the other core."""
    start_for(islice(ingest.read_inputs(inputs), HEAD))


def start_for(head: Iterable[ingest.Article]) -> None:
    """Start the fork server, warming the languages of `head` (the articles a corpus starts with), or
    all when none is known (else each worker would load them on its own); nothing when it runs already."""
    if _FORKSERVER_ENV is not None or "forkserver" not in mp.get_all_start_methods():
        return
    os.environ[WARM_LANGS] = ",".join(warm_langs(head) or WARM_UP)  # read when the fork server starts
    context()
    forkserver.ensure_running()
