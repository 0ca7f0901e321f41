"""Notebooks → self-contained HTML reports (papermill executes, nbconvert exports).

The jupytext `.py` file is the source of each notebook (the `.ipynb` beside it is for JupyterLab),
so a report always reflects the notebook as committed.
"""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterable

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def notebooks(only: Iterable[str] = ()) -> list[Path]:
    wanted = {Path(name).stem for name in only}
    found = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
    return [p for p in found if not wanted or p.stem in wanted]


def write_reports(corpus: str | Path, out: str | Path, *, with_code: bool = False,
                  only: Iterable[str] = ()) -> list[Path]:
    """Execute each notebook with `corpus` as its parameter and write `out/<notebook>.html`."""
    import jupytext
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    corpus = Path(corpus).resolve()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(exclude_input=not with_code, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    written = []
    for source in notebooks(only):
        with tempfile.TemporaryDirectory() as tmp:
            notebook = Path(tmp) / f"{source.stem}.ipynb"
            nbformat.write(jupytext.read(source), notebook)
            executed = Path(tmp) / f"{source.stem}.executed.ipynb"
            papermill.execute_notebook(notebook, executed, parameters={"corpus": str(corpus), "interactive": False},
                                       kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False)
            body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
        target = out / f"{source.stem}.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written
