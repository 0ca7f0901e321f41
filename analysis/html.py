"""HTML pages → article text and metadata, never markup, scripts or navigation."""
from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

# Elements that never hold the article: code, navigation, page furniture, embedded media.
DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
        "iframe", "svg", "button", "select", "input", "figure", "object", "embed")
BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "div", "section",
          "article", "br")
META = {"og:title": "title", "og:url": "url", "og:site_name": "outlet",
        "article:published_time": "date", "date": "date", "pubdate": "date"}


def extract(html: str) -> dict[str, Any]:
    """{'text', 'title', 'url', 'outlet', 'date', 'lang'} from a page (missing keys are absent).

    The body is the <article> (or <main>, else <body>) with page furniture removed; blocks become
    lines so paragraphs survive.
    """
    soup = BeautifulSoup(html, "html.parser")
    out: dict[str, Any] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or "").lower()
        if key in META and tag.get("content") and META[key] not in out:
            out[META[key]] = tag["content"].strip()
    if soup.html and soup.html.get("lang"):
        out["lang"] = soup.html["lang"]
    canonical = soup.find("link", rel="canonical")
    if canonical and canonical.get("href") and "url" not in out:
        out["url"] = canonical["href"]
    for tag in soup(DROP):
        tag.decompose()
    body = soup.find("article") or soup.find("main") or soup.body or soup
    h1 = body.find("h1") or soup.find("h1")
    if h1 and h1.get_text(strip=True):
        out["title"] = h1.get_text(" ", strip=True)
    elif "title" not in out and soup.title and soup.title.string:
        out["title"] = soup.title.string.strip()
    for block in body.find_all(BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = (" ".join(line.split()) for line in body.get_text().splitlines())
    out["text"] = "\n\n".join(line for line in lines if line)
    return out
