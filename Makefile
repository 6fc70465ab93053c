# Every target bootstraps .venv from pyproject.toml when it is missing or older than it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CORPUS ?= data/articles
CHROMIUM ?= /usr/bin/chromium
# JupyterLab refuses to start as root without --allow-root (containers, CI)
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# Every other variable given on make's command line is a notebook parameter, its name in
# upper case: `make figures GROUP_BY=labels TOP_N=20 K=5` passes --set GROUP_BY=labels ...
# to the runner, which gives each notebook the parameters it declares and refuses a name
# no notebook declares (listing the valid ones; `make parameters` prints them all).
OWN_VARS := PYTHON VENV PY STAMP CORPUS CHROMIUM ALLOW_ROOT
NB_VARS = $(sort $(filter-out $(OWN_VARS),$(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $(v))),$(v)))))
NB_SET = $(foreach v,$(NB_VARS),--set '$(v)=$(subst ','\'',$($(v)))')

.DEFAULT_GOAL := help
.PHONY: help setup figures parameters report test test-browser chromium lint lab bench strip hooks clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'
	@echo "  CORPUS=<path> make figures   runs the notebooks on another corpus (figures/<name>/)"
	@echo "  make figures GROUP_BY=<column> TOP_N=20 K=5 ...   any notebook parameter, upper case"
	@echo "  make figures CLUSTER=local (or CLUSTER=tcp://host:8786)   prepare on a Dask cluster"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed, found " + sys.version.split()[0]'
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## create .venv and install the package with its dev tools

figures: $(STAMP) ## run every notebook in a fresh kernel (papermill) and regenerate figures/
	$(PY) -m corpus_utils.notebook_runner --corpus '$(CORPUS)' $(NB_SET)

parameters: $(STAMP) ## the notebooks' parameters, each settable as `make figures NAME=value`
	@$(PY) -m corpus_utils.notebook_runner --list-parameters

report: $(STAMP) ## after `make figures`: the executed notebooks as one HTML site, build/report/<corpus>/
	$(PY) -m corpus_utils.html_report --corpus $(CORPUS)

test: $(STAMP) ## ruff, then pytest (unit tests and every notebook from a fresh kernel)
	$(PY) -m ruff check src tests tests_browser notebooks benchmarks
	$(PY) -m pytest

test-browser: chromium $(STAMP) ## JupyterLab in Debian's chromium (playwright): every notebook runs clean
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest tests_browser -p no:cacheprovider

chromium:
	@test -x $(CHROMIUM) || { echo "make test-browser needs Chromium at $(CHROMIUM):"; \
	  echo "  sudo apt-get install -y chromium   (or CHROMIUM=/path/to/chromium make test-browser)"; \
	  exit 1; }

lint: $(STAMP) ## ruff check and format check
	$(PY) -m ruff check src tests tests_browser notebooks benchmarks
	$(PY) -m ruff format --check src tests tests_browser benchmarks

lab: $(STAMP) ## open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab $(ALLOW_ROOT) notebooks

bench: $(STAMP) ## scrape-like CSV (23/70/230 MB) vs NLTK, spaCy, scikit-learn; cleaning, linearity, topics, notebooks, Dask
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(PY) benchmarks/bench_scrape.py
	$(PY) benchmarks/bench_near_duplicates.py
	$(PY) benchmarks/bench_prepare.py
	$(PY) benchmarks/bench_cleaning.py
	$(PY) benchmarks/bench_linearity_load.py
	$(PY) benchmarks/bench_linearity_quotes.py
	$(PY) benchmarks/bench_quotes_gold.py
	$(PY) benchmarks/bench_tokenize.py
	$(PY) benchmarks/bench_dtm.py
	$(PY) benchmarks/bench_topics_bbc.py
	$(PY) benchmarks/bench_notebooks.py
	$(PY) benchmarks/bench_cluster.py

strip: $(STAMP) ## strip outputs from the notebooks before a commit
	$(VENV)/bin/nbstripout notebooks/*.ipynb

hooks: $(STAMP) ## install nbstripout as a git filter, so outputs never reach a commit
	$(VENV)/bin/nbstripout --install

clean: ## remove executed notebooks, corpus caches and tool caches (keeps .venv and figures/)
	rm -rf build .cache .pytest_cache .ruff_cache .hypothesis
