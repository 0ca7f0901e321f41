"""Shared fixtures: the ../shared corpora (skipped with a message when absent) and a built seed corpus."""
from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "raw" / "seeds"
SHARED = ROOT.parent / "shared"


def shared_corpus(name: str) -> Path:
    path = SHARED / "corpora" / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpora sit beside the project checkout in ../shared")
    return path


def first_records(name: str, n: int) -> list[dict]:
    with gzip.open(shared_corpus(name), "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in itertools.islice(fh, n)]


@pytest.fixture(scope="session")
def seeds_built(tmp_path_factory):
    from analysis.pipeline import build

    out = tmp_path_factory.mktemp("seeds") / "tables"
    build([str(SEEDS)], out, workers=1, progress=False)
    return out


# ---- a real browser, for tests that look at reports as a reader does ------------------------------

def chromium_path() -> str:
    """Debian's chromium, installed with apt-get when absent; the test skips when that cannot be done."""
    import os
    import shutil
    import subprocess

    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    apt = ["apt-get", "install", "-y", "-q", "chromium"]
    if os.geteuid() != 0:
        apt = ["sudo", "-n", *apt]
    try:
        done = subprocess.run(apt, capture_output=True, text=True, timeout=600,
                              env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"chromium is not installed and apt-get could not run ({exc}); browser tests skipped")
    if done.returncode != 0 or not (path := shutil.which("chromium")):
        pytest.skip("chromium is not installed and `apt-get install chromium` failed "
                    f"({done.stderr.strip()[-200:]}); browser tests skipped")
    return path


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright (the system browser: Playwright downloads nothing)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def open_report(browser, tmp_path):
    """open_report(html) → the page as a reader sees it, with a PNG screenshot saved in tmp_path.

    The result holds `page` (still open), `errors` (console errors and uncaught exceptions),
    `images` (rendered width × height of every <img>) and `screenshot` (the PNG path).
    """
    pages = []

    def open_(html: Path, width: int = 1300) -> dict:
        page = browser.new_page(viewport={"width": width, "height": 900})
        pages.append(page)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
        page.goto(Path(html).resolve().as_uri(), wait_until="load")
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
        screenshot = tmp_path / f"{Path(html).stem}.png"
        page.screenshot(path=str(screenshot), full_page=True)
        return {"page": page, "errors": errors, "images": images, "screenshot": screenshot}

    yield open_
    for page in pages:
        page.close()


@pytest.fixture(scope="session")
def seeds_reports(seeds_built, tmp_path_factory):
    """The whole report set on the seeds, written once per session by the command a researcher types."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("reports") / "reports"
    done = subprocess.run([sys.executable, "-m", "analysis", "report", str(seeds_built), "--out", str(out),
                           "--title", "Reykjavik 2021: بلینکن و لاوروف"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return out
