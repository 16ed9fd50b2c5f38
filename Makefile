# The two commands of the README: `make site` and `make test`. Both bootstrap .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test serve check schema golden bench clean

NODE_STAMP := node_modules/.installed
SYSTEM_STAMP := $(VENV)/.system-packages
# Debian packages the tests drive: Chromium (browser tests) and libical (calendar parser
# of Evolution/GNOME) with its GObject bindings for Debian's /usr/bin/python3.
DEBIAN_PACKAGES := chromium libical3 gir1.2-ical-3.0 python3-gi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(NODE_STAMP): package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

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

check: $(STAMP)
	$(BIN)/heza check

schema: $(STAMP)
	$(BIN)/heza schema

test: $(STAMP) $(NODE_STAMP) $(SYSTEM_STAMP)
	$(BIN)/python -m pytest

# Benchmark on synthetic corpora (10, 100, 1000 plans; BENCH_SIZES=10,100,1000,10000 for more);
# writes bench/RESULTS.md. A measuring tool, not a test.
BENCH_SIZES ?= 10,100,1000
bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES) --write

# Regenerate the golden files the tests compare against, after a deliberate change.
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_check_fixtures.py tests/test_build.py tests/test_feeds.py

clean:
	rm -rf site build/docs
