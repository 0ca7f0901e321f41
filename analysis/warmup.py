"""Imported by the process pool's fork server (pipeline.pool_context): builds every library object
once there, so each worker forks warm instead of spending seconds importing hazm and its word lists."""
import gc

from .pipeline import warm

warm()
# What the workers inherit (camel-tools, hazm, lexicons, gazetteer) lives as long as they do: frozen, their
# collections neither walk it (a full collection walked ~170k objects) nor write to its pages, which would
# give each worker its own copy of pages it shares with the fork server.
gc.freeze()
