# Rasad: `make report` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
# uv from PATH when it runs, else a private copy installed with pip into .uv/ (pyenv shims may
# point at a uv that exists only for another Python version, so "on PATH" is not enough).
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo .uv/bin/uv)
PY := .venv/bin/python
CORPUS := data/processed/seeds

.PHONY: all setup native build report report-ant test eval lab bench clean
all: report

.uv/bin/uv:
	python3 -m venv .uv && .uv/bin/pip install --quiet uv

.venv/.synced: pyproject.toml uv.lock .python-version | $(if $(filter uv,$(UV)),,.uv/bin/uv)
	$(UV) sync --frozen --all-groups
	touch $@

SOURCES := $(shell find analysis -name '*.py')
# The extractors compiled with mypyc (analysis/native.py; ~1 minute): the package uses them only while
# they match the sources, so a stale or failed build is never run; plain Python is just slower.
.compiled/stamp: .venv/.synced $(SOURCES)
	$(PY) -c 'from analysis import native; native.build()' || echo "Compiling the extractors failed (see above): Rasad runs as plain Python, only slower."

setup: .venv/.synced .compiled/stamp
native: .compiled/stamp

$(CORPUS)/articles.parquet: .venv/.synced .compiled/stamp $(wildcard data/raw/seeds/*) $(shell find analysis -name '*.py' -o -name '*.txt' -o -name '*.tsv' -o -name '*.yaml')
	$(PY) -m analysis build data/raw/seeds --out $(CORPUS) --quiet

build: $(CORPUS)/articles.parquet

report: build
	$(PY) -m analysis report $(CORPUS) --out reports

# RASAD_NATIVE=required: tests/test_native.py fails, rather than skips, when the compiled build is not in use
test: .venv/.synced .compiled/stamp
	RASAD_NATIVE=required $(PY) -m pytest -q

# Quote scores: the seeds (bundled), then the articles annotated from ../shared/corpora when it is there.
SHARED := ../shared/corpora
eval: build
	$(PY) -m analysis eval evaluation/gold/seeds.jsonl --pred $(CORPUS)
	@if [ -d $(SHARED) ]; then $(PY) -m analysis eval $(filter-out evaluation/gold/seeds.jsonl,$(wildcard evaluation/gold/*.jsonl)) --corpora $(SHARED); \
	else echo "$(SHARED) is absent: only the seeds were scored"; fi

# The five outlets of ANT Arabic (2018, 31k articles, ~3 minutes on 2 cores) → reports/ant-arabic/
ANT := data/processed/ant-arabic
report-ant: .venv/.synced .compiled/stamp
	@test -f $(SHARED)/ant-arabic.jsonl.gz || { echo "$(SHARED)/ant-arabic.jsonl.gz is absent"; exit 1; }
	$(PY) -m analysis build $(SHARED)/ant-arabic.jsonl.gz --out $(ANT) --quiet
	$(PY) -m analysis report $(ANT) --out reports/ant-arabic

# Figures, not tests: single-process throughput beside the bare libraries (2,000 articles per language; the
# median of three runs), then workers and memory on ANT + SaudiNewsNet (62k articles, 1 and 2 workers in
# turn three times: one pair's speed-up moves by ±0.07 with this machine's speed; ~15 minutes;
# BENCH_ARGS="--limit 2000 --repeat 1" for a quick run).
BENCH_ARGS ?=
bench: .venv/.synced .compiled/stamp
	@test -d $(SHARED) || { echo "$(SHARED) is absent: the benchmarks read its corpora"; exit 1; }
	$(PY) bench/throughput.py --repeat 3
	$(PY) bench/scaling.py --repeat 3 $(BENCH_ARGS)

lab: build
	.venv/bin/jupyter lab notebooks/

clean:
	rm -rf data/processed reports .venv .uv .compiled
