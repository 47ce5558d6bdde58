# Two commands on a fresh machine: `make run` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test lint bench migrate check clean playground lemmas decision messages

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# Stamps are re-made whenever pyproject.toml changes.
$(VENV)/.runtime: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.dev: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(PY) -m bot

# The bot in a browser page at http://127.0.0.1:8080, no token needed (PORT=... to change).
playground: $(VENV)/.runtime
	@echo "To start afresh: press Start afresh in the page (or stop it and delete data/playground.sqlite3 and data/playground-keys)."
	$(PY) -m bot playground --port $(or $(PORT),8080)

migrate: $(VENV)/.runtime
	$(PY) -m bot migrate

check: $(VENV)/.runtime
	$(PY) -m bot check

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict bot

test: lint
	$(BIN)/pytest -q

bench: $(VENV)/.dev
	$(PY) -m bench

# After changing a text in bot/texts.py or bot/keyboards.py: the template and each
# language's catalogue (new texts arrive there untranslated, for a translator).
messages: $(VENV)/.dev
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 -c Translators: \
		--no-location --sort-output --project milestone-bot -o bot/locales/messages.pot .
	$(BIN)/pybabel update -i bot/locales/messages.pot -d bot/locales --no-fuzzy-matching

# After changing a phrase bank in bot/data/intents: its lemma table (from simplemma), its
# stored index (numpy) and its danger and relapse models (scikit-learn), all committed.
lemmas: $(VENV)/.dev
	$(PY) scripts/build_lemmas.py
	$(PY) scripts/build_models.py

# The danger decision, shared by every language, is re-learnt only on purpose.
decision: $(VENV)/.dev
	$(PY) scripts/build_models.py --decision

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
