# The two commands of the README: `make site` and `make test`. Both bootstrap .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve check fix new schema golden bench lighthouse lock audit clean

NODE_STAMP := node_modules/.installed
SYSTEM_STAMP := $(VENV)/.system-packages
# Debian packages the tests drive: Chromium (browser tests), nginx (serves the built site with
# deploy/nginx.conf, as the portal does) and libical (calendar parser of Evolution/GNOME) with its
# GObject bindings for Debian's /usr/bin/python3.
DEBIAN_PACKAGES := chromium nginx libical3 gir1.2-ical-3.0 python3-gi

# Python packages come from requirements.lock only, each checked against its hashes (pip, setuptools and
# every dependency of pyproject.toml with its test extra); then the project itself, without dependencies.
# `make lock` writes the lock file again after a change of pins (README, "Supply chain").
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# npm packages from package-lock.json, as locked (npm ci checks each package's integrity hash).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# requirements.lock from pyproject.toml (dependencies and test extra) and the installers pip and setuptools,
# for Python 3.11 and later, with the hashes of every file PyPI has for each version. uv resolves.
UV_VERSION := 0.13.9
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	printf 'pip\nsetuptools\n' | $(BIN)/uv pip compile pyproject.toml - --extra test --generate-hashes \
	  --python-version 3.11 --no-header --quiet --output-file requirements.lock
	sed -i '1i # Locked Python packages with their hashes: written by `make lock`, read by `make site` and `make test`.' \
	  requirements.lock

# Known vulnerabilities in the locked packages (PyPI's advisory database), as the workflow checks them; --strict:
# a package it could not audit fails the run instead of passing unaudited.
PIP_AUDIT_VERSION := 2.10.1
audit:
	test -x .venv-audit/bin/python || $(PYTHON) -m venv .venv-audit
	.venv-audit/bin/python -m pip install --quiet pip-audit==$(PIP_AUDIT_VERSION)
	.venv-audit/bin/pip-audit --strict --requirement requirements.lock --require-hashes --disable-pip --progress-spinner off

# Installs what is missing when running as root (CI, fresh machines); otherwise says what to install.
$(SYSTEM_STAMP): $(STAMP)
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Cần cài các gói Debian: $$missing (sudo apt-get install $$missing)"; exit 1; fi; \
	fi
	touch $(SYSTEM_STAMP)

site: $(STAMP) $(NODE_STAMP)
	$(BIN)/heza build

serve: $(STAMP) $(NODE_STAMP)
	$(BIN)/heza serve

# Editors' commands (CONTRIBUTING.md). TEP=content/plans/x.yaml lists that file's warnings in full (the
# others are counted); fix rewrites unit names as ids in place; new writes a skeleton plan MA=<plan id>.
check: $(STAMP)
	$(BIN)/heza check $(TEP)

fix: $(STAMP)
	$(BIN)/heza check --fix $(TEP)

new: $(STAMP)
	@test -n "$(MA)" || { echo "Cần mã kế hoạch, ví dụ: make new MA=2025-12-kh-bql"; exit 2; }
	$(BIN)/heza new $(MA)

schema: $(STAMP)
	$(BIN)/heza schema

# Type checking (mypy, configured in pyproject.toml) and lint (ruff) first: both must report nothing.
test: $(STAMP) $(NODE_STAMP) $(SYSTEM_STAMP)
	$(BIN)/mypy
	$(BIN)/ruff check generator tests bench
	$(BIN)/python -m pytest

# Benchmark on synthetic corpora (10, 100, 1000 plans; BENCH_SIZES=10,100,1000,10000 for more);
# writes bench/RESULTS.md. A measuring tool, not a test.
BENCH_SIZES ?= 10,100,1000
bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES) --write

# Lighthouse 12 (npm, fetched by npx: a measuring tool, not a test dependency) with Debian's Chromium on the
# real content served by nginx with deploy/nginx.conf: the home page and the largest plan page, mobile;
# writes the scores into bench/RESULTS.md.
lighthouse: $(STAMP) $(SYSTEM_STAMP)
	$(BIN)/python bench/lighthouse.py --write

# Regenerate the golden files the tests compare against, after a deliberate change.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_check_fixtures.py tests/test_build.py tests/test_feeds.py

clean:
	rm -rf site build/docs
