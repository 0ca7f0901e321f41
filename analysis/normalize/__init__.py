"""Language-specific normalizers with one shape; `make_doc(text, lang)` is the entry point."""
from __future__ import annotations

from types import ModuleType

from .. import native

native.extend(__path__, __name__)

from . import ar, fa  # noqa: E402
from .common import Doc, Sentence, Token, build_doc

MODULES: dict[str, ModuleType] = {"fa": fa, "ar": ar}


def clean(text: str, lang: str) -> str:
    """The display text of an article in `lang`."""
    return MODULES[lang].clean(text)


def make_doc(text: str, lang: str, *, cleaned: bool = False) -> Doc:
    """Doc for `text` in `lang` ('fa' or 'ar'); pass cleaned=True when `text` is already display text."""
    return build_doc(lang, MODULES[lang], text, cleaned=cleaned)


__all__ = ["Doc", "Sentence", "Token", "clean", "make_doc", "MODULES"]
