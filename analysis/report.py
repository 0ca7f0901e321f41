"""Notebooks → self-contained HTML reports (papermill executes, nbconvert exports), plus index.html.

The jupytext `.py` file is the source of each notebook (the `.ipynb` beside it is for JupyterLab),
so a report always reflects the notebook as committed. Every page carries the same inlined style
sheet (`report.css`) and no script at all: the reports are static, open from disk or an e-mail, and
article text can never run in them.
"""
from __future__ import annotations

import html
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
CSS = Path(__file__).resolve().parent / "report.css"
# Static pages need no script; this also stops any that slipped through escaping.
POLICY = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
          'style-src \'unsafe-inline\'; font-src data:">')
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.S | re.I)


def notebooks(only: Iterable[str] = ()) -> list[Path]:
    wanted = {Path(name).stem for name in only}
    found = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
    return [p for p in found if not wanted or p.stem in wanted]


def filters(outlets: Iterable[str] = (), start: str | None = None, end: str | None = None,
            lang: str | None = None) -> dict[str, Any]:
    """The report filters as notebook parameters (papermill passes them to every notebook)."""
    return {"outlets": [o for o in outlets if o], "start": start, "end": end, "lang": lang}


def describe(chosen: dict[str, Any]) -> str:
    parts = []
    if chosen.get("outlets"):
        parts.append("outlets: " + ", ".join(chosen["outlets"]))
    if chosen.get("start") or chosen.get("end"):
        parts.append(f"dates: {chosen.get('start') or '…'} to {chosen.get('end') or '…'}")
    if chosen.get("lang"):
        parts.append(f"language: {chosen['lang']}")
    return "; ".join(parts) or "whole corpus"


def write_reports(corpus: str | Path, out: str | Path, *, with_code: bool = False, only: Iterable[str] = (),
                  outlets: Iterable[str] = (), start: str | None = None, end: str | None = None,
                  lang: str | None = None, title: str | None = None) -> list[Path]:
    """Execute each notebook on `corpus` (filtered) and write `out/<notebook>.html`, `out/data/<notebook>/`
    (the tables behind the charts) and `out/index.html`. Raises store.EmptySelection before running any
    notebook when the filters leave no article."""
    import jupytext
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    from .store import load

    corpus = Path(corpus).resolve()
    chosen = filters(outlets, start, end, lang)
    selected = load(corpus).filter(**chosen)  # fails here, with the reason, not inside five notebooks
    title = title or "Rasad reports"
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(exclude_input=not with_code, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    written = []
    for source in notebooks(only):
        downloads = out / "data" / source.stem
        with tempfile.TemporaryDirectory() as tmp:
            notebook = Path(tmp) / f"{source.stem}.ipynb"
            nbformat.write(jupytext.read(source), notebook)
            executed = Path(tmp) / f"{source.stem}.executed.ipynb"
            papermill.execute_notebook(notebook, executed, kernel_name="python3", cwd=str(NOTEBOOKS),
                                       progress_bar=False,
                                       parameters={"corpus": str(corpus), "interactive": False,
                                                   "downloads": str(downloads), **chosen})
            body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
        target = out / f"{source.stem}.html"
        target.write_text(dress(body, title, _heading(source), describe(chosen)), encoding="utf-8")
        written.append(target)
    index = out / "index.html"
    index.write_text(index_page(selected, [p for p in sorted(out.glob("[0-9][0-9]_*.html"))], title,
                                describe(chosen)), encoding="utf-8")
    return [*written, index]


def _heading(source: Path) -> str:
    """The notebook's first Markdown heading: its name on the index and in the page title."""
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("# # "):
            return line[4:].strip()
    return source.stem


def _bar(title: str, filters_text: str, home: bool) -> str:
    link = "" if home else '<a href="index.html">← All reports</a>'
    return (f'<div class="rasad-bar">{link}<span class="rasad-title">{html.escape(title)}</span>'
            f'<span class="rasad-filters">{html.escape(filters_text)}</span></div>')


def dress(page: str, title: str, heading: str, filters_text: str) -> str:
    """An nbconvert page with the shared style, a bar linking home, and none of the template's
    scripts (MathJax, require.js and mermaid from a CDN: useless offline, and nothing here needs them)."""
    page = SCRIPT.sub("", page)
    page = re.sub(r"<title>.*?</title>", f"<title>{html.escape(heading)} · {html.escape(title)}</title>",
                  page, count=1, flags=re.S)
    page = page.replace("<head>", f'<head>\n{POLICY}', 1)
    page = page.replace("</head>", f"<style>\n{CSS.read_text(encoding='utf-8')}</style>\n</head>", 1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + _bar(title, filters_text, home=False), page, count=1)


def index_page(corpus: Any, reports: list[Path], title: str, filters_text: str) -> str:
    """The landing page: what the corpus holds, the reports, and the versions that produced them."""
    from .plots import html_table

    ok = corpus.ok
    manifest = corpus.manifest
    per_outlet = (ok.assign(outlet=ok["outlet"].fillna("(outlet unknown)").astype(str))
                  .groupby(["outlet", "lang"], dropna=False)
                  .agg(articles=("article_id", "count"), first=("date", "min"), last=("date", "max"))
                  .reset_index().sort_values("articles", ascending=False))
    per_lang = ok.groupby("lang").agg(articles=("article_id", "count"), words=("n_words", "sum")).reset_index()
    dates = pd.to_datetime(ok["date"], errors="coerce").dropna()
    span = f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else "no dated articles"
    book = manifest.get("codebook", {})
    versions = {**{"codebook": f"{book.get('name', '?')} {book.get('version', '')} (sha1 {book.get('sha1', '?')})",
                   "pipeline version": str(manifest.get("pipeline_version", "?"))},
                **{k: str(v) for k, v in manifest.get("versions", {}).items()},
                "tables built": f"{manifest.get('articles', '?')} inputs in {manifest.get('wall_seconds', '?')} s"}
    cards = "".join(f'<div class="rasad-card"><b>{html.escape(str(v))}</b>{html.escape(k)}</div>' for k, v in (
        ("articles", len(ok)), ("outlets", ok["outlet"].nunique()), ("languages", ok["lang"].nunique()),
        ("dated articles", len(dates))))
    items = "".join(f'<li><a href="{html.escape(p.name)}">{html.escape(_page_heading(p))}</a> '
                    f'<span class="rasad-meta">({html.escape(p.name)})</span></li>' for p in reports)
    meta = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in versions.items())
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">{POLICY}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
{CSS.read_text(encoding='utf-8')}</style></head>
<body>{_bar(title, filters_text, home=True)}
<main class="rasad">
<h1>{html.escape(title)}</h1>
<p class="rasad-meta">Built {now} · selection: {html.escape(filters_text)} · articles dated {html.escape(span)}</p>
<div class="rasad-cards">{cards}</div>
<h2>Reports</h2>
<ul class="rasad-reports">{items}</ul>
<h2>Articles per outlet and language</h2>
{html_table(per_outlet)}
<h2>Articles per language</h2>
{html_table(per_lang)}
<h2>Codebook and pipeline</h2>
<table>{meta}</table>
<p class="rasad-meta">Each report links the CSV and Excel files of the rows behind its charts (folder <code>data/</code>).</p>
</main></body></html>
"""


def _page_heading(path: Path) -> str:
    found = re.search(r"<title>(.*?) · ", path.read_text(encoding="utf-8"), re.S)
    return html.unescape(found.group(1)) if found else path.stem
