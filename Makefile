# The two commands a new user needs: `make up` and `make test`.
SHELL := /bin/bash
ROOT := $(abspath .)
VENV := $(ROOT)/.venv
STATE := $(ROOT)/.state
PORT ?= 8765
STACK ?= dev

export PATH := $(ROOT)/.tools/bin:$(ROOT)/bin:$(VENV)/bin:$(PATH)
export PULUMI_HOME := $(STATE)/pulumi-home
export PULUMI_BACKEND_URL := file://$(STATE)/backend
export PULUMI_CONFIG_PASSPHRASE ?= quickstart-passphrase
export PULUMI_SKIP_UPDATE_CHECK := true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION := true
# The quickstart's portal is the emulator this Makefile starts, with its demo
# account; real keys belong in `pulumi config set --secret`.
export LEADSQUARED_PORTAL_URL ?= http://127.0.0.1:$(PORT)
export LEADSQUARED_ACCESS_KEY ?= demo-access-key
export LEADSQUARED_SECRET_KEY ?= demo-secret-key

.PHONY: setup up down emulator emulator-stop test lint bench clean example

setup: $(VENV)/.installed
	@scripts/ensure-pulumi
	@mkdir -p $(STATE)/backend

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

emulator: setup
	@mkdir -p $(STATE)
	@if [ -f $(STATE)/emulator.pid ] && kill -0 $$(cat $(STATE)/emulator.pid) 2>/dev/null; then \
		echo "portal emulator already running on port $(PORT)"; \
	elif curl -sf http://127.0.0.1:$(PORT)/_emulator/health >/dev/null; then \
		echo "port $(PORT) is taken by a portal emulator this checkout did not start;"; \
		echo "stop it, or choose another port: make up PORT=8790"; exit 1; \
	else \
		nohup lsq-portal-emulator --port $(PORT) --data-file $(STATE)/emulator.db \
			> $(STATE)/emulator.log 2>&1 & echo $$! > $(STATE)/emulator.pid; \
		for i in $$(seq 50); do \
			curl -sf http://127.0.0.1:$(PORT)/_emulator/health >/dev/null && break; sleep 0.2; \
		done; \
		curl -sf http://127.0.0.1:$(PORT)/_emulator/health >/dev/null \
			|| { echo "the emulator did not start; see .state/emulator.log"; exit 1; }; \
		echo "portal emulator running on http://127.0.0.1:$(PORT) (log: .state/emulator.log)"; \
	fi

up: emulator
	lsq-pulumi up --yes --cwd $(ROOT) --stack $(STACK)

down: setup
	-lsq-pulumi destroy --yes --cwd $(ROOT) --stack $(STACK)
	$(MAKE) emulator-stop

emulator-stop:
	@if [ -f $(STATE)/emulator.pid ]; then \
		kill $$(cat $(STATE)/emulator.pid) 2>/dev/null || true; rm -f $(STATE)/emulator.pid; \
		echo "stopped the portal emulator"; \
	fi

lint: setup
	ruff check provider tests examples __main__.py
	ruff format --check provider tests examples __main__.py
	mypy

test: lint
	pytest -q

bench: setup
	python scripts/bench.py

clean: emulator-stop
	rm -rf $(STATE)

# The staging-to-live walk-through (examples/staging-live/README.md).
example: setup
	examples/staging-live/demo.sh
