"""Ingest: read whatever the researcher has into Article records, losing nothing.

Readers for folders (.txt/.md with optional YAML front matter, .html, sidecar metadata.csv/.jsonl)
and record files (.jsonl, .jsonl.gz, .csv, .parquet); encoding detection; language and variety id;
boilerplate stripping. Every input yields a record: what cannot be read becomes a record with
`status='error'` and the reason, never an exception that stops the run.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from .normalize.common import LEXICONS, data_lines

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = (".jsonl.gz", ".jsonl", ".csv", ".parquet")
SIDECARS = {"metadata.csv", "metadata.jsonl"}
META_FIELDS = ("id", "lang", "outlet", "date", "url", "title")
# One article is analysed up to this many characters: four times the longest article in the shared
# corpora (47k). Speaker resolution grows with quotes × earlier speakers, so a 20 MB "article" (a dump
# pasted into one file, every line a quote) took 4 minutes at 1M characters; capped, with a warning.
MAX_CHARS = 200_000


@dataclass
class Article:
    """One input article after reading, before normalization."""

    source: str
    text: str = ""
    id: str | None = None
    lang: str | None = None
    outlet: str | None = None
    date: dt.date | None = None
    url: str | None = None
    title: str | None = None
    encoding: str | None = None
    status: str = "ok"
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    inferred: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    variety: str | None = None
    lang_detected: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def fail(self, status: str, error: str) -> "Article":
        self.status, self.error = status, error
        return self


# ---- discovering inputs -------------------------------------------------------------------------

def read_inputs(paths: Iterable[str | Path]) -> Iterator[Article]:
    """Every article in `paths` (folders and record files), in a stable order."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from read_folder(path)
        elif path.exists():
            yield from read_file(path, path.name)
        else:
            yield Article(source=str(path)).fail("error", f"input not found: {path}")


def read_folder(folder: Path) -> Iterator[Article]:
    metadata, problems = read_sidecar(folder)
    yield from problems
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    seen: set[str] = set()
    for path in files:
        rel = path.relative_to(folder).as_posix()
        if path.name in SIDECARS and path.parent == folder:
            continue
        seen.add(rel)
        if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
            yield Article(source=str(path), id=Path(rel).with_suffix("").as_posix()).fail(
                "error", "this is a link to a file outside the input folder; it was not read")
            continue
        for article in read_file(path, rel):
            meta = metadata.get(rel) or metadata.get(path.name)
            if meta:
                apply_meta(article, meta, overwrite=False)
            yield article
    for name in sorted(set(metadata) - seen - {Path(n).name for n in seen}):
        # never opened: a name like ../../etc/passwd or /etc/passwd stays a name, not a file to read
        where = "outside the input folder" if _outside(name) else "not in the folder"
        yield Article(source=metadata[name]["__source__"]).fail(
            "error", f"the metadata file names {name!r}, which is {where}; its row was not used")


def _outside(name: str) -> bool:
    return Path(name).is_absolute() or ".." in Path(name).parts


def read_sidecar(folder: Path) -> tuple[dict[str, dict[str, Any]], list[Article]]:
    """metadata.csv / metadata.jsonl keyed by file name (column `file`, else `filename`/`path`).

    Returns the rows by name and an error Article for every row or file that could not be used, so a
    broken sidecar is reported instead of stopping the run or being skipped silently.
    """
    rows: list[tuple[str, dict[str, Any]]] = []
    problems: list[Article] = []
    csv_path, jsonl_path = folder / "metadata.csv", folder / "metadata.jsonl"
    if csv_path.exists():
        text, _ = decode(csv_path.read_bytes())
        names: list[str] = []
        for line, row in csv_rows(text):
            if isinstance(row, str):
                problems.append(Article(source=f"{csv_path}:{line}").fail("error", "metadata.csv: " + row))
                continue
            names = names or list(row)
            rows.append((f"{csv_path}:{line}", row))
        if rows and not {"file", "filename", "path"} & set(names):
            problems.append(Article(source=str(csv_path)).fail(
                "error", f"metadata.csv has no `file` column (its columns: {', '.join(map(str, names))}), "
                         "so its rows cannot be matched to files; none was used"))
            rows = [r for r in rows if not r[0].startswith(str(csv_path))]
    if jsonl_path.exists():
        text, _ = decode(jsonl_path.read_bytes())
        for i, line_text in enumerate(text.split("\n"), start=1):
            if not line_text.strip():
                continue
            try:
                row = json_object(line_text)
            except ValueError as exc:
                problems.append(Article(source=f"{jsonl_path}:{i}").fail(
                    "error", f"metadata.jsonl line {i} is not valid JSON ({exc}); it was not used"))
                continue
            rows.append((f"{jsonl_path}:{i}", row))
    out = {}
    for source, row in rows:
        name = row.get("file") or row.get("filename") or row.get("path")
        if name and str(name).strip() in out:
            problems.append(Article(source=source).fail(
                "error", f"the metadata names {str(name).strip()!r} a second time; this row was not used "
                         "(the first one was)"))
        elif name:
            out[str(name).strip()] = {k: v for k, v in row.items() if k not in ("file", "filename", "path")}
            out[str(name).strip()]["__source__"] = source
        else:
            problems.append(Article(source=source).fail(
                "error", "this metadata row names no file (the `file` cell is empty); it was not used"))
    return out, problems


def input_of(source: str) -> str:
    """The input file an article came from: `a.jsonl:12` → `a.jsonl` (for the manifest's accounting)."""
    return re.sub(r":\d+$", "", source)


def read_file(path: Path, rel: str) -> Iterator[Article]:
    name = path.name.lower()
    try:
        if name.endswith(RECORD_SUFFIXES):
            n = 0
            for n, article in enumerate(read_records(path), start=1):
                yield article
            if n == 0:  # still accounted for: a record file with no records is a row of its own
                yield Article(source=str(path)).fail("empty", f"{path.name} holds no records (no rows, or only a header)")
        elif path.suffix.lower() in HTML_SUFFIXES:
            yield read_html(path, rel)
        else:
            yield read_text_file(path, rel)
    except Exception as exc:  # one unreadable file never stops the run
        yield Article(source=str(path)).fail("error", f"could not read {path.name}: {exc}")


def read_text_file(path: Path, rel: str) -> Article:
    article = Article(source=str(path), id=Path(rel).with_suffix("").as_posix())
    raw = path.read_bytes()
    if not raw.strip():
        return article.fail("empty", "the file is empty")
    if looks_binary(raw):
        return article.fail("error", "this is not a text file (binary content); nothing was read")
    text, article.encoding = decode(raw)
    text, front = split_front_matter(text, article)
    if front:
        apply_meta(article, front, overwrite=True)
    article.text = text
    return article


def read_html(path: Path, rel: str) -> Article:
    from .html import extract

    article = Article(source=str(path), id=Path(rel).with_suffix("").as_posix())
    raw = path.read_bytes()
    text, article.encoding = decode(raw)
    page = extract(text)
    article.text = page.pop("text")
    apply_meta(article, page, overwrite=True)
    return article


def read_records(path: Path) -> Iterator[Article]:
    """Record files: one article per JSON line / CSV row / Parquet row."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        for i, row in enumerate(pq.read_table(path).to_pylist(), start=1):
            yield record_article(row, f"{path}:{i}")
        return
    opener = gzip.open if name.endswith(".gz") else open
    if name.endswith(".csv"):
        with opener(path, "rb") as fh:
            text, encoding = decode(fh.read())
        for line, row in csv_rows(text):
            if isinstance(row, str):
                yield Article(source=f"{path}:{line}").fail("error", row)
            else:
                yield record_article(row, f"{path}:{line}", encoding)
        return
    # JSON Lines are streamed line by line (flat memory). Split on "\n" only: text fields may hold
    # U+2028 or U+0085, which str.splitlines() would treat as line ends.
    with opener(path, "rb") as fh:
        for i, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                line, encoding = decode(raw[3:] if i == 1 and raw.startswith(b"\xef\xbb\xbf") else raw)
                row = json_object(line)
            except ValueError as exc:
                yield Article(source=f"{path}:{i}").fail("error", f"line {i} is not valid JSON: {exc}")
                continue
            yield record_article(row, f"{path}:{i}", encoding)


def json_object(line: str) -> dict[str, Any]:
    """One JSON Lines record; ValueError when the line is not valid JSON or not a JSON object."""
    row = json.loads(line)
    if not isinstance(row, dict):
        raise ValueError("the line is not a JSON object")
    return row


def csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line, row) for every CSV row, or (line, reason) for a row whose quoting is broken.

    Strict quoting, and reading goes on after a bad row: the lenient default would let one stray quote
    swallow every later row into a single cell without a word.
    """
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    while True:
        before = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield before + 1, (f"CSV row at line {before + 1} has broken quoting ({exc}); this row was not "
                               "read, the rows around it were")
            continue
        yield reader.line_num, row


def record_article(row: dict[str, Any], source: str, encoding: str | None = None) -> Article:
    article = Article(source=source, encoding=encoding)
    text = row.get("text")
    article.text = "" if text is None else str(text)
    apply_meta(article, row, overwrite=True)
    article.extra = {k: v for k, v in row.items() if k not in META_FIELDS and k != "text"}
    return article


def cap_length(article: Article, limit: int | None = None) -> None:
    """Cut an over-long text at the last paragraph (else line, else space) before `limit` (default
    MAX_CHARS), with a warning."""
    limit = limit or MAX_CHARS
    if len(article.text) <= limit:
        return
    size = len(article.text.encode("utf-8")) / 1e6
    text = article.text[:limit]
    cut = max(text.rfind("\n\n"), 0) or max(text.rfind("\n"), 0) or max(text.rfind(" "), 0) or limit
    article.text = text[:cut]
    article.warnings.append(
        f"the article is {size:.1f} MB long; only the first {cut:,} characters were analysed "
        f"(split it into separate articles to analyse the rest)")


# ---- metadata -----------------------------------------------------------------------------------

LANG_ALIASES = {
    "fa": "fa", "fas": "fa", "per": "fa", "persian": "fa", "farsi": "fa", "fa-ir": "fa", "فارسی": "fa",
    "fa-af": "fa", "prs": "fa", "dari": "fa", "دری": "fa",
    "ar": "ar", "ara": "ar", "arabic": "ar", "العربية": "ar", "عربی": "ar",
}


def apply_meta(article: Article, meta: dict[str, Any], *, overwrite: bool) -> None:
    """Copy metadata fields onto the article; the researcher's words win over what a file says."""
    for key in META_FIELDS:
        value = meta.get(key)
        if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
            continue
        if not overwrite and getattr(article, key) is not None and key != "id":
            continue
        value = str(value).strip() if not isinstance(value, (dt.date, dt.datetime)) else value
        if key == "date":
            parsed = parse_date(value)
            if parsed is None:
                article.warnings.append(f"could not understand the date {value!r}; left empty")
            article.date = parsed
        elif key == "lang":
            lang = LANG_ALIASES.get(str(value).lower())
            if lang is None:
                article.warnings.append(f"given language {value!r} is not Persian or Arabic")
            article.lang = lang
            if str(value).lower() in ("fa-af", "prs", "dari", "دری"):
                article.variety = "fa-AF"
        else:
            setattr(article, key, value)


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%dT%H:%M:%S", "%Y%m%d", "%d.%m.%Y")


def parse_date(value: Any) -> dt.date | None:
    """ISO and common numeric dates → date; None when it cannot be read with confidence."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().translate(DIGITS)
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text[:19], fmt).date()
        except ValueError:
            continue
    return None


DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def split_front_matter(text: str, article: Article) -> tuple[str, dict[str, Any]]:
    match = FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return text, {}
    try:
        meta = yaml.safe_load(match.group(1)) or {}
        if not isinstance(meta, dict):
            raise yaml.YAMLError("front matter is not a mapping of fields")
    except yaml.YAMLError as exc:
        article.warnings.append(f"front matter could not be read and was kept as text ({exc})")
        return text, {}
    return text.lstrip("\ufeff")[match.end():], meta


# ---- bytes → text -------------------------------------------------------------------------------

BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def looks_binary(raw: bytes) -> bool:
    """NUL bytes without a UTF-16 BOM, or mostly control bytes: not a text file."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    head = raw[:8192]
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    return b"\x00" in head or controls > len(head) * 0.1


def decode(raw: bytes) -> tuple[str, str]:
    """Decode with the BOM's encoding, else UTF-8, else Windows-1256 (legacy Arabic/Persian),
    else UTF-8 with replacement characters (recorded as such)."""
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 with a few broken bytes is UTF-8 (a legacy encoding decodes nearly every
    # byte pair of UTF-8 Arabic into Arabic-looking letters, so it must not win here).
    replaced = raw.decode("utf-8", errors="replace")
    if replaced.count("\ufffd") <= max(3, len(replaced) // 100):
        return replaced, "utf-8 (invalid bytes replaced)"
    text = raw.decode("cp1256", errors="replace")
    letters = sum("\u0600" <= c <= "\u06ff" for c in text)
    if letters > 0.3 * sum(c.isalpha() for c in text):
        return text, "windows-1256"
    return replaced, "utf-8 (invalid bytes replaced)"


# ---- language and variety -----------------------------------------------------------------------

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u200c]+")
FOLD = {"ي": "ی", "ى": "ی", "ك": "ک", "\u200c": ""}


def fold(text: str) -> str:
    """Arabic ي ى ك as Persian ی ک, ZWNJ dropped (four replaces: translate goes a character at a time)."""
    for char, replacement in FOLD.items():
        text = text.replace(char, replacement)
    return text


PERSIAN_LETTERS = set("پچژگ")
ARABIC_LETTERS = set("ةى")


def _word_list(path: Path) -> list[str]:
    return [row[0] for row in data_lines(path)]


@cache
def function_words() -> dict[str, set[str]]:
    return {lang: {fold(w) for w in _word_list(LEXICONS / lang / "function_words.txt")}
            for lang in ("fa", "ar")}


@cache
def dari_markers() -> dict[str, int]:
    rows = data_lines(LEXICONS / "fa" / "dari_markers.tsv")
    return {fold(word): int(weight) for word, weight, *_ in rows}


def detect_language(text: str, sample: int = 5_000) -> tuple[str | None, float]:
    """('fa' | 'ar' | None, confidence) from script letters and function words.

    Robust to Persian typed with Arabic ي/ك: words are folded before lookup, and the letters that
    decide are the ones the other language never uses (پ چ ژ گ vs ة ى).
    """
    # Counted in C: characters as regex runs, word starts with one join. A Python call per character
    # and per word made language id 9 % of an Arabic article's time.
    text = text[:sample]  # a few hundred words decide; reading more only costs time
    words = WORD.findall(fold(text))
    # Too little Arabic script among the letters: not ours. The words' letters are Arabic-script letters
    # (fold keeps every letter in the script) and no text has more letters than characters, so when they
    # make up 30 % of the characters the count is settled without counting (nearly every article).
    if sum(map(len, words)) < 0.3 * len(text):
        letters = sum(map(len, _letter_runs().findall(text))) + sum(map(str.isalpha, ASTRAL.findall(text)))
        if letters == 0 or sum(map(len, ARABIC_SCRIPT_RUNS.findall(text))) < 0.3 * letters:
            return None, 0.0
    starts = " " + " ".join(words)
    fw = function_words()
    fa = sum(map(fw["fa"].__contains__, words)) + starts.count(" می") * 0.5
    ar = sum(map(fw["ar"].__contains__, words)) + starts.count(" ال") * 0.5
    fa += 0.5 * sum(map(text.count, PERSIAN_LETTERS))
    ar += 0.5 * sum(map(text.count, ARABIC_LETTERS))
    if fa == ar:
        return (None, 0.0) if fa == 0 else ("fa", 0.5)
    return ("fa", fa / (fa + ar)) if fa > ar else ("ar", ar / (fa + ar))


ARABIC_SCRIPT_RUNS = re.compile(ARABIC_SCRIPT.pattern + "+")
ASTRAL = re.compile("[^\\x00-\\uffff]")


@cache
def _letter_runs() -> re.Pattern[str]:
    """Runs of the characters str.isalpha accepts, in the BMP (ASTRAL ones are tested one by one)."""
    return re.compile("[" + "".join(re.escape(c) for c in map(chr, range(0x10000)) if c.isalpha()) + "]+")


def detect_variety(text: str, lang: str) -> str:
    """fa-AF (Dari) when Dari-only words weigh 3 or more; fa-IR otherwise; ar for Arabic."""
    if lang != "fa":
        return "ar"
    markers = dari_markers()
    found = markers.keys() & WORD.findall(fold(text))
    return "fa-AF" if sum(markers[w] for w in found) >= 3 else "fa-IR"


# ---- boilerplate and title ----------------------------------------------------------------------

HOME_WORDS = {"الرئيسية", "الصفحة الرئيسية", "الرئيسيه", "صفحه اصلی", "صفحه نخست", "خانه", "home", "Home"}
CRUMB_SEPARATORS = re.compile(r"\s+[/>»›|]\s+")


@cache
def boilerplate_patterns() -> re.Pattern[str]:
    patterns = []
    for lang in ("fa", "ar"):
        patterns += _word_list(LEXICONS / lang / "boilerplate.txt")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def is_breadcrumb(line: str) -> bool:
    parts = CRUMB_SEPARATORS.split(line.strip())
    return len(parts) >= 2 and (parts[0].strip() in HOME_WORDS or
                                (len(parts) >= 3 and all(len(p.split()) <= 6 for p in parts[:-1])))


def strip_boilerplate(article: Article) -> None:
    """Move breadcrumb, share/app-promotion and photo-credit lines to article.boilerplate."""
    patterns = boilerplate_patterns()
    kept = []
    for line in article.text.split("\n"):
        stripped = line.strip()
        # split(None, 20): a paragraph's words past the 21st are not split off only to be counted
        if stripped and len(stripped.split(None, 20)) <= 20 and (is_breadcrumb(stripped) or patterns.match(stripped)):
            article.boilerplate.append(stripped)
        else:
            kept.append(line)
    article.text = "\n".join(kept)


def infer_title(text: str) -> str | None:
    """The first line, when it reads like a headline: short and not ending a sentence."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            if len(line.split()) <= 30 and not line.endswith((".", ":", "؛", "…")):
                return line
            return None
    return None


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
