"""Imported by the process pool's fork server (pipeline.pool_context): builds every library object
once there, so each worker forks warm instead of spending seconds importing hazm and its word lists."""
from .pipeline import warm

warm()
