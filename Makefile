# Every target installs what it needs into .venv first, so a fresh clone needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test fuzz lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# One stamp per set of extras: `make run` installs only what the tool needs at run time.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/scholarparse profile fixtures/profiles/seed.txt --format table

# pytest exits 5 when it collects no tests: that is our failure, never a pass.
test: $(VENV)/.installed-test
	@$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; \
	exit $$status

# The property tests with fresh examples for FUZZ_SECONDS (default 120); see tests/fuzz.py.
fuzz: $(VENV)/.installed-test
	$(BIN)/python -m tests.fuzz

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check scholarparse tests bench
	$(BIN)/ruff format --check scholarparse tests bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

# The test extra holds the dask and parquet extras that bench/scale.py runs.
bench: $(VENV)/.installed-test
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/stages.py
	$(BIN)/python bench/scaling.py
	$(BIN)/python bench/matcher.py
	$(BIN)/python bench/scale.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
