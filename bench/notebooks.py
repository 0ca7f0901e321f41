"""Seconds each notebook takes top to bottom on a built corpus, as JupyterLab runs it (interactive=True,
so the ipywidgets path executes) — the kernel start included. Prints one line per notebook.

    .venv/bin/python bench/notebooks.py [data/processed/seeds]
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbformat
import papermill

from analysis.report import NOTEBOOKS, notebooks


def main(corpus: str = "data/processed/seeds") -> None:
    corpus = str(Path(corpus).resolve())
    for source in notebooks():
        with tempfile.TemporaryDirectory() as tmp:
            notebook = Path(tmp) / f"{source.stem}.ipynb"
            nbformat.write(jupytext.read(source), notebook)
            started = time.perf_counter()
            papermill.execute_notebook(notebook, Path(tmp) / "out.ipynb", kernel_name="python3", cwd=str(NOTEBOOKS),
                                       progress_bar=False, parameters={"corpus": corpus, "interactive": True})
            print(f"{source.stem:24s} {time.perf_counter() - started:6.1f} s  (interactive=True, {corpus})", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
