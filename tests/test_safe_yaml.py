"""YAML a researcher supplies (codebook, gazetteer, outlets, places, front matter) is read with safe
loaders: a Python tag is an error naming the file and line, and never runs."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

from analysis import citations, codebook, entities, ingest
from analysis.pipeline import process
from conftest import ROOT, SEEDS

UNSAFE = re.compile(r"yaml\.(unsafe_load|full_load|load_all)\b|\b(Full|Unsafe)Loader\b|Loader\s*=\s*yaml\.Loader\b"
                    r"|yaml\.load\((?!.*Loader=_LineLoader\b)")


def test_no_unsafe_yaml_loading_in_the_package():
    files = [*(ROOT / "analysis").rglob("*.py"), *(ROOT / "notebooks").glob("*.py"), *(ROOT / "bench").glob("*.py")]
    hits = [f"{f.relative_to(ROOT)}:{n}: {line.strip()}" for f in files
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if UNSAFE.search(line)]
    assert hits == []
    assert issubclass(codebook._LineLoader, yaml.SafeLoader)  # the one yaml.load() allowed above


def payload(marker) -> str:
    return f"!!python/object/apply:os.system ['touch {marker}']"


def test_python_tag_in_a_codebook_is_refused_and_not_run(tmp_path):
    marker = tmp_path / "ran"
    path = tmp_path / "codebook.yaml"
    path.write_text(f"name: x\ntopics:\n  - id: t\n    label: {payload(marker)}\n    ar: [غضب]\n", encoding="utf-8")
    with pytest.raises(codebook.CodebookError, match=r"codebook .*codebook.yaml, line 4, column 12: not valid YAML"
                                                     r" \(could not determine a constructor for the tag"):
        codebook.load(str(path))
    assert not marker.exists()


@pytest.mark.parametrize("variable", ["RASAD_GAZETTEER", "RASAD_OUTLETS", "RASAD_PLACES"])
def test_python_tag_in_an_entity_file_is_refused_and_not_run(tmp_path, monkeypatch, variable):
    marker = tmp_path / "ran"
    path = tmp_path / "mine.yaml"
    path.write_text(f"- id: x\n  name_en: X\n- id: y\n  name_en: {payload(marker)}\n", encoding="utf-8")
    monkeypatch.setenv(variable, str(path))
    load = citations.registry.__wrapped__ if variable == "RASAD_OUTLETS" else entities.gazetteer.__wrapped__
    with pytest.raises(entities.LexiconError, match=r"mine.yaml, line 4, column 12: not valid YAML "
                                                    r"\(could not determine a constructor for the tag"):
        load(None)
    assert not marker.exists()


def test_a_bad_outlet_registry_names_file_line_and_field(tmp_path):
    path = tmp_path / "outlets.yaml"
    path.write_text("- id: irna\n  name_en: IRNA\n- id: x\n  name_en: X\n  codes: x-code\n", encoding="utf-8")
    with pytest.raises(entities.LexiconError, match=r"outlets.yaml, line 3: field `codes` must be a list"):
        citations.registry.__wrapped__(str(path))


def test_python_tag_in_front_matter_is_kept_as_text_and_not_run(tmp_path):
    marker = tmp_path / "ran"
    body = "قال لافروف إن المحادثات كانت بناءة وإن روسيا مستعدة للحوار."
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(f"---\noutlet: {payload(marker)}\n---\n{body}", encoding="utf-8")
    [article] = ingest.read_inputs([tmp_path / "in"])
    row = process(article)["articles"][0]
    assert row["status"] == "ok" and row["outlet"] is None and body in row["text"]
    assert "front matter could not be read and was kept as text" in row["warning"]
    assert not marker.exists()


def test_build_stops_on_a_bad_gazetteer_with_its_file_and_line(tmp_path):
    bad = tmp_path / "gazetteer.yaml"
    bad.write_text("- id: x\n  name_en: X\n- id: y\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "analysis", "build", str(SEEDS), "--out", str(tmp_path / "o"),
                           "--workers", "1", "--quiet"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "RASAD_GAZETTEER": str(bad)})
    assert done.returncode != 0
    assert f"{bad}, line 3: field `name_en` is missing" in done.stderr
    assert not (tmp_path / "o").exists()
