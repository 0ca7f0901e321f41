"""Rasad (رصد): compare how Persian- and Arabic-language outlets cover the same events.

`analysis.load(DIR)` reads the tables written by `python -m analysis build INPUT… --out DIR`.
"""
from . import native

native.extend(__path__, __name__)  # the compiled extractors, when built from these sources (native.py)

from .store import Corpus, load  # noqa: E402

__all__ = ["Corpus", "load"]
