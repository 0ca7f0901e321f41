"""The bad-input battery: every kind of broken input a researcher may scrape, generated here, built in one
run. Each gets the outcome documented in README.md ("What happens to bad input"), the run carries on,
and manifest.json accounts for every input file and record (in = out)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import analysis
from analysis import ingest
from analysis.pipeline import build

ARABIC = ("وقال وزير الخارجية الروسي سيرغي لافروف إن المحادثات كانت بناءة وإن روسيا مستعدة للحوار. "
          "وأضاف أن الخلافات بين البلدين ما زالت كبيرة.")
PERSIAN = ("آقای لاوروف گفت که روسیه و ایالات متحده اختلافات جدی دارند اما باید همکاری کنند. "
           "او افزود که گفتگوها سازنده بود.")
ARABIC2 = "أعلنت وزارة الصحة السعودية اليوم عن افتتاح مستشفى جديد في مدينة جدة بسعة خمسمائة سرير."
PERSIAN2 = "وزیر بهداشت ایران امروز از گشایش بیمارستانی تازه در شهر مشهد با ظرفیت پانصد تخت خبر داد."
HTML = f"""<!doctype html><html lang="fa"><head><title>عنوان صفحه</title>
<meta property="og:site_name" content="خبرگزاری ایرنا">
<script>document.write("کد مخرب"); var ad = "تبلیغ اسکریپت";</script><style>.x{{color:red}}</style></head>
<body><nav><a href="/">صفحه اصلی</a> | <a href="/s">ورزش</a></nav>
<div class="ad"><iframe src="https://ads.example/x"></iframe></div><aside>پربازدیدترین خبرها</aside>
<article><h1>گفتگوی لاوروف و بلینکن</h1><p>{PERSIAN}</p><p>پاراگراف <b>دوم</b> خبر.</p></article>
<footer>کلیه حقوق محفوظ است</footer><script src="https://tracker.example/t.js"></script></body></html>"""


def write_battery(folder: Path) -> None:
    """Every bad input of issue 7, plus good ones next to them."""
    folder.mkdir()
    (folder / "cp1256.txt").write_bytes(ARABIC.encode("cp1256"))
    (folder / "utf16.txt").write_bytes((PERSIAN + " سوم").encode("utf-16"))            # with its BOM
    (folder / "utf8bom.txt").write_bytes(ARABIC2.encode("utf-8-sig"))
    (folder / "invalid-utf8.txt").write_bytes(PERSIAN2.encode() + b"\xff\xfe\xc3" + PERSIAN2.encode())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\t\r\n   \n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)            # e.g. a JPEG renamed .txt
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    (folder / "latin.txt").write_text("Only English text here: the minister said talks were useful.\n" * 5)
    (folder / "mixed.txt").write_text(f"{PERSIAN} چهارم\n\n{ARABIC}\n\n{PERSIAN2}", encoding="utf-8")
    (folder / "arabic-letters.txt").write_text((PERSIAN + " پنجم").replace("ی", "ي").replace("ک", "ك"), encoding="utf-8")
    (folder / "story.txt").write_text(ARABIC2 + " " + PERSIAN2, encoding="utf-8")
    (folder / "story_copy.txt").write_text(ARABIC2 + " " + PERSIAN2, encoding="utf-8")
    (folder / "dated.txt").write_text(ARABIC + " الثاني", encoding="utf-8")
    (folder / "twin-a.txt").write_text(PERSIAN + " یکم", encoding="utf-8")
    (folder / "twin-b.txt").write_text(PERSIAN + " دوم", encoding="utf-8")
    (folder / "metadata.csv").write_text(
        "file,outlet,date,id\n"
        "dated.txt,Al Jazeera,31/02/2021,\n"              # a date that does not exist
        "twin-a.txt,IRNA,2021-05-19,same-id\n"
        "twin-b.txt,IRNA,not a date,same-id\n"           # duplicate id
        "../../etc/passwd,X,,\n"                         # a path outside the input folder
        "/etc/shadow,X,,\n"                              # an absolute path
        "dated.txt,Again,,\n"                            # the same file twice
        ",NoFile,,\n", encoding="utf-8")                 # no file named
    (folder / "link.txt").symlink_to("/etc/passwd")                         # a link out of the folder
    records = folder / "records"
    records.mkdir()
    lines = [json.dumps({"id": "j1", "text": ARABIC + " السادس"}, ensure_ascii=False),
             '{"id": "j2", "text": "unterminated',                               # malformed JSON
             json.dumps(["a list", "not an object"]),
             "",                                                                 # blank lines are skipped
             json.dumps({"id": "j3", "text": PERSIAN2 + " هفتم"}, ensure_ascii=False),
             json.dumps({"id": "j4"})]                                           # no text at all
    (records / "nothing.jsonl").write_bytes(b"\n\n")
    (records / "header-only.csv").write_text("id,text\n", encoding="utf-8")
    (records / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(records / "feed.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(lines[0].replace("j1", "g1").replace("السادس", "السابع") + "\n{not json}\n")
    whole = gzip.compress("".join(json.dumps({"id": f"t{i}", "text": f"{ARABIC2} رقم {i}"}, ensure_ascii=False)
                                  + "\n" for i in range(200)).encode())
    (records / "truncated.jsonl.gz").write_bytes(whole[:len(whole) // 2])  # a download cut short
    (records / "table.csv").write_text(
        f'id,text,lang\nc1,"{ARABIC} الثامن",ar\nc2,"{PERSIAN} "broken" quoting\nc3,"{ARABIC2} التاسع",ar\nc4,"{ARABIC} unterminated,ar\n', encoding="utf-8")


def sidecar_battery(folder: Path) -> None:
    """A metadata.csv without a `file` column, in a folder of its own."""
    folder.mkdir()
    (folder / "a.txt").write_text(ARABIC + " العاشر", encoding="utf-8")
    (folder / "metadata.csv").write_text("name,outlet\na.txt,BBC\n", encoding="utf-8")


@pytest.fixture(scope="module")
def battery(tmp_path_factory):
    root = tmp_path_factory.mktemp("battery")
    write_battery(root / "in")
    sidecar_battery(root / "nofile")
    build([str(root / "in"), str(root / "nofile")], root / "out", workers=1, progress=False)
    return root, analysis.load(root / "out")


@pytest.fixture(scope="module")
def battery_corpus(battery):
    return battery[1]


def by_id(corpus, article_id: str) -> dict:
    [row] = corpus.articles[corpus.articles["article_id"] == article_id].to_dict("records")
    return row


@pytest.mark.parametrize("article_id, encoding, words", [
    ("cp1256", "windows-1256", "لافروف"),
    ("utf16", "utf-16", "لاوروف"),
    ("utf8bom", "utf-8-sig", "مستشفى"),
    ("invalid-utf8", "utf-8 (invalid bytes replaced)", "بیمارستانی"),
])
def test_encodings_are_recovered(battery_corpus, article_id, encoding, words):
    row = by_id(battery_corpus, article_id)
    assert row["status"] == "ok" and row["encoding"] == encoding and words in row["text"]
    assert "\ufeff" not in row["text"]


@pytest.mark.parametrize("article_id, status, words", [
    ("empty", "empty", "the file is empty"),
    ("blank", "empty", "the file is empty"),
    ("binary", "error", "not a text file (binary content)"),
    ("latin", "unsupported_language", "not Persian or Arabic"),
    ("link", "error", "this is a link to a file outside the input folder; it was not read"),
    ("story_copy", "duplicate", "same text as article story; not analysed twice"),
])
def test_unusable_files_get_a_status_in_words(battery_corpus, article_id, status, words):
    row = by_id(battery_corpus, article_id)
    assert row["status"] == status and words in row["error"]


def test_html_keeps_the_article_and_drops_scripts_nav_and_ads(battery_corpus):
    row = by_id(battery_corpus, "page")
    assert row["status"] == "ok" and row["title"] == "گفتگوی لاوروف و بلینکن"
    assert row["outlet"] == "خبرگزاری ایرنا" and "پاراگراف دوم خبر." in row["text"]
    for leaked in ("<", "document.write", "کد مخرب", "تبلیغ", "ورزش", "پربازدیدترین", "حقوق محفوظ", "http"):
        assert leaked not in row["text"]


def test_language_mixtures(battery_corpus):
    mixed, typed = by_id(battery_corpus, "mixed"), by_id(battery_corpus, "arabic-letters")
    assert mixed["status"] == "ok" and mixed["lang"] in ("fa", "ar") and "lang" in mixed["inferred"]
    assert "لافروف" in mixed["text"] and "بیمارستانی" in mixed["text"]   # both paragraphs kept
    assert typed["status"] == "ok" and typed["lang"] == "fa"
    assert "ي" not in typed["text"] and "ك" not in typed["text"]          # display text uses Persian letters


def test_metadata_problems(battery_corpus):
    corpus = battery_corpus
    dated = by_id(corpus, "dated")
    assert dated["outlet"] == "Al Jazeera" and dated["date"] is None or str(dated["date"]) == "NaT"
    assert "could not understand the date '31/02/2021'" in dated["warning"]
    a, b = by_id(corpus, "same-id"), by_id(corpus, "same-id~2")
    assert a["status"] == b["status"] == "ok" and "already used by an earlier article; renamed" in b["warning"]
    assert "could not understand the date 'not a date'" in b["warning"]
    errors = " | ".join(corpus.articles["error"].dropna())
    assert "the metadata file names '../../etc/passwd', which is outside the input folder" in errors
    assert "the metadata file names '/etc/shadow', which is outside the input folder" in errors
    assert "the metadata names 'dated.txt' a second time; this row was not used" in errors
    assert "this metadata row names no file" in errors
    assert "metadata.csv has no `file` column (its columns: name, outlet)" in errors
    assert by_id(corpus, "a")["status"] == "ok" and by_id(corpus, "a")["outlet"] is None or \
        str(by_id(corpus, "a")["outlet"]) == "<NA>"
    assert "root:" not in " ".join(corpus.articles["text"].dropna())       # nothing read from /etc


def test_record_file_errors(battery_corpus):
    corpus = battery_corpus
    arts = corpus.articles.set_index("source")
    src = {Path(s).name: r for s, r in zip(arts.index, arts.to_dict("records"))}
    assert src["feed.jsonl:2"]["status"] == "error" and "line 2 is not valid JSON" in src["feed.jsonl:2"]["error"]
    assert "line 3 is not valid JSON: the line is not a JSON object" in src["feed.jsonl:3"]["error"]
    assert src["feed.jsonl:6"]["status"] == "empty" and "no text" in src["feed.jsonl:6"]["error"]
    assert by_id(corpus, "j1")["status"] == "ok" and by_id(corpus, "j3")["status"] == "ok"
    assert "line 2 is not valid JSON" in src["feed.jsonl.gz:2"]["error"]
    assert src["nothing.jsonl"]["status"] == "empty" and "nothing.jsonl holds no records" in src["nothing.jsonl"]["error"]
    assert src["header-only.csv"]["status"] == "empty" and "(no rows, or only a header)" in src["header-only.csv"]["error"]
    truncated = corpus.articles[corpus.articles["source"].str.contains("truncated.jsonl.gz")]
    assert (truncated["status"] == "ok").sum() > 10                        # the lines before the cut are read
    [cut] = truncated[truncated["status"] == "error"]["error"]
    assert cut.startswith("could not read truncated.jsonl.gz: Compressed file ended before the end-of-stream")
    assert by_id(corpus, "c1")["status"] == "ok"
    assert src["table.csv:3"]["status"] == "error"
    assert "CSV row at line 3 has broken quoting" in src["table.csv:3"]["error"]
    assert by_id(corpus, "c3")["status"] == "ok"           # the row after the broken one is still read
    assert src["table.csv:5"]["status"] == "error" and "unexpected end of data" in src["table.csv:5"]["error"]


def test_manifest_accounts_for_every_input(battery):
    """in = out: every file gives at least one row, record files one per non-blank line, and the
    manifest's per-input counts add up to the articles table."""
    root, corpus = battery
    by_input = corpus.manifest["by_input"]
    assert sum(by_input.values()) == corpus.manifest["articles"] == len(corpus.articles)
    assert sum(corpus.manifest["by_status"].values()) == len(corpus.articles)
    files = [p for p in (root / "in").rglob("*") if p.is_file() and p.name != "metadata.csv"]
    for path in files:
        assert by_input.get(str(path), 0) >= 1, f"{path.name} is not accounted for"
    assert by_input[str(root / "in" / "records" / "feed.jsonl")] == 5        # 6 lines, one blank
    assert by_input[str(root / "in" / "records" / "feed.jsonl.gz")] == 2
    assert by_input[str(root / "in" / "records" / "table.csv")] == 4         # 4 rows below the header
    assert by_input[str(root / "in" / "link.txt")] == 1
    # the sidecar's 7 rows: 3 annotate a file, 4 could not be used and are rows of their own
    used = corpus.articles["outlet"].isin(["Al Jazeera", "IRNA"]).sum()
    assert used + by_input[str(root / "in" / "metadata.csv")] == 7 and used == 3
    assert by_input[str(root / "nofile" / "metadata.csv")] == 1

def test_a_huge_article_is_built_with_a_warning(tmp_path):
    """A 20 MB 'article' (a whole dump pasted in one file) is capped, said so, and does not stop the run."""
    folder = tmp_path / "in"
    folder.mkdir()
    paragraph = (PERSIAN + " " + PERSIAN2 + "\n\n").encode()
    (folder / "huge.txt").write_bytes(paragraph * (20_000_000 // len(paragraph) + 1))
    (folder / "small.txt").write_text(ARABIC, encoding="utf-8")
    build([str(folder)], tmp_path / "out", workers=1, progress=False)
    corpus = analysis.load(tmp_path / "out")
    huge, small = by_id(corpus, "huge"), by_id(corpus, "small")
    assert huge["status"] == "ok" and small["status"] == "ok"
    assert "the article is 20.0 MB long; only the first" in huge["warning"]
    assert len(huge["text"]) <= ingest.MAX_CHARS
    assert (corpus.sentences["article_id"] == "huge").sum() > 1000
