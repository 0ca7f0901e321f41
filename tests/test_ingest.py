"""Ingestion: formats, encodings, metadata, language and variety id, boilerplate."""
from __future__ import annotations

import gzip
import json

import pytest

from analysis import ingest
from analysis.pipeline import process
from conftest import SEEDS, first_records

ARABIC = "وقال وزير الخارجية الروسي سيرغي لافروف إن المحادثات كانت بناءة وإن روسيا مستعدة للحوار."
PERSIAN = "آقای لاوروف گفت که روسیه و ایالات متحده اختلافات جدی دارند اما باید همکاری کنند."


def built(path, **kw):
    """Ingest a path and process every article: the rows a build would write for `articles`."""
    return [process(a)["articles"][0] for a in ingest.read_inputs([path])]


@pytest.mark.parametrize("encoding, label", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1256", "windows-1256")])
def test_encodings_are_detected_and_recorded(tmp_path, encoding, label):
    (tmp_path / "a.txt").write_bytes(ARABIC.encode(encoding))
    [row] = built(tmp_path)
    assert row["status"] == "ok" and row["encoding"] == label
    assert "لافروف" in row["text"]


def test_invalid_utf8_is_recovered_and_recorded(tmp_path):
    (tmp_path / "a.txt").write_bytes(PERSIAN.encode() + b"\xff\xfe\xfa" + PERSIAN.encode())
    [row] = built(tmp_path)
    assert row["status"] == "ok"
    assert row["encoding"] == "utf-8 (invalid bytes replaced)"


@pytest.mark.parametrize("content, status, words", [
    (b"", "empty", "empty"),
    (b"   \n\t\n", "empty", "empty"),
    (bytes(range(256)) * 40, "error", "not a text file"),
    (b"Only English text here, nothing Persian or Arabic.", "unsupported_language", "not Persian or Arabic"),
])
def test_bad_inputs_get_a_status_and_the_run_carries_on(tmp_path, content, status, words):
    (tmp_path / "bad.txt").write_bytes(content)
    (tmp_path / "good.txt").write_text(ARABIC, encoding="utf-8")
    rows = {r["article_id"]: r for r in built(tmp_path)}
    assert rows["bad"]["status"] == status and words in rows["bad"]["error"]
    assert rows["good"]["status"] == "ok"


def test_html_gives_text_not_markup(tmp_path):
    (tmp_path / "page.html").write_text(f"""<html lang="ar"><head><title>عنوان الصفحة</title>
      <meta property="og:site_name" content="سكاي نيوز عربية"><script>var x = "لا تقرأني";</script></head>
      <body><nav>الرئيسية | أخبار</nav><article><h1>لافروف وبلينكن</h1><p>{ARABIC}</p>
      <p>فقرة <b>ثانية</b> من الخبر.</p></article><footer>حقوق النشر</footer></body></html>""", encoding="utf-8")
    [row] = built(tmp_path)
    assert row["title"] == "لافروف وبلينكن" and row["outlet"] == "سكاي نيوز عربية"
    assert "لافروف إن المحادثات" in row["text"] and "فقرة ثانية من الخبر." in row["text"]
    for leaked in ("<", "لا تقرأني", "حقوق النشر", "أخبار"):
        assert leaked not in row["text"]


def test_front_matter_and_sidecar_metadata(tmp_path):
    (tmp_path / "a.md").write_text(f"---\noutlet: خبرگزاری مهر\ndate: 2021-01-26\n---\n{PERSIAN}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,outlet,date,lang\nb.txt,Wafaa Magazine,2021-05-19,ar\n"
                                           "missing.txt,X,,\n", encoding="utf-8")
    rows = {r["article_id"]: r for r in built(tmp_path)}
    assert rows["a"]["outlet"] == "خبرگزاری مهر" and str(rows["a"]["date"]) == "2021-01-26"
    assert "---" not in rows["a"]["text"]
    assert rows["b"]["outlet"] == "Wafaa Magazine" and rows["b"]["lang"] == "ar"
    [missing] = [r for r in rows.values() if r["status"] == "error"]
    assert "missing.txt" in missing["error"]


def test_record_files_jsonl_gz_csv_parquet(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [{"id": "r1", "lang": "ar", "outlet": "bbc-arabic", "date": "2018-03-01", "url": "http://x",
                "title": "عنوان", "text": ARABIC},
               {"id": "r2", "lang": None, "outlet": None, "date": None, "url": None, "title": "", "text": PERSIAN}]
    with gzip.open(tmp_path / "a.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n{broken\n")
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "b.parquet")
    (tmp_path / "c.csv").write_text("id,text,lang\nc1,\"" + ARABIC + "\",ar\n", encoding="utf-8")
    rows = built(tmp_path)
    by_id = {r["article_id"]: r for r in rows}
    assert by_id["r1"]["outlet"] == "bbc-arabic" and by_id["r1"]["title"] == "عنوان"
    assert by_id["r2"]["lang"] == "fa" and "lang" in by_id["r2"]["inferred"]
    assert by_id["c1"]["status"] == "ok"
    [broken] = [r for r in rows if r["status"] == "error"]
    assert "line 3 is not valid JSON" in broken["error"] and broken["source"].endswith("a.jsonl.gz:3")
    assert sum(r["article_id"] == "r1" for r in rows) == 2   # jsonl and parquet both read


def test_given_language_is_kept_and_a_mismatch_flagged(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "x", "lang": "ar", "text": PERSIAN}, ensure_ascii=False),
                                      encoding="utf-8")
    [row] = built(tmp_path)
    assert row["lang"] == "ar" and row["lang_detected"] == "fa"
    assert "reads as Persian" in row["warning"]


def test_boilerplate_is_stripped_and_kept():
    article = ingest.Article(source="x", text="الرئيسية / آخر الأخبار / عنوان الخبر\n\nعنوان الخبر\n\n"
                             f"{ARABIC}\nالصورة: وزارة الخارجية الروسية\nحمّل تطبيق الموقع الآن\n")
    ingest.strip_boilerplate(article)
    assert "الرئيسية" not in article.text and "الصورة" not in article.text and "تطبيق" not in article.text
    assert ARABIC in article.text
    assert article.boilerplate == ["الرئيسية / آخر الأخبار / عنوان الخبر", "الصورة: وزارة الخارجية الروسية",
                                   "حمّل تطبيق الموقع الآن"]


def test_seeds_language_variety_title():
    rows = {r["article_id"]: r for r in built(SEEDS)}
    assert {k: (r["lang_detected"], r["variety"]) for k, r in rows.items()} == {
        "000_ed85480cc3e6e9f2": ("fa", "fa-AF"), "001_b28e6cb4553fe23e": ("ar", "ar"),
        "002_d15a430c38c1de4f": ("ar", "ar"), "003_b8e355e6825be7e2": ("fa", "fa-IR"),
        "004_375b754863cc2a53": ("ar", "ar")}
    assert rows["001_b28e6cb4553fe23e"]["title"] == "بلينكن ولافروف يؤكدان على ضرورة الحوار رغم “الخلافات القوية”"
    assert "الرئيسية" in rows["001_b28e6cb4553fe23e"]["boilerplate"]


def test_dari_detected_without_metadata():
    text = (SEEDS / "000_ed85480cc3e6e9f2.txt").read_text(encoding="utf-8")
    assert ingest.detect_variety(text, "fa") == "fa-AF"
    assert ingest.detect_variety((SEEDS / "003_b8e355e6825be7e2.txt").read_text(encoding="utf-8"), "fa") == "fa-IR"


@pytest.mark.parametrize("corpus", ["ant-arabic.jsonl.gz", "fars-news.jsonl.gz"])
def test_language_id_on_500_real_records(corpus):
    records = first_records(corpus, 500)
    right = sum(ingest.detect_language(r["text"])[0] == r["lang"] for r in records)
    assert right / len(records) >= 0.995, f"{right}/{len(records)} correct"


def _language_by_hand(text: str) -> tuple[str | None, float]:
    """detect_language's counts, one character and one word at a time: what its regexes must equal."""
    text = text[:5_000]
    letters = sum(c.isalpha() for c in text)
    if letters == 0 or sum(bool(ingest.ARABIC_SCRIPT.fullmatch(c)) for c in text) < 0.3 * letters:
        return None, 0.0
    words = ingest.WORD.findall(ingest.fold(text))
    fw = ingest.function_words()
    fa = sum(w in fw["fa"] for w in words) + 0.5 * sum(w.startswith("می") for w in words)
    ar = sum(w in fw["ar"] for w in words) + 0.5 * sum(w.startswith("ال") for w in words)
    fa += 0.5 * sum(text.count(c) for c in "پچژگ")
    ar += 0.5 * sum(text.count(c) for c in "ةى")
    if fa == ar:
        return (None, 0.0) if fa == 0 else ("fa", 0.5)
    return ("fa", fa / (fa + ar)) if fa > ar else ("ar", ar / (fa + ar))


def test_language_counts_in_c_equal_counting_by_hand():
    import random

    rnd = random.Random(6)
    alphabet = "ab ییيکكمیال\u200c \u0621\u0645ةىپگ²½٣𝐀😀\n."
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 80))) for _ in range(3000)]
    # letters beyond the BMP decide the first: 38 letters, of which 8 Arabic (< 30 %)
    texts += ["𝐀" * 30 + " وقال وزير", PERSIAN, ARABIC, PERSIAN.replace("ی", "ي"), "٢٠١٨ ²½"]
    texts += [r["text"] for name in ("ant-arabic.jsonl.gz", "farexstance.jsonl.gz") for r in first_records(name, 150)]
    assert [ingest.detect_language(t) for t in texts] == [_language_by_hand(t) for t in texts]


def test_persian_typed_with_arabic_letters_is_persian():
    text = PERSIAN.replace("ی", "ي").replace("ک", "ك")
    assert ingest.detect_language(text)[0] == "fa"
