"""Imported by the process pool's fork server (pool.context): builds every library object
once there, so each worker forks warm instead of spending seconds importing hazm and its word lists."""
import pyarrow as pa

from .pipeline import warm

warm()  # and gc.freeze(): what the workers inherit lives as long as they do
# A worker's Arrow tables (a chunk's packed rows) are small and short-lived: with the system allocator their
# memory goes back to the heap Python allocates from, where mimalloc kept ~10 MiB of its own in each worker.
pa.set_memory_pool(pa.system_memory_pool())
