"""The extractors compiled to C with mypyc: the same source files, 1.5–1.8× faster.

    make native      # `make` does it whenever a source file changed (~1 minute)

The per-token work of the build (tokens and keys, quotes, cited sources, codebook, dates, names) is
dense Python; mypyc compiles those modules, unchanged and type-checked, into `.compiled/`. The package
imports a compiled module from there instead of its .py file only while the compiled build matches
the sources (a hash of every .py file of the package), so an edit takes effect at once, in plain
Python, until the next `make`. RASAD_PURE=1 runs plain Python even with a fresh build.
tests/test_native.py checks the compiled build gives the same rows as the sources on real articles.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sys
from functools import cache
from pathlib import Path

# The package's own folder: its data files live here, wherever a compiled module was loaded from.
SOURCES = Path(__file__).resolve().parent
BUILD = SOURCES.parent / ".compiled"
STAMP = BUILD / "stamp"
COMPILED = ("normalize/common.py", "normalize/ar.py", "entities.py", "citations.py", "quotes.py", "codebook.py",
            "dates.py")


def source_hash() -> str:
    """What a compiled build is valid for: this Python and every source file of the package (a compiled
    module also holds what it assumed about the modules it calls)."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(SOURCES.rglob("*.py")):
        digest.update(str(path.relative_to(SOURCES)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def fresh() -> bool:
    """Whether the compiled modules are there and built from the current sources."""
    try:
        return STAMP.read_text() == source_hash()
    except OSError:
        return False


def enabled() -> bool:
    return os.environ.get("RASAD_PURE", "") in ("", "0") and fresh()


def extend(package_path: list[str], package: str) -> None:
    """Put a package's compiled modules ahead of its sources (called from the package's __init__)."""
    if enabled():
        package_path.insert(0, str(BUILD / package.replace(".", "/")))


def in_use() -> list[str]:
    """The modules of the package loaded from the compiled build."""
    return sorted(name for name, module in list(sys.modules.items())
                  if name.startswith("analysis.") and str(getattr(module, "__file__", "")).startswith(str(BUILD)))


def build() -> None:
    """Compile COMPILED into .compiled/ and stamp it with the sources it was built from."""
    from mypyc.build import mypycify
    from setuptools import setup

    stamp = source_hash()
    STAMP.unlink(missing_ok=True)
    # a module compiled before and no longer in COMPILED would shadow its source and fail to load
    shutil.rmtree(BUILD / "analysis", ignore_errors=True)
    BUILD.mkdir(exist_ok=True)
    os.chdir(BUILD)  # setuptools reads the project's pyproject.toml from the working folder; this is no package
    modules = [str(SOURCES / name) for name in COMPILED]
    setup(name="rasad-native", packages=[], py_modules=[],
          ext_modules=mypycify([*modules, "--ignore-missing-imports"], opt_level="3", target_dir=str(BUILD / "c"),
                               group_name="analysis._native"),
          script_args=["--quiet", "build_ext", "--build-lib", str(BUILD), "--build-temp", str(BUILD / "tmp"),
                       "--parallel", str(os.cpu_count() or 1)])
    STAMP.write_text(stamp)
    print(f"compiled {len(COMPILED)} modules into {BUILD}")
