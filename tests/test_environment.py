"""environment.yml (conda) and pyproject.toml (uv) declare the same packages and Python."""
from __future__ import annotations

import re
import tomllib

import yaml

from conftest import ROOT


def names(requirements) -> set[str]:
    return {re.split(r"[<>=!~ \[]", r, maxsplit=1)[0].strip().lower() for r in requirements}


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    declared = names(project["project"]["dependencies"]).union(*map(names, project["dependency-groups"].values()))
    in_env = (names(conda) | names(p for p in pip if not p.startswith("-"))) - {"python", "pip"}
    assert in_env == declared
    assert "python=3.12" in conda and project["project"]["requires-python"].startswith(">=3.12")
    assert (ROOT / ".python-version").read_text().strip() == "3.12"


def test_heavy_camel_tools_dependencies_are_excluded():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(project["tool"]["uv"]["exclude-dependencies"]) == {"torch", "transformers", "camel-kenlm"}
    lock = (ROOT / "uv.lock").read_text(encoding="utf-8")
    assert 'name = "torch"' not in lock and 'name = "hazm"' in lock
