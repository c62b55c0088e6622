# make run    set up .venv and start the kiosk with kiosk.yaml and its default content
# make test   set up .venv and run the test suite on a virtual display
# make bench  the benchmarks' budget: every scenario, short, each target with its margin (docs/performance.md)
# make bench-long  the same at full length (the soak at 20,000 events)
# make check  check the content packs named in kiosk.yaml

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test bench bench-long check shot clean sysdeps-run sysdeps-test sysdeps-bench

run: sysdeps-run $(STAMP)
	$(VENV)/bin/kiosk run

test: sysdeps-test $(STAMP)
	$(PY) -m pytest

bench: sysdeps-bench $(STAMP)
	$(PY) -m bench

bench-long: sysdeps-bench $(STAMP)
	$(PY) -m bench --long

check: $(STAMP)
	$(VENV)/bin/kiosk check

shot: sysdeps-run $(STAMP)
	$(VENV)/bin/kiosk shot home --out home.png

sysdeps-run:
	@tools/sysdeps.sh run

sysdeps-test:
	@tools/sysdeps.sh test

sysdeps-bench:
	@tools/sysdeps.sh bench

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) is missing (Debian: apt-get install python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
