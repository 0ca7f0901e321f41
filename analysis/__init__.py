"""Rasad (رصد): compare how Persian- and Arabic-language outlets cover the same events.

`analysis.load(DIR)` reads the tables written by `python -m analysis build INPUT… --out DIR`.
"""
from .store import Corpus, load

__all__ = ["Corpus", "load"]
