# Partners in Healing: every set-up step a fresh machine needs (python3 and make only).
#   make lab      install what is needed, open the lessons in JupyterLab
#   make test     install what is needed (venv, Debian chromium when root), run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
PORT ?= 8888
# the browser version's build tools: a venv of their own, so they never change the app's pins
LITE_VENV := build/lite-venv
LITE_STAMP := $(LITE_VENV)/.installed

.PHONY: help venv lab test check test-fast figures bench loadtest present calibrate clean-notebooks chromium clean lite npm

help:
	@echo "make lab        open the lessons in JupyterLab (http://127.0.0.1:$(PORT), token kept)"
	@echo "make test       run every check and test (installs what it needs)"
	@echo "make check      lint, format and type checks, notebooks without outputs (part of make test)"
	@echo "make figures    regenerate figures/ (PNG, SVG, offline HTML, alt text)"
	@echo "make calibrate  refit the models to the published numbers and print residuals"
	@echo "make present   serve every lesson as a code-free app (Voila) on http://127.0.0.1:8866"
	@echo "make bench     measure update times, cohort scaling and browser latency -> benchmarks/RESULTS.md"
	@echo "make loadtest  30 simulated students on one lesson, and 100 page loads per lesson"
	@echo "make lite      build the browser version (JupyterLite, no install for students) in build/lite/"

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed, found " + sys.version.split()[0]'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q --upgrade pip
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	$(PY) -m pip install --disable-pip-version-check -q --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

# Debian's chromium, for static figure export (kaleido) and browser tests.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	else echo "chromium is missing: install it (e.g. sudo apt-get install chromium) for figure export and browser tests"; fi

# npm fetches Pyodide's runtime for the browser version (Debian's npm when root and missing).
npm:
	@if command -v npm >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian npm"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	else echo "npm is missing: install it (e.g. sudo apt-get install npm) to build the browser version"; exit 1; fi

$(LITE_STAMP): requirements-lite.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed, found " + sys.version.split()[0]'
	test -x $(LITE_VENV)/bin/python || $(PYTHON) -m venv $(LITE_VENV)
	$(LITE_VENV)/bin/python -m pip install --disable-pip-version-check -q -r requirements-lite.txt
	touch $(LITE_STAMP)

# The browser version: every lesson in JupyterLite with Pyodide, a static site in build/lite/
# (inputs checked against their hashes, cached in build/lite-cache/; see tools/build_lite.py).
lite: $(LITE_STAMP) npm
	$(LITE_VENV)/bin/python tools/build_lite.py

lab: $(STAMP)
	$(PY) -m partners_in_healing.serve lab --port $(PORT)

test: check chromium lite
	$(PY) -m pytest

# Fast checks, every time: lint, format, types (mypy over the package), and lesson
# notebooks committed without outputs or widget state.
CHECKED := src tests benchmarks tools
check: $(STAMP)
	$(VENV)/bin/ruff check $(CHECKED)
	$(VENV)/bin/ruff format --check $(CHECKED)
	$(VENV)/bin/mypy src/partners_in_healing
	$(PY) -m nbstripout --keep-id --verify $$($(PY) -m partners_in_healing.lessons notebooks)

test-fast: $(STAMP)
	PIH_FAST=1 $(PY) -m pytest -m "not browser" tests

figures: $(STAMP) chromium
	$(PY) -m partners_in_healing.figures

calibrate: $(STAMP)
	$(PY) -m partners_in_healing.calibrate

bench: $(STAMP) chromium lite
	$(PY) -m partners_in_healing.bench
	$(PY) benchmarks/browser_latency.py

loadtest: $(STAMP) chromium
	$(PY) benchmarks/loadtest.py

# make present STUDENTS=30 LESSON=03: pre-heat one kernel per student for lesson 03 (says the memory)
# make present CLASSROOM=1: students' laptops on the classroom network, with a token
STUDENTS ?= 0
present: $(STAMP)
	$(PY) -m partners_in_healing.serve present --students $(STUDENTS) $(if $(LESSON),--lesson $(LESSON),) $(if $(CLASSROOM),--classroom,)

# Only the series' notebooks (lessons.py), never a student's own notebooks in notebooks/.
clean-notebooks: $(STAMP)
	$(PY) -m nbstripout --keep-id $$($(PY) -m partners_in_healing.lessons notebooks)

clean:
	rm -rf $(VENV) build
