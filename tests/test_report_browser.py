"""The reports as a reader sees them: headless Chromium on every page, screenshots in the test's tmp dir.

The seeds report set is built once per session (`seeds_reports`); the hostile-text set once per module.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest

from analysis.report import notebooks
from conftest import ROOT, SEEDS

PAGES = ["index", *[p.stem for p in notebooks()]]
# What a reader must find on each page, in the script it was written in (the seeds).
EXPECTED = {
    "index": ["Wafaa Magazine", "Mehr News Agency", "rasad-international-relations", "pipeline version", "بلینکن و لاوروف"],
    "01_corpus_overview": ["بلینکن و لاوروف روی همکاری‌های متقابل توافق کردند", "لاوروف", "لافروف", "بلينكن"],
    "02_quotes_and_voices": ["منافع ما مشترک است", "تتعارض فيها مصالحنا", "Sergey Lavrov"],
    "03_topic_coverage": ["بلينكين"],
    "04_framing": ["تجاوزکارانه", "الخبيث"],
    "05_stories": ["منافع ما مشترک است", "تتعارض فيها مصالحنا"],
}

CHARTS = {"01_corpus_overview": 3, "02_quotes_and_voices": 3, "03_topic_coverage": 3, "04_framing": 2, "05_stories": 0}


def local_target(page_file: Path, href: str) -> Path:
    return (page_file.parent / unquote(urlparse(href).path)).resolve()


@pytest.mark.parametrize("name", PAGES)
def test_each_page_renders_cleanly_with_charts_and_text(seeds_reports, open_report, name):
    html = seeds_reports / f"{name}.html"
    seen = open_report(html)
    page = seen["page"]
    assert seen["errors"] == [], seen["errors"]
    assert seen["screenshot"].stat().st_size > 20_000
    text = page.inner_text("body")
    for expected in EXPECTED[name]:
        assert expected in text, (name, expected)
    assert "Traceback" not in text
    if name != "index":
        assert len(seen["images"]) >= CHARTS[name] and all(w >= 200 and h >= 100 for w, h in seen["images"]), seen["images"]
        assert "← All reports" in text
    # nothing wider than the window: long Persian and Arabic text wraps
    assert page.evaluate("document.documentElement.scrollWidth") <= 1300 + 2
    # Persian and Arabic cells are laid out right-to-left
    directions = page.eval_on_selector_all(
        "td[dir=auto]", "els => els.filter(e => /[\\u0600-\\u06FF]/.test(e.textContent.trim()[0] || ''))"
                        ".map(e => getComputedStyle(e).direction)")
    assert set(directions) == {"rtl"} or (name == "index" and not directions), (name, directions)


def test_index_links_every_report_and_every_data_file_loads(seeds_reports, open_report):
    index = seeds_reports / "index.html"
    page = open_report(index)["page"]
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    linked = {local_target(index, h).name for h in hrefs}
    assert {f"{stem}.html" for stem in PAGES if stem != "index"} <= linked
    assert all(local_target(index, h).is_file() for h in hrefs)
    data_links = 0
    for stem in PAGES[1:]:
        report = seeds_reports / f"{stem}.html"
        page = open_report(report)["page"]
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        assert "index.html" in hrefs
        for href in (h for h in hrefs if not h.startswith("#")):   # "#…": the headings' own anchors
            assert not urlparse(href).scheme and not href.startswith("/"), href   # relative: the folder moves as one
            target = local_target(report, href)
            assert target.is_file(), href
            if target.suffix == ".csv":
                assert len(pd.read_csv(target).columns) >= 2
                data_links += 1
            elif target.suffix == ".xlsx":
                assert len(pd.read_excel(target).columns) >= 2
                data_links += 1
        assert any(h.endswith(".csv") for h in hrefs) and any(h.endswith(".xlsx") for h in hrefs), stem
    assert data_links >= 2 * 12
    quotes = pd.read_csv(seeds_reports / "data" / "02_quotes_and_voices" / "quotes.csv")
    assert quotes["content"].str.contains("منافع ما مشترک است").any()   # Persian survives the CSV


# ---- hostile text: article text must show as text and never run ------------------------------------

HOSTILE = """---
title: "<script>document.title='HACKED'; window.__injected = 1</script> بیانیه <img src=x onerror=\\"window.__injected=2\\">"
outlet: "خبرگزاری <b onmouseover=alert(1)>تست</b>"
lang: fa
date: 2021-05-20
---
<script>document.title='HACKED'; window.__injected = 3</script>

تهران- سخنگوی وزارت خارجه روز پنجشنبه با اشاره به نشست ریکیاویک اعلام کرد که ایران از گفتگو حمایت می‌کند.

سرگئی لاوروف گفت: «<img src=x onerror="window.__injected=4"> منافع ما <script>window.__injected=5</script> مشترک است و [اینجا را ببینید](javascript:window.__injected=6) <a href="javascript:window.__injected=7">کلیک</a>».

لاوروف نیز گفت: «**مهم** <iframe src="javascript:window.__injected=8"></iframe> همکاری ادامه دارد».

این گزارش در ## عنوان جعلی و `کد` و <style>body{display:none}</style> منتشر شد.
"""


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory):
    from analysis.pipeline import build

    folder = tmp_path_factory.mktemp("hostile")
    raw = folder / "raw"
    raw.mkdir()
    (raw / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    seed = SEEDS / "001_b28e6cb4553fe23e.txt"   # a second, ordinary outlet beside it
    (raw / seed.name).write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    build([str(raw)], folder / "tables", workers=1, progress=False)
    out = folder / "reports"
    done = subprocess.run([sys.executable, "-m", "analysis", "report", str(folder / "tables"), "--out", str(out),
                           "--title", "<script>window.__injected=9</script> عنوان"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


def test_hostile_article_is_built_with_its_markup_as_text(hostile_reports):
    import analysis

    c = analysis.load(hostile_reports.parent / "tables")
    hostile = c.ok[c.ok["title"].str.contains("<script>", regex=False, na=False)]
    assert len(hostile) == 1 and "onerror" in hostile.iloc[0]["text"]
    assert c.quotes["content"].str.contains("<script>", regex=False).any()   # the injection is inside a quote


@pytest.mark.parametrize("name", PAGES)
def test_hostile_text_shows_literally_and_nothing_runs(hostile_reports, open_report, name):
    html = hostile_reports / f"{name}.html"
    seen = open_report(html)
    page = seen["page"]
    assert seen["errors"] == [], seen["errors"]     # a blocked script would also log an error here
    assert "HACKED" not in page.title() and page.title().endswith("عنوان")
    assert page.evaluate("typeof window.__injected") == "undefined"
    assert page.eval_on_selector_all("[onerror], [onmouseover], iframe, script", "els => els.length") == 0
    assert page.eval_on_selector_all("a[href]", "els => els.filter(e => /^\\s*javascript:/i.test("
                                     "e.getAttribute('href'))).length") == 0
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
    text = page.inner_text("body")
    assert "<script>window.__injected=9</script> عنوان" in text     # the --title, as typed
    # the text as built (the normalizer may respace punctuation), shown character for character
    import analysis

    c = analysis.load(hostile_reports.parent / "tables")
    squeeze = lambda s: " ".join(s.split())  # noqa: E731
    shown = squeeze(text)
    if name == "01_corpus_overview":
        title = c.ok.loc[c.ok["title"].str.contains("<script>", regex=False, na=False), "title"].iloc[0]
        assert title.startswith("<script>document.") and squeeze(title) in shown
        assert "onerror=" in shown
    if name == "02_quotes_and_voices":
        hostile = c.quotes[c.quotes["content"].str.contains("<", regex=False)]["content"]
        assert len(hostile) >= 2 and all(squeeze(q) in shown for q in hostile)   # Lavrov's, side by side
        assert "<script>" in squeeze(" ".join(hostile)) and "<iframe" in shown and "javascript:" in shown
