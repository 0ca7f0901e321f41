"""The dask engine: `pipeline.process` mapped over partitions of a dask.bag on a distributed cluster.

The client reads the inputs and ships articles to the workers in batches; results come back in
input order and are written by the same TableWriter as the local engine, so the tables are the
same. Two batches are in flight at once, so workers stay busy while the client writes, and memory
on the client stays flat whatever the corpus size.
"""
from __future__ import annotations

import os
from collections import deque
from typing import Any, Iterable, Iterator

from .ingest import Article

BATCH = 512  # articles per dask.bag computation


class ClusterMismatch(RuntimeError):
    """The workers run different code, lexicons or codebook than the client."""


def worker_setup(files: dict[str, bytes | None]) -> str:
    """Run on each worker: install the client's codebook and entity files (by their variable), return
    the worker's pipeline version."""
    import tempfile
    from pathlib import Path

    from . import citations, codebook, entities
    from .incremental import code_digest, pipeline_version

    folder = Path(tempfile.gettempdir()) / f"rasad-{os.getpid()}"
    for variable, data in files.items():
        if data is None:
            os.environ.pop(variable, None)
        else:  # the client's file, written locally: a worker cannot read the client's paths
            folder.mkdir(exist_ok=True)
            (folder / f"{variable.lower()}.yaml").write_bytes(data)
            os.environ[variable] = str(folder / f"{variable.lower()}.yaml")
    for cached in (codebook.load, entities.gazetteer, citations.registry, citations._credit_starts, code_digest):
        cached.cache_clear()
    return pipeline_version(codebook.load().digest)


def _setup_files() -> dict[str, bytes | None]:
    from pathlib import Path

    from .incremental import LEXICON_VARIABLES

    return {variable: Path(os.environ[variable]).read_bytes() if os.environ.get(variable) else None
            for variable in ("RASAD_CODEBOOK", *LEXICON_VARIABLES)}


def run(articles: Iterable[Article], scheduler: str | None = None, batch: int = BATCH,
        about: dict[str, Any] | None = None) -> Iterator[Any]:
    """process() over `articles` on the cluster at `scheduler` (or a LocalCluster sized to this
    machine), yielding each article's rows in input order. `about["workers"]`: the cluster's threads."""
    import dask.bag as db
    from distributed import Client, LocalCluster

    from . import codebook
    from .incremental import pipeline_version
    from .pipeline import batched

    local = None
    if scheduler:
        client = Client(scheduler)
    else:
        local = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                             dashboard_address=None)
        client = Client(local)
    try:
        expected = pipeline_version(codebook.load().digest)
        found = client.run(worker_setup, _setup_files())
        if wrong := {w: v for w, v in found.items() if v != expected}:
            raise ClusterMismatch(
                f"{len(wrong)} dask worker(s) run a different Rasad (pipeline version {sorted(set(wrong.values()))}, "
                f"this machine {expected}): install the same version of the package and lexicons on every worker")
        slots = max(1, sum(client.nthreads().values()))
        if about is not None:
            about["workers"] = slots
        pending: deque[Any] = deque()
        for chunk in batched(articles, batch):
            bag = db.from_sequence(chunk, npartitions=min(len(chunk), 2 * slots))
            # a partition's rows come back packed as the local pool's chunks do (pipeline.pack)
            pending.append(client.compute(bag.map_partitions(_process_partition)))
            if len(pending) >= 2:
                yield from _unpacked(pending.popleft().result())
        while pending:
            yield from _unpacked(pending.popleft().result())
    finally:
        client.close()
        if local is not None:
            local.close()


def _process_partition(articles: Iterable[Article]) -> list[Any]:
    """Run on a worker: a partition's rows packed into Arrow as the local pool's chunks are
    (pipeline.pack), so the client takes buffers instead of unpickling and converting dict rows."""
    from .pipeline import process_batch

    return [process_batch(articles)]


def _unpacked(partitions: list[Any]) -> Iterator[Any]:
    from .pipeline import unpack

    for packed in partitions:
        yield from unpack(packed)
