# policyreport: two commands on a fresh Debian/Ubuntu machine with Python 3.11
#   make report   set up (.venv, pinned requirements, LaTeX) and build _build/html + _build/pdf/report.pdf
#   make test     set up (also Chromium) and run the tests
#   make check    the fast lane while developing: lint plus every test that builds no whole book
# Other targets: make html (no PDF, no system packages), make publish BASE_URL=…, make lint (ruff), make evaluate,
# make bench (timings, then SEQUENCES=20 random incremental sequences, each checked against a clean build), make clean.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
ARGS   ?=
SEQUENCES ?= 20
# Two pytest workers (pytest-xdist), each test file on one worker so that its module fixtures (a
# built report) are built once: a build's single-threaded steps (xelatex, Sphinx's main process)
# leave a core idle that the other worker uses. Files are handed out in the order
# tests/conftest.py sets (longest first), not xdist's (most tests first). XDIST= runs in one process.
XDIST  ?= -n 2 --dist loadfile --no-loadscope-reorder
# pytest keeps the test modules it rewrites (assertions) in __pycache__; with PYTHONDONTWRITEBYTECODE
# set, as some images do, each worker rewrote all of them at every run (4 s of its collection).
PYTEST := PYTHONDONTWRITEBYTECODE= $(PY) -m pytest

.PHONY: report html publish test check lint bench evaluate clean venv

report: venv
	bash scripts/system-deps.sh pdf
	$(PY) -m policyreport build $(ARGS)

html: venv
	$(PY) -m policyreport build --no-pdf $(ARGS)

# make publish BASE_URL=https://example.org/report/  → _build/site (sitemap.xml, robots.txt, report.pdf)
publish: venv
	bash scripts/system-deps.sh pdf
	$(PY) -m policyreport publish --base-url "$(BASE_URL)" $(ARGS)

test: venv lint
	bash scripts/system-deps.sh test
	POLICYREPORT_REQUIRE_TEX=1 $(PYTEST) -q $(XDIST) $(ARGS)

check: venv lint
	$(PYTEST) -q -m "not build" $(XDIST) $(ARGS)

lint: venv
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts

bench: venv
	bash scripts/system-deps.sh pdf
	$(PY) scripts/bench.py $(ARGS)
	$(PY) scripts/incremental_fuzz.py --sequences $(SEQUENCES)

evaluate: venv
	$(PY) -m policyreport evaluate --gold tests/gold/seeds.yaml --corpus seeds
	$(PY) -m policyreport evaluate --gold tests/gold/fixtures.yaml --corpus tests/fixtures/docs
	$(PY) -m policyreport evaluate --gold tests/corpus-dev/gold.yaml --corpus tests/corpus-dev/docs

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || bash scripts/system-deps.sh venv
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

clean:
	rm -rf _build
