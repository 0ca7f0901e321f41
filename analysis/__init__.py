"""Rasad (رصد): compare how Persian- and Arabic-language outlets cover the same events.

`analysis.load(DIR)` reads the tables written by `python -m analysis build INPUT… --out DIR`.
"""
from . import native

native.extend(__path__, __name__)  # the compiled extractors, when built from these sources (native.py)

__all__ = ["Corpus", "load"]


def __getattr__(name: str) -> object:
    """Corpus and load, imported when first asked for: they bring pandas (a second and a half), which
    `python -m analysis build` should not wait for before it starts the pool's fork server (pool.py)."""
    if name in __all__:
        from . import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
