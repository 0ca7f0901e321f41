"""Reports: the notebook runs on the seeds and exports self-contained HTML with its charts."""
from __future__ import annotations

import re
import subprocess
import sys

import jupytext

from analysis.report import NOTEBOOKS, notebooks
from conftest import ROOT


def test_notebook_pairs_are_in_sync():
    for source in notebooks():
        paired = source.with_suffix(".ipynb")
        assert paired.exists(), f"{paired.name} missing: run `jupytext --sync {source}`"
        cells = lambda nb: [(c.cell_type, c.source) for c in nb.cells]  # noqa: E731
        assert cells(jupytext.read(source)) == cells(jupytext.read(paired)), f"run `jupytext --sync {source}`"
        assert jupytext.read(source).metadata["kernelspec"]["name"] == "python3"


def test_report_html_has_charts_and_seed_text(seeds_reports):
    out = seeds_reports
    html = (out / "01_corpus_overview.html").read_text(encoding="utf-8")
    images = re.findall(r'<img[^>]*src="data:image/png;base64,([^"]+)"', html)
    assert len(images) >= 3 and all(len(b) > 10_000 for b in images)   # three real charts, embedded
    for text in ("بلینکن و لاوروف روی همکاری‌های متقابل توافق کردند", "Wafaa Magazine", "Mehr News Agency"):
        assert text in html
    assert 'dir="auto"' in html
    for leak in ("Traceback", "Text(", "<matplotlib.", "import analysis"):
        assert leak not in html   # no errors, no stray reprs, code hidden by default
    assert len(list(NOTEBOOKS.glob("*.py"))) == len(list(out.glob("[0-9][0-9]_*.html")))

    voices = (out / "02_quotes_and_voices.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<img[^>]*src="data:image/png;base64,', voices)) >= 3
    for leak in ("Traceback", "Text(", "<matplotlib."):
        assert leak not in voices
    # Lavrov's "where our interests intersect" as 000 (Persian), 001 (Wafaa) and 002 printed it, side by side
    lavrov = voices[voices.index("<h3>Sergey Lavrov</h3>"):]
    lavrov = lavrov[:lavrov.index("</table>")]
    for rendering in ("منافع ما مشترک است", "في المجالات التي تتعارض فيها مصالحنا", "موقف روسيا واضح"):
        assert rendering in lavrov
    assert {"(outlet unknown) 000_ed85480c", "Wafaa Magazine", "(outlet unknown) 002_d15a430c"} <= set(
        re.findall(r'<th dir="auto">([^<]+?) \((?:fa|ar)\)</th>', lavrov))


def test_coverage_framing_and_story_reports(seeds_reports):
    out = seeds_reports
    pages = {name: (out / f"{name}.html").read_text(encoding="utf-8") for name in ("03_topic_coverage", "04_framing", "05_stories")}
    for name, html in pages.items():
        for leak in ("Traceback", "Text(", "<matplotlib.", "HBox(", "widget-view", "import analysis"):
            assert leak not in html, (name, leak)
    charts = lambda html: re.findall(r'<img[^>]*src="data:image/png;base64,([^"]+)"', html)  # noqa: E731
    assert len(charts(pages["03_topic_coverage"])) >= 3 and all(len(b) > 10_000 for b in charts(pages["03_topic_coverage"]))
    assert "component" in pages["03_topic_coverage"] and "بلينكين" in pages["03_topic_coverage"]  # NMF terms, in Arabic
    assert len(charts(pages["04_framing"])) >= 3 and "تجاوزکارانه" in pages["04_framing"] and "الخبيث" in pages["04_framing"]
    # the Reykjavik story: three articles, Persian and Arabic, with Lavrov's words side by side
    stories = pages["05_stories"]
    assert "3 articles, 3 outlets (ar, fa)" in stories and "Sergey Lavrov in each outlet" in stories


def test_filters_reach_the_notebooks_and_an_empty_selection_is_explained(seeds_built, tmp_path):
    out = tmp_path / "fa"
    done = subprocess.run([sys.executable, "-m", "analysis", "report", str(seeds_built), "--out", str(out),
                           "--notebook", "01_corpus_overview", "--lang", "fa", "--to", "2021-12-31"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    page = (out / "01_corpus_overview.html").read_text(encoding="utf-8")
    assert "بلینکن و لاوروف روی همکاری‌های متقابل توافق کردند" in page   # 000, Persian, dated 2021-05-19
    assert "Mehr News Agency" not in page and "Wafaa Magazine" not in page   # 003 has no date; 001 is Arabic
    assert "language: fa" in page and "1 inputs, 1 articles built" in page
    titles = __import__("pandas").read_csv(out / "data" / "01_corpus_overview" / "titles.csv")
    assert list(titles["lang"]) == ["fa"]

    empty = subprocess.run([sys.executable, "-m", "analysis", "report", str(seeds_built), "--out", str(tmp_path / "x"),
                            "--outlets", "BBC Persian"], cwd=ROOT, capture_output=True, text=True)
    assert empty.returncode != 0 and "Traceback" not in empty.stderr
    assert "No article matches outlets BBC Persian" in empty.stderr and "Wafaa Magazine" in empty.stderr
    assert not (tmp_path / "x" / "01_corpus_overview.html").exists()


def test_notebook_defaults_open_the_bundled_corpus_from_notebooks_folder():
    """`make lab` starts JupyterLab in notebooks/ after `make build`: each default `corpus` must point there."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    built = re.search(r"^CORPUS := (\S+)", makefile, re.M).group(1)
    for source in notebooks():
        cell = next(c for c in jupytext.read(source).cells if "parameters" in c.metadata.get("tags", []))
        scope: dict = {}
        exec(cell.source, scope)
        assert (NOTEBOOKS / scope["corpus"]).resolve() == (ROOT / built).resolve(), source.name
        assert scope["downloads"] == "" and scope["outlets"] == [], source.name   # Lab writes no files


def test_lab_path_runs_with_live_filters(seeds_built, tmp_path):
    """interactive=True (JupyterLab) executes top to bottom and leaves drop-downs, not static charts only."""
    import nbformat
    import papermill

    source = NOTEBOOKS / "04_framing.py"
    notebook = tmp_path / "04.ipynb"
    nbformat.write(jupytext.read(source), notebook)
    papermill.execute_notebook(notebook, tmp_path / "out.ipynb", kernel_name="python3", cwd=str(NOTEBOOKS),
                               progress_bar=False, parameters={"corpus": str(seeds_built), "interactive": True})
    outputs = [o for c in nbformat.read(tmp_path / "out.ipynb", as_version=4).cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
